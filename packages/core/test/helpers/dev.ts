/**
 * Test helpers for integration tests: start a dev cluster, open a raw AsyncBucket on it,
 * turn AsyncResults into promises, count the bytes a bucket writes (to prove bad input
 * sends nothing), and read the vBucket map from the cluster's own REST API (so tests
 * know which node owns a key without asking the client under test).
 */
import { request } from 'node:http';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '@couchts/devserver';
import { vbucketOf } from '../../src/routing/crc32';
import { AsyncBucket } from '../../src/bucket/async-bucket';
import type { BucketOptions } from '../../src/bucket/bucket-options';
import type { IOConnectOptions, IOSocket } from '../../src/iops/iops';
import { NodeIOPS } from '../../src/iops/node-iops';
import type { AsyncResult } from '../../src/results/async-result';
import type { CouchbaseError } from '../../src/errors/couchbase-error';

export { startDevCluster, type DevCluster };

/** Resolves with the result, rejects with the error. */
export function settle<T>(ar: AsyncResult<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    ar.callback = resolve;
    ar.errback = reject;
  });
}

/** Resolves with the error of a failing AsyncResult (and fails the test if it succeeds). */
export async function failure<T>(ar: AsyncResult<T>): Promise<CouchbaseError> {
  try {
    const r = await settle(ar);
    throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  } catch (err) {
    return err as CouchbaseError;
  }
}

/** A NodeIOPS that counts what its sockets write. */
export class CountingIOPS extends NodeIOPS {
  bytesWritten = 0;
  writes = 0;
  sockets = 0;
  override connect(options: IOConnectOptions): IOSocket {
    const sock = super.connect(options);
    this.sockets++;
    const write = sock.write.bind(sock);
    sock.write = (data: Uint8Array): boolean => {
      this.bytesWritten += data.byteLength;
      this.writes++;
      return write(data);
    };
    return sock;
  }
}

/** Opens a connected AsyncBucket on a dev cluster. */
export async function openBucket(cluster: DevCluster, options: BucketOptions = {}, iops = new NodeIOPS(), bucket = 'default'): Promise<AsyncBucket> {
  const b = new AsyncBucket(iops, `${cluster.connectionString}/${bucket}`, { username: cluster.username, password: cluster.password, ...options });
  await new Promise<void>((resolve, reject) => b.registerEvent('connect', { callback: resolve, errback: reject }));
  return b;
}

/** GET a JSON document from the dev cluster's management API. */
export function mgmtGet(cluster: DevCluster, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.managementUrl}${path}`, { auth: `${cluster.username}:${cluster.password}` }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Which node (config server index) owns each key, read from the cluster's terse config. */
export async function ownersOf(cluster: DevCluster, keys: string[], bucket = 'default'): Promise<Map<string, number>> {
  const config = (await mgmtGet(cluster, `/pools/default/b/${bucket}`)) as { vBucketServerMap: { vBucketMap: number[][] } };
  const map = config.vBucketServerMap.vBucketMap;
  return new Map(keys.map((k) => [k, map[vbucketOf(k, map.length)]![0]!]));
}

/** `n` keys with a prefix, covering every node of the cluster (checked). */
export async function keysOnEveryNode(cluster: DevCluster, prefix: string, n = 60): Promise<string[]> {
  const keys = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const owners = await ownersOf(cluster, keys);
  const nodes = new Set(owners.values());
  if (nodes.size !== cluster.nodes.length) throw new Error(`keys cover ${nodes.size} of ${cluster.nodes.length} nodes`);
  return keys;
}

/** Starts a dev cluster with options (kept small for speed). */
export function devCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  return startDevCluster(options);
}

/** Waits `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
