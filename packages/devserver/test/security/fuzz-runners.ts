/**
 * The hostile-client fuzzer's engine (no tests here): a dev cluster with data to attack,
 * runners that send one generated case over a raw `node:net` socket and judge what came
 * back, fast-check loops over many cases in parallel batches, and health checks that a
 * well-behaved client still gets served. kv-fuzz.test.ts and http-fuzz.test.ts run it
 * with a few thousand cases (`npm test`); test/heavy/fuzz.test.ts with 10⁵ and more
 * (`npm run fuzz`, part of `npm run test:heavy`).
 *
 * Why each case ends with a sentinel: it tells "the server has dealt with everything"
 * apart from "the server is (legitimately) waiting for bytes a lying header promised".
 * KV: a NOOP with a known opaque, and the request stream is decoded here with the
 * server's own rules to know which frames the server will see and whether the sentinel
 * is reachable. HTTP: a `Connection: close` request, so an honestly framed case ends with
 * the server closing the connection.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { encodeFeatures, encodePacket, FEATURES, FrameDecoder, MAGIC, OPCODES, plainAuthPayload, STATUS, storeExtras, vbucketOf, type Packet } from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';
import { RawClient } from '../helpers/raw-client';
import { parseHttpResponses } from './http-response-parser';
import { FUZZ_DOCS, KV_MAX_BODY, kvCase, type KvCase } from './generators';
import { httpCase, type HttpCase, type HttpPortKind } from './http-generators';

/** Opaque of the NOOP that ends every KV case. */
export const SENTINEL_OPAQUE = 0x5e_47_1e_1f;
/** How long an answer that must come may take before the case counts as a hang (ms). */
const HANG_MS = 5_000;
/** How long a case whose framing lies waits for more before giving up (ms). */
const IDLE_WAIT_MS = 150;
/** After the expected KV answers of a stalled stream: time for anything unexpected to show (ms). */
const LINGER_MS = 15;
/** Cases run at once by the fast-check loops. */
const BATCH = 16;

/** Counters of a fuzz run (reported by the tests). */
export interface FuzzStats {
  cases: number;
  responses: number;
  serverCloses: number;
  /** Cases that waited on a lying header until the client gave up (legitimate). */
  idleTimeouts: number;
  healthChecks: number;
}

/** Fresh counters. */
export function newStats(): FuzzStats {
  return { cases: 0, responses: 0, serverCloses: 0, idleTimeouts: 0, healthChecks: 0 };
}

