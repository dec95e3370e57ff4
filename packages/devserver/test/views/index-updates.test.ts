/**
 * How view indexes follow the bucket, and what map functions see.
 *
 * Proves: a new design document indexes the existing documents at once; inserts,
 * updates and deletes reach the index per `stale` — `ok` answers from the index as is,
 * `false` applies pending changes first, `update_after` (the default) answers as is and
 * applies them right after; the latest version of a key wins; expired documents vanish
 * for `stale=false` by the cluster clock although the KV store has not processed the
 * expiry; tombstones of lazily expired documents remove rows; more than 5000 pending
 * changes are applied without a query; a topology change makes the next query rebuild
 * from the live documents (recovering a mutation the listener never saw); map failures
 * (throwing, endless loop, too long key, too much emitted) cost only their document and are reported in
 * `errors` until the document is fixed; non-JSON documents arrive base64 with
 * `meta.type` 'base64'; `meta` carries id, rev, seq, vb, expiration, flags, type, cas;
 * emitted values are captured at `emit` time; the helpers exist; dev_ design documents
 * see the development subset (vBuckets ≡ 0 mod 64) unless `full_set=true`. (Snapshot
 * isolation of a response being streamed is in streaming.test.ts.)
 */
import { vbucketOf } from '@couchts/core/internal';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ mapTimeoutMs: 200 });
});
afterEach(() => h.close());

const BY_K = { views: { v: { map: 'function (doc, meta) { if (doc.k !== undefined) emit(doc.k, meta.id); }' } } };
const keysOf = async (query: string): Promise<unknown[]> => (await h.view('d', 'v', query)).body.rows.map((r) => r.key);

test('a new design document indexes existing documents immediately', async () => {
  for (let i = 0; i < 5; i++) h.put(`doc${i}`, { k: i });
  await h.putDdoc('d', BY_K);
  expect(await keysOf('stale=ok')).toEqual([0, 1, 2, 3, 4]);
});

test('stale=ok, stale=false and the default update_after', async () => {
  h.put('a', { k: 1 });
  await h.putDdoc('d', BY_K);
  h.put('b', { k: 2 });
  expect(await keysOf('stale=ok')).toEqual([1]);
  // Default: answered as is, updated right after.
  expect(await keysOf('')).toEqual([1]);
  expect(await keysOf('stale=ok')).toEqual([1, 2]);
  h.put('c', { k: 3 });
  expect(await keysOf('stale=update_after')).toEqual([1, 2]);
  expect(await keysOf('stale=ok')).toEqual([1, 2, 3]);
  h.put('d', { k: 4 });
  expect(await keysOf('stale=false')).toEqual([1, 2, 3, 4]);
});

test('updates replace a document’s rows, deletes remove them; the latest version wins', async () => {
  h.put('a', { k: 1 });
  h.put('b', { k: 2 });
  await h.putDdoc('d', BY_K);
  h.put('a', { k: 10 });
  h.put('a', { k: 20 });
  h.put('a', { k: 5 });
  h.remove('b');
  expect(await keysOf('stale=ok')).toEqual([1, 2]);
  expect((await h.view('d', 'v', 'stale=false')).body).toEqual({ total_rows: 1, rows: [{ id: 'a', key: 5, value: 'a' }] });
  h.put('b', { other: true });
  expect(await keysOf('stale=false')).toEqual([5]);
});

test('expiry: by the cluster clock, for stale=false and after update_after, though KV has not processed it', async () => {
  h.put('short', { k: 1 }, { expiry: 10 });
  h.put('long', { k: 2 }, { expiry: 100 });
  h.put('forever', { k: 3 });
  await h.putDdoc('d', BY_K);
  expect(await keysOf('stale=false')).toEqual([1, 2, 3]);
  h.clock.travel(11_000);
  expect(await keysOf('stale=ok')).toEqual([1, 2, 3]);
  expect(await keysOf('stale=false')).toEqual([2, 3]);
  h.clock.travel(90_000);
  expect(await keysOf('')).toEqual([2, 3]);
  expect(await keysOf('stale=ok')).toEqual([3]);
  // The KV store still holds the expired versions (expiry is lazy there).
  const vb = vbucketOf('short', h.bucket.numVbuckets);
  expect(h.bucket.activeOn(vb, 0)!.docs.get('short')!.deleted).toBe(false);
});

