/**
 * Operators and their MISSING / NULL rules: arithmetic, concatenation, comparisons,
 * the three-valued logic tables of AND / OR / NOT, IN, BETWEEN, LIKE, the IS tests,
 * CASE, EXISTS and the collection operators. Expected values are spelled out from the
 * SQL++ documentation's tables or computed in plain JavaScript.
 */
import { harness } from './helpers/harness';

const h = harness(0);
/** `SELECT RAW expr` as a value: undefined stands for MISSING (no row). */
const v = (expr: string): unknown => h.value(expr);

/** The four truth values as SQL++ literals and as JavaScript (undefined = MISSING). */
const TRUTH = [
  ['TRUE', true],
  ['FALSE', false],
  ['NULL', null],
  ['MISSING', undefined],
] as const;

/** The documented AND table: FALSE wins, then MISSING, then NULL. */
function andTable(a: boolean | null | undefined, b: boolean | null | undefined): boolean | null | undefined {
  if (a === false || b === false) return false;
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) return null;
  return true;
}
/** The documented OR table: TRUE wins, then NULL, then MISSING. */
function orTable(a: boolean | null | undefined, b: boolean | null | undefined): boolean | null | undefined {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  if (a === undefined || b === undefined) return undefined;
  return false;
}

describe('three-valued logic', () => {
  for (const [la, ja] of TRUTH) {
    for (const [lb, jb] of TRUTH) {
      test(`${la} AND ${lb}`, () => expect(v(`${la} AND ${lb}`)).toBe(andTable(ja, jb)));
      test(`${la} OR ${lb}`, () => expect(v(`${la} OR ${lb}`)).toBe(orTable(ja, jb)));
    }
    test(`NOT ${la}`, () => expect(v(`NOT ${la}`)).toBe(typeof ja === 'boolean' ? !ja : ja));
  }
  test('non-boolean operands use truthiness', () => {
    expect(v('1 AND "x"')).toBe(true);
    expect(v('0 OR ""')).toBe(false);
    expect(v('[] OR {}')).toBe(false);
    expect(v('NOT []')).toBe(true);
    expect(v('NOT [0]')).toBe(false);
  });
  test('AND / OR short-circuit does not change results', () => {
    expect(v('FALSE AND (1/0 = 1)')).toBe(false);
    expect(v('TRUE OR MISSING')).toBe(true);
  });
});