/** A one-node dev cluster holding what both fuzzers attack: documents, a primary index, design documents. */
export async function startFuzzCluster(): Promise<DevCluster> {
  // Few PBKDF2 iterations: thousands of hostile cases authenticate, most with bad passwords.
  const cluster = await startDevCluster({ scramIterations: 16, replicationDelay: 0, persistDelay: 0 });
  const c = await RawClient.open(cluster.nodes[0]!.kvPort, { bucket: 'default', features: [FEATURES.XERROR, FEATURES.JSON] });
  const docs: [string, string | Buffer][] = [...Object.entries(FUZZ_DOCS), ...Array.from({ length: 12 }, (_, i): [string, string] => [`q-${i}`, JSON.stringify({ x: i, s: `a${i}`, arr: [i, i + 1] })])];
  for (const [key, value] of docs) await c.request({ opcode: OPCODES.SET, key, vbucket: vbucketOf(key, 1024), extras: storeExtras(0, 0), value, datatype: typeof value === 'string' && key !== 'fz-text' ? 1 : 0 });
  c.destroy();
  const admin = authHeader();
  const n1ql = await fetch(`http://127.0.0.1:${cluster.nodes[0]!.n1qlPort}/query/service`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify({ statement: 'CREATE PRIMARY INDEX ON default' }) });
  if (n1ql.status !== 200) throw new Error(`primary index: ${n1ql.status} ${await n1ql.text()}`);
  const ddocs = {
    health: { views: { by_h: { map: 'function (doc, meta) { if (doc.health === true) emit(meta.id, doc.n); }' } } },
    fz0: { views: { by_x: { map: 'function (doc, meta) { if (doc.x !== undefined) emit(doc.x, doc.s || null); }' }, red: { map: 'function (doc) { emit(doc.x, 1); }', reduce: '_sum' } } },
  };
  for (const [name, body] of Object.entries(ddocs)) {
    const r = await fetch(`http://127.0.0.1:${cluster.nodes[0]!.capiPort}/default/_design/${name}`, { method: 'PUT', headers: { authorization: admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`design doc ${name}: ${r.status} ${await r.text()}`);
  }
  return cluster;
}

function authHeader(user = 'Administrator', password = 'password'): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

// ---------------------------------------------------------------------------------------
// KV
// ---------------------------------------------------------------------------------------

/** HELLO, SASL PLAIN (the dev cluster allows it over plain TCP), SELECT_BUCKET default. */
function handshakeBytes(features: readonly number[]): Buffer {
  return Buffer.concat([
    encodePacket({ opcode: OPCODES.HELLO, key: 'fuzz', value: encodeFeatures(features), opaque: 1 }),
    encodePacket({ opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: plainAuthPayload('Administrator', 'password'), opaque: 2 }),
    encodePacket({ opcode: OPCODES.SELECT_BUCKET, key: 'default', opaque: 3 }),
  ]);
}

const SENTINEL = encodePacket({ opcode: OPCODES.NOOP, opaque: SENTINEL_OPAQUE });

/** What the server will make of a request stream, by its own decoding rules (session.ts). */
export interface KvExpectation {
  /** Request frames the server will decode, in order (opcode and opaque). */
  readonly frames: readonly { readonly opcode: number; readonly opaque: number }[];
  /** `sentinel`: everything parses, the NOOP is reached; `close`: a header the server must refuse; `stall`: a frame is left incomplete. */
  readonly ending: 'sentinel' | 'close' | 'stall';
}

/** Decodes a request stream as the dev node does (same size limit, request magics only). */
export function expectKv(bytes: Buffer): KvExpectation {
  const decoder = new FrameDecoder({ maxBodyLength: KV_MAX_BODY });
  decoder.push(bytes);
  const frames: { opcode: number; opaque: number }[] = [];
  for (;;) {
    let p: Packet | undefined;
    try {
      p = decoder.next();
    } catch {
      return { frames, ending: 'close' };
    }
    if (p === undefined) break;
    if (p.magic !== MAGIC.REQUEST && p.magic !== MAGIC.ALT_REQUEST) return { frames, ending: 'close' };
    frames.push({ opcode: p.opcode, opaque: p.opaque });
  }
  const last = frames[frames.length - 1];
  // The sentinel counts only as the final frame: a lying length may have swallowed it whole.
  const reached = decoder.buffered === 0 && last !== undefined && last.opcode === OPCODES.NOOP && last.opaque === SENTINEL_OPAQUE;
  return { frames, ending: reached ? 'sentinel' : 'stall' };
}

/** What happened to one KV case. */
export interface KvOutcome {
  readonly bytes: Buffer;
  readonly expected: KvExpectation;
  readonly responses: readonly Packet[];
  readonly closedByServer: boolean;
  readonly timedOut: boolean;
  /** Why the responses did not decode, if they did not. */
  readonly garbage?: string;
  /** Bytes of an incomplete response frame left when the connection ended. */
  readonly leftover: number;
}

/** Writes a case (handshake, fuzz bytes, sentinel NOOP) in one write and collects the answers. */
export function runKvCase(port: number, c: KvCase): Promise<KvOutcome> {
  const bytes = Buffer.concat([c.handshake ? handshakeBytes(c.features) : Buffer.alloc(0), c.fuzz, SENTINEL]);
  const expected = expectKv(bytes);
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    const decoder = new FrameDecoder();
    const responses: Packet[] = [];
    let garbage: string | undefined;
    let done = false;
    let linger: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean, timedOut: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(hang);
      clearTimeout(linger);
      socket.destroy();
      resolve({ bytes, expected, responses, closedByServer, timedOut, garbage, leftover: decoder.buffered });
    };
    const hang = setTimeout(() => finish(false, true), HANG_MS);
    socket.on('data', (chunk) => {
      decoder.push(chunk);
      try {
        for (let p = decoder.next(); p !== undefined; p = decoder.next()) {
          responses.push(p);
          if (p.opcode === OPCODES.NOOP && p.opaque === SENTINEL_OPAQUE) return finish(false, false);
        }
      } catch (err) {
        garbage = (err as Error).message;
        return finish(false, false);
      }
      // A stalled stream: once every complete frame is answered, nothing more may come.
      if (expected.ending === 'stall' && responses.length >= expected.frames.length && linger === undefined) linger = setTimeout(() => finish(false, false), LINGER_MS);
    });
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.once('connect', () => {
      socket.write(bytes);
      if (expected.ending === 'stall' && expected.frames.length === 0) linger = setTimeout(() => finish(false, false), LINGER_MS);
    });
  });
}

