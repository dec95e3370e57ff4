/**
 * Collation: ORDER BY over fields holding every type (MISSING < NULL < false < true <
 * numbers < strings < arrays < objects), ASC / DESC, NULLS FIRST / LAST, several keys,
 * comparisons across types in WHERE, MIN / MAX / DISTINCT / ARRAY_SORT over mixed values.
 * Expected orders come from the reference comparator in helpers/reference.ts.
 */
import { harness } from './helpers/harness';
import { at, refCollate, row } from './helpers/reference';

const h = harness(300);
const docs = [...h.docs.values()];
const bySeq = (a: Record<string, unknown>, b: Record<string, unknown>): number => (a.seq as number) - (b.seq as number);

describe('ORDER BY over mixed types', () => {
  test('ascending: MISSING, NULL, booleans, numbers, strings, arrays, objects', () => {
    const expected = [...docs].sort((a, b) => refCollate(a.mixed, b.mixed) || bySeq(a, b)).map((d) => row({ seq: d.seq, mixed: d.mixed }));
    expect(h.rows('SELECT seq, mixed FROM ks ORDER BY mixed, seq')).toEqual(expected);
  });

  test('descending', () => {
    const expected = [...docs].sort((a, b) => refCollate(b.mixed, a.mixed) || bySeq(a, b)).map((d) => row({ seq: d.seq, mixed: d.mixed }));
    expect(h.rows('SELECT seq, mixed FROM ks ORDER BY mixed DESC, seq ASC')).toEqual(expected);
  });

  test('the type sequence is the documented one', () => {
    const types = (h.rows('SELECT RAW TYPE(mixed) FROM ks ORDER BY mixed') as string[]).filter((t, i, all) => all[i - 1] !== t);
    expect(types).toEqual(['missing', 'null', 'boolean', 'number', 'string', 'array', 'object']);
  });

  test('NULLS LAST puts NULL and MISSING after the values (ascending)', () => {
    const rows = h.rows('SELECT seq, mixed FROM ks ORDER BY mixed NULLS LAST, seq') as Record<string, unknown>[];
    const valued = docs.filter((d) => d.mixed !== undefined && d.mixed !== null);
    const expectedHead = [...valued].sort((a, b) => refCollate(a.mixed, b.mixed) || bySeq(a, b)).map((d) => row({ seq: d.seq, mixed: d.mixed }));
    expect(rows.slice(0, valued.length)).toEqual(expectedHead);
    expect(rows.slice(valued.length).map((r) => r.seq).sort((a, b) => (a as number) - (b as number))).toEqual(
      docs.filter((d) => d.mixed === undefined || d.mixed === null).map((d) => d.seq),
    );
  });

  test('NULLS FIRST puts NULL and MISSING first when descending', () => {
    const rows = h.rows('SELECT seq, mixed FROM ks ORDER BY mixed DESC NULLS FIRST, seq') as Record<string, unknown>[];
    const unknown = docs.filter((d) => d.mixed === undefined || d.mixed === null).length;
    expect(rows.slice(0, unknown).every((r) => r.mixed === undefined || r.mixed === null)).toBe(true);
    const expectedTail = docs
      .filter((d) => d.mixed !== undefined && d.mixed !== null)
      .sort((a, b) => refCollate(b.mixed, a.mixed) || bySeq(a, b))
      .map((d) => row({ seq: d.seq, mixed: d.mixed }));
    expect(rows.slice(unknown)).toEqual(expectedTail);
  });

  test('age mixes numbers, numeric strings, NULL and MISSING', () => {
    const expected = [...docs].sort((a, b) => refCollate(a.age, b.age) || bySeq(a, b)).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY age, seq')).toEqual(expected);
  });

  test('arrays sort element by element, objects by size then names then values', () => {
    const tags = [...docs].sort((a, b) => refCollate(a.tags, b.tags) || bySeq(a, b)).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY tags, seq')).toEqual(tags);
    const addresses = [...docs].sort((a, b) => refCollate(b.address, a.address) || bySeq(a, b)).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY address DESC, seq')).toEqual(addresses);
  });

  test('several keys, and a nested path key', () => {
    const expected = [...docs]
      .sort((a, b) => refCollate(a.city, b.city) || refCollate(at(b, 'address', 'zip'), at(a, 'address', 'zip')) || bySeq(a, b))
      .map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY city, address.zip DESC, seq')).toEqual(expected);
  });

  test('ORDER BY a result alias and by an expression', () => {
    const expected = [...docs].sort((a, b) => refCollate(b.price, a.price) || bySeq(a, b)).slice(0, 10).map((d) => row({ p: d.price, seq: d.seq }));
    expect(h.rows('SELECT price AS p, seq FROM ks ORDER BY p DESC, seq LIMIT 10')).toEqual(expected);
    const neg = [...docs].sort((a, b) => (b.seq as number) - (a.seq as number)).slice(0, 5).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY -seq LIMIT 5')).toEqual(neg);
  });
});

