/**
 * Type, conversion, conditional, object, UUID and date functions, with their MISSING /
 * NULL rules (IFNULL treats MISSING as "not NULL", as the real function does).
 */
import { harness } from './helpers/harness';
import { refCollate } from './helpers/reference';

const h = harness(150);
const docs = [...h.docs.values()];
const v = (expr: string): unknown => h.value(expr);

/** Literals of every type, with their JavaScript value (undefined = MISSING). */
const LITERALS: [string, unknown][] = [
  ['MISSING', undefined],
  ['NULL', null],
  ['TRUE', true],
  ['FALSE', false],
  ['0', 0],
  ['-2.5', -2.5],
  ["''", ''],
  ["'12'", '12'],
  ["'1e3'", '1e3'],
  ["' 7'", ' 7'],
  ["'abc'", 'abc'],
  ['[]', []],
  ['[1, 2]', [1, 2]],
  ['{}', {}],
  ['{"a": 1}', { a: 1 }],
];

/** The type name of a value, independently of the engine. */
function typeOf(x: unknown): string {
  if (x === undefined) return 'missing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

/** Truthiness as the documentation defines TOBOOLEAN. */
const truthy = (x: unknown): boolean =>
  typeof x === 'boolean' ? x : typeof x === 'number' ? x !== 0 : typeof x === 'string' ? x.length > 0 : Array.isArray(x) ? x.length > 0 : Object.keys(x as object).length > 0;

describe('type functions', () => {
  for (const [lit, x] of LITERALS) {
    const unknown = x === undefined || x === null;
    test(`TYPE and IS_* of ${lit}`, () => {
      expect(v(`TYPE(${lit})`)).toBe(typeOf(x));
      expect(v(`TYPENAME(${lit})`)).toBe(typeOf(x));
      const checks: [string, (y: unknown) => boolean][] = [
        ['IS_ARRAY', Array.isArray],
        ['IS_ATOM', (y) => ['boolean', 'number', 'string'].includes(typeof y)],
        ['IS_BOOLEAN', (y) => typeof y === 'boolean'],
        ['IS_NUMBER', (y) => typeof y === 'number'],
        ['IS_OBJECT', (y) => typeOf(y) === 'object'],
        ['IS_STRING', (y) => typeof y === 'string'],
      ];
      for (const [fn, f] of checks) {
        if (x === undefined) expect(h.rows(`SELECT RAW ${fn}(${lit})`)).toEqual([]);
        else expect(v(`${fn}(${lit})`)).toBe(unknown ? null : f(x));
      }
    });

    test(`TO* conversions of ${lit}`, () => {
      const conv = (fn: string): unknown => (x === undefined ? (h.rows(`SELECT RAW ${fn}(${lit})`).length === 0 ? undefined : 'row!') : v(`${fn}(${lit})`));
      if (unknown) {
        for (const fn of ['TOARRAY', 'TOBOOLEAN', 'TONUMBER', 'TOOBJECT', 'TOSTRING']) expect(conv(fn)).toBe(x);
        return;
      }
      expect(conv('TOARRAY')).toEqual(Array.isArray(x) ? x : [x]);
      expect(conv('TOBOOLEAN')).toBe(truthy(x));
      expect(conv('TOOBJECT')).toEqual(typeOf(x) === 'object' ? x : {});
      const num = typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : typeof x === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x) ? Number(x) : null;
      expect(conv('TONUMBER')).toBe(num);
      const str = typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : null;
      expect(conv('TOSTRING')).toBe(str);
    });
  }

  test('TOSTRING never uses exponents; TONUMBER of special strings', () => {
    expect(v('TOSTRING(1e21)')).toBe('1000000000000000000000');
    expect(v('TOSTRING(0.0000001)')).toBe('0.0000001');
    expect(v('TOSTRING(-1.5e-7)')).toBe('-0.00000015');
    expect(v("TONUMBER('-12.5')")).toBe(-12.5);
    expect(v("TONUMBER('0x10')")).toBeNull();
  });
});

