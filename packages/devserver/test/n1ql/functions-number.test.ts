/**
 * Numeric functions, with their MISSING / NULL rules, checked against Math.*; ROUND is
 * half-to-even as on a real server.
 */
import { harness } from './helpers/harness';

const h = harness(200);
const docs = [...h.docs.values()];
const v = (expr: string): unknown => h.value(expr);

const NUMBERS = [0, 1, -1, 2.5, -2.5, 3.7, -3.7, 100, 0.001, 1e6];

describe('numeric functions on literals', () => {
  for (const n of NUMBERS) {
    test(`unary functions of ${n}`, () => {
      expect(v(`ABS(${n})`)).toBe(Math.abs(n));
      expect(v(`CEIL(${n})`)).toBe(Math.ceil(n));
      expect(v(`FLOOR(${n})`)).toBe(Math.floor(n));
      expect(v(`EXP(${n > 100 ? 1 : n})`)).toBeCloseTo(Math.exp(n > 100 ? 1 : n));
      expect(v(`SIGN(${n})`)).toBe(n > 0 ? 1 : n < 0 ? -1 : 0);
      expect(v(`TRUNC(${n})`)).toBe(Math.trunc(n));
      if (n > 0) {
        expect(v(`SQRT(${n})`)).toBeCloseTo(Math.sqrt(n));
        expect(v(`LN(${n})`)).toBeCloseTo(Math.log(n));
        expect(v(`LOG(${n})`)).toBeCloseTo(Math.log10(n));
      }
    });
  }

  test('ROUND rounds half to even, with a precision', () => {
    const cases: [string, number][] = [
      ['ROUND(2.5)', 2],
      ['ROUND(3.5)', 4],
      ['ROUND(-2.5)', -2],
      ['ROUND(2.4)', 2],
      ['ROUND(2.6)', 3],
      ['ROUND(1.2345, 2)', 1.23],
      ['ROUND(1.235, 2)', 1.24],
      ['ROUND(1234, -2)', 1200],
      ['ROUND(0)', 0],
    ];
    for (const [e, expected] of cases) expect(v(e)).toBeCloseTo(expected, 10);
  });

  test('TRUNC with a precision', () => {
    expect(v('TRUNC(1.789, 2)')).toBeCloseTo(1.78, 10);
    expect(v('TRUNC(-1.789, 1)')).toBeCloseTo(-1.7, 10);
    expect(v('TRUNC(1789, -2)')).toBe(1700);
  });

  test('POWER, PI, RANDOM', () => {
    expect(v('POWER(2, 10)')).toBe(2 ** 10);
    expect(v('POWER(9, 0.5)')).toBe(3);
    expect(v('PI()')).toBe(Math.PI);
    const r = v('RANDOM()') as number;
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
    expect(v('RANDOM(42)')).toBe(v('RANDOM(42)'));
    expect(v('RANDOM(42)')).not.toBe(v('RANDOM(43)'));
    expect(v('RANDOM(1.5)')).toBeNull();
  });

  test('non-integral precision is NULL', () => {
    expect(v('ROUND(1.5, 0.5)')).toBeNull();
    expect(v('TRUNC(1.5, "1")')).toBeNull();
  });
});

describe('MISSING and NULL arguments', () => {
  const calls: [string, string[]][] = [
    ['ABS', ['1']],
    ['CEIL', ['1']],
    ['FLOOR', ['1']],
    ['ROUND', ['1', '0']],
    ['TRUNC', ['1', '0']],
    ['POWER', ['2', '2']],
    ['SQRT', ['4']],
    ['LN', ['1']],
    ['LOG', ['1']],
    ['EXP', ['1']],
    ['SIGN', ['1']],
    ['RANDOM', ['1']],
  ];
  for (const [fn, args] of calls) {
    args.forEach((_, i) => {
      const withArg = (x: string): string => `${fn}(${args.map((a, j) => (j === i ? x : a)).join(', ')})`;
      test(`${fn}: argument ${i + 1} MISSING → MISSING, NULL → NULL, string → NULL`, () => {
        expect(h.rows(`SELECT RAW ${withArg('MISSING')}`)).toEqual([]);
        expect(v(withArg('NULL'))).toBeNull();
        expect(v(withArg("'3'"))).toBeNull();
      });
    });
  }
});

describe('numeric functions over documents', () => {
  test('ABS / ROUND / CEIL of price and age', () => {
    const num = (x: unknown, f: (n: number) => number): unknown => (x === undefined ? undefined : typeof x === 'number' ? f(x) : null);
    const rows = h.rows('SELECT seq, CEIL(price) AS c, ABS(age - 50) AS a FROM ks ORDER BY seq');
    const expected = docs.map((d) => {
      const r: Record<string, unknown> = { seq: d.seq, c: num(d.price, Math.ceil) };
      const a = d.age === undefined ? undefined : typeof d.age === 'number' ? Math.abs(d.age - 50) : null;
      if (a !== undefined) r.a = a;
      return r;
    });
    expect(rows).toEqual(expected);
  });

  test('arithmetic over documents skips non-numbers as NULL', () => {
    const expected = docs.filter((d) => typeof d.age === 'number' && d.age * 2 > 100).map((d) => d.seq);
    expect(h.rows('SELECT RAW seq FROM ks WHERE age * 2 > 100 ORDER BY seq')).toEqual(expected);
  });
});
