/**
 * Multi operations: every input form, a MultiResult in input order with `allOk`, the
 * first failure winning and carrying `allResults` (successful siblings reachable), keys
 * spread over three nodes, and bad input refused before anything is sent.
 */
import { ArgumentError, KeyExistsError, NotFoundError } from '../../src/errors/classes';
import { MultiResult, OperationResult, ValueResult } from '../../src/results/result';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { CountingIOPS, devCluster, failure, keysOnEveryNode, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

describe('multi operations', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;
  let iops: CountingIOPS;
  let keys: string[];

  beforeAll(async () => {
    cluster = await devCluster({ nodes: 3 });
    iops = new CountingIOPS();
    bucket = await openBucket(cluster, {}, iops);
    keys = await keysOnEveryNode(cluster, 'multi', 30);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('upsertMulti / getMulti over keys on every node: MultiResult in input order, allOk', async () => {
    const input = Object.fromEntries(keys.map((k, i) => [k, { i }]));
    const stored = await settle(bucket.upsertMulti(input));
    expect(stored).toBeInstanceOf(MultiResult);
    expect(stored).toBeInstanceOf(Map);
    expect([...stored.keys()]).toEqual(keys);
    expect(stored.allOk).toBe(true);
    for (const r of stored.values()) expect(r).toBeInstanceOf(OperationResult);
    const got = await settle(bucket.getMulti(keys));
    expect([...got.keys()]).toEqual(keys);
    keys.forEach((k, i) => {
      expect(got.get(k)).toBeInstanceOf(ValueResult);
      expect(got.get(k)!.value).toEqual({ i });
    });
  });

  test('a Map input works like an object', async () => {
    const m = new Map<string, unknown>([
      ['map-a', 'A'],
      ['map-b', 'B'],
    ]);
    expect((await settle(bucket.upsertMulti(m))).allOk).toBe(true);
    const got = await settle(bucket.getMulti(['map-b', 'map-a']));
    expect([...got.entries()].map(([k, r]) => [k, r.value])).toEqual([
      ['map-b', 'B'],
      ['map-a', 'A'],
    ]);
  });

  test('the first failure wins: the errback gets it with allResults, successes included', async () => {
    await settle(bucket.upsertMulti({ 'mf-1': 1, 'mf-3': 3 }));
    const err = await failure(bucket.getMulti(['mf-1', 'mf-2', 'mf-3']));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.key).toBe('mf-2');
    expect(err.result?.key).toBe('mf-2');
    const all = err.allResults!;
    expect(all).toBeInstanceOf(MultiResult);
    expect([...all.keys()]).toEqual(['mf-1', 'mf-2', 'mf-3']);
    expect(all.allOk).toBe(false);
    expect((all.get('mf-1') as ValueResult).value).toBe(1);
    expect(all.get('mf-2')!.success).toBe(false);
    expect((all.get('mf-3') as ValueResult).value).toBe(3);
  });

  test('insertMulti / replaceMulti report per-key outcomes', async () => {
    await settle(bucket.upsert('im-exists', 0));
    const err = await failure(bucket.insertMulti({ 'im-new': 1, 'im-exists': 2 }));
    expect(err).toBeInstanceOf(KeyExistsError);
    expect(err.allResults!.get('im-new')!.success).toBe(true);
    const rep = await failure(bucket.replaceMulti({ 'im-new': 5, 'im-none': 6 }));
    expect(rep).toBeInstanceOf(NotFoundError);
    expect(rep.allResults!.get('im-new')!.success).toBe(true);
  });

  test('appendMulti / prependMulti', async () => {
    await settle(bucket.upsertMulti({ 'ap-1': 'a', 'ap-2': 'b' }, { format: 'utf8' }));
    await settle(bucket.appendMulti({ 'ap-1': '>', 'ap-2': '>>' }));
    await settle(bucket.prependMulti(new Map([['ap-1', '<']])));
    const got = await settle(bucket.getMulti(['ap-1', 'ap-2']));
    expect(got.get('ap-1')!.value).toBe('<a>');
    expect(got.get('ap-2')!.value).toBe('b>>');
  });

  test('touchMulti with keys and one ttl, or with a ttl per key', async () => {
    await settle(bucket.upsertMulti({ 't-1': 1, 't-2': 2, 't-3': 3 }));
    expect((await settle(bucket.touchMulti(['t-1'], { ttl: 2 }))).allOk).toBe(true);
    expect((await settle(bucket.touchMulti({ 't-2': 2, 't-3': 100 }))).allOk).toBe(true);
    cluster.timeTravel(3_000);
    const m = await settle(bucket.getMulti(['t-1', 't-2', 't-3'], { quiet: true }));
    expect(m.get('t-1')!.success).toBe(false);
    expect(m.get('t-2')!.success).toBe(false);
    expect(m.get('t-3')!.value).toBe(3);
  });

  test('lockMulti then unlockMulti with the lock MultiResult', async () => {
    await settle(bucket.upsertMulti({ 'lk-1': 1, 'lk-2': 2 }));
    const locked = await settle(bucket.lockMulti(['lk-1', 'lk-2'], { ttl: 10 }));
    expect(locked.allOk).toBe(true);
    expect((await failure(bucket.upsert('lk-1', 9))).name).toBe('LockedError');
    expect((await settle(bucket.unlockMulti(locked))).allOk).toBe(true);
    await settle(bucket.upsert('lk-1', 9));
    const again = await settle(bucket.lockMulti(['lk-2'], { ttl: 10 }));
    expect((await settle(bucket.unlockMulti({ 'lk-2': again.get('lk-2')!.cas }))).allOk).toBe(true);
  });

  test('removeMulti with keys, or with a CAS per key', async () => {
    const s = await settle(bucket.upsertMulti({ 'rm-1': 1, 'rm-2': 2, 'rm-3': 3 }));
    expect((await settle(bucket.removeMulti(['rm-1']))).allOk).toBe(true);
    const err = await failure(bucket.removeMulti({ 'rm-2': s.get('rm-2')!.cas, 'rm-3': s.get('rm-3')!.cas + 1n }));
    expect(err).toBeInstanceOf(KeyExistsError);
    expect(err.key).toBe('rm-3');
    expect(err.allResults!.get('rm-2')!.success).toBe(true);
    const quiet = await settle(bucket.removeMulti(['rm-1', 'rm-3'], { quiet: true }));
    expect(quiet.get('rm-1')!.success).toBe(false);
    expect(quiet.get('rm-3')!.success).toBe(true);
  });

  test('counterMulti with shared options, a delta per key, or options per key', async () => {
    const created = await settle(bucket.counterMulti(['c-1', 'c-2'], { initial: 10 }));
    expect(created.get('c-1')!.value).toBe(10);
    const bumped = await settle(bucket.counterMulti({ 'c-1': 5, 'c-2': -3 }));
    expect(bumped.get('c-1')!.value).toBe(15);
    expect(bumped.get('c-2')!.value).toBe(7);
    const mixed = await settle(bucket.counterMulti({ 'c-1': { delta: 2 }, 'c-3': { initial: 100, delta: 1 } }));
    expect(mixed.get('c-1')!.value).toBe(17);
    expect(mixed.get('c-3')!.value).toBe(100);
  });

  test('an empty multi completes (asynchronously) with an empty MultiResult', async () => {
    const ar = bucket.getMulti([]);
    let returned = false;
    let calledAfterReturn = false;
    const pending = new Promise<MultiResult>((resolve) => {
      ar.callback = (m) => {
        calledAfterReturn = returned;
        resolve(m);
      };
    });
    returned = true;
    const r = await pending;
    expect(calledAfterReturn).toBe(true);
    expect(r.size).toBe(0);
    expect(r.allOk).toBe(true);
  });

  test('remaining counts down to 0', async () => {
    const ar = bucket.getMulti(['mf-1', 'mf-3'], { quiet: true });
    expect(ar.remaining).toBe(2);
    await settle(ar);
    expect(ar.remaining).toBe(0);
  });

  test('bad input in any key throws before anything is sent; duplicate keys are refused', async () => {
    await sleep(20);
    const before = iops.bytesWritten;
    expect(() => bucket.getMulti(['ok-1', '', 'ok-2'])).toThrow(ArgumentError);
    expect(() => bucket.getMulti(['dup', 'dup'])).toThrow(/duplicate key 'dup'/);
    expect(() => bucket.upsertMulti({ good: 1, bad: undefined })).toThrow(ArgumentError);
    expect(() => bucket.upsertMulti('nope' as never)).toThrow(ArgumentError);
    expect(() => bucket.getMulti('nope' as never)).toThrow(ArgumentError);
    expect(() => bucket.unlockMulti({ a: 'x' as never })).toThrow(ArgumentError);
    await sleep(30);
    expect(iops.bytesWritten).toBe(before);
  });
});
