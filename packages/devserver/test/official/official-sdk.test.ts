/**
 * The official Couchbase Node.js SDK (couchbase@4, a C++ core behind N-API) against our
 * dev cluster: our independent check that the dev cluster speaks the real protocol —
 * bootstrap (HELLO, SCRAM-SHA512, error map, GCCCP, SELECT_BUCKET), collections-prefixed
 * keys, routing over several nodes, and get/upsert/insert/replace/remove/touch/
 * getAndLock/unlock/increment/exists with the error classes a real server produces.
 */
import * as couchbase from 'couchbase';
import { useOfficialSdk } from '../helpers/official';

describe.each([1, 3])('official SDK against the dev cluster (%i node(s))', (nodes) => {
  const env = useOfficialSdk({ nodes });

  test('upsert and get round-trip JSON; CAS changes', async () => {
    const a = await env.coll.upsert('off-1', { hello: 'world', n: [1, 2] });
    const got = await env.coll.get('off-1');
    expect(got.content).toEqual({ hello: 'world', n: [1, 2] });
    expect(got.cas.toString()).toBe(a.cas.toString());
    const b = await env.coll.upsert('off-1', { hello: 'again' });
    expect(b.cas.toString()).not.toBe(a.cas.toString());
  });

  test('insert, then insert again is DocumentExistsError', async () => {
    await env.coll.insert('off-ins', 'first');
    await expect(env.coll.insert('off-ins', 'second')).rejects.toBeInstanceOf(couchbase.DocumentExistsError);
  });

  test('replace needs an existing document; replace with a stale CAS is CasMismatchError', async () => {
    await expect(env.coll.replace('off-none', 1)).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
    const s = await env.coll.upsert('off-rep', 1);
    await env.coll.replace('off-rep', 2, { cas: s.cas });
    await expect(env.coll.replace('off-rep', 3, { cas: s.cas })).rejects.toBeInstanceOf(couchbase.CasMismatchError);
    expect((await env.coll.get('off-rep')).content).toBe(2);
  });

  test('remove, then get is DocumentNotFoundError; exists() uses GET_META', async () => {
    await env.coll.upsert('off-rm', 1);
    expect((await env.coll.exists('off-rm')).exists).toBe(true);
    await env.coll.remove('off-rm');
    await expect(env.coll.get('off-rm')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
    expect((await env.coll.exists('off-rm')).exists).toBe(false);
    await expect(env.coll.remove('off-rm')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('touch sets an expiry that the cluster clock enforces', async () => {
    await env.coll.upsert('off-touch', 'x');
    await env.coll.touch('off-touch', 10);
    env.dev.timeTravel(11_000);
    await expect(env.coll.get('off-touch')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('getAndLock, then unlock with its CAS; a second lock on a locked document fails', async () => {
    await env.coll.upsert('off-lock', { v: 1 });
    const locked = await env.coll.getAndLock('off-lock', 10);
    expect(locked.content).toEqual({ v: 1 });
    await expect(env.coll.getAndLock('off-lock', 10, { timeout: 1000 })).rejects.toThrow();
    await env.coll.unlock('off-lock', locked.cas);
    await env.coll.upsert('off-lock', { v: 2 });
    expect((await env.coll.get('off-lock')).content).toEqual({ v: 2 });
  });

  test('increment creates with initial and adds; without initial a missing counter is DocumentNotFoundError', async () => {
    const created = await env.coll.binary().increment('off-ctr', 5, { initial: 100 });
    expect(Number(created.value)).toBe(100);
    const next = await env.coll.binary().increment('off-ctr', 5);
    expect(Number(next.value)).toBe(105);
    const down = await env.coll.binary().decrement('off-ctr', 200);
    expect(Number(down.value)).toBe(0);
    await expect(env.coll.binary().increment('off-ctr-missing', 1)).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('many keys (spread over every node) round-trip', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `off-spread-${i}`);
    await Promise.all(keys.map((k, i) => env.coll.upsert(k, { i })));
    const got = await Promise.all(keys.map((k) => env.coll.get(k)));
    expect(got.map((g) => (g.content as { i: number }).i)).toEqual(keys.map((_, i) => i));
  });
});
