/**
 * The official Couchbase Node.js SDK (couchbase@4, a C++ core behind N-API) against our
 * dev cluster: our independent check that the dev cluster speaks the real protocol —
 * bootstrap (HELLO, SCRAM-SHA512, error map, GCCCP, SELECT_BUCKET), collections-prefixed
 * keys, routing over several nodes, and get/upsert/insert/replace/remove/touch/
 * getAndLock/unlock/increment/exists with the error classes a real server produces.
 */
import * as couchbase from 'couchbase';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

describe.each([1, 3])('official SDK against the dev cluster (%i node(s))', (nodes) => {
  let dev: DevCluster;
  let cluster: couchbase.Cluster;
  let coll: couchbase.Collection;

  beforeAll(async () => {
    dev = await startDevCluster({ nodes });
    cluster = await couchbase.connect(dev.connectionString, {
      username: dev.username,
      password: dev.password,
      timeouts: { kvTimeout: 5000, connectTimeout: 10000, bootstrapTimeout: 15000 },
    });
    coll = cluster.bucket('default').defaultCollection();
  }, 30_000);
  afterAll(async () => {
    await cluster?.close();
    await dev.stop();
  });

  test('upsert and get round-trip JSON; CAS changes', async () => {
    const a = await coll.upsert('off-1', { hello: 'world', n: [1, 2] });
    const got = await coll.get('off-1');
    expect(got.content).toEqual({ hello: 'world', n: [1, 2] });
    expect(got.cas.toString()).toBe(a.cas.toString());
    const b = await coll.upsert('off-1', { hello: 'again' });
    expect(b.cas.toString()).not.toBe(a.cas.toString());
  });

  test('insert, then insert again is DocumentExistsError', async () => {
    await coll.insert('off-ins', 'first');
    await expect(coll.insert('off-ins', 'second')).rejects.toBeInstanceOf(couchbase.DocumentExistsError);
  });

  test('replace needs an existing document; replace with a stale CAS is CasMismatchError', async () => {
    await expect(coll.replace('off-none', 1)).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
    const s = await coll.upsert('off-rep', 1);
    await coll.replace('off-rep', 2, { cas: s.cas });
    await expect(coll.replace('off-rep', 3, { cas: s.cas })).rejects.toBeInstanceOf(couchbase.CasMismatchError);
    expect((await coll.get('off-rep')).content).toBe(2);
  });

  test('remove, then get is DocumentNotFoundError; exists() uses GET_META', async () => {
    await coll.upsert('off-rm', 1);
    expect((await coll.exists('off-rm')).exists).toBe(true);
    await coll.remove('off-rm');
    await expect(coll.get('off-rm')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
    expect((await coll.exists('off-rm')).exists).toBe(false);
    await expect(coll.remove('off-rm')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('touch sets an expiry that the cluster clock enforces', async () => {
    await coll.upsert('off-touch', 'x');
    await coll.touch('off-touch', 10);
    dev.timeTravel(11_000);
    await expect(coll.get('off-touch')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('getAndLock, then unlock with its CAS; a second lock on a locked document fails', async () => {
    await coll.upsert('off-lock', { v: 1 });
    const locked = await coll.getAndLock('off-lock', 10);
    expect(locked.content).toEqual({ v: 1 });
    await expect(coll.getAndLock('off-lock', 10, { timeout: 1000 })).rejects.toThrow();
    await coll.unlock('off-lock', locked.cas);
    await coll.upsert('off-lock', { v: 2 });
    expect((await coll.get('off-lock')).content).toEqual({ v: 2 });
  });

  test('increment creates with initial and adds; without initial a missing counter is DocumentNotFoundError', async () => {
    const created = await coll.binary().increment('off-ctr', 5, { initial: 100 });
    expect(Number(created.value)).toBe(100);
    const next = await coll.binary().increment('off-ctr', 5);
    expect(Number(next.value)).toBe(105);
    const down = await coll.binary().decrement('off-ctr', 200);
    expect(Number(down.value)).toBe(0);
    await expect(coll.binary().increment('off-ctr-missing', 1)).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('many keys (spread over every node) round-trip', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `off-spread-${i}`);
    await Promise.all(keys.map((k, i) => coll.upsert(k, { i })));
    const got = await Promise.all(keys.map((k) => coll.get(k)));
    expect(got.map((g) => (g.content as { i: number }).i)).toEqual(keys.map((_, i) => i));
  });
});
