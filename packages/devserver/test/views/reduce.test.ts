/**
 * Reduce functions over HTTP: `_count`, `_sum` (numbers and arrays), `_stats`, and
 * JavaScript reduces — without grouping, with `group=true` and with `group_level` —
 * against sums and counts computed in plain JavaScript from the documents.
 *
 * Proves: built-ins give the plain-JS results; a JavaScript reduce is called with
 * `[key, docId]` pairs and at most 100 values, its partial results rereduced with
 * `keys === null`, so a reduce that handles rereduce is right and one that ignores it
 * is wrong exactly as chunking predicts; a reduce that throws or loops (time limit)
 * loses only its group, reported in `errors` — `on_error=stop` ends the rows there
 * (still HTTP 200, as the real server); built-ins refuse values they cannot reduce with
 * the real server's message; reduced rows have no `id` and there is no `total_rows`.
 */
import { startHarness, type Harness, type ViewBody } from './harness';

const N = 350;
interface Doc {
  a: number;
  b: number;
  n: number;
}
const docs: Doc[] = Array.from({ length: N }, (_, i) => ({ a: i % 3, b: (i * 7) % 4, n: (i % 11) - 3 }));

const MAP = 'function (doc, meta) { if (doc.bad) { emit([9, 9], "x"); } else { emit([doc.a, doc.b], doc.n); } }';
const MAP_ARR = 'function (doc, meta) { if (!doc.bad) emit([doc.a, doc.b], [doc.n, 1]); }';
const JS = {
  sum: 'function (keys, values, rereduce) { return sum(values); }',
  count: 'function (keys, values, rereduce) { if (rereduce) { return sum(values); } return values.length; }',
  naive: 'function (keys, values, rereduce) { return values.length; }',
  shape: `function (keys, values, rereduce) {
    if (rereduce) {
      var n = 0;
      for (var i = 0; i < values.length; i++) n += values[i].n;
      return { n: n, rereduced: true, keysNull: keys === null };
    }
    return { n: values.length, pairs: keys.every(function (k) { return Array.isArray(k) && k.length === 2 && typeof k[1] === 'string'; }) };
  }`,
  throws: 'function (keys, values, rereduce) { if (!rereduce && keys[0][0][0] === 1) throw new Error("bad group"); return rereduce ? sum(values) : values.length; }',
  loops: 'function (keys, values, rereduce) { if (!rereduce && keys[0][0][0] === 2) { while (true) {} } return rereduce ? sum(values) : values.length; }',
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mapTimeoutMs: 250 });
  docs.forEach((d, i) => h.put(`doc${String(i).padStart(4, '0')}`, d));
  const views: Record<string, { map: string; reduce: string }> = {
    count: { map: MAP, reduce: '_count' },
    sum: { map: MAP, reduce: '_sum' },
    sumArr: { map: MAP_ARR, reduce: '_sum' },
    stats: { map: MAP, reduce: '_stats' },
  };
  for (const [name, src] of Object.entries(JS)) views[`js_${name}`] = { map: MAP, reduce: src };
  await h.putDdoc('r', { views });
});
afterAll(() => h.close());

/** Groups of the documents under a group level ('exact' = full key), in key order. */
function groups(level: 0 | 1 | 'exact'): { key: unknown; ns: number[] }[] {
  const m = new Map<string, { key: unknown; ns: number[] }>();
  for (const d of docs) {
    const key = level === 0 ? null : level === 1 ? [d.a] : [d.a, d.b];
    const id = JSON.stringify(key);
    if (!m.has(id)) m.set(id, { key, ns: [] });
    m.get(id)!.ns.push(d.n);
  }
  return [...m.values()].sort((x, y) => JSON.stringify(x.key).localeCompare(JSON.stringify(y.key)));
}
const QUERY = { 0: '', 1: 'group_level=1', exact: 'group=true' } as const;
const LEVELS = [0, 1, 'exact'] as const;
const total = (ns: number[]): number => ns.reduce((s, x) => s + x, 0);

async function rowsOf(view: string, query: string): Promise<ViewBody> {
  const r = await h.view('r', view, query);
  expect(r.status).toBe(200);
  return r.body;
}

