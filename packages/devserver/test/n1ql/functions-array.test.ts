/**
 * Array functions, with their MISSING / NULL rules, checked against plain JavaScript
 * array operations, on literals and over the fixture documents.
 */
import { harness } from './helpers/harness';
import { refCollate } from './helpers/reference';

const h = harness(200);
const docs = [...h.docs.values()];
const v = (expr: string): unknown => h.value(expr);
const j = (x: unknown): string => JSON.stringify(x);

const ARR = [3, 1, 'b', null, 2, 'a', 1, [1], { k: 1 }, 2.5];

describe('array functions on literals', () => {
  test('length, reverse, sort, distinct, count, ifnull', () => {
    expect(v(`ARRAY_LENGTH(${j(ARR)})`)).toBe(ARR.length);
    expect(v(`ARRAY_REVERSE(${j(ARR)})`)).toEqual([...ARR].reverse());
    expect(v(`ARRAY_SORT(${j(ARR)})`)).toEqual([...ARR].sort(refCollate));
    expect(v('ARRAY_DISTINCT([1, 2, 1, "1", [1], [1], {"a": 1}, {"a": 1}, NULL, NULL])')).toEqual([1, 2, '1', [1], { a: 1 }, null]);
    expect(v(`ARRAY_COUNT(${j(ARR)})`)).toBe(ARR.filter((x) => x !== null).length);
    expect(v('ARRAY_IFNULL([NULL, NULL, 3, 4])')).toBe(3);
    expect(v('ARRAY_IFNULL([NULL])')).toBeNull();
  });

  test('sum, avg, min, max consider the right elements', () => {
    const nums = ARR.filter((x): x is number => typeof x === 'number');
    expect(v(`ARRAY_SUM(${j(ARR)})`)).toBe(nums.reduce((a, b) => a + b, 0));
    expect(v(`ARRAY_AVG(${j(ARR)})`)).toBeCloseTo(nums.reduce((a, b) => a + b, 0) / nums.length);
    expect(v('ARRAY_AVG(["a"])')).toBeNull();
    expect(v('ARRAY_SUM(["a"])')).toBe(0);
    const valued = ARR.filter((x) => x !== null);
    expect(v(`ARRAY_MIN(${j(ARR)})`)).toEqual([...valued].sort(refCollate)[0]);
    expect(v(`ARRAY_MAX(${j(ARR)})`)).toEqual([...valued].sort(refCollate).at(-1));
    expect(v('ARRAY_MIN([])')).toBeNull();
    expect(v('ARRAY_MAX([NULL])')).toBeNull();
  });

  test('contains and position use equality (NULL never matches)', () => {
    expect(v('ARRAY_CONTAINS([1, [2], "x"], [2])')).toBe(true);
    expect(v('ARRAY_CONTAINS([1, 2], "1")')).toBe(false);
    expect(v('ARRAY_CONTAINS([1, NULL], NULL)')).toBeNull();
    expect(v('ARRAY_POSITION(["a", "b", "c"], "c")')).toBe(['a', 'b', 'c'].indexOf('c'));
    expect(v('ARRAY_POSITION(["a"], "z")')).toBe(-1);
  });

  test('append, prepend, concat, insert, put, remove', () => {
    expect(v('ARRAY_APPEND([1, 2], 3, [4])')).toEqual([1, 2, 3, [4]]);
    expect(v('ARRAY_APPEND([1], NULL)')).toEqual([1, null]);
    expect(v('ARRAY_PREPEND(0, -1, [1, 2])')).toEqual([0, -1, 1, 2]);
    expect(v('ARRAY_CONCAT([1], [2, [3]], [])')).toEqual([1, 2, [3]]);
    expect(v('ARRAY_INSERT([1, 2, 3], 1, "x", "y")')).toEqual([1, 'x', 'y', 2, 3]);
    expect(v('ARRAY_INSERT([1, 2, 3], 3, "end")')).toEqual([1, 2, 3, 'end']);
    expect(v('ARRAY_INSERT([1, 2, 3], -1, "x")')).toEqual([1, 2, 'x', 3]);
    expect(v('ARRAY_INSERT([1, 2, 3], 4, "x")')).toBeNull();
    expect(v('ARRAY_PUT([1, 2], 2, 3, 3)')).toEqual([1, 2, 3, 3]);
    expect(v('ARRAY_PUT([1, 2], NULL)')).toBeNull();
    expect(v('ARRAY_REMOVE([1, 2, 1, 3, "1"], 1, 3)')).toEqual([2, '1']);
    expect(v('ARRAY_REMOVE([], 1)')).toEqual([]);
  });

  test('flatten and range', () => {
    const nested = [1, [2, [3, [4]]], 5];
    expect(v(`ARRAY_FLATTEN(${j(nested)}, 1)`)).toEqual(nested.flat(1));
    expect(v(`ARRAY_FLATTEN(${j(nested)}, 2)`)).toEqual(nested.flat(2));
    expect(v(`ARRAY_FLATTEN(${j(nested)}, -1)`)).toEqual(nested.flat(Infinity));
    expect(v(`ARRAY_FLATTEN(${j(nested)}, 0)`)).toEqual(nested);
    expect(v('ARRAY_RANGE(0, 5)')).toEqual([0, 1, 2, 3, 4]);
    expect(v('ARRAY_RANGE(1, 10, 3)')).toEqual([1, 4, 7]);
    expect(v('ARRAY_RANGE(5, 0, -2)')).toEqual([5, 3, 1]);
    expect(v('ARRAY_RANGE(0, 5, -1)')).toEqual([]);
    expect(v('ARRAY_RANGE(0, 5, 0)')).toEqual([]);
  });
});