test('a document written with an expiry already past, or expired then noticed by KV, is removed', async () => {
  h.put('x', { k: 1 }, { expiry: 5 });
  await h.putDdoc('d', BY_K);
  h.clock.travel(6_000);
  // KV notices the expiry on access and writes a tombstone, which the index receives.
  h.put('x', { k: 7 }, { expiry: 1 });
  h.clock.travel(2_000);
  expect(await keysOf('stale=false')).toEqual([]);
});

test('more than 5000 pending changes are applied without waiting for a query', async () => {
  await h.putDdoc('d', BY_K);
  for (let i = 0; i < 5001; i++) h.put(`bulk${i}`, { k: i });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const r = await h.view('d', 'v', 'stale=ok&limit=1&descending=true');
  expect(r.body.total_rows).toBe(5001);
  expect(r.body.rows[0]!.key).toBe(5000);
});

test('after a topology change the next query rebuilds from the live documents', async () => {
  h.put('seen', { k: 1 });
  await h.putDdoc('d', BY_K);
  // A mutation that reaches the vBucket but not the listeners (as if lost in a failover).
  const vb = vbucketOf('unseen', h.bucket.numVbuckets);
  const copy = h.bucket.activeOn(vb, 0)!;
  copy.apply({ key: 'unseen', value: Buffer.from('{"k":2}'), flags: 0, datatype: 1, cas: h.bucket.nextCas(), expiresAtMs: 0, seqno: copy.highSeqno + 1n, revno: 1, deleted: false, lockedUntilMs: 0 }, h.clock.nowMs());
  expect(await keysOf('stale=false')).toEqual([1]);
  h.bucket.rebalance([0], 1);
  expect(await keysOf('stale=ok')).toEqual([1, 2]);
});

test('map failures: the document emits nothing, the error is reported until it is fixed', async () => {
  h.put('good', { k: 1 });
  h.put('bad', { k: 2, boom: true });
  h.put('loop', { k: 3, loop: true });
  h.put('long', { k: 4, long: true });
  const map = `function (doc, meta) {
    if (doc.boom) throw new Error('kaboom');
    if (doc.loop) { while (true) {} }
    emit(doc.long ? new Array(5000).join('x') : doc.k, null);
  }`;
  const started = Date.now();
  await h.putDdoc('d', { views: { v: { map } } });
  expect(Date.now() - started).toBeLessThan(3000);
  const r = await h.view('d', 'v', 'stale=false');
  expect(r.status).toBe(200);
  expect(r.body.rows.map((x) => x.key)).toEqual([1]);
  // Errors come in indexing order (vBucket by vBucket): compare them sorted.
  const byReason = (a: { reason: string }, b: { reason: string }): number => a.reason.localeCompare(b.reason);
  expect(r.body.errors!.slice().sort(byReason)).toEqual([
    { from: 'local', reason: 'Error: kaboom (doc bad)' },
    { from: 'local', reason: 'timeout (doc loop)' },
    // 4999 characters in quotes.
    { from: 'local', reason: 'too long key emitted: 5001 bytes (doc long)' },
  ]);
  h.put('bad', { k: 2 });
  h.remove('loop');
  const fixed = await h.view('d', 'v', 'stale=false');
  expect(fixed.body.rows.map((x) => x.key)).toEqual([1, 2]);
  expect(fixed.body.errors).toEqual([{ from: 'local', reason: 'too long key emitted: 5001 bytes (doc long)' }]);
});

test('an endless emit loop fails its document at 1 MiB emitted (not by the time limit)', async () => {
  h.put('a', { k: 1 });
  h.put('flood', { k: 2, flood: true });
  await h.putDdoc('d', { views: { v: { map: 'function (doc) { emit(doc.k, null); while (doc.flood) emit(doc.k, "0123456789"); }' } } });
  const r = await h.view('d', 'v');
  expect(r.body.rows.map((x) => x.id)).toEqual(['a']);
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors![0]!.reason).toMatch(/^too much data emitted: \d+ bytes \(doc flood\)$/);
});