test.each(LEVELS)('_count, _sum, _stats and _sum over arrays at group level %p', async (level) => {
  const g = groups(level);
  const count = await rowsOf('count', QUERY[level]);
  expect(count.total_rows).toBeUndefined();
  expect(count.rows).toEqual(g.map((x) => ({ key: x.key, value: x.ns.length })));
  expect((await rowsOf('sum', QUERY[level])).rows).toEqual(g.map((x) => ({ key: x.key, value: total(x.ns) })));
  expect((await rowsOf('sumArr', QUERY[level])).rows).toEqual(g.map((x) => ({ key: x.key, value: [total(x.ns), x.ns.length] })));
  expect((await rowsOf('stats', QUERY[level])).rows).toEqual(
    g.map((x) => ({
      key: x.key,
      value: { sum: total(x.ns), count: x.ns.length, min: Math.min(...x.ns), max: Math.max(...x.ns), sumsqr: total(x.ns.map((n) => n * n)) },
    })),
  );
});

test.each(LEVELS)('JavaScript reduces that handle rereduce are right at group level %p', async (level) => {
  const g = groups(level);
  expect((await rowsOf('js_sum', QUERY[level])).rows).toEqual(g.map((x) => ({ key: x.key, value: total(x.ns) })));
  expect((await rowsOf('js_count', QUERY[level])).rows).toEqual(g.map((x) => ({ key: x.key, value: x.ns.length })));
});

test.each(LEVELS)('rereduce: chunks of 100 values, keys are [key, id] pairs, then null (group level %p)', async (level) => {
  const g = groups(level);
  // Values are reduced 100 at a time; partial results (one per chunk) rereduced 100 at a time.
  const chunks = (n: number): number => Math.ceil(n / 100);
  expect((await rowsOf('js_naive', QUERY[level])).rows).toEqual(g.map((x) => ({ key: x.key, value: chunks(x.ns.length) > 1 ? chunks(x.ns.length) : x.ns.length })));
  expect((await rowsOf('js_shape', QUERY[level])).rows).toEqual(
    g.map((x) => ({ key: x.key, value: x.ns.length > 100 ? { n: x.ns.length, rereduced: true, keysNull: true } : { n: x.ns.length, pairs: true } })),
  );
  // The fixture makes both cases happen.
  expect(groups(1).every((x) => x.ns.length > 100)).toBe(true);
  expect(groups('exact').every((x) => x.ns.length <= 100)).toBe(true);
});

test('a reduce that throws loses its group only: the error is reported, on_error=stop ends the rows (HTTP 200)', async () => {
  const g = groups(1);
  const cont = await rowsOf('js_throws', 'group_level=1');
  expect(cont.rows).toEqual(g.filter((x) => (x.key as number[])[0] !== 1).map((x) => ({ key: x.key, value: x.ns.length })));
  expect(cont.errors).toEqual([{ from: 'local', reason: 'Error: bad group' }]);
  const stop = await rowsOf('js_throws', 'group_level=1&on_error=stop');
  expect(stop.rows).toEqual([{ key: [0], value: g[0]!.ns.length }]);
  expect(stop.errors).toEqual([{ from: 'local', reason: 'Error: bad group' }]);
});

test('a reduce that never returns hits the time limit; the server keeps answering', async () => {
  const started = Date.now();
  const body = await rowsOf('js_loops', 'group_level=1');
  expect(body.rows.map((r) => r.key)).toEqual([[0], [1]]);
  expect(body.errors).toEqual([{ from: 'local', reason: 'timeout' }]);
  expect(Date.now() - started).toBeLessThan(5000);
  expect((await rowsOf('count', '')).rows).toEqual([{ key: null, value: N }]);
});

test('built-ins refuse values they cannot reduce, with the real server messages', async () => {
  h.put('zz-bad', { bad: true });
  const sum = await rowsOf('sum', 'stale=false');
  expect(sum.rows).toEqual([]);
  expect(sum.errors).toEqual([{ from: 'local', reason: 'Builtin _sum function requires map values to be numbers' }]);
  const stats = await rowsOf('stats', 'group=true&stale=false');
  expect(stats.rows).toHaveLength(groups('exact').length);
  expect(stats.errors).toEqual([{ from: 'local', reason: 'Builtin _stats function requires map values to be numbers' }]);
  expect((await rowsOf('count', 'key=[9,9]&group=true')).rows).toEqual([{ key: [9, 9], value: 1 }]);
  h.remove('zz-bad');
  expect((await rowsOf('sum', 'stale=false')).errors).toBeUndefined();
});

test('reduce=false on a reduce view gives its map rows with ids and total_rows', async () => {
  const body = await rowsOf('sum', 'reduce=false&limit=2');
  expect(body.total_rows).toBe(N);
  expect(body.rows).toEqual([
    // Key [0, 0] needs i % 3 === 0 and 7i % 4 === 0: i = 0, 12, 24, …
    { id: 'doc0000', key: [0, 0], value: docs[0]!.n },
    { id: 'doc0012', key: [0, 0], value: docs[12]!.n },
  ]);
});
