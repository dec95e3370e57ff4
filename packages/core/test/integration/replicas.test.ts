/**
 * Replica reads: `get(key, { replica: true })` and `rget(key, { replicaIndex })` on a
 * 3-node cluster with 2 replicas (the copy arrives after the replication delay), and the
 * errors when a bucket has no replica.
 */
import { NotFoundError, NotSupportedError, ArgumentError } from '../../src/errors/classes';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { devCluster, failure, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

describe('replica reads', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;

  beforeAll(async () => {
    cluster = await devCluster({ nodes: 3, replicas: 2, replicationDelay: 50 });
    bucket = await openBucket(cluster);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('a replica has the document once the replication delay has passed', async () => {
    await settle(bucket.upsert('rep-1', { v: 1 }));
    expect(await failure(bucket.rget('rep-1', { replicaIndex: 0 }))).toBeInstanceOf(NotFoundError);
    await sleep(80);
    expect((await settle(bucket.rget('rep-1', { replicaIndex: 0 }))).value).toEqual({ v: 1 });
    expect((await settle(bucket.rget('rep-1', { replicaIndex: 1 }))).value).toEqual({ v: 1 });
    expect((await settle(bucket.rget('rep-1'))).value).toEqual({ v: 1 });
    expect((await settle(bucket.get('rep-1', { replica: true }))).value).toEqual({ v: 1 });
  });

  test('replica reads of a missing key: NotFoundError, or an unsuccessful result with quiet', async () => {
    expect(await failure(bucket.rget('rep-none'))).toBeInstanceOf(NotFoundError);
    expect((await settle(bucket.rget('rep-none', { quiet: true }))).success).toBe(false);
    const m = await settle(bucket.rgetMulti(['rep-1', 'rep-none'], { quiet: true }));
    expect(m.get('rep-1')!.value).toEqual({ v: 1 });
    expect(m.get('rep-none')!.success).toBe(false);
  });

  test('replicaIndex beyond the bucket is NotSupportedError; out of range is ArgumentError', async () => {
    expect(() => bucket.rget('x', { replicaIndex: 3 })).toThrow(ArgumentError);
    expect(() => bucket.get('x', { replica: true, ttl: 5 })).toThrow(ArgumentError);
    const one = await devCluster({ nodes: 1 });
    const b = await openBucket(one);
    try {
      expect(await failure(b.rget('x'))).toBeInstanceOf(NotSupportedError);
      expect(await failure(b.get('x', { replica: true }))).toBeInstanceOf(NotSupportedError);
    } finally {
      b.close();
      await one.stop();
    }
    expect(await failure(bucket.rget('x', { replicaIndex: 2 }))).toBeInstanceOf(NotSupportedError);
  });
});
