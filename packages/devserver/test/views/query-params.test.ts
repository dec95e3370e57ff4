/**
 * View query parameters over HTTP, against the plain-JavaScript reference (reference.ts).
 *
 * Proves: every parameter — key, keys (query string and POST body), startkey/start_key,
 * endkey/end_key, startkey_docid/start_key_doc_id, endkey_docid/end_key_doc_id,
 * inclusive_end, descending, skip, limit, reduce, group, group_level — alone and in
 * random combinations (a fast-check property over a view with integer, string, array,
 * null and boolean keys, several rows per key and several emits per document), gives
 * the reference's rows in the reference's order, or a 400 exactly where the reference
 * refuses the combination; the validation errors of the real server with their reasons
 * (400 `query_parse_error`, `bad_request` for `keys`/`on_error`/bodies); unknown
 * parameters ignored; GET and POST alike.
 */
import fc from 'fast-check';
import { startHarness, type Harness, type ViewBody } from './harness';
import { prng, refCompare, refQuery, refRows, toQueryString, type RefParams, type RefReduce, type RefRow } from './reference';

const MAP = `function (doc, meta) {
  emit(doc.k, doc.v);
  if (doc.twice) emit(doc.k, doc.v * 10);
}`;
const KEY_POOL: unknown[] = [null, false, true, -2, 0, 1, 3, 7, 'a', 'ab', 'b', 'zz', [0], [0, 1], [0, 2], [1], [1, 0], [2, 5, 1]];

let h: Harness;
let rows: RefRow[];
const DOC_IDS: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const rnd = prng(42);
  const docs: [string, unknown][] = [];
  for (let i = 0; i < 90; i++) {
    const id = `d${String(i).padStart(3, '0')}`;
    DOC_IDS.push(id);
    const doc = { k: KEY_POOL[Math.floor(rnd() * KEY_POOL.length)], v: Math.floor(rnd() * 100) - 20, twice: rnd() < 0.2 };
    docs.push([id, doc]);
    h.put(id, doc);
  }
  rows = refRows(docs, MAP);
  await h.putDdoc('q', { views: { map: { map: MAP }, count: { map: MAP, reduce: '_count' }, sum: { map: MAP, reduce: '_sum' } } });
});
afterAll(() => h.close());

