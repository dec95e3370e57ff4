/**
 * `quiet` exactly as in semantics.md §B.2: it suppresses only "not found" on get, lock,
 * rget and remove (the callback fires with an unsuccessful result); per call it
 * overrides the bucket's default; it has no effect on touch, unlock, counter or stores.
 */
import { NotFoundError } from '../../src/errors/classes';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { devCluster, failure, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

describe('quiet', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;

  beforeAll(async () => {
    cluster = await devCluster({ nodes: 2, replicas: 1, replicationDelay: 0 });
    bucket = await openBucket(cluster);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('get, lock, rget and remove: a miss is an unsuccessful result, not an error', async () => {
    for (const r of [
      await settle(bucket.get('q-missing', { quiet: true })),
      await settle(bucket.lock('q-missing', { ttl: 5, quiet: true })),
      await settle(bucket.rget('q-missing', { quiet: true })),
      await settle(bucket.remove('q-missing', { quiet: true })),
    ]) {
      expect(r.success).toBe(false);
      expect(r.rc).toBe(1);
      expect(r.key).toBe('q-missing');
    }
    const g = await settle(bucket.get('q-missing', { quiet: true }));
    expect(g.value).toBeNull();
  });

  test('the bucket default applies when the call does not say, and the call overrides it', async () => {
    bucket.quiet = true;
    try {
      expect((await settle(bucket.get('q-default'))).success).toBe(false);
      expect((await settle(bucket.lock('q-default', { ttl: 5 }))).success).toBe(false);
      expect((await settle(bucket.remove('q-default'))).success).toBe(false);
      expect(await failure(bucket.get('q-default', { quiet: false }))).toBeInstanceOf(NotFoundError);
    } finally {
      bucket.quiet = false;
    }
    expect(await failure(bucket.get('q-default'))).toBeInstanceOf(NotFoundError);
  });

  test('quiet does not apply to touch, unlock, counter, replace', async () => {
    bucket.quiet = true;
    try {
      expect(await failure(bucket.touch('q-none', { ttl: 1 }))).toBeInstanceOf(NotFoundError);
      expect(await failure(bucket.unlock('q-none', 5n))).toBeInstanceOf(NotFoundError);
      expect(await failure(bucket.counter('q-none'))).toBeInstanceOf(NotFoundError);
      expect(await failure(bucket.replace('q-none', 1))).toBeInstanceOf(NotFoundError);
    } finally {
      bucket.quiet = false;
    }
  });

  test('quiet does not hide other failures, and hits are plain successes', async () => {
    await settle(bucket.upsert('q-hit', 'v'));
    await sleep(5);
    const g = await settle(bucket.get('q-hit', { quiet: true }));
    expect(g.success).toBe(true);
    expect(g.value).toBe('v');
    const l = await settle(bucket.lock('q-hit', { ttl: 5 }));
    const again = await failure(bucket.get('q-hit', { quiet: true, ttl: 5 }));
    expect(again.name).toBe('LockedError');
    await settle(bucket.unlock('q-hit', l.cas));
  });

  test('quiet in a multi operation: misses are unsuccessful results and the callback fires', async () => {
    await settle(bucket.upsert('q-m1', 1));
    const m = await settle(bucket.getMulti(['q-m1', 'q-m2'], { quiet: true }));
    expect(m.allOk).toBe(false);
    expect(m.get('q-m1')!.value).toBe(1);
    expect(m.get('q-m2')!.success).toBe(false);
  });
});
