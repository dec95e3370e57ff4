/**
 * String functions, with their MISSING / NULL rules, checked against plain JavaScript
 * string operations, on literals and over the fixture documents.
 */
import { harness } from './helpers/harness';

const h = harness(200);
const docs = [...h.docs.values()];
const v = (expr: string): unknown => h.value(expr);
const lit = (s: string): string => JSON.stringify(s);

const SAMPLES = ['Hello World', '  padded  ', 'naïve café', '', 'o\'neil-smith x_y', 'ABC abc 123', 'a,b,,c'];

describe('string functions on literals', () => {
  for (const s of SAMPLES) {
    test(`case, length, reverse of ${lit(s)}`, () => {
      expect(v(`LOWER(${lit(s)})`)).toBe(s.toLowerCase());
      expect(v(`UPPER(${lit(s)})`)).toBe(s.toUpperCase());
      expect(v(`LENGTH(${lit(s)})`)).toBe(s.length);
      expect(v(`REVERSE(${lit(s)})`)).toBe(Array.from(s).reverse().join(''));
      expect(v(`TRIM(${lit(s)})`)).toBe(s.replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, ''));
      expect(v(`LTRIM(${lit(s)})`)).toBe(s.replace(/^[ \t\n\f\r]+/, ''));
      expect(v(`RTRIM(${lit(s)})`)).toBe(s.replace(/[ \t\n\f\r]+$/, ''));
    });
  }

  test('SUBSTR is 0-based, negative positions count from the end, out of range is NULL', () => {
    const s = 'abcdef';
    expect(v(`SUBSTR(${lit(s)}, 0)`)).toBe(s.slice(0));
    expect(v(`SUBSTR(${lit(s)}, 2)`)).toBe(s.slice(2));
    expect(v(`SUBSTR(${lit(s)}, 2, 3)`)).toBe(s.slice(2, 5));
    expect(v(`SUBSTR(${lit(s)}, 4, 10)`)).toBe(s.slice(4));
    expect(v(`SUBSTR(${lit(s)}, -2)`)).toBe(s.slice(-2));
    expect(v(`SUBSTR(${lit(s)}, -3, 2)`)).toBe(s.slice(-3, -1));
    expect(v(`SUBSTR(${lit(s)}, 6)`)).toBeNull();
    expect(v(`SUBSTR(${lit(s)}, -7)`)).toBeNull();
    expect(v(`SUBSTR(${lit(s)}, 1, -1)`)).toBeNull();
    expect(v(`SUBSTR(${lit(s)}, 1.5)`)).toBeNull();
    expect(v(`SUBSTR(${lit(s)}, "1")`)).toBeNull();
  });

  test('POSITION is 0-based and -1 when absent; CONTAINS', () => {
    for (const [s, sub] of [['hello', 'l'], ['hello', 'lo'], ['hello', 'z'], ['hello', ''], ['', 'a']]) {
      expect(v(`POSITION(${lit(s!)}, ${lit(sub!)})`)).toBe(s!.indexOf(sub!));
      expect(v(`CONTAINS(${lit(s!)}, ${lit(sub!)})`)).toBe(s!.includes(sub!));
    }
  });

  test('TRIM family with explicit characters', () => {
    expect(v("TRIM('xxhixyx', 'xy')")).toBe('hi');
    expect(v("LTRIM('xxhixyx', 'x')")).toBe('hixyx');
    expect(v("RTRIM('xxhixyx', 'xy')")).toBe('xxhi');
    expect(v("TRIM('abc', '')")).toBe('abc');
  });

  test('REPLACE, with and without a count', () => {
    expect(v("REPLACE('a-b-c-d', '-', '+')")).toBe('a-b-c-d'.split('-').join('+'));
    expect(v("REPLACE('a-b-c-d', '-', '+', 2)")).toBe('a+b+c-d');
    expect(v("REPLACE('aaa', 'a', 'bb')")).toBe('bbbbbb');
    expect(v("REPLACE('abc', '', '-')")).toBe('-a-b-c-');
    expect(v("REPLACE('abc', 'b', 1)")).toBeNull();
    expect(v("REPLACE('abc', 'b', 'x', 1.5)")).toBeNull();
  });

  test('SPLIT on a separator, on whitespace, per character', () => {
    expect(v("SPLIT('a,b,,c', ',')")).toEqual('a,b,,c'.split(','));
    expect(v("SPLIT('  lots   of space ')")).toEqual(['lots', 'of', 'space']);
    expect(v("SPLIT('abc', '')")).toEqual(['a', 'b', 'c']);
    expect(v("SPLIT('abc', 'x')")).toEqual(['abc']);
  });

  test('CONCAT, REPEAT, INITCAP / TITLE', () => {
    expect(v("CONCAT('a', 'b', 'c')")).toBe('abc');
    expect(v("CONCAT('a', 1)")).toBeNull();
    expect(v("REPEAT('ab', 3)")).toBe('ab'.repeat(3));
    expect(v("REPEAT('ab', 0)")).toBe('');
    expect(v("REPEAT('ab', -1)")).toBeNull();
    expect(v("REPEAT('ab', 1.5)")).toBeNull();
    expect(v("INITCAP('hello wORLD')")).toBe('Hello World');
    expect(v("TITLE('o''neil-smith x_y 2nd')")).toBe("O'Neil-Smith X_y 2nd");
  });

  test('REGEXP_CONTAINS and REGEXP_LIKE', () => {
    expect(v("REGEXP_CONTAINS('abc123', '[0-9]+')")).toBe(true);
    expect(v("REGEXP_LIKE('abc123', '[a-z]+')")).toBe(false);
    expect(v("REGEXP_LIKE('abc', '[a-z]+')")).toBe(true);
    expect(v("REGEXP_CONTAINS('abc', '(')")).toBeNull();
  });
});