describe('arithmetic', () => {
  const cases: [string, unknown][] = [
    ['1 + 2 * 3', 1 + 2 * 3],
    ['(1 + 2) * 3', (1 + 2) * 3],
    ['7 / 2', 7 / 2],
    ['7 % 3', 7 % 3],
    ['-7 % 3', -7 % 3],
    ['2 - -3', 2 - -3],
    ['-(2 + 3)', -(2 + 3)],
    ['10 - 4 - 3', 10 - 4 - 3],
    ['2 * 3 % 4', (2 * 3) % 4],
    ['1.5e2 + .5', 1.5e2 + 0.5],
    ['1 / 0', null],
    ['1 % 0', null],
    ['1 + "2"', null],
    ['1 + NULL', null],
    ['NULL + MISSING', undefined],
    ['"a" * MISSING', undefined],
    ['-"a"', null],
    ['-NULL', null],
    ['-MISSING', undefined],
  ];
  test.each(cases)('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('concatenation', () => {
  test.each([
    ["'a' || 'b' || 'c'", 'abc'],
    ["'a' || 1", null],
    ["'a' || NULL", null],
    ["'a' || MISSING", undefined],
    ["NULL || MISSING", undefined],
    ["'x' || '' ", 'x'],
    // || binds tighter than comparison, looser than +.
    ["'ab' = 'a' || 'b'", true],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('comparisons', () => {
  test.each([
    ['1 = 1', true],
    ['1 == 1.0', true],
    ['1 != 2', true],
    ['1 <> 1', false],
    ["'a' < 'b'", true],
    ["'B' < 'a'", true],
    ['1 = "1"', false],
    ['1 < "1"', true],
    ['TRUE < 0', true],
    ['FALSE < TRUE', true],
    ['NULL < FALSE', null],
    ['[1, 2] < [1, 3]', true],
    ['[1, 2] < [1, 2, 0]', true],
    ['[2] > [1, 9]', true],
    ['{"a": 1} = {"a": 1}', true],
    ['{"a": 1} < {"a": 1, "b": 0}', true],
    ['[] < {}', true],
    ["'z' < []", true],
    ['1 = NULL', null],
    ['NULL = NULL', null],
    ['MISSING = NULL', undefined],
    ['1 < MISSING', undefined],
    ['[NULL] = [NULL]', null],
    ['[1, NULL] = [2, NULL]', false],
    ['{"a": NULL} = {"a": NULL}', null],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('IN, BETWEEN, LIKE', () => {
  test.each([
    ['2 IN [1, 2, 3]', true],
    ['4 IN [1, 2, 3]', false],
    ['4 NOT IN [1, 2, 3]', true],
    ['"a" IN ["a"]', true],
    ['[1] IN [[1], [2]]', true],
    ['4 IN [1, NULL]', null],
    ['1 IN [1, NULL]', true],
    ['NULL IN [1]', null],
    ['NULL IN []', false],
    ['1 IN "abc"', null],
    ['1 IN MISSING', undefined],
    ['MISSING IN [1]', undefined],
    ['3 WITHIN {"a": [1, {"b": 3}]}', true],
    ['5 BETWEEN 1 AND 10', true],
    ['10 BETWEEN 1 AND 10', true],
    ['11 BETWEEN 1 AND 10', false],
    ['11 NOT BETWEEN 1 AND 10', true],
    ["'b' BETWEEN 'a' AND 'c'", true],
    ['NULL BETWEEN 1 AND 2', null],
    ['1 BETWEEN MISSING AND 2', undefined],
    ['1 BETWEEN 0 AND 2 AND FALSE', false],
    ["'hello' LIKE 'h%'", true],
    ["'hello' LIKE 'h_llo'", true],
    ["'hello' LIKE 'h_lo'", false],
    ["'hello' LIKE '%LL%'", false],
    ["'hello' NOT LIKE '%ll%'", false],
    ["'a.c' LIKE 'a.c'", true],
    ["'abc' LIKE 'a.c'", false],
    ["'50%' LIKE '50\\\\%'", true],
    ["'505' LIKE '50\\\\%'", false],
    ["'multi\nline' LIKE 'multi%'", true],
    ['1 LIKE "1"', null],
    ["MISSING LIKE 'a'", undefined],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('IS tests follow the documented table', () => {
  // [value, IS NULL, IS NOT NULL, IS MISSING, IS NOT MISSING, IS VALUED, IS NOT VALUED]
  const table: [string, unknown[]][] = [
    ['1', [false, true, false, true, true, false]],
    ['NULL', [true, false, false, true, false, true]],
    ['MISSING', [undefined, undefined, true, false, false, true]],
  ];
  const tests = ['IS NULL', 'IS NOT NULL', 'IS MISSING', 'IS NOT MISSING', 'IS VALUED', 'IS NOT VALUED'];
  for (const [value, expected] of table) {
    tests.forEach((t, i) => test(`${value} ${t}`, () => expect(v(`${value} ${t}`)).toBe(expected[i])));
  }
  test('IS KNOWN / IS UNKNOWN', () => {
    expect(v('1 IS KNOWN')).toBe(true);
    expect(v('NULL IS UNKNOWN')).toBe(true);
    expect(v('MISSING IS NOT UNKNOWN')).toBe(false);
  });
});

describe('CASE', () => {
  test.each([
    ['CASE WHEN 1 > 2 THEN "a" WHEN 2 > 1 THEN "b" ELSE "c" END', 'b'],
    ['CASE WHEN FALSE THEN 1 END', null],
    ['CASE WHEN NULL THEN 1 ELSE 2 END', 2],
    ['CASE 3 WHEN 1 THEN "one" WHEN 3 THEN "three" END', 'three'],
    ['CASE NULL WHEN NULL THEN "null" ELSE "other" END', 'other'],
    ['CASE "x" WHEN "y" THEN 1 END', null],
    ['CASE WHEN TRUE THEN MISSING ELSE 1 END', undefined],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('collection operators', () => {
  test.each([
    ['ANY x IN [1, 2, 3] SATISFIES x > 2 END', true],
    ['SOME x IN [1, 2, 3] SATISFIES x > 5 END', false],
    ['ANY x IN [] SATISFIES TRUE END', false],
    ['EVERY x IN [1, 2, 3] SATISFIES x > 0 END', true],
    ['EVERY x IN [1, 2, 3] SATISFIES x > 1 END', false],
    ['EVERY x IN [] SATISFIES FALSE END', true],
    ['ANY AND EVERY x IN [] SATISFIES TRUE END', false],
    ['ANY AND EVERY x IN [2, 4] SATISFIES x % 2 = 0 END', true],
    ['ANY x IN MISSING SATISFIES TRUE END', undefined],
    ['ANY x IN "abc" SATISFIES TRUE END', null],
    ['EVERY x IN NULL SATISFIES TRUE END', null],
    ['ANY x IN [1, 2], y IN [2, 1] SATISFIES x = y END', false],
    ['ANY x IN [1, 2], y IN [1, 4, 3] SATISFIES x + 1 = y END', false],
    ['ANY x IN [1, 2], y IN [0, 3] SATISFIES x + 1 = y END', true],
    ['ANY i:x IN ["a", "b"] SATISFIES i = 1 AND x = "b" END', true],
    ['ANY n:x IN {"k": 1} SATISFIES n = "k" AND x = 1 END', true],
    ['ANY x WITHIN {"a": [1, {"b": 7}]} SATISFIES x = 7 END', true],
    ['ARRAY x * 10 FOR x IN [1, 2, 3] END', [10, 20, 30]],
    ['ARRAY x FOR x IN [1, 2, 3, 4] WHEN x % 2 = 0 END', [2, 4]],
    ['ARRAY x.a FOR x IN [{"a": 1}, {"b": 2}, {"a": 3}] END', [1, 3]],
    ['ARRAY [x, y] FOR x IN [1, 2, 3], y IN ["a", "b"] END', [[1, 'a'], [2, 'b']]],
    ['ARRAY x FOR x IN MISSING END', undefined],
    ['ARRAY x FOR x IN 5 END', null],
    ['FIRST x FOR x IN [1, 2, 3] WHEN x > 1 END', 2],
    ['FIRST x FOR x IN [1, 2, 3] WHEN x > 5 END', undefined],
    ['FIRST x * 2 FOR x IN [4] END', 8],
    ['EXISTS [1]', true],
    ['EXISTS []', false],
    ['EXISTS "a"', null],
    ['EXISTS MISSING', undefined],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});

describe('operator precedence', () => {
  test.each([
    ['NOT 1 = 2', true],
    ['NOT TRUE AND FALSE', false],
    ['TRUE OR FALSE AND FALSE', true],
    ['1 + 2 = 3 AND 2 * 2 = 4', true],
    ['1 < 2 = TRUE', true],
    ["'a' || 'b' LIKE 'ab'", true],
    ['2 IN [1, 2] = TRUE', true],
    ['1 + 1 BETWEEN 1 AND 3', true],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));
});
