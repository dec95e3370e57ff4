/**
 * Every key-value operation and option of AsyncBucket against the dev cluster, with 1
 * node and with 3 nodes (keys spread over every node): results, CAS behaviour, formats
 * and flags, expiry (checked by moving the cluster clock), locks, counters, mutation
 * tokens, and the error class of each failure.
 */
import {
  ArgumentError,
  DeltaBadvalError,
  KeyExistsError,
  LockedError,
  NotFoundError,
  NotStoredError,
  TemporaryFailError,
} from '../../src/errors/classes';
import { OperationResult, ValueResult } from '../../src/results/result';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { devCluster, failure, keysOnEveryNode, openBucket, settle, type DevCluster } from '../helpers/dev';

describe.each([1, 3])('key-value operations on %i node(s)', (nodes) => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;
  let keys: string[];
  const k = (name: string): string => `${name}-${nodes}`;

  beforeAll(async () => {
    cluster = await devCluster({ nodes });
    bucket = await openBucket(cluster);
    keys = await keysOnEveryNode(cluster, `spread-${nodes}`);
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('upsert then get round-trips JSON, with common flags and a CAS', async () => {
    const stored = await settle(bucket.upsert(k('json'), { a: [1, 'two', null], b: { c: true } }));
    expect(stored).toBeInstanceOf(OperationResult);
    expect(stored.success).toBe(true);
    expect(stored.rc).toBe(0);
    expect(stored.key).toBe(k('json'));
    expect(typeof stored.cas).toBe('bigint');
    expect(stored.cas).not.toBe(0n);
    const got = await settle(bucket.get(k('json')));
    expect(got).toBeInstanceOf(ValueResult);
    expect(got.value).toEqual({ a: [1, 'two', null], b: { c: true } });
    expect(got.flags).toBe(0x02000000);
    expect(got.cas).toBe(stored.cas);
  });

  test('formats: utf8 and bytes round-trip with their flags; format on get forces decoding', async () => {
    await settle(bucket.upsert(k('text'), 'héllo wörld', { format: 'utf8' }));
    const text = await settle(bucket.get(k('text')));
    expect(text.value).toBe('héllo wörld');
    expect(text.flags).toBe(0x04000004);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await settle(bucket.upsert(k('bin'), bytes, { format: 'bytes' }));
    const bin = await settle(bucket.get(k('bin')));
    expect(Buffer.isBuffer(bin.value)).toBe(true);
    expect(bin.value).toEqual(bytes);
    expect(bin.flags).toBe(0x03000002);
    await settle(bucket.upsert(k('raw'), { n: 1 }));
    const raw = await settle(bucket.get(k('raw'), { format: 'bytes' }));
    expect((raw.value as Buffer).toString('utf8')).toBe('{"n":1}');
    const asText = await settle(bucket.get(k('raw'), { format: 'utf8' }));
    expect(asText.value).toBe('{"n":1}');
  });

  test('insert creates, and fails with KeyExistsError when the key exists', async () => {
    const r = await settle(bucket.insert(k('ins'), 1));
    expect(r.success).toBe(true);
    const err = await failure(bucket.insert(k('ins'), 2));
    expect(err).toBeInstanceOf(KeyExistsError);
    expect(err.rc).toBe(0x02);
    expect(err.key).toBe(k('ins'));
    expect(err.result?.success).toBe(false);
    expect((await settle(bucket.get(k('ins')))).value).toBe(1);
  });

  test('replace: NotFoundError when missing, CAS mismatch is KeyExistsError, matching CAS succeeds', async () => {
    expect(await failure(bucket.replace(k('rep-missing'), 1))).toBeInstanceOf(NotFoundError);
    const first = await settle(bucket.upsert(k('rep'), 'v1'));
    await settle(bucket.upsert(k('rep'), 'v2'));
    const stale = await failure(bucket.replace(k('rep'), 'v3', { cas: first.cas }));
    expect(stale).toBeInstanceOf(KeyExistsError);
    expect(stale.message).toMatch(/CAS mismatch/);
    const current = await settle(bucket.get(k('rep')));
    const replaced = await settle(bucket.replace(k('rep'), 'v3', { cas: current.cas }));
    expect(replaced.cas).not.toBe(current.cas);
    expect((await settle(bucket.get(k('rep')))).value).toBe('v3');
  });

  test('upsert with a stale CAS fails with KeyExistsError', async () => {
    const a = await settle(bucket.upsert(k('ucas'), 1));
    await settle(bucket.upsert(k('ucas'), 2));
    expect(await failure(bucket.upsert(k('ucas'), 3, { cas: a.cas }))).toBeInstanceOf(KeyExistsError);
  });

  test('append and prepend default to utf8, need an existing document, honour CAS', async () => {
    expect(await failure(bucket.append(k('app-missing'), 'x'))).toBeInstanceOf(NotStoredError);
    expect(await failure(bucket.prepend(k('app-missing'), 'x'))).toBeInstanceOf(NotStoredError);
    await settle(bucket.upsert(k('app'), 'middle', { format: 'utf8' }));
    await settle(bucket.append(k('app'), '-end'));
    const before = await settle(bucket.prepend(k('app'), 'start-'));
    const got = await settle(bucket.get(k('app')));
    expect(got.value).toBe('start-middle-end');
    expect(got.flags).toBe(0x04000004);
    await settle(bucket.append(k('app'), '!', { cas: before.cas }));
    expect(await failure(bucket.append(k('app'), '?', { cas: before.cas }))).toBeInstanceOf(KeyExistsError);
    await settle(bucket.append(k('app'), Buffer.from('~'), { format: 'bytes' }));
    expect((await settle(bucket.get(k('app')))).value).toBe('start-middle-end!~');
  });

  test('remove: success, NotFoundError when missing, CAS mismatch is KeyExistsError', async () => {
    const s = await settle(bucket.upsert(k('rm'), 1));
    await settle(bucket.upsert(k('rm'), 2));
    expect(await failure(bucket.remove(k('rm'), { cas: s.cas }))).toBeInstanceOf(KeyExistsError);
    const removed = await settle(bucket.remove(k('rm')));
    expect(removed.success).toBe(true);
    expect(removed.cas).not.toBe(0n);
    expect(await failure(bucket.get(k('rm')))).toBeInstanceOf(NotFoundError);
    expect(await failure(bucket.remove(k('rm')))).toBeInstanceOf(NotFoundError);
  });

  test('relative and absolute ttl expire the document (cluster clock moved forward)', async () => {
    await settle(bucket.upsert(k('ttl-rel'), 'x', { ttl: 10 }));
    const absolute = Math.floor(Date.now() / 1000) + 3600 * 24 * 40;
    await settle(bucket.upsert(k('ttl-abs'), 'y', { ttl: absolute }));
    cluster.timeTravel(9_000);
    expect((await settle(bucket.get(k('ttl-rel')))).value).toBe('x');
    cluster.timeTravel(2_000);
    expect(await failure(bucket.get(k('ttl-rel')))).toBeInstanceOf(NotFoundError);
    expect((await settle(bucket.get(k('ttl-abs')))).value).toBe('y');
    cluster.timeTravel(3600 * 24 * 41 * 1000);
    expect(await failure(bucket.get(k('ttl-abs')))).toBeInstanceOf(NotFoundError);
  });

  test('touch changes the expiry and the CAS; touch on a missing key is NotFoundError', async () => {
    const s = await settle(bucket.upsert(k('touch'), 'x'));
    const t = await settle(bucket.touch(k('touch'), { ttl: 5 }));
    expect(t.cas).not.toBe(s.cas);
    cluster.timeTravel(6_000);
    expect(await failure(bucket.get(k('touch')))).toBeInstanceOf(NotFoundError);
    expect(await failure(bucket.touch(k('touch-missing'), { ttl: 5 }))).toBeInstanceOf(NotFoundError);
  });

  test('get with ttl is get-and-touch', async () => {
    await settle(bucket.upsert(k('gat'), 'v'));
    const g = await settle(bucket.get(k('gat'), { ttl: 3 }));
    expect(g.value).toBe('v');
    cluster.timeTravel(4_000);
    expect(await failure(bucket.get(k('gat')))).toBeInstanceOf(NotFoundError);
  });

  test('lock: returns the value and a lock CAS; locked mutations fail with LockedError; unlock releases', async () => {
    await settle(bucket.upsert(k('lock'), { n: 1 }));
    const locked = await settle(bucket.lock(k('lock'), { ttl: 10 }));
    expect(locked.value).toEqual({ n: 1 });
    const again = await failure(bucket.lock(k('lock'), { ttl: 10 }));
    expect(again).toBeInstanceOf(LockedError);
    expect(again).toBeInstanceOf(TemporaryFailError);
    expect(again.rc).toBe(0x09);
    expect(await failure(bucket.upsert(k('lock'), 2))).toBeInstanceOf(LockedError);
    expect(await failure(bucket.unlock(k('lock'), locked.cas + 1n))).toBeInstanceOf(LockedError);
    await settle(bucket.unlock(k('lock'), locked.cas));
    await settle(bucket.upsert(k('lock'), 3));
    expect((await settle(bucket.get(k('lock')))).value).toBe(3);
    // Unlocking a document that is not locked is a temporary failure, not retried.
    expect(await failure(bucket.unlock(k('lock'), locked.cas))).toBeInstanceOf(TemporaryFailError);
  });

  test('a mutation with the lock CAS succeeds and releases the lock; locks expire', async () => {
    await settle(bucket.upsert(k('lock2'), 'a'));
    const l = await settle(bucket.lock(k('lock2'), { ttl: 5 }));
    await settle(bucket.replace(k('lock2'), 'b', { cas: l.cas }));
    await settle(bucket.upsert(k('lock2'), 'c'));
    await settle(bucket.lock(k('lock2'), { ttl: 2 }));
    cluster.timeTravel(2_500);
    await settle(bucket.upsert(k('lock2'), 'd'));
    expect((await settle(bucket.get(k('lock2')))).value).toBe('d');
  });

  test('lock requires a ttl of 1–30 seconds (ArgumentError, thrown)', () => {
    expect(() => bucket.lock(k('x'), {} as never)).toThrow(ArgumentError);
    expect(() => bucket.lock(k('x'), { ttl: 0 })).toThrow(ArgumentError);
    expect(() => bucket.lock(k('x'), { ttl: 31 })).toThrow(ArgumentError);
  });

  test('counter: NotFoundError without initial, creates with initial, increments, decrements to 0', async () => {
    expect(await failure(bucket.counter(k('ctr')))).toBeInstanceOf(NotFoundError);
    const created = await settle(bucket.counter(k('ctr'), { initial: 10, delta: 5 }));
    expect(created.value).toBe(10);
    expect((await settle(bucket.counter(k('ctr')))).value).toBe(11);
    expect((await settle(bucket.counter(k('ctr'), { delta: 7 }))).value).toBe(18);
    expect((await settle(bucket.counter(k('ctr'), { delta: -8 }))).value).toBe(10);
    expect((await settle(bucket.counter(k('ctr'), { delta: -100 }))).value).toBe(0);
    expect((await settle(bucket.counter(k('ctr'), { delta: 3n }))).value).toBe(3);
    expect((await settle(bucket.get(k('ctr')))).value).toBe(3);
  });

  test('counter on a non-numeric document is DeltaBadvalError; counter ttl expires a created counter', async () => {
    await settle(bucket.upsert(k('notnum'), { a: 1 }));
    expect(await failure(bucket.counter(k('notnum')))).toBeInstanceOf(DeltaBadvalError);
    await settle(bucket.counter(k('ctr-ttl'), { initial: 1, ttl: 2 }));
    cluster.timeTravel(3_000);
    expect(await failure(bucket.counter(k('ctr-ttl')))).toBeInstanceOf(NotFoundError);
  });

  test('mutations carry mutation tokens with bucket, vbucket, vbuuid and increasing seqno', async () => {
    const a = await settle(bucket.upsert(k('tok'), 1));
    const b = await settle(bucket.upsert(k('tok'), 2));
    expect(a.mutationToken).toBeDefined();
    expect(a.mutationToken!.bucket).toBe('default');
    expect(a.mutationToken!.vbid).toBe(b.mutationToken!.vbid);
    expect(a.mutationToken!.vbuuid).toBe(b.mutationToken!.vbuuid);
    expect(b.mutationToken!.seqno).toBe(a.mutationToken!.seqno + 1n);
    const c = await settle(bucket.counter(k('tok-ctr'), { initial: 0 }));
    expect(c.mutationToken).toBeDefined();
  });

  test('keys spread over every node: each operation works wherever the key lives', async () => {
    for (const key of keys) await settle(bucket.upsert(key, { key }));
    for (const key of keys) expect((await settle(bucket.get(key))).value).toEqual({ key });
    const ctr = await Promise.all(keys.map((key) => settle(bucket.counter(`${key}-c`, { initial: 1 }))));
    expect(ctr.every((r) => r.value === 1)).toBe(true);
    await Promise.all(keys.map((key) => settle(bucket.remove(key))));
    for (const key of keys) expect(await failure(bucket.get(key))).toBeInstanceOf(NotFoundError);
  });

  test('results serialise to JSON with CAS as a string', async () => {
    const r = await settle(bucket.upsert(k('json-out'), { x: 1 }));
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(json.key).toBe(k('json-out'));
    expect(json.cas).toBe(r.cas.toString());
    expect(json.success).toBe(true);
  });
});