describe('MISSING and NULL arguments', () => {
  const calls: [string, string[]][] = [
    ['LOWER', ["'a'"]],
    ['UPPER', ["'a'"]],
    ['LENGTH', ["'a'"]],
    ['REVERSE', ["'a'"]],
    ['INITCAP', ["'a'"]],
    ['TITLE', ["'a'"]],
    ['TRIM', ["'a'", "' '"]],
    ['LTRIM', ["'a'", "' '"]],
    ['RTRIM', ["'a'", "' '"]],
    ['SUBSTR', ["'abc'", '1', '1']],
    ['CONTAINS', ["'abc'", "'b'"]],
    ['POSITION', ["'abc'", "'b'"]],
    ['REPLACE', ["'abc'", "'b'", "'x'"]],
    ['SPLIT', ["'a b'", "' '"]],
    ['CONCAT', ["'a'", "'b'"]],
    ['REPEAT', ["'a'", '2']],
  ];
  for (const [fn, args] of calls) {
    args.forEach((_, i) => {
      const withArg = (x: string): string => `${fn}(${args.map((a, j) => (j === i ? x : a)).join(', ')})`;
      test(`${fn}: argument ${i + 1} MISSING → MISSING, NULL → NULL, wrong type → NULL`, () => {
        expect(h.rows(`SELECT RAW ${withArg('MISSING')}`)).toEqual([]);
        expect(v(withArg('NULL'))).toBeNull();
        expect(v(withArg('[1]'))).toBeNull();
      });
    });
    test(`${fn}: MISSING wins over NULL`, () => {
      if (args.length > 1) expect(h.rows(`SELECT RAW ${fn}(NULL, ${['MISSING', ...args.slice(2)].join(', ')})`)).toEqual([]);
    });
  }
});

describe('string functions over documents', () => {
  /** The SQL++ result of a one-string-argument function over a field: MISSING, NULL for non-strings, else f(s). */
  const apply = (x: unknown, f: (s: string) => unknown): unknown => (x === undefined ? undefined : typeof x === 'string' ? f(x) : null);
  test('LOWER / LENGTH / SUBSTR of name', () => {
    const rows = h.rows('SELECT seq, LOWER(name) AS l, LENGTH(name) AS n, SUBSTR(name, 1, 2) AS s FROM ks ORDER BY seq');
    const expected = docs.map((d) => {
      const r: Record<string, unknown> = { seq: d.seq };
      const l = apply(d.name, (s) => s.toLowerCase());
      const n = apply(d.name, (s) => s.length);
      const s = apply(d.name, (x) => (x.length > 1 ? x.slice(1, 3) : null));
      if (l !== undefined) r.l = l;
      if (n !== undefined) r.n = n;
      if (s !== undefined) r.s = s;
      return r;
    });
    expect(rows).toEqual(expected);
  });

  test('a string function in WHERE', () => {
    const expected = docs.filter((d) => typeof d.name === 'string' && d.name.toUpperCase().startsWith('A')).map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE UPPER(name) LIKE 'A%' ORDER BY seq")).toEqual(expected);
  });

  test('|| over documents', () => {
    const expected = docs.map((d) => apply(d.name, (n) => (typeof d.city === 'string' ? `${n}@${d.city}` : null))).filter((x) => x !== undefined);
    expect(h.rows("SELECT RAW name || '@' || city FROM ks ORDER BY seq")).toEqual(expected);
  });
});
