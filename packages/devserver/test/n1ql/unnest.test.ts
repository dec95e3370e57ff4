/**
 * UNNEST (inner and LEFT OUTER), chained UNNESTs, UNNEST with WHERE / GROUP BY, and
 * `SELECT *` over unnested rows. Expected rows are built with flatMap in JavaScript.
 */
import { harness, sortRows } from './helpers/harness';
import { row } from './helpers/reference';

const h = harness(200);
const docs = [...h.docs.values()];
const arrayOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

describe('UNNEST', () => {
  test('inner UNNEST drops documents without elements', () => {
    const expected = docs.flatMap((d) => arrayOf(d.tags).map((tag) => ({ seq: d.seq, tag })));
    expect(h.rows('SELECT t.seq, tag FROM ks t UNNEST t.tags AS tag ORDER BY t.seq')).toEqual(expected);
    expect(h.rows('SELECT t.seq, tag FROM ks t INNER UNNEST t.tags AS tag ORDER BY t.seq')).toEqual(expected);
  });

  test('LEFT UNNEST keeps them with the alias MISSING', () => {
    const expected = docs.flatMap((d) => (arrayOf(d.tags).length === 0 ? [{ seq: d.seq }] : arrayOf(d.tags).map((tag) => ({ seq: d.seq, tag }))));
    expect(h.rows('SELECT t.seq, tag FROM ks t LEFT UNNEST t.tags AS tag ORDER BY t.seq')).toEqual(expected);
    expect(h.rows('SELECT t.seq, tag FROM ks t LEFT OUTER UNNEST t.tags AS tag ORDER BY t.seq')).toEqual(expected);
  });

  test('an unqualified path and the default alias', () => {
    const expected = docs.flatMap((d) => arrayOf(d.scores).map((s) => s));
    expect(h.rows('SELECT RAW scores FROM ks UNNEST scores ORDER BY seq')).toEqual(expected);
  });

  test('chained UNNESTs and UNNEST of objects', () => {
    const expected = docs.flatMap((d) =>
      (d.items as { sku: string; qty: number }[]).flatMap((i) => arrayOf(d.tags).map((tag) => row({ seq: d.seq, sku: i.sku, tag }))),
    );
    expect(h.rows('SELECT d.seq, i.sku, tag FROM ks d UNNEST d.items AS i UNNEST d.tags AS tag ORDER BY d.seq')).toEqual(expected);
  });

  test('WHERE and GROUP BY over unnested values', () => {
    const counts = new Map<string, number>();
    for (const d of docs) for (const t of arrayOf(d.tags)) counts.set(t as string, (counts.get(t as string) ?? 0) + 1);
    expect(h.rows('SELECT tag, COUNT(*) AS n FROM ks UNNEST ks.tags AS tag GROUP BY tag ORDER BY tag')).toEqual(
      [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([tag, n]) => ({ tag, n })),
    );
    const big = docs.flatMap((d) => (d.items as { sku: string; qty: number }[]).filter((i) => i.qty >= 3).map((i) => ({ seq: d.seq, qty: i.qty })));
    expect(h.rows('SELECT d.seq, i.qty FROM ks d UNNEST d.items i WHERE i.qty >= 3 ORDER BY d.seq, i.qty')).toEqual(big.sort((a, b) => (a.seq as number) - (b.seq as number) || a.qty - b.qty));
  });

  test('SELECT * shows the keyspace alias and the UNNEST alias', () => {
    const d = h.docs.get('doc-002')!;
    expect(sortRows(h.rows("SELECT * FROM ks t USE KEYS 'doc-002' UNNEST t.items AS i"))).toEqual(sortRows((d.items as unknown[]).map((i) => ({ t: d, i }))));
  });

  test('UNNEST of a literal array and of a non-array', () => {
    expect(h.rows("SELECT RAW x FROM ks USE KEYS 'doc-001' UNNEST [1, 2, 3] AS x")).toEqual([1, 2, 3]);
    expect(h.rows("SELECT RAW x FROM ks USE KEYS 'doc-001' UNNEST 'abc' AS x")).toEqual([]);
    expect(h.rows("SELECT t.seq, x FROM ks t USE KEYS 'doc-001' LEFT UNNEST 'abc' AS x")).toEqual([{ seq: 1 }]);
  });
});