/** Everything wrong with a KV outcome (empty: the server behaved). */
export function kvProblems(o: KvOutcome): string[] {
  const problems: string[] = [];
  if (o.garbage !== undefined) problems.push(`undecodable response bytes: ${o.garbage}`);
  if (o.closedByServer && o.leftover > 0) problems.push(`connection closed in the middle of a response frame (${o.leftover} bytes)`);
  if (o.timedOut) problems.push(`hang: no ${o.expected.ending === 'close' ? 'close' : 'answer'} within ${HANG_MS} ms (${o.responses.length}/${o.expected.frames.length} answers)`);
  if (o.responses.length > o.expected.frames.length) problems.push(`${o.responses.length} responses to ${o.expected.frames.length} requests`);
  o.responses.forEach((r, i) => {
    const req = o.expected.frames[i];
    if (r.magic !== MAGIC.RESPONSE && r.magic !== MAGIC.ALT_RESPONSE) problems.push(`response ${i} has magic 0x${r.magic.toString(16)}`);
    if (r.status === STATUS.EINTERNAL) problems.push(`response ${i} (opcode 0x${r.opcode.toString(16)}) is EINTERNAL: a handler threw`);
    // Strictly in order, one answer per request (the dev node never reorders or skips).
    if (req !== undefined && (r.opcode !== req.opcode || r.opaque !== req.opaque)) problems.push(`response ${i} answers opcode 0x${r.opcode.toString(16)}/${r.opaque}, expected 0x${req.opcode.toString(16)}/${req.opaque}`);
  });
  const sentinelAnswered = o.responses.some((r) => r.opcode === OPCODES.NOOP && r.opaque === SENTINEL_OPAQUE);
  if (sentinelAnswered && o.responses.length !== o.expected.frames.length) problems.push('the sentinel was answered but some requests were not');
  if (sentinelAnswered && o.expected.ending !== 'sentinel') problems.push(`the sentinel was answered although the stream should ${o.expected.ending}`);
  return problems;
}

function describeKv(c: KvCase, o: KvOutcome, problems: string[]): string {
  return `${problems.join('; ')}\n  case: handshake=${c.handshake} features=[${c.features.join(',')}] fuzz=${c.fuzz.toString('hex')}`;
}

function tally(stats: FuzzStats, responses: number, closed: boolean, idle: boolean): void {
  stats.cases++;
  stats.responses += responses;
  if (closed) stats.serverCloses++;
  if (idle) stats.idleTimeouts++;
}

/** Runs KV cases, throwing with the case's bytes when the server misbehaves. */
export async function checkKvCases(port: number, cases: readonly KvCase[], stats: FuzzStats): Promise<void> {
  const outcomes = await Promise.all(cases.map((c) => runKvCase(port, c)));
  outcomes.forEach((o, i) => {
    tally(stats, o.responses.length, o.closedByServer, o.expected.ending === 'stall' && !o.closedByServer);
    const problems = kvProblems(o);
    if (problems.length > 0) throw new Error(describeKv(cases[i]!, o, problems));
  });
}

let healthSeq = 0;

/** A well-behaved client (SCRAM, HELLO, bucket) stores a document and reads it back. */
export async function kvHealthCheck(cluster: DevCluster, stats?: FuzzStats): Promise<void> {
  const c = await RawClient.open(cluster.nodes[0]!.kvPort, { bucket: 'default', features: [FEATURES.XERROR, FEATURES.JSON, FEATURES.MUTATION_SEQNO] });
  try {
    const key = `health-kv-${++healthSeq}`;
    const value = JSON.stringify({ health: true, n: healthSeq });
    const set = await c.request({ opcode: OPCODES.SET, key, vbucket: vbucketOf(key, 1024), extras: storeExtras(0, 0), value, datatype: 1 });
    if (set.status !== STATUS.SUCCESS) throw new Error(`health SET failed: status 0x${set.status.toString(16)}`);
    const get = await c.request({ opcode: OPCODES.GET, key, vbucket: vbucketOf(key, 1024) });
    if (get.status !== STATUS.SUCCESS || get.value.toString() !== value) throw new Error(`health GET failed: status 0x${get.status.toString(16)} value ${get.value.toString()}`);
    if (stats !== undefined) stats.healthChecks++;
  } finally {
    c.destroy();
  }
}

/**
 * Seed of the fast-check loops: FUZZ_SEED to replay a failure, else random (fast-check
 * prints it). Failures are not shrunk (`endOnFailure`): a hang costs seconds per attempt,
 * and the error already names the one case that failed, bytes included.
 */
function seedFor(round: number): { seed?: number } {
  const base = process.env.FUZZ_SEED;
  return base === undefined ? {} : { seed: Number(base) + round };
}

