/**
 * Parameters: positional `$1` / `?` from `args`, named `$name` from `named` (keys with
 * or without `$`), parameters in every clause, and the 5010 error for a missing value.
 */
import { harness } from './helpers/harness';

const h = harness(120);
const docs = [...h.docs.values()];

describe('parameters', () => {
  test('positional $n', () => {
    expect(h.rows('SELECT $1 AS a, $2 AS b, $1 + 1 AS c', { args: [10, 'x'] })).toEqual([{ a: 10, b: 'x', c: 11 }]);
    const expected = docs.filter((d) => d.city === 'Rome' && typeof d.age === 'number' && d.age > 30).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks WHERE city = $1 AND age > $2 AND IS_NUMBER(age) ORDER BY seq', { args: ['Rome', 30] })).toEqual(expected);
  });

  test('? placeholders take the positional values in order', () => {
    expect(h.rows('SELECT ? AS a, ? AS b, ? AS c', { args: [1, [2], { x: 3 }] })).toEqual([{ a: 1, b: [2], c: { x: 3 } }]);
  });

  test('named parameters, with or without the $ in the key', () => {
    expect(h.rows('SELECT $city AS c, $n AS n', { named: { city: 'Oslo', $n: 2 } })).toEqual([{ c: 'Oslo', n: 2 }]);
    const expected = docs.filter((d) => d.type === 'place').map((d) => d.seq).slice(0, 4);
    expect(h.rows('SELECT RAW seq FROM ks WHERE type = $t ORDER BY seq LIMIT $lim', { named: { t: 'place', lim: 4 } })).toEqual(expected);
  });

  test('parameters in USE KEYS, IN, LIMIT / OFFSET, functions and DML', () => {
    expect(h.rows('SELECT RAW seq FROM ks USE KEYS $keys', { named: { keys: ['doc-003', 'doc-001'] } })).toEqual([3, 1]);
    expect(h.rows('SELECT RAW seq FROM ks WHERE seq IN $1 ORDER BY seq', { args: [[5, 7, 500]] })).toEqual([5, 7]);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq LIMIT $1 OFFSET $2', { args: [2, 3] })).toEqual([3, 4]);
    expect(h.rows('SELECT RAW UPPER($s)', { named: { s: 'abc' } })).toEqual(['ABC']);
    expect(h.rows('INSERT INTO ks (KEY, VALUE) VALUES ($k, $v) RETURNING RAW META().id', { named: { k: 'param-doc', v: { p: 1 } } })).toEqual(['param-doc']);
    expect(h.ks.value('param-doc')).toEqual({ p: 1 });
    h.ks.docs.delete('param-doc');
  });

  test('a NULL value is a value; a JSON value keeps its type', () => {
    expect(h.rows('SELECT $1 AS a, $2 IS NULL AS b', { args: [null, null] })).toEqual([{ a: null, b: true }]);
    expect(h.rows('SELECT RAW $1.a[1]', { args: [{ a: [1, 2] }] })).toEqual([2]);
  });

  test('a parameter without a value fails before the first row with 5010', () => {
    const named = h.fail('SELECT $x');
    expect(named.code).toBe(5010);
    expect(named.message).toBe('No value for named parameter $x');
    const positional = h.fail('SELECT $1, $2', { args: [1] });
    expect(positional.code).toBe(5010);
    expect(positional.message).toBe('No value for positional parameter $2');
    expect(h.fail('SELECT ?').message).toBe('No value for positional parameter $1');
    expect(() => h.engine.execute({ statement: 'SELECT RAW seq FROM ks WHERE seq = $1' })).toThrow('No value for positional parameter $1');
  });
});
