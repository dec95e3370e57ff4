/**
 * Cancellation with AbortSignal: a KV operation aborted while its response is delayed
 * rejects at once with an AbortError (name 'AbortError') and its late response is
 * dropped without harm; an already-aborted signal sends nothing; multi operations abort
 * every key; listeners are removed once an operation settles; queries (for await,
 * n1qlQueryAll, view queryAll) abort and stop on the server; `await using` closes.
 */
import { getEventListeners } from 'node:events';
import { AbortError, Bucket, NodeIOPS, type IOConnectOptions, type IOSocket } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

class CountingIOPS extends NodeIOPS {
  bytes = 0;
  override connect(o: IOConnectOptions): IOSocket {
    const s = super.connect(o);
    const w = s.write.bind(s);
    s.write = (d) => {
      this.bytes += d.byteLength;
      return w(d);
    };
    return s;
  }
}

async function queriesActive(cluster: DevCluster): Promise<{ n1ql: number; views: number }> {
  const res = await fetch(cluster.adminUrl, { headers: { authorization: `Basic ${Buffer.from(`${cluster.username}:${cluster.password}`).toString('base64')}` } });
  const d = (await res.json()) as { queries: { active: number }; views: { activeQueries: number } };
  return { n1ql: d.queries.active, views: d.views.activeQueries };
}

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('AbortSignal', () => {
  let cluster: DevCluster;
  let bucket: Bucket;
  const iops = new CountingIOPS();
  beforeAll(async () => {
    cluster = await startDevCluster({ scramIterations: 1 });
    bucket = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password, iops });
    await bucket.upsert('seed', { x: 1 });
    await bucket.n1qlQueryAll('CREATE PRIMARY INDEX ON `default`');
    const items: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) items[`fan-${i}`] = { fan: i };
    await bucket.upsertMulti(items);
    await bucket.bucketManager().designCreate('a', { views: { fan: { map: 'function (doc) { if (doc.fan !== undefined) for (var j = 0; j < 500; j++) emit([doc.fan, j], null); }' } } });
  });
  afterAll(async () => {
    await bucket.close();
    await cluster.stop();
  });
  afterEach(() => cluster.clearFaults());

  test('an operation aborted while in flight rejects at once; its late response is dropped', async () => {
    cluster.setLatency(0, 300);
    const ac = new AbortController();
    const t0 = performance.now();
    const pending = bucket.get('seed', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('user gave up')), 20);
    const err = (await pending.catch((e: unknown) => e)) as AbortError;
    expect(performance.now() - t0).toBeLessThan(200);
    expect(err).toBeInstanceOf(AbortError);
    expect(err.name).toBe('AbortError');
    expect((err.cause as Error).message).toBe('user gave up');
    // The late response arrives and is ignored; the connection keeps working.
    await new Promise((r) => setTimeout(r, 350));
    cluster.setLatency(0, 0);
    expect((await bucket.get('seed')).value).toEqual({ x: 1 });
  });

  test('an aborted mutation that was already sent says its outcome is unknown', async () => {
    cluster.setLatency(0, 200);
    const ac = new AbortController();
    const pending = bucket.upsert('maybe', 1, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    const err = (await pending.catch((e: unknown) => e)) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.message).toMatch(/may or may not have been applied/);
  });

  test('an already-aborted signal: rejected, nothing sent', async () => {
    const before = iops.bytes;
    const signal = AbortSignal.abort();
    await expect(bucket.upsert('never', 1, { signal })).rejects.toBeInstanceOf(AbortError);
    await expect(bucket.getMulti(['a', 'b'], { signal })).rejects.toBeInstanceOf(AbortError);
    await expect(bucket.lookupIn('seed', (await import('@couchts/promise')).SD.get('x'), { signal })).rejects.toBeInstanceOf(AbortError);
    expect(iops.bytes).toBe(before);
  });

  test('listeners are removed once an operation settles; a non-signal is an ArgumentError', async () => {
    const ac = new AbortController();
    await bucket.get('seed', { signal: ac.signal });
    await bucket.upsertMulti({ s1: 1, s2: 2 }, { signal: ac.signal });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    await expect(bucket.get('seed', { signal: {} as never })).rejects.toMatchObject({ name: 'ArgumentError' });
  });

  test('endure, endureMulti, observe and a mutation waiting for its durability abort at once; the polls stop', async () => {
    const m = await bucket.upsert('dur', 1);
    cluster.setPersistDelay(5000);
    const ac = new AbortController();
    const t0 = performance.now();
    const waits = [
      bucket.endure('dur', { persistTo: 1, replicateTo: 0, cas: m.cas, signal: ac.signal }),
      bucket.endureMulti(['dur'], { persistTo: 1, replicateTo: 0, signal: ac.signal }),
      bucket.upsert('dur2', 2, { persistTo: 1, signal: ac.signal }),
    ];
    await new Promise((r) => setTimeout(r, 50));
    cluster.setLatency(0, 300);
    waits.push(bucket.observe('dur', { signal: ac.signal }));
    setTimeout(() => ac.abort(), 20);
    for (const w of waits) await expect(w).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(waits[2]).rejects.toThrow(/was applied, its durability is unknown/);
    cluster.setLatency(0, 0);
    cluster.setPersistDelay(0);
    // Nothing left polling: the next endure completes normally, and an already-aborted one sends nothing.
    await expect(bucket.endure('dur', { persistTo: 1, replicateTo: 0 })).resolves.toMatchObject({ success: true });
    const before = iops.bytes;
    await expect(bucket.endure('dur', { persistTo: 1, replicateTo: 0, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(bucket.observe('dur', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(iops.bytes).toBe(before);
    await expect(bucket.endure('dur', { persistTo: 1, replicateTo: 0, signal: 'no' as never })).rejects.toMatchObject({ name: 'ArgumentError' });
  });

  test('for await over a N1QL query: abort throws AbortError from the loop and stops the query on the server', async () => {
    const ac = new AbortController();
    let n = 0;
    const err = await (async () => {
      for await (const _ of bucket.n1qlQuery('SELECT RAW i FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 1000000) AS i', { signal: ac.signal, highWaterMark: 100 })) {
        if (++n === 50) ac.abort();
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(n).toBe(50);
    await until(async () => (await queriesActive(cluster)).n1ql === 0);
  });

  test('n1qlQueryAll and queryAll reject with AbortError; view streams stop on the server', async () => {
    const ac = new AbortController();
    const all = bucket.n1qlQueryAll('SELECT RAW i FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 2000000) AS i', { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expect(all).rejects.toBeInstanceOf(AbortError);
    await expect(bucket.queryAll('a', 'fan', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    const vc = new AbortController();
    const stream = bucket.query('a', 'fan', { signal: vc.signal, highWaterMark: 50 });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    vc.abort();
    await expect(it.next()).rejects.toBeInstanceOf(AbortError);
    await until(async () => (await queriesActive(cluster)).views === 0);
  });

  test('await using closes a bucket and cancels a query stream', async () => {
    const b2 = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password });
    {
      await using b = b2;
      await using rows = b.n1qlQuery('SELECT RAW i FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 1000000) AS i', { highWaterMark: 10 });
      const it = rows[Symbol.asyncIterator]();
      await it.next();
    }
    expect(b2.core.closed).toBe(true);
    await until(async () => (await queriesActive(cluster)).n1ql === 0);
  });
});
