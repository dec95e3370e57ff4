/**
 * Sub-document path syntax: a table of edge cases for the parser (kv_engine subjson
 * path.cc rules, docs/SubDocument.md), then the same paths over the wire, where a bad
 * path is PATH_EINVAL and one with too many components PATH_E2BIG, and the JSON tree the
 * operations work on (source text kept, depth limits).
 */
import { depthOf, parseJson, parseJsonList, serialize } from '../../src/kv/subdoc/json-tree';
import { parsePath, quoteKey, type PathComponent } from '../../src/kv/subdoc/path';
import { multiLookup, parseLookupResults, SD_OP, setReq, single, ST, useCluster, freshKey } from './wire-helpers';

const k = (key: string): PathComponent => ({ key });
const i = (index: number): PathComponent => ({ index });

describe('parsePath', () => {
  test.each<[string, PathComponent[] | 'einval' | 'e2big']>([
    ['', []],
    ['a', [k('a')]],
    ['a.b.c', [k('a'), k('b'), k('c')]],
    ['a[2].c', [k('a'), i(2), k('c')]],
    ['a[-1]', [k('a'), i(-1)]],
    ['[0]', [i(0)]],
    ['[1][2][3]', [i(1), i(2), i(3)]],
    ['foo[0][0][0]', [k('foo'), i(0), i(0), i(0)]],
    ['a[10].b[-1][-1]', [k('a'), i(10), k('b'), i(-1), i(-1)]],
    ['`a.b`', [k('a.b')]],
    ['`a.b`.c', [k('a.b'), k('c')]],
    ['escaped.`arr.idx`[9]', [k('escaped'), k('arr.idx'), i(9)]],
    ['`a[0]`', [k('a[0]')]],
    ['`BACKTICK``HAPPY`.`CAMPER`', [k('BACKTICK`HAPPY'), k('CAMPER')]],
    ['trailing``', [k('trailing`')]],
    ['a`.`b', [k('a.b')]],
    ['a\\"b', [k('a\\"b')]], // JSON escapes stay: the key is matched as written in the document
    ['a\\\\.b', [k('a\\\\'), k('b')]],
    ['F\u00fatbol', [k('F\u00fatbol')]],
    ['a.', [k('a')]],
    ['a[0].', [k('a'), i(0)]],
    ['a[]', [k('a'), i(0)]], // subjson reads an empty index as 0
    ['.a', 'einval'],
    ['a..b', 'einval'],
    ['....', 'einval'],
    ['a[-2]', 'einval'],
    ['a[+1]', 'einval'],
    ['a[1', 'einval'],
    ['a[x]', 'einval'],
    ['[not][a][number]', 'einval'],
    ['hello[0]world', 'einval'],
    ['a[0]]', 'einval'],
    ['a]', 'einval'],
    ['"quoted', 'einval'],
    ['a\\u0041', 'einval'],
    ['a\\x', 'einval'],
    ['a\\', 'einval'],
    ['a\u0001b', 'einval'],
    ['`unterminated', 'einval'],
    ['``', 'einval'],
    ['a[ 1]', 'einval'],
    [Array.from({ length: 31 }, (_, n) => `c${n}`).join('.'), Array.from({ length: 31 }, (_, n) => k(`c${n}`))],
    [Array.from({ length: 32 }, (_, n) => `c${n}`).join('.'), 'e2big'],
    ['x' + '[0]'.repeat(31), 'e2big'],
  ])('%j → %j', (path, expected) => {
    expect(parsePath(path)).toEqual(expected);
  });

  test('quoteKey makes any key a single component', () => {
    for (const key of ['plain', 'a.b', 'x[1]', 'back`tick', '`', 'a]b']) {
      expect(parsePath(quoteKey(key))).toEqual([k(key)]);
    }
  });
});

