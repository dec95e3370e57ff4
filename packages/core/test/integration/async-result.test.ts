/**
 * The AsyncResult contract (API.md "The AsyncResult rule", semantics.md §B.1): returned
 * at once and empty; handlers assigned after the call; exactly one fires, once, never
 * synchronously; a handler assigned after completion is called asynchronously; the
 * errback receives only the error, which carries `result` and `key`; argument errors
 * are thrown synchronously before anything is sent.
 */
import { ArgumentError, NotFoundError } from '../../src/errors/classes';
import { AsyncResult } from '../../src/results/async-result';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { CountingIOPS, devCluster, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

describe('AsyncResult', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;
  let iops: CountingIOPS;

  beforeAll(async () => {
    cluster = await devCluster();
    iops = new CountingIOPS();
    bucket = await openBucket(cluster, {}, iops);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('comes back at once, empty, with one operation outstanding', () => {
    const ar = bucket.upsert('ar-empty', 1);
    expect(ar).toBeInstanceOf(AsyncResult);
    expect(ar.done).toBe(false);
    expect(ar.remaining).toBe(1);
    expect(ar.callback).toBeNull();
    expect(ar.errback).toBeNull();
    return settle(ar);
  });

  test('the callback fires exactly once with the result, never synchronously', async () => {
    const calls: unknown[] = [];
    let returned = false;
    const ar = bucket.upsert('ar-once', 1);
    ar.callback = (r) => {
      expect(returned).toBe(true);
      calls.push(r);
    };
    ar.errback = (e) => calls.push(e);
    returned = true;
    await sleep(50);
    expect(calls).toHaveLength(1);
    expect((calls[0] as { key: string }).key).toBe('ar-once');
    expect(ar.done).toBe(true);
    expect(ar.remaining).toBe(0);
  });

  test('a callback assigned after completion is called, asynchronously, when assigned', async () => {
    const ar = bucket.upsert('ar-late', 'v');
    await sleep(50);
    expect(ar.done).toBe(true);
    let called = 0;
    let assigning = true;
    ar.callback = () => {
      expect(assigning).toBe(false);
      called++;
    };
    assigning = false;
    expect(called).toBe(0);
    await sleep(0);
    expect(called).toBe(1);
    // Re-assigning after delivery does not deliver again.
    ar.callback = () => called++;
    await sleep(0);
    expect(called).toBe(1);
  });

  test('on failure only the errback fires, with the error carrying result and key; a late errback is called', async () => {
    const ar = bucket.get('ar-missing');
    let callbackCalls = 0;
    ar.callback = () => callbackCalls++;
    await sleep(50);
    expect(ar.done).toBe(true);
    const err = await new Promise<unknown>((resolve) => {
      ar.errback = resolve;
    });
    expect(callbackCalls).toBe(0);
    expect(err).toBeInstanceOf(NotFoundError);
    const e = err as NotFoundError;
    expect(e.key).toBe('ar-missing');
    expect(e.result?.key).toBe('ar-missing');
    expect(e.result?.success).toBe(false);
    expect(e.result?.rc).toBe(1);
  });

  test('setCallbacks and clearCallbacks', async () => {
    const ar = bucket.upsert('ar-clear', 1);
    let fired = 0;
    ar.setCallbacks(() => fired++, () => fired++);
    ar.clearCallbacks();
    await sleep(50);
    expect(fired).toBe(0);
    const r = await settle(ar);
    expect(r.key).toBe('ar-clear');
  });

  test('argument errors are thrown synchronously and nothing is sent', async () => {
    await sleep(20);
    const before = iops.bytesWritten;
    expect(() => bucket.upsert('', 1)).toThrow(ArgumentError);
    expect(() => bucket.get(42 as unknown as string)).toThrow(ArgumentError);
    expect(() => bucket.upsert('k', undefined)).toThrow(ArgumentError);
    expect(() => bucket.upsert('k', 1, { ttl: -1 })).toThrow(ArgumentError);
    await sleep(30);
    expect(iops.bytesWritten).toBe(before);
  });

  test('operations issued in one tick are written together (coalesced writes)', async () => {
    await sleep(20);
    const writes = iops.writes;
    const ars = Array.from({ length: 50 }, (_, i) => bucket.upsert(`coalesce-${i}`, i));
    await Promise.all(ars.map(settle));
    expect(iops.writes - writes).toBe(1);
  });
});
