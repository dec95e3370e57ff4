/**
 * The official Couchbase Node.js SDK's `bucket.viewQuery()` against the dev cluster's
 * views service (it always POSTs, with options in the query string and `keys` in the
 * body — official-sdk-observed.md §4): rows, ranges, reduce with grouping, keys, and the
 * 404 of a missing design document mapped to its DesignDocumentNotFoundError — a check,
 * by a client we did not write, that the views service speaks the real protocol.
 */
import * as couchbase from 'couchbase';
import { useOfficialSdk } from '../helpers/official';

describe('official SDK bucket.viewQuery() against the dev cluster', () => {
  const env = useOfficialSdk({ sampleBuckets: ['beer-sample'], scramIterations: 1 }, { viewTimeout: 20_000 });
  let bucket: couchbase.Bucket;
  beforeAll(() => {
    bucket = env.cluster.bucket('beer-sample');
  });

  test('rows with limit and skip', async () => {
    const all = await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { limit: 5 });
    expect(all.rows).toHaveLength(5);
    const skipped = await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { limit: 3, skip: 2 });
    expect(skipped.rows.map((r) => r.id)).toEqual(all.rows.slice(2, 5).map((r) => r.id));
    expect(all.meta.totalRows).toBeGreaterThan(7000);
  });

  test('a key range: one brewery and its beers', async () => {
    const [first] = (await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { limit: 1 })).rows;
    const brewery = first!.key![0]!;
    const r = await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { range: { start: [brewery], end: [brewery, {}] } as never });
    expect(r.rows.length).toBeGreaterThan(1);
    expect(r.rows.every((row) => row.key![0] === brewery)).toBe(true);
  });

  test('reduce with group level, descending', async () => {
    const r = await bucket.viewQuery<number, string[]>('beer', 'by_location', { groupLevel: 1, order: couchbase.ViewOrdering.Descending, limit: 3 });
    expect(r.rows).toHaveLength(3);
    const keys = r.rows.map((row) => row.key as unknown as string[]);
    expect(r.rows.every((row) => typeof row.value === 'number')).toBe(true);
    expect(keys.every((k) => k.length === 1)).toBe(true);
    expect(keys[0]![0]! >= keys[1]![0]!).toBe(true);
  });

  test('keys (sent in the body) in their order', async () => {
    const some = (await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { limit: 4 })).rows;
    const keys = [some[3]!.key, some[1]!.key];
    const r = await bucket.viewQuery<null, string[]>('beer', 'brewery_beers', { keys: keys as never });
    expect(r.rows.map((row) => row.key)).toEqual(keys);
  });

  test('a missing design document is DesignDocumentNotFoundError', async () => {
    await expect(bucket.viewQuery('nope', 'nope')).rejects.toBeInstanceOf(couchbase.DesignDocumentNotFoundError);
  });
});