describe('comparisons across types in WHERE', () => {
  const probes: unknown[] = [3, 'abc', true, [1, 2], { a: 1 }];
  for (const p of probes) {
    const lit = JSON.stringify(p);
    test(`mixed < ${lit} keeps valued values that collate lower`, () => {
      const expected = docs.filter((d) => d.mixed !== undefined && d.mixed !== null && refCollate(d.mixed, p) < 0).map((d) => d.seq);
      expect(h.rows(`SELECT RAW seq FROM ks WHERE mixed < ${lit} ORDER BY seq`)).toEqual(expected);
    });
    test(`mixed >= ${lit}`, () => {
      const expected = docs.filter((d) => d.mixed !== undefined && d.mixed !== null && refCollate(d.mixed, p) >= 0).map((d) => d.seq);
      expect(h.rows(`SELECT RAW seq FROM ks WHERE mixed >= ${lit} ORDER BY seq`)).toEqual(expected);
    });
  }
  test('= never matches across types, and NULL matches nothing', () => {
    expect(h.rows('SELECT RAW seq FROM ks WHERE mixed = 0 ORDER BY seq')).toEqual(docs.filter((d) => d.mixed === 0).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE mixed = NULL')).toEqual([]);
    expect(h.rows('SELECT RAW seq FROM ks WHERE mixed = FALSE ORDER BY seq')).toEqual(docs.filter((d) => d.mixed === false).map((d) => d.seq));
  });
});

describe('MIN, MAX, DISTINCT and ARRAY_SORT use collation', () => {
  test('MIN / MAX ignore NULL and MISSING', () => {
    const valued = docs.map((d) => d.mixed).filter((m) => m !== undefined && m !== null);
    const sorted = [...valued].sort(refCollate);
    expect(h.rows('SELECT MIN(mixed) AS lo, MAX(mixed) AS hi FROM ks')).toEqual([{ lo: sorted[0], hi: sorted[sorted.length - 1] }]);
  });

  test('DISTINCT compares deeply', () => {
    const seen: unknown[] = [];
    for (const d of docs) if (!seen.some((s) => refCollate(s, d.mixed) === 0)) seen.push(d.mixed);
    // Wrap values: Array.prototype.sort moves undefined (MISSING) to the end without asking the comparator.
    const expected = seen
      .map((m) => ({ m }))
      .sort((a, b) => refCollate(a.m, b.m))
      .map(({ m }) => row({ mixed: m }));
    expect(h.rows('SELECT DISTINCT mixed FROM ks ORDER BY mixed')).toEqual(expected);
  });

  test('ARRAY_SORT orders a mixed array', () => {
    const input = [3, 'b', null, [1], { z: 1 }, false, 'a', 1.5, true, [], {}];
    expect(h.value(`ARRAY_SORT(${JSON.stringify(input)})`)).toEqual([...input].sort(refCollate));
  });

  test('strings compare by code point', () => {
    const words = ['b', 'B', 'a', 'é', 'e', 'Z', '😀', '\uffff', 'aa', ''];
    const expected = [...words].sort((a, b) => refCollate(a, b));
    expect(h.value(`ARRAY_SORT(${JSON.stringify(words)})`)).toEqual(expected);
    expect(h.value("'\uffff' < '😀'")).toBe(true);
  });
});