describe('conditional functions', () => {
  test.each([
    ['IFMISSING(MISSING, NULL, 1)', null],
    ['IFMISSING(MISSING, MISSING)', null],
    ['IFNULL(NULL, NULL, 2)', 2],
    ['IFNULL(MISSING, 2)', undefined],
    ['IFNULL(NULL, NULL)', null],
    ['IFMISSINGORNULL(MISSING, NULL, 3)', 3],
    ['IFMISSINGORNULL(NULL, MISSING)', null],
    ['COALESCE(NULL, "a")', 'a'],
    ['MISSINGIF(1, 1)', undefined],
    ['MISSINGIF(1, 2)', 1],
    ['MISSINGIF(NULL, 1)', null],
    ['MISSINGIF(MISSING, 1)', undefined],
    ['NULLIF(1, 1)', null],
    ['NULLIF("a", "b")', 'a'],
    ['NULLIF(1, MISSING)', undefined],
    ['GREATEST(1, "a", NULL, MISSING, TRUE)', 'a'],
    ['LEAST(1, "a", NULL, MISSING, TRUE)', true],
    ['GREATEST(NULL, MISSING)', null],
    ['LEAST(3, 1, 2)', 1],
    ['GREATEST([1], {"a": 0}, "z")', { a: 0 }],
  ] as [string, unknown][])('%s', (expr, expected) => expect(v(expr)).toEqual(expected));

  test('over documents: IFMISSINGORNULL and GREATEST', () => {
    const expected = docs.map((d) => (d.name === undefined || d.name === null ? 'anonymous' : d.name));
    expect(h.rows("SELECT RAW IFMISSINGORNULL(name, 'anonymous') FROM ks ORDER BY seq")).toEqual(expected);
    const g = docs.map((d) => [d.age, d.price].filter((x) => x !== undefined && x !== null).sort(refCollate).at(-1) ?? null);
    expect(h.rows('SELECT RAW GREATEST(age, price) FROM ks ORDER BY seq')).toEqual(g);
  });
});

describe('object functions', () => {
  const obj = { b: 2, a: [1], c: { d: null } };
  const names = Object.keys(obj).sort();
  test('names, values, pairs, length are in name order', () => {
    expect(v(`OBJECT_NAMES(${JSON.stringify(obj)})`)).toEqual(names);
    expect(v(`OBJECT_VALUES(${JSON.stringify(obj)})`)).toEqual(names.map((n) => obj[n as keyof typeof obj]));
    expect(v(`OBJECT_PAIRS(${JSON.stringify(obj)})`)).toEqual(names.map((n) => ({ name: n, val: obj[n as keyof typeof obj] })));
    expect(v(`OBJECT_LENGTH(${JSON.stringify(obj)})`)).toBe(names.length);
    expect(v('OBJECT_PUT({"a": 1}, "b", 2)')).toEqual({ a: 1, b: 2 });
    expect(v('OBJECT_ADD({"a": 1}, "a", 2)')).toEqual({ a: 1 });
    expect(v('OBJECT_REMOVE({"a": 1, "b": 2}, "a")')).toEqual({ b: 2 });
  });
  for (const fn of ['OBJECT_NAMES', 'OBJECT_VALUES', 'OBJECT_PAIRS', 'OBJECT_LENGTH']) {
    test(`${fn}: MISSING → MISSING, NULL / non-object → NULL`, () => {
      expect(h.rows(`SELECT RAW ${fn}(MISSING)`)).toEqual([]);
      expect(v(`${fn}(NULL)`)).toBeNull();
      expect(v(`${fn}([1])`)).toBeNull();
    });
  }
  test('over documents', () => {
    const expected = docs.map((d) => (d.address === undefined ? undefined : Object.keys(d.address as object).sort())).filter((x) => x !== undefined);
    expect(h.rows('SELECT RAW OBJECT_NAMES(address) FROM ks ORDER BY seq')).toEqual(expected);
  });
});

describe('UUID and dates', () => {
  test('UUID is a fresh v4 UUID per call', () => {
    const [a, b] = h.rows('SELECT RAW UUID() FROM [1, 2] AS x') as string[];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  test('NOW_MILLIS / NOW_STR come from the statement clock and are fixed within a statement', () => {
    const now = () => 1_700_000_000_123;
    expect(h.value('NOW_MILLIS()', { now })).toBe(1_700_000_000_123);
    const str = h.value('NOW_STR()', { now }) as string;
    expect(Date.parse(str)).toBe(1_700_000_000_123);
    expect(h.rows('SELECT RAW NOW_MILLIS() FROM ks LIMIT 3', { now })).toEqual([now(), now(), now()]);
    const before = Date.now();
    const real = h.value('NOW_MILLIS()') as number;
    expect(real).toBeGreaterThanOrEqual(before);
    expect(real).toBeLessThanOrEqual(Date.now());
  });

  test('MILLIS_TO_STR / STR_TO_MILLIS round trip', () => {
    const ms = Date.UTC(2024, 1, 29, 12, 34, 56, 789);
    expect(h.value(`STR_TO_MILLIS(MILLIS_TO_STR(${ms}))`)).toBe(ms);
    expect(h.value("STR_TO_MILLIS('2024-01-02T03:04:05Z')")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(h.value("STR_TO_MILLIS('not a date')")).toBeNull();
    expect(h.rows('SELECT RAW MILLIS_TO_STR(MISSING)')).toEqual([]);
  });
});
