/**
 * Test harness of the views service: a BucketStore built directly (one node, no
 * replicas), documents written through the KV engine (so CAS, seqno, datatype and the
 * mutation listeners behave as in the cluster), a ViewsService attached to it, and an
 * HTTP server on 127.0.0.1 answering with `handleCapi`, reached with `fetch` and Basic
 * auth.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATATYPE, FORMAT_FLAGS, vbucketOf } from '@couchts/core/internal';
import { UserStore } from '../../src/auth/user-store';
import { BasicAuth } from '../../src/http/http-util';
import * as kv from '../../src/kv/engine';
import { BucketStore } from '../../src/store/bucket-store';
import { ClusterClock } from '../../src/store/clock';
import { ViewsService } from '../../src/views';

/** Credentials of the harness users. */
export const ADMIN = { user: 'admin', password: 'admin-pw' } as const;
/** A user with access to another bucket only. */
export const OUTSIDER = { user: 'outsider', password: 'outsider-pw' } as const;

/** A running views service over one bucket. */
export interface Harness {
  readonly clock: ClusterClock;
  readonly bucket: BucketStore;
  readonly svc: ViewsService;
  readonly server: Server;
  readonly base: string;
  /** Stores a JSON document (or raw bytes with `raw`), with an optional expiry in seconds. */
  put(key: string, value: unknown, opts?: { expiry?: number; raw?: boolean }): void;
  /** Deletes a document. */
  remove(key: string): void;
  /** An HTTP request with the admin's credentials unless `auth` says otherwise (null = none). */
  req(path: string, init?: { method?: string; body?: string; auth?: { user: string; password: string } | null; headers?: Record<string, string> }): Promise<Response>;
  /** Creates or replaces a design document over HTTP; fails the test unless 201. */
  putDdoc(name: string, ddoc: unknown): Promise<void>;
  /** GETs a view query and parses the JSON body (`query` is appended as is). */
  view(ddoc: string, view: string, query?: string): Promise<{ status: number; body: ViewBody }>;
  close(): Promise<void>;
}

/** A view response body. */
export interface ViewBody {
  total_rows?: number;
  rows: { id?: string; key: unknown; value: unknown }[];
  errors?: { from: string; reason: string }[];
  debug_info?: Record<string, unknown>;
  error?: string;
  reason?: string;
}

let users: Promise<UserStore> | undefined;

/** The user store (created once: PBKDF2 at low iterations). */
function userStore(): Promise<UserStore> {
  users ??= UserStore.create(
    [
      { username: ADMIN.user, password: ADMIN.password },
      { username: OUTSIDER.user, password: OUTSIDER.password, roles: [{ role: 'bucket_full_access', bucket: 'elsewhere' }] },
    ],
    { iterations: 10 },
  );
  return users;
}

/** Basic `Authorization` header value. */
export function basic(c: { user: string; password: string }): string {
  return `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`;
}

/** Starts a harness. */
export async function startHarness(opts: { numVbuckets?: number; mapTimeoutMs?: number; bucketName?: string } = {}): Promise<Harness> {
  const clock = new ClusterClock();
  const bucket = new BucketStore({ name: opts.bucketName ?? 'b', replicas: 0, numVbuckets: opts.numVbuckets ?? 64 }, 1, [0], clock, {
    replicationDelayMs: 0,
    persistDelayMs: 0,
  });
  const store = await userStore();
  const svc = new ViewsService({
    clock,
    auth: new BasicAuth(store),
    canAccessBucket: (u, b) => store.canAccessBucket(u, b),
    mapTimeoutMs: opts.mapTimeoutMs ?? 1000,
  });
  svc.attachBucket(bucket);
  const server = createServer((req, res) => void svc.handleCapi(0, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const copyOf = (key: string) => {
    const vb = vbucketOf(key, bucket.numVbuckets);
    return bucket.activeOn(vb, bucket.activeNode(vb))!;
  };
  const h: Harness = {
    clock,
    bucket,
    svc,
    server,
    base,
    put(key, value, o = {}) {
      const bytes = o.raw === true ? Buffer.from(value as Buffer | string) : Buffer.from(JSON.stringify(value));
      const flags = o.raw === true ? FORMAT_FLAGS.bytes : FORMAT_FLAGS.json;
      const r = kv.store(bucket, copyOf(key), 'set', key, { value: bytes, flags, datatype: o.raw === true ? 0 : DATATYPE.JSON, expiry: o.expiry ?? 0, cas: 0n }, clock.nowMs());
      if (r.code !== kv.ENGINE.SUCCESS) throw new Error(`put ${key}: ${r.code}`);
    },
    remove(key) {
      const r = kv.remove(bucket, copyOf(key), key, 0n, clock.nowMs());
      if (r.code !== kv.ENGINE.SUCCESS) throw new Error(`remove ${key}: ${r.code}`);
    },
    req(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const auth = init.auth === undefined ? ADMIN : init.auth;
      if (auth !== null) headers.authorization = basic(auth);
      return fetch(`${base}${path}`, { method: init.method ?? 'GET', body: init.body, headers });
    },
    async putDdoc(name, ddoc) {
      const r = await h.req(`/${bucket.name}/_design/${name}`, { method: 'PUT', body: JSON.stringify(ddoc), headers: { 'content-type': 'application/json' } });
      if (r.status !== 201) throw new Error(`PUT ddoc ${name}: ${r.status} ${await r.text()}`);
    },
    async view(ddoc, view, query = '') {
      const r = await h.req(`/${bucket.name}/_design/${ddoc}/_view/${view}${query === '' ? '' : `?${query}`}`);
      return { status: r.status, body: (await r.json()) as ViewBody };
    },
    async close() {
      svc.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return h;
}