/** Runs a query through GET (or POST with keys in the body) and returns status and body. */
async function run(view: string, p: RefParams, post = false): Promise<{ status: number; body: ViewBody }> {
  if (!post) return h.view('q', view, toQueryString(p));
  const body = p.keys === undefined ? '{}' : JSON.stringify({ keys: p.keys });
  const r = await h.req(`/b/_design/q/_view/${view}?${toQueryString(p, true)}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: r.status, body: (await r.json()) as ViewBody };
}

let outcomes = { errors: 0, empty: 0, rows: 0 };

async function expectReference(view: 'map' | 'count' | 'sum', p: RefParams, post = false): Promise<void> {
  const reduce: RefReduce | undefined = view === 'count' ? '_count' : view === 'sum' ? '_sum' : undefined;
  const want = refQuery(rows, p, reduce);
  if ('error' in want) outcomes.errors++;
  else if (want.rows.length === 0) outcomes.empty++;
  else outcomes.rows++;
  const got = await run(view, p, post);
  if ('error' in want) {
    expect([JSON.stringify(p), got.status, got.body.error]).toEqual([JSON.stringify(p), 400, 'query_parse_error']);
    expect(got.body.reason).toContain(want.error);
    return;
  }
  expect([JSON.stringify(p), got.status]).toEqual([JSON.stringify(p), 200]);
  expect(got.body.rows).toEqual(want.rows);
}

test('no parameters: every row in index order, total_rows', async () => {
  const r = await h.view('q', 'map');
  expect(r.body.total_rows).toBe(rows.length);
  expect(r.body.rows).toEqual(rows);
  expect(rows.length).toBeGreaterThan(90);
});

test.each<[string, RefParams]>([
  ['key', { key: 1 }],
  ['key (array)', { key: [0, 1] }],
  ['key null', { key: null }],
  ['key with no rows', { key: 'nothing' }],
  ['startkey', { startkey: 'a' }],
  ['endkey', { endkey: 3 }],
  ['startkey + endkey', { startkey: 0, endkey: [0, 2] }],
  ['inclusive_end=false', { startkey: 0, endkey: 'ab', inclusive_end: false }],
  ['descending', { descending: true }],
  ['descending range', { startkey: [1], endkey: 1, descending: true }],
  ['descending, inclusive_end=false', { startkey: 'zz', endkey: 'a', descending: true, inclusive_end: false }],
  ['startkey_docid', { startkey: 1, startkey_docid: 'd040' }],
  ['endkey_docid', { endkey: 1, endkey_docid: 'd040' }],
  ['endkey_docid, inclusive_end=false', { startkey: 0, endkey: 1, endkey_docid: 'd040', inclusive_end: false }],
  ['docid bounds, descending', { startkey: 1, startkey_docid: 'd060', endkey: 0, endkey_docid: 'd020', descending: true }],
  ['startkey_docid without startkey is ignored', { startkey_docid: 'd050', limit: 5 }],
  ['keys in order, duplicates repeated', { keys: [3, 'a', 3, [0], 'missing'] }],
  ['keys descending', { keys: [1, 'ab'], descending: true }],
  ['keys with docid bounds', { keys: [1, 0], startkey_docid: 'd030', endkey_docid: 'd070' }],
  ['keys, skip and limit across keys', { keys: [1, 3, 'a'], skip: 2, limit: 4 }],
  ['skip', { skip: 7 }],
  ['limit', { limit: 3 }],
  ['limit=0', { limit: 0 }],
  ['skip past the end', { skip: 10_000 }],
])('map view: %s', async (_name, p) => {
  await expectReference('map', p);
});

test.each<[string, RefParams]>([
  ['no grouping', {}],
  ['group=true', { group: true }],
  ['group=false', { group: false }],
  ['group_level=0', { group_level: 0 }],
  ['group_level=1 (arrays by first element, others by themselves)', { group_level: 1 }],
  ['group_level=2', { group_level: 2 }],
  ['group, descending, range', { group: true, startkey: [1], endkey: null, descending: true }],
  ['group, skip and limit on reduced rows', { group: true, skip: 2, limit: 3 }],
  ['keys with group=true', { keys: [1, 'a', 1, 'missing'], group: true }],
  ['reduce=false gives map rows', { reduce: false, limit: 10 }],
  ['a range with nothing in it', { startkey: 'nothing', endkey: 'nothinga' }],
])('reduce views: %s', async (_name, p) => {
  await expectReference('count', p);
  await expectReference('sum', p);
});

test('start_key / end_key / *_doc_id spellings are the same as startkey / endkey / *_docid', async () => {
  const a = await h.view('q', 'map', 'startkey=0&endkey=1&startkey_docid=d010&endkey_docid=d080');
  const b = await h.view('q', 'map', 'start_key=0&end_key=1&start_key_doc_id=d010&end_key_doc_id=d080');
  expect(b.body.rows).toEqual(a.body.rows);
  expect(a.body.rows).toEqual((refQuery(rows, { startkey: 0, endkey: 1, startkey_docid: 'd010', endkey_docid: 'd080' }) as { rows: unknown[] }).rows);
});

test('POST: empty body, {} and {"keys":[…]} (with or without a JSON content type)', async () => {
  const all = (await h.view('q', 'map', 'limit=5')).body.rows;
  for (const body of ['', '{}']) {
    const r = await h.req('/b/_design/q/_view/map?limit=5', { method: 'POST', body });
    expect(((await r.json()) as ViewBody).rows).toEqual(all);
  }
  await expectReference('map', { keys: ['b', [1]], limit: 3 }, true);
  await expectReference('count', { keys: [7, 7], group: true }, true);
});

test('property: random parameter combinations match the reference (GET and POST)', async () => {
  const key = fc.constantFrom(...KEY_POOL, 'c', [0, 1, 5], 2);
  const docId = fc.integer({ min: 0, max: 95 }).map((i) => `d${String(i).padStart(3, '0')}`);
  const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  const common = {
    startkey_docid: sometimes(docId),
    endkey_docid: sometimes(docId),
    inclusive_end: sometimes(fc.boolean()),
    descending: fc.boolean(),
    skip: fc.nat({ max: 4 }),
    limit: fc.integer({ min: 1, max: 20 }),
  };
  const selection = fc.oneof(
    // A range, usually the right way round for the direction.
    { weight: 4, arbitrary: fc.tuple(fc.record({ startkey: key, endkey: key, ...common }, { requiredKeys: [] }), fc.boolean()).map(([p, orient]) => {
      if (orient && p.startkey !== undefined && p.endkey !== undefined && refCompare(p.startkey, p.endkey) * (p.descending === true ? -1 : 1) > 0) {
        [p.startkey, p.endkey] = [p.endkey, p.startkey];
      }
      return p as RefParams;
    }) },
    { weight: 2, arbitrary: fc.record({ key, ...common }, { requiredKeys: ['key'] }) },
    { weight: 2, arbitrary: fc.record({ keys: fc.array(key, { minLength: 1, maxLength: 4 }), ...common }, { requiredKeys: ['keys'] }) },
    // Anything at all, refused combinations included.
    { weight: 1, arbitrary: fc.record({ startkey: key, endkey: key, key, keys: fc.array(key, { maxLength: 3 }), ...common }, { requiredKeys: [] }) },
  );
  const grouping = fc.oneof(
    fc.constant({}),
    fc.constant({}),
    fc.record({ reduce: fc.boolean() }),
    fc.record({ group: fc.boolean() }),
    fc.record({ group: fc.constant(true) }),
    fc.record({ group_level: fc.nat({ max: 3 }) }),
    fc.record({ reduce: fc.boolean(), group_level: fc.nat({ max: 3 }) }),
  );
  const view = fc.constantFrom('map', 'count', 'sum') as fc.Arbitrary<'map' | 'count' | 'sum'>;
  outcomes = { errors: 0, empty: 0, rows: 0 };
  await fc.assert(
    fc.asyncProperty(selection, grouping, view, fc.boolean(), fc.integer({ min: 0, max: 4 }), async (sel, group, v, post, dice) => {
      const p: RefParams = { ...sel, ...group };
      // Mostly ask what the view can answer; one time in five, whatever came out.
      if (dice > 0) {
        if (v === 'map') {
          delete p.group;
          delete p.group_level;
          if (p.reduce === true) delete p.reduce;
        } else if (p.reduce === false) {
          delete p.group;
          delete p.group_level;
        } else if (p.keys !== undefined) {
          p.group = true;
          delete p.group_level;
        }
      }
      await expectReference(v, p, post);
    }),
    { numRuns: 500 },
  );
  // The property is only worth something if most queries return rows.
  expect(outcomes.rows).toBeGreaterThan(0.3 * (outcomes.rows + outcomes.errors + outcomes.empty));
  expect(outcomes.errors).toBeGreaterThan(20);
}, 30_000);

test.each<[string, string, string, string]>([
  ['a key that is not JSON', 'startkey=abc', 'query_parse_error', 'Invalid JSON value for parameter `startkey`'],
  ['keys that are not JSON', 'keys=[1,', 'query_parse_error', 'Invalid JSON value for parameter `keys`'],
  ['keys that are not an array', 'keys={"a":1}', 'bad_request', '`keys` parameter is not an array.'],
  ['a bad boolean', 'descending=yes', 'query_parse_error', 'Invalid boolean parameter: "yes"'],
  ['a bad integer', 'limit=ten', 'query_parse_error', 'Invalid value for integer parameter: "ten"'],
  ['a fractional integer', 'skip=1.5', 'query_parse_error', 'Invalid value for integer parameter: "1.5"'],
  ['a negative limit', 'limit=-1', 'query_parse_error', 'Invalid value for positive integer parameter: "-1"'],
  ['a negative skip', 'skip=-3', 'query_parse_error', 'Invalid value for positive integer parameter: "-3"'],
  ['a negative group_level', 'group_level=-1', 'query_parse_error', 'Invalid value for positive integer parameter: "-1"'],
  ['a bad stale', 'stale=later', 'query_parse_error', 'stale only available as stale=ok, stale=update_after or stale=false'],
  ['a bad on_error', 'on_error=ignore', 'bad_request', 'Invalid value (`ignore`) for the parameter `on_error`'],
  ['key with keys', 'key=1&keys=[1]', 'query_parse_error', 'Query parameter `start_key` is not compatible with multi-get'],
  ['endkey with keys', 'endkey=1&keys=[1]', 'query_parse_error', 'Query parameter `end_key` is not compatible with multi-get'],
  ['group with group_level', 'group=true&group_level=1', 'query_parse_error', 'Query parameter `group_level` is not compatible with `group`'],
  ['an impossible ascending range', 'startkey=5&endkey=1', 'query_parse_error', 'No rows can match your key range, reverse your start_key and end_key or set descending=true'],
  ['an impossible descending range', 'startkey=1&endkey=5&descending=true', 'query_parse_error', 'No rows can match your key range, reverse your start_key and end_key or set descending=false'],
  ['count instead of limit', 'count=1', 'query_parse_error', "Query parameter 'count' is now 'limit'."],
])('400 for %s', async (_name, query, error, reason) => {
  const r = await h.view('q', 'count', query);
  expect(r.status).toBe(400);
  expect(r.body.error).toBe(error);
  expect(r.body.reason).toContain(reason);
});

test.each<[string, string, string]>([
  ['reduce=true on a map view', 'map', 'Invalid URL parameter `reduce` for map view.'],
  ['group on a map view', 'map', "Invalid URL parameter 'group' or  'group_level' for non-reduce view."],
  ['group with reduce=false', 'count', "Invalid URL parameter 'group' or  'group_level' for non-reduce view."],
  ['keys on a reduce view without group=true', 'count', 'Multi-key fetchs for reduce view must include `group=true`'],
])('400 query_parse_error for %s', async (name, view, reason) => {
  const query = name.startsWith('reduce=true') ? 'reduce=true' : name.startsWith('group on') ? 'group=true' : name.startsWith('group with') ? 'reduce=false&group_level=1' : 'keys=[1]';
  const r = await h.view('q', view, query);
  expect(r.status).toBe(400);
  expect(r.body).toEqual({ error: 'query_parse_error', reason });
});

test('POST bodies that are not a JSON object, or keys that are not an array: 400 bad_request', async () => {
  for (const body of ['{"keys":', '[1,2]', '{"keys":"a"}']) {
    const r = await h.req('/b/_design/q/_view/map', { method: 'POST', body });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ViewBody).error).toBe('bad_request');
  }
});

test('unknown parameters (and include_docs, connection_timeout) are ignored; booleans in any case', async () => {
  const plain = await h.view('q', 'map', 'limit=4&descending=true');
  const extra = await h.view('q', 'map', 'limit=4&descending=TRUE&include_docs=true&connection_timeout=60000&foo=bar&partial=x');
  expect(extra.status).toBe(200);
  expect(extra.body.rows).toEqual(plain.body.rows);
});

test('a later occurrence of a parameter overrides an earlier one', async () => {
  const r = await h.view('q', 'map', 'limit=1&limit=3');
  expect(r.body.rows).toHaveLength(3);
});