/** `runs` KV cases in parallel batches, with a health check every `healthEvery` cases and at the end. */
export async function fuzzKv(cluster: DevCluster, runs: number, healthEvery = 1000): Promise<FuzzStats> {
  const stats = newStats();
  const port = cluster.nodes[0]!.kvPort;
  for (let round = 0; stats.cases < runs; round++) {
    const n = Math.min(healthEvery, runs - stats.cases);
    const property = fc.asyncProperty(fc.array(kvCase, { minLength: BATCH, maxLength: BATCH }), (cases) => checkKvCases(port, cases, stats));
    await fc.assert(property, { numRuns: Math.max(1, Math.ceil(n / BATCH)), endOnFailure: true, ...seedFor(round) });
    await kvHealthCheck(cluster, stats);
  }
  return stats;
}

/** `connections` cases at once (one socket each) while a well-behaved client keeps writing and reading. */
export async function kvStorm(cluster: DevCluster, connections: number, stats: FuzzStats): Promise<void> {
  const cases = fc.sample(kvCase, { numRuns: connections, ...seedFor(0) });
  const port = cluster.nodes[0]!.kvPort;
  const storm = checkKvCases(port, cases, stats);
  const healthy = (async () => {
    for (let i = 0; i < 10; i++) await kvHealthCheck(cluster, stats);
  })();
  await Promise.all([storm, healthy]);
}

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

/** The port of a listener. */
export function httpPort(cluster: DevCluster, kind: HttpPortKind): number {
  const node = cluster.nodes[0]!;
  if (kind === 'admin') return Number(new URL(cluster.adminUrl).port);
  return kind === 'mgmt' ? node.mgmtPort : kind === 'capi' ? node.capiPort : node.n1qlPort;
}