describe('JSON tree', () => {
  test('keeps the source text of every value: big integers, escapes, whitespace', () => {
    const text = '{ "big" : 12345678901234567890123 , "s":"\\u00e9\\n" , "f": 1.50e+3, "a": [ 1 ,2 ] }';
    const root = parseJson(text, 32);
    expect(typeof root).not.toBe('string');
    expect(serialize(root as Exclude<typeof root, string>)).toBe(text);
    const entries = (root as unknown as { entries: { key: string; value: { raw?: string } }[] }).entries;
    expect(entries.map((e) => e.value.raw)).toEqual(['12345678901234567890123', '"\\u00e9\\n"', '1.50e+3', '[ 1 ,2 ]']);
  });

  test('rejects what is not exactly one JSON value', () => {
    for (const bad of ['', '{', '{"a"}', '[1,]', '01', '1 2', 'tru', '"\u0001"', '"\\x"', '{"a":1,}', '.5', 'NaN']) {
      expect(parseJson(bad, 32)).toBe('invalid');
    }
  });

  test('depth: the top-level value is at depth 1; deeper than the limit is too-deep', () => {
    expect(depthOf(parseJson('1', 32) as never)).toBe(1);
    expect(depthOf(parseJson('{"a":[{}]}', 32) as never)).toBe(3);
    expect(parseJson('[[[1]]]', 4)).not.toBe('too-deep');
    expect(parseJson('[[[1]]]', 3)).toBe('too-deep');
    expect(parseJson('1', 0)).toBe('too-deep');
  });

  test('value lists: comma-separated values keep their own text; an empty list is invalid', () => {
    const list = parseJsonList(' 1, "two" ,[3]', 30);
    expect(Array.isArray(list) && list.map(serialize)).toEqual(['1', '"two"', '[3]']);
    expect(parseJsonList('  ', 30)).toBe('invalid');
    expect(parseJsonList('1],[2', 30)).toBe('invalid');
  });
});

describe('paths over the wire', () => {
  const env = useCluster();
  const DOC = JSON.stringify({ a: { b: [10, 20, { c: 'deep' }] }, 'dot.ted': 1, 'back`tick': 2, 'q"uote': 3, arr: [[1, 2], [3, 4]], '': 'empty' });

  const cases: [string, number, string?][] = [
    ['a.b[2].c', ST.SUCCESS, '"deep"'],
    ['a.b[-1].c', ST.SUCCESS, '"deep"'],
    ['a.b[0]', ST.SUCCESS, '10'],
    ['arr[-1][-1]', ST.SUCCESS, '4'],
    ['arr[1][0]', ST.SUCCESS, '3'],
    ['`dot.ted`', ST.SUCCESS, '1'],
    ['`back``tick`', ST.SUCCESS, '2'],
    ['q\\"uote', ST.SUCCESS, '3'],
    ['a.b[3]', ST.PATH_ENOENT],
    ['a.x', ST.PATH_ENOENT],
    ['a.b.c', ST.PATH_MISMATCH],
    ['a[0]', ST.PATH_MISMATCH],
    ['a.b[0].x', ST.PATH_MISMATCH],
    ['a..b', ST.PATH_EINVAL],
    ['a[-2]', ST.PATH_EINVAL],
    ['q"uote', ST.PATH_EINVAL],
    [Array.from({ length: 32 }, () => 'a').join('.'), ST.PATH_E2BIG],
  ];
  // Rows always have three cells: jest would take a missing one for a `done` callback.
  test.each(cases.map(([path, status, value]): [string, number, string | null] => [path, status, value ?? null]))('GET %j → status %d', async (path, status, value) => {
    const c = await env.open();
    const key = freshKey('path');
    await c.request(setReq(key, DOC));
    const single1 = await c.request(single(SD_OP.GET, key, path));
    expect(single1.status).toBe(status);
    if (value !== null) expect(single1.value.toString()).toBe(value);
    const multi = await c.request(multiLookup(key, [{ op: SD_OP.GET, path }]));
    expect(multi.status).toBe(status === ST.SUCCESS ? ST.SUCCESS : ST.MULTI_PATH_FAILURE);
    expect(parseLookupResults(multi.value)).toEqual([{ status, value: value ?? '' }]);
  });

  test('a path longer than 1024 bytes is EINVAL (request-level), as kv_engine validates it', async () => {
    const c = await env.open();
    const key = freshKey('path');
    await c.request(setReq(key, DOC));
    expect((await c.request(single(SD_OP.GET, key, 'a'.repeat(1025)))).status).toBe(ST.EINVAL);
    expect((await c.request(single(SD_OP.GET, key, 'a'.repeat(1024)))).status).toBe(ST.PATH_ENOENT);
    expect((await c.request(multiLookup(key, [{ op: SD_OP.GET, path: 'b'.repeat(1025) }]))).status).toBe(ST.EINVAL);
  });
});