describe('MISSING and NULL arguments', () => {
  const calls: [string, string[], 'null' | 'any'][] = [
    ['ARRAY_LENGTH', ['[1]'], 'null'],
    ['ARRAY_REVERSE', ['[1]'], 'null'],
    ['ARRAY_SORT', ['[1]'], 'null'],
    ['ARRAY_DISTINCT', ['[1]'], 'null'],
    ['ARRAY_COUNT', ['[1]'], 'null'],
    ['ARRAY_SUM', ['[1]'], 'null'],
    ['ARRAY_AVG', ['[1]'], 'null'],
    ['ARRAY_MIN', ['[1]'], 'null'],
    ['ARRAY_MAX', ['[1]'], 'null'],
    ['ARRAY_IFNULL', ['[1]'], 'null'],
    ['ARRAY_CONTAINS', ['[1]', '1'], 'null'],
    ['ARRAY_POSITION', ['[1]', '1'], 'null'],
    ['ARRAY_APPEND', ['[1]', '1'], 'any'],
    ['ARRAY_PREPEND', ['1', '[1]'], 'any'],
    ['ARRAY_CONCAT', ['[1]', '[2]'], 'null'],
    ['ARRAY_FLATTEN', ['[1]', '1'], 'null'],
    ['ARRAY_RANGE', ['0', '2'], 'null'],
    ['ARRAY_INSERT', ['[1]', '0', '2'], 'any'],
    ['ARRAY_PUT', ['[1]', '2'], 'null'],
    ['ARRAY_REMOVE', ['[1]', '1'], 'null'],
  ];
  for (const [fn, args, nullRule] of calls) {
    args.forEach((_, i) => {
      const withArg = (x: string): string => `${fn}(${args.map((a, k) => (k === i ? x : a)).join(', ')})`;
      test(`${fn}: argument ${i + 1} MISSING → MISSING${nullRule === 'null' ? ', NULL → NULL' : ''}`, () => {
        expect(h.rows(`SELECT RAW ${withArg('MISSING')}`)).toEqual([]);
        if (nullRule === 'null') expect(v(withArg('NULL'))).toBeNull();
      });
    });
    test(`${fn}: a non-array where the array goes is NULL`, () => {
      const arrayAt = fn === 'ARRAY_PREPEND' ? args.length - 1 : fn === 'ARRAY_RANGE' ? -1 : 0;
      if (arrayAt >= 0) expect(v(`${fn}(${args.map((a, k) => (k === arrayAt ? "'str'" : a)).join(', ')})`)).toBeNull();
    });
  }
});

describe('array functions over documents', () => {
  test('ARRAY_LENGTH / ARRAY_SUM / ARRAY_CONTAINS of fields', () => {
    const arr = (x: unknown, f: (a: unknown[]) => unknown): unknown => (x === undefined ? undefined : Array.isArray(x) ? f(x) : null);
    const rows = h.rows("SELECT seq, ARRAY_LENGTH(tags) AS n, ARRAY_SUM(scores) AS s, ARRAY_CONTAINS(tags, 'red') AS red FROM ks ORDER BY seq");
    const expected = docs.map((d) => {
      const r: Record<string, unknown> = { seq: d.seq };
      const n = arr(d.tags, (a) => a.length);
      const red = arr(d.tags, (a) => a.includes('red'));
      if (n !== undefined) r.n = n;
      r.s = arr(d.scores, (a) => a.filter((x): x is number => typeof x === 'number').reduce((x, y) => x + y, 0));
      if (red !== undefined) r.red = red;
      return r;
    });
    expect(rows).toEqual(expected);
  });

  test('ANY over a document array in WHERE', () => {
    const expected = docs.filter((d) => Array.isArray(d.tags) && d.tags.some((t) => t === 'blue')).map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE ANY t IN tags SATISFIES t = 'blue' END ORDER BY seq")).toEqual(expected);
    const every = docs.filter((d) => Array.isArray(d.tags) && d.tags.every((t) => t === 'red')).map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE EVERY t IN tags SATISFIES t = 'red' END ORDER BY seq")).toEqual(every);
  });

  test('ARRAY … FOR over objects in a document', () => {
    const expected = docs.map((d) => (d.items as { sku: string; qty: number }[]).filter((i) => i.qty > 1).map((i) => i.sku));
    expect(h.rows('SELECT RAW ARRAY i.sku FOR i IN items WHEN i.qty > 1 END FROM ks ORDER BY seq')).toEqual(expected);
    const firsts = docs.map((d) => (d.items as { sku: string }[])[0]?.sku).filter((x) => x !== undefined);
    expect(h.rows('SELECT RAW FIRST i.sku FOR i IN items END FROM ks ORDER BY seq')).toEqual(firsts);
  });
});