/** The last request of every case: cheap, unauthenticated, and it makes the server close. */
function sentinelRequest(kind: HttpPortKind): Buffer {
  return Buffer.from(`GET ${kind === 'n1ql' ? '/admin/ping' : '/fuzz-sentinel'} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
}

/** What happened to one HTTP case. */
export interface HttpOutcome {
  readonly kind: HttpPortKind;
  readonly c: HttpCase;
  readonly data: Buffer;
  readonly closedByServer: boolean;
  readonly timedOut: boolean;
}

/** Writes a case and its sentinel (unless the request ends the connection itself) in one write; collects until the server closes or the wait ends. */
export function runHttpCase(port: number, kind: HttpPortKind, c: HttpCase): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean, timedOut: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ kind, c, data: Buffer.concat(chunks), closedByServer, timedOut });
    };
    // An honest request must be answered; a lying one may leave the server waiting.
    const timer = setTimeout(() => finish(false, true), c.wellFramed ? HANG_MS : IDLE_WAIT_MS);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.once('connect', () => socket.write(c.lastOnConnection === true ? c.bytes : Buffer.concat([c.bytes, sentinelRequest(kind)])));
  });
}

/** Query-service errors the real service answers with HTTP 500 by design (query-error.ts); 5000 is an internal error. */
const N1QL_500_CODES = new Set([1080, 4060, 4210, 5008, 5010, 12016]);
const N1QL_STATUSES = new Set(['success', 'errors', 'fatal', 'timeout', 'stopped', 'OK']);

/** Everything wrong with an HTTP outcome (empty: the server behaved). */
export function httpProblems(o: HttpOutcome): string[] {
  const problems: string[] = [];
  const head = o.c.bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
  const parsed = parseHttpResponses(o.data, head, o.closedByServer);
  if (parsed.error !== undefined) problems.push(`malformed HTTP response: ${parsed.error}`);
  if (o.timedOut && o.c.wellFramed) problems.push(`hang: an honestly framed request got no close within ${HANG_MS} ms`);
  if (o.c.wellFramed && !o.timedOut && parsed.responses.length === 0 && parsed.error === undefined) problems.push('an honestly framed request was closed without an answer');
  for (const r of parsed.responses) {
    if (!r.complete) {
      if (o.closedByServer) problems.push(`HTTP ${r.status} response cut short by the server`);
      continue;
    }
    const json = /application\/json/.test(r.headers.get('content-type') ?? '') && r.body.length > 0 ? tryJson(r.body) : undefined;
    if (json === 'invalid') problems.push(`HTTP ${r.status} with a JSON content type and a body that is not JSON: ${r.body.subarray(0, 120).toString()}`);
    const body = typeof json === 'object' && json !== null ? (json as { status?: unknown; errors?: { code?: number }[] }) : undefined;
    const codes = (Array.isArray(body?.errors) ? body.errors : []).map((e) => e?.code);
    if (o.kind === 'n1ql' && body !== undefined) {
      if (!N1QL_STATUSES.has(String(body.status))) problems.push(`query reply with status ${JSON.stringify(body.status)}`);
      if (codes.includes(5000)) problems.push(`query internal error 5000: ${r.body.subarray(0, 300).toString()}`);
    }
    if (r.status === 500 && !(o.kind === 'n1ql' && codes.length > 0 && codes.every((c) => c !== undefined && N1QL_500_CODES.has(c)))) {
      problems.push(`HTTP 500: ${r.body.subarray(0, 300).toString()}`);
    }
  }
  return problems;
}

function tryJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return 'invalid';
  }
}

/** Runs HTTP cases against one listener, throwing with the request bytes when the server misbehaves. */
export async function checkHttpCases(port: number, kind: HttpPortKind, cases: readonly HttpCase[], stats: FuzzStats): Promise<void> {
  const outcomes = await Promise.all(cases.map((c) => runHttpCase(port, kind, c)));
  for (const o of outcomes) {
    tally(stats, parseHttpResponses(o.data, false, o.closedByServer).responses.length, o.closedByServer, o.timedOut);
    const problems = httpProblems(o);
    if (problems.length > 0) throw new Error(`${kind}: ${problems.join('; ')}\n  request (${o.c.wellFramed ? 'honest' : 'lying'} framing): ${JSON.stringify(o.c.bytes.toString('latin1').slice(0, 2000))}`);
  }
}

/** A well-behaved client: a write and a read through N1QL, the view that indexes it, the management and admin APIs. */
export async function httpHealthCheck(cluster: DevCluster, stats?: FuzzStats): Promise<void> {
  const n = ++healthSeq;
  const auth = { authorization: authHeader(), 'content-type': 'application/json' };
  const node = cluster.nodes[0]!;
  const query = async (statement: string): Promise<unknown[]> => {
    const r = await fetch(`http://127.0.0.1:${node.n1qlPort}/query/service`, { method: 'POST', headers: auth, body: JSON.stringify({ statement }) });
    const body = (await r.json()) as { status: string; results: unknown[] };
    if (r.status !== 200 || body.status !== 'success') throw new Error(`health query ${statement}: ${r.status} ${JSON.stringify(body)}`);
    return body.results;
  };
  await query(`UPSERT INTO default (KEY, VALUE) VALUES ("health-q", {"health": true, "n": ${n}})`);
  const read = await query('SELECT RAW h.n FROM default h USE KEYS "health-q"');
  if (JSON.stringify(read) !== JSON.stringify([n])) throw new Error(`health query read ${JSON.stringify(read)}, wrote ${n}`);
  const view = await fetch(`http://127.0.0.1:${node.capiPort}/default/_design/health/_view/by_h?stale=false&key=%22health-q%22`, { headers: auth });
  const rows = ((await view.json()) as { rows?: { value: unknown }[] }).rows;
  if (view.status !== 200 || rows?.[0]?.value !== n) throw new Error(`health view: ${view.status} ${JSON.stringify(rows)}`);
  for (const url of [`${cluster.managementUrl}/pools/default`, cluster.adminUrl]) {
    const r = await fetch(url, { headers: auth });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`health GET ${url}: ${r.status}`);
  }
  if (stats !== undefined) stats.healthChecks++;
}

const HTTP_KINDS: readonly HttpPortKind[] = ['mgmt', 'capi', 'n1ql', 'admin'];

/** `runs` HTTP cases spread over the four listeners, with health checks between rounds and at the end. */
export async function fuzzHttp(cluster: DevCluster, runs: number, healthEvery = 500): Promise<FuzzStats> {
  const stats = newStats();
  const anyCase = fc.oneof(...HTTP_KINDS.map((kind) => httpCase(kind).map((c) => ({ kind, c }))));
  for (let round = 0; stats.cases < runs; round++) {
    const n = Math.min(healthEvery, runs - stats.cases);
    const property = fc.asyncProperty(fc.array(anyCase, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
      await Promise.all(HTTP_KINDS.map((kind) => checkHttpCases(httpPort(cluster, kind), kind, cases.filter((x) => x.kind === kind).map((x) => x.c), stats)));
    });
    await fc.assert(property, { numRuns: Math.max(1, Math.ceil(n / BATCH)), endOnFailure: true, ...seedFor(round) });
    // Admin actions reach KV too (the clock, faults): its clients must still be served.
    await httpHealthCheck(cluster, stats);
    await kvHealthCheck(cluster);
  }
  return stats;
}