test('non-JSON documents reach the map base64-encoded; meta fields', async () => {
  const raw = Buffer.from([0x00, 0xff, 0x41, 0x42, 0x80]);
  h.put('bin', raw, { raw: true });
  h.put('json', { k: 1 }, { expiry: 3600 });
  await h.putDdoc('d', {
    views: {
      v: { map: 'function (doc, meta) { emit(meta.id, { doc: doc, bytes: meta.type === "base64" ? decodeBase64(doc) : null, meta: meta }); }' },
    },
  });
  const rows = (await h.view('d', 'v')).body.rows as { id: string; value: { doc: unknown; bytes: number[] | null; meta: Record<string, unknown> } }[];
  const bin = rows.find((r) => r.id === 'bin')!.value;
  expect(bin.doc).toBe(raw.toString('base64'));
  expect(bin.bytes).toEqual([...raw]);
  expect(bin.meta.type).toBe('base64');
  const json = rows.find((r) => r.id === 'json')!.value;
  expect(json.doc).toEqual({ k: 1 });
  const stored = h.bucket.activeOn(vbucketOf('json', h.bucket.numVbuckets), 0)!.docs.get('json')!;
  const expirySeconds = Math.ceil(stored.expiresAtMs / 1000);
  expect(json.meta).toEqual({
    id: 'json',
    rev: `1-${stored.cas.toString(16).padStart(16, '0')}${expirySeconds.toString(16).padStart(8, '0')}02000000`,
    seq: Number(stored.seqno),
    vb: vbucketOf('json', h.bucket.numVbuckets),
    expiration: expirySeconds,
    flags: 0x02000000,
    type: 'json',
    cas: Number(stored.cas),
  });
});

test('emitted values are captured at emit time; undefined becomes null; the map sees a fresh doc each time', async () => {
  h.put('a', { k: 1, list: [1] });
  await h.putDdoc('d', {
    views: {
      v: { map: 'function (doc, meta) { var o = { n: 1 }; emit(doc.k, o); o.n = 2; doc.list.push(2); emit(doc.k + 1, doc.list); emit(doc.k + 2); emit(doc.k + 3, function () {}); }' },
      w: { map: 'function (doc, meta) { emit(doc.list.length, null); }' },
    },
  });
  expect((await h.view('d', 'v')).body.rows.map((r) => r.value)).toEqual([{ n: 1 }, [1, 2], null, null]);
  expect((await h.view('d', 'w')).body.rows.map((r) => r.key)).toEqual([1]);
});

test('helpers: sum, isArray, toJSON, dateToArray, decodeBase64, log', async () => {
  h.put('a', { nums: [1, 2, 3.5], when: '2010-07-22 20:00:20', iso: '2011-02-03T04:05:06Z' });
  const map = `function (doc, meta) {
    log('ignored');
    emit('sum', sum(doc.nums));
    emit('isArray', [isArray(doc.nums), isArray(doc)]);
    emit('toJSON', toJSON({ a: [1] }));
    emit('dateToArray', [dateToArray(doc.when), dateToArray(doc.iso), dateToArray('not a date')]);
    emit('decodeBase64', decodeBase64('aGk='));
  }`;
  await h.putDdoc('d', { views: { v: { map } } });
  const values = Object.fromEntries((await h.view('d', 'v')).body.rows.map((r) => [r.key, r.value]));
  expect(values).toEqual({
    sum: 6.5,
    isArray: [true, false],
    toJSON: '{"a":[1]}',
    dateToArray: [[2010, 7, 22, 20, 0, 20], [2011, 2, 3, 4, 5, 6], null],
    decodeBase64: [104, 105],
  });
});

test('dev_ design documents index the development subset unless full_set=true', async () => {
  const ids = Array.from({ length: 400 }, (_, i) => `item${i}`);
  ids.forEach((id, i) => h.put(id, { k: i }));
  const inSubset = ids.filter((id) => vbucketOf(id, 64) % 64 === 0);
  expect(inSubset.length).toBeGreaterThan(0);
  await h.putDdoc('dev_d', BY_K);
  await h.putDdoc('d', BY_K);
  const dev = await h.view('dev_d', 'v');
  expect(dev.body.total_rows).toBe(inSubset.length);
  expect(dev.body.rows.map((r) => r.id).sort()).toEqual(inSubset.slice().sort());
  const full = await h.view('dev_d', 'v', 'full_set=true');
  expect(full.body.total_rows).toBe(400);
  expect(full.body.rows).toHaveLength(400);
  expect((await h.view('d', 'v')).body.total_rows).toBe(400);
  const debug = await h.view('dev_d', 'v', 'debug=true&limit=1');
  expect(debug.body.debug_info).toBeDefined();
  expect((debug.body.rows[0] as unknown as { partition: number }).partition % 64).toBe(0);
});
