/**
 * Client-side durability against a 3-node dev cluster with 2 replicas whose replication
 * and persistence take a configurable time: persistTo / replicateTo on mutations (the
 * result waits), endure / endureMulti by OBSERVE polling, observe per node, the
 * ArgumentError for more copies than exist, and TimeoutError when replication is held
 * back. What "durable" means is checked against the nodes themselves (replica reads).
 */
import { ArgumentError, KeyExistsError, NotFoundError, TimeoutError } from '../../src/errors/classes';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { ObserveInfo } from '../../src/results/observe-info';
import { devCluster, failure, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

describe('durability (persistTo / replicateTo, endure, observe)', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;

  beforeAll(async () => {
    cluster = await devCluster({ nodes: 3, replicas: 2, replicationDelay: 40, persistDelay: 60, scramIterations: 1 });
    bucket = await openBucket(cluster);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });
  afterEach(() => {
    cluster.setReplicationDelay(40);
    cluster.setPersistDelay(60);
  });

  test('upsert with replicateTo 2 resolves only once both replicas hold the value', async () => {
    const t0 = performance.now();
    const r = await settle(bucket.upsert('dur-1', { v: 1 }, { replicateTo: 2 }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
    expect(r.success).toBe(true);
    // Read from each replica right away: no waiting needed any more.
    expect((await settle(bucket.rget('dur-1', { replicaIndex: 0 }))).value).toEqual({ v: 1 });
    expect((await settle(bucket.rget('dur-1', { replicaIndex: 1 }))).value).toEqual({ v: 1 });
  });

  test('persistTo 3 (every copy) waits for persistence on the active and both replicas', async () => {
    const t0 = performance.now();
    await settle(bucket.upsert('dur-2', 'x', { persistTo: 3, format: 'utf8' }));
    // Replicas get it after 40 ms and persist it 60 ms later.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    const info = (await settle(bucket.observe('dur-2'))).value;
    expect(info).toHaveLength(3);
    expect(info.every((i) => i instanceof ObserveInfo && i.flags === 0x01)).toBe(true);
  });

  test('-1 means every copy the bucket has; remove, replace and append honour durability too', async () => {
    await settle(bucket.upsert('dur-3', 1, { persistTo: -1, replicateTo: -1 }));
    await settle(bucket.replace('dur-3', 2, { replicateTo: 1 }));
    await settle(bucket.upsert('dur-3s', 'a', { format: 'utf8' }));
    await settle(bucket.append('dur-3s', 'b', { replicateTo: 2 }));
    expect((await settle(bucket.rget('dur-3s', { replicaIndex: 1 }))).value).toBe('ab');
    await settle(bucket.remove('dur-3', { replicateTo: 2, persistTo: 1 }));
    expect(await failure(bucket.rget('dur-3', { replicaIndex: 0 }))).toBeInstanceOf(NotFoundError);
    expect(await failure(bucket.rget('dur-3', { replicaIndex: 1 }))).toBeInstanceOf(NotFoundError);
  });

  test('multi mutations wait per key', async () => {
    const m = await settle(bucket.upsertMulti({ 'dur-m1': 1, 'dur-m2': 2, 'dur-m3': 3 }, { replicateTo: 2 }));
    expect(m.allOk).toBe(true);
    for (const k of ['dur-m1', 'dur-m2', 'dur-m3']) expect((await settle(bucket.rget(k, { replicaIndex: 1 }))).success).toBe(true);
  });

  test('more copies than the bucket has is an ArgumentError, thrown before anything is sent', async () => {
    const one = await devCluster({ nodes: 1, replicas: 0, scramIterations: 1 });
    const b = await openBucket(one);
    try {
      const err = await failure(b.upsert('k', 1, { replicateTo: 1 }));
      expect(err).toBeInstanceOf(ArgumentError);
      expect(err.message).toMatch(/0 replicas/);
      // The mutation was never applied.
      expect(await failure(b.get('k'))).toBeInstanceOf(NotFoundError);
      expect(() => b.endure('k', { persistTo: 2 })).toThrow(ArgumentError);
      // persistTo 1 (the active alone) is possible with no replica.
      await settle(b.upsert('k', 1, { persistTo: 1 }));
      // -1 adapts to the bucket: only the active.
      await settle(b.endure('k', {}));
    } finally {
      b.close();
      await one.stop();
    }
    expect(() => bucket.upsert('k', 1, { replicateTo: 4 })).toThrow(ArgumentError);
    expect(() => bucket.endure('k', { persistTo: 0, replicateTo: 0 })).toThrow(ArgumentError);
    expect(() => bucket.endure('k', { timeout: 0 })).toThrow(ArgumentError);
    expect(() => bucket.endure('k', { colour: 1 } as never)).toThrow(ArgumentError);
  });

  test('replication held back: the durable upsert fails with TimeoutError whose result keeps the CAS', async () => {
    cluster.setReplicationDelay(60_000);
    const err = await failure(bucket.upsert('dur-held', 1, { replicateTo: 1 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/replicateTo 1/);
    expect(err.context).toMatchObject({ key: 'dur-held', replicateTo: 1, replicated: 0, durability: true });
    const result = err.result as unknown as { cas: bigint; success: boolean };
    expect(result.success).toBe(false);
    expect(result.cas).toBeGreaterThan(0n);
    // The mutation itself happened.
    expect((await settle(bucket.get('dur-held'))).value).toBe(1);
  }, 10_000);

  test('endure with a short timeout on held-back persistence: TimeoutError with counts', async () => {
    cluster.setPersistDelay(60_000);
    const r = await settle(bucket.upsert('dur-p', 1));
    const err = await failure(bucket.endure('dur-p', { cas: r.cas, persistTo: 1, replicateTo: 0, timeout: 150, interval: 20 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.context).toMatchObject({ persistTo: 1, persisted: 0 });
    expect((err.context as { polls: number }).polls).toBeGreaterThan(2);
  });

  test('endure checks the CAS and the existence on the active node', async () => {
    const first = await settle(bucket.upsert('dur-cas', 1));
    await settle(bucket.upsert('dur-cas', 2));
    expect(await failure(bucket.endure('dur-cas', { cas: first.cas, replicateTo: 1, persistTo: 0 }))).toBeInstanceOf(KeyExistsError);
    expect(await failure(bucket.endure('dur-none', { replicateTo: 1, persistTo: 0 }))).toBeInstanceOf(NotFoundError);
    const removed = await settle(bucket.remove('dur-cas'));
    const ok = await settle(bucket.endure('dur-cas', { checkRemoved: true, replicateTo: 2, persistTo: 3 }));
    expect(ok.success).toBe(true);
    expect(removed.success).toBe(true);
  });

  test('endureMulti takes keys, { key: cas } and the MultiResult of the mutations (tokens)', async () => {
    const m = await settle(bucket.upsertMulti({ 'dur-e1': 1, 'dur-e2': 2 }));
    const byResult = await settle(bucket.endureMulti(m, { replicateTo: 2, persistTo: 1 }));
    expect(byResult.allOk).toBe(true);
    const byCas = await settle(bucket.endureMulti({ 'dur-e1': m.get('dur-e1')!.cas }, { replicateTo: 1 }));
    expect(byCas.get('dur-e1')!.success).toBe(true);
    const byKeys = await settle(bucket.endureMulti(['dur-e1', 'dur-e2'], { persistTo: 2, replicateTo: 0 }));
    expect([...byKeys.keys()]).toEqual(['dur-e1', 'dur-e2']);
    expect(() => bucket.endureMulti('nope' as never)).toThrow(ArgumentError);
    expect(() => bucket.endureMulti(['a', 'a'])).toThrow(ArgumentError);
  });

  test('observe reports each node: active first, replicas once replicated', async () => {
    const r = await settle(bucket.upsert('dur-obs', 1));
    const early = (await settle(bucket.observe('dur-obs'))).value;
    expect(early[0]).toMatchObject({ fromMaster: true, flags: 0x00, cas: r.cas });
    expect(early.slice(1).every((i) => !i.fromMaster && i.flags === 0x80)).toBe(true);
    await sleep(120);
    const later = (await settle(bucket.observe('dur-obs'))).value;
    expect(later.map((i) => i.flags)).toEqual([0x01, 0x01, 0x01]);
    expect(later.every((i) => i.cas === r.cas)).toBe(true);
    const master = (await settle(bucket.observe('dur-obs', { masterOnly: true }))).value;
    expect(master).toHaveLength(1);
    expect((await settle(bucket.observe('dur-none'))).value[0]!.flags).toBe(0x80);
  });

  test('close() fails a durability wait in progress', async () => {
    const b = await openBucket(cluster);
    cluster.setReplicationDelay(60_000);
    const pending = failure(b.upsert('dur-close', 1, { replicateTo: 2 }));
    await sleep(50);
    b.close();
    const err = await pending;
    expect(err.name).toBe('ObjectDestroyedError');
  });
});
