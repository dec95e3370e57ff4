/**
 * The beer-sample design document (src/views/beer-design-doc.ts) over the generated
 * beer-sample documents, loaded as the dev cluster loads them (loadDocuments), in a
 * 1024-vBucket bucket.
 *
 * Proves: `brewery_beers` has a row per brewery and per beer (over 7 000) equal to a
 * plain-JavaScript recomputation — same ids, keys and order (ICU order of the slug
 * alphabet `_` < `-` < digits < letters, written out by hand) — and its `_count`
 * matches; the classic "a brewery and its beers" range query; `by_location` counts
 * per country (`group_level=1`) and per country and state (`group_level=2`) match plain
 * JS, in collation order.
 */
import { loadDocuments } from '../../src/cluster/load-samples';
import { generateBeerSample, type BeerDoc, type BreweryDoc } from '../../src/samples/beer-sample';
import { BEER_SAMPLE_DESIGN_DOC } from '../../src/views';
import { startHarness, type Harness } from './harness';

type SampleDoc = BreweryDoc | BeerDoc;

let h: Harness;
let docs: [string, SampleDoc][];

beforeAll(async () => {
  h = await startHarness({ numVbuckets: 1024, bucketName: 'beer-sample' });
  docs = [...generateBeerSample()] as [string, SampleDoc][];
  expect(loadDocuments(h.bucket, h.clock, docs)).toBe(docs.length);
  h.svc.putDesignDoc('beer-sample', 'beer', BEER_SAMPLE_DESIGN_DOC);
}, 60_000);
afterAll(() => h.close());

/** ICU primary order of the characters slugs are made of. */
const SLUG_ALPHABET = '_-0123456789abcdefghijklmnopqrstuvwxyz';
function compareSlug(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = SLUG_ALPHABET.indexOf(a[i]!) - SLUG_ALPHABET.indexOf(b[i]!);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
function compareSlugArrays(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = compareSlug(a[i]!, b[i]!);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** brewery_beers computed in plain JS. */
function breweryBeers(): { id: string; key: string[]; value: null }[] {
  const rows: { id: string; key: string[]; value: null }[] = [];
  for (const [id, doc] of docs) {
    if (doc.type === 'brewery') rows.push({ id, key: [id], value: null });
    else if (doc.brewery_id) rows.push({ id, key: [doc.brewery_id, id], value: null });
  }
  return rows.sort((x, y) => compareSlugArrays(x.key, y.key) || compareSlug(x.id, y.id));
}

test('brewery_beers: a row per brewery and per beer, equal to a plain-JS recomputation', async () => {
  for (const [id] of docs) expect(SLUG_ALPHABET.includes(id[0]!)).toBe(true);
  const expected = breweryBeers();
  expect(expected.length).toBeGreaterThan(7000);
  const r = await h.req('/beer-sample/_design/beer/_view/brewery_beers?reduce=false');
  const body = (await r.json()) as { total_rows: number; rows: unknown[] };
  expect(body.total_rows).toBe(expected.length);
  expect(body.rows).toEqual(expected);
  // As in Couchbase's sample, brewery_beers has no reduce: the plain query gives the rows,
  // and asking for a reduce is a query_parse_error.
  const plain = (await (await h.req('/beer-sample/_design/beer/_view/brewery_beers?limit=3')).json()) as { total_rows: number; rows: unknown[] };
  expect(plain.rows).toEqual(expected.slice(0, 3));
  const reduced = await h.req('/beer-sample/_design/beer/_view/brewery_beers?reduce=true');
  expect(reduced.status).toBe(400);
  expect(((await reduced.json()) as { error: string }).error).toBe('query_parse_error');
});

test('brewery_beers: one brewery and its beers with startkey=[id]&endkey=[id,{}]', async () => {
  const beersOf = new Map<string, string[]>();
  for (const [id, doc] of docs) if (doc.type === 'beer') beersOf.set(doc.brewery_id, [...(beersOf.get(doc.brewery_id) ?? []), id]);
  const [brewery, beers] = [...beersOf].find(([, b]) => b.length >= 3)!;
  const q = new URLSearchParams({ reduce: 'false', startkey: JSON.stringify([brewery]), endkey: JSON.stringify([brewery, {}]) });
  const body = (await (await h.req(`/beer-sample/_design/beer/_view/brewery_beers?${q}`)).json()) as { rows: { id: string; key: string[] }[] };
  expect(body.rows.map((r) => r.id)).toEqual([brewery, ...beers.slice().sort(compareSlug)]);
  expect(body.rows[0]!.key).toEqual([brewery]);
});

/** Counts of breweries by the first `level` location fields, in plain JS. */
function locationCounts(level: 1 | 2): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, doc] of docs) {
    if (doc.type !== 'brewery') continue;
    const key = doc.state !== undefined ? [doc.country, doc.state, ...(doc.city !== undefined ? [doc.city] : [])] : [doc.country];
    const k = JSON.stringify(key.slice(0, level));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

test.each([1, 2] as const)('by_location with group_level=%p: counts per location match plain JS, in order', async (level) => {
  const body = (await (await h.req(`/beer-sample/_design/beer/_view/by_location?group_level=${level}`)).json()) as { rows: { key: string[]; value: number }[] };
  const expected = locationCounts(level);
  expect(new Map(body.rows.map((r) => [JSON.stringify(r.key), r.value]))).toEqual(expected);
  expect(body.rows).toHaveLength(expected.size);
  if (level === 1) {
    // Country names are ASCII words and spaces: collation order is their lowercase code point order.
    const names = body.rows.map((r) => r.key[0]!);
    expect(names).toEqual(names.slice().sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    expect(names.length).toBeGreaterThan(10);
  }
  expect(body.rows.reduce((s, r) => s + r.value, 0)).toBe(docs.filter(([, d]) => d.type === 'brewery').length);
});
