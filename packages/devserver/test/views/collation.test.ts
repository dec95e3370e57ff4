/**
 * View collation (src/views/collation.ts), as unit tests.
 *
 * Proves: the type order null < false < true < numbers < strings < arrays < objects;
 * numeric order of numbers; ICU (UCA root) order of strings — lowercase before
 * uppercase, accents after the plain letter, spaces and punctuation before digits before
 * letters, scripts in DUCET order, emoji before digits; element-wise arrays with a prefix
 * first; objects pair by pair; a total order (distinct values never compare 0, even
 * strings ICU calls equal); document ids in code point (= UTF-8 byte) order. Every
 * expected order is written out by hand; two properties check the comparator is a
 * consistent total order over random JSON.
 */
import fc from 'fast-check';
import { compareCodePoints, compareKeys, compareStrings } from '../../src/views/collation';

/** Asserts that `expected` is strictly increasing under compareKeys, and that sorting a shuffle gives it back. */
function expectOrder(expected: readonly unknown[]): void {
  for (let i = 0; i + 1 < expected.length; i++) {
    expect([expected[i], Math.sign(compareKeys(expected[i], expected[i + 1]))]).toEqual([expected[i], -1]);
    expect(Math.sign(compareKeys(expected[i + 1], expected[i]))).toBe(1);
  }
  const shuffled = expected.slice().reverse();
  shuffled.push(shuffled.shift());
  expect(shuffled.sort(compareKeys)).toEqual(expected);
}

describe('view collation', () => {
  test('types: null < false < true < numbers < strings < arrays < objects', () => {
    expectOrder([null, false, true, -1e300, -1, 0, 0.5, 1, 2, 10, 1e300, '', '0', 'a', [], [null], {}, { a: null }]);
  });

  test('numbers are compared numerically, not as text', () => {
    expectOrder([-100, -20, -3, -0.5, 0, 1e-9, 1, 2, 9, 10, 11, 100, 1e21]);
    expect(compareKeys(1, 1.0)).toBe(0);
  });

  test('strings: lowercase before uppercase of the same letter, then the next letter', () => {
    expectOrder(['a', 'A', 'aa', 'Aa', 'ab', 'b', 'B', 'ba']);
  });

  test('strings: accents are a secondary difference', () => {
    expectOrder(['e', 'E', 'é', 'É', 'f']);
    expectOrder(['resume', 'Resume', 'résumé', 'resumes']);
    expectOrder(['a', 'ä', 'ae', 'af']);
  });

  test('strings: whitespace < punctuation < symbols < digits < letters (non-ignorable)', () => {
    expectOrder([' ', '_', '-', ',', '.', '@', '$', '1', 'a']);
    expectOrder(['a b', 'a-b', 'ab']);
    expectOrder(['10', '9', 'a']);
  });

  test('strings: other scripts and emoji', () => {
    // DUCET: symbols (emoji) < digits (any script) < Latin < Greek < Cyrillic < Hebrew < Arabic < Hangul < Kana < Han.
    expectOrder(['😀', '1', 'z', 'α', 'я', 'א', 'ا', '한', 'あ', '中']);
    // Hiragana and katakana differ at the tertiary level only.
    expectOrder(['あ', 'ア', 'い']);
    // A Devanagari one is the digit one with a tertiary difference: same primary as '1'.
    expectOrder(['1', '१', '2']);
  });

  test('strings ICU calls equal still compare unequal (code point tie-break)', () => {
    expect(new Intl.Collator('en').compare('a', 'a\u0000')).toBe(0);
    expect(compareStrings('a', 'a\u0000')).toBeLessThan(0);
    expect(compareStrings('a\u0000', 'a')).toBeGreaterThan(0);
    expect(compareKeys(['a\u0001'], ['a\u0001'])).toBe(0);
  });

  test('arrays: element by element, a prefix first, nested arrays inside', () => {
    expectOrder([[], [null], [false], [0], [1], [1, 1], [1, 2], [1, 'a'], [1, []], [2], ['a'], ['a', 0], ['b'], [[]], [[1]], [[1, 2]], [[2]], [{}]]);
    expectOrder([['US'], ['US', 'CA'], ['US', 'CA', 'San Diego'], ['US', 'CA', 'San Francisco'], ['US', 'OR']]);
  });

  test('objects: pairs in member order (key, then value), fewer members first', () => {
    expectOrder([{}, { a: 1 }, { a: 1, b: 1 }, { a: 2 }, { A: 0 }, { b: 0 }, { b: [] }, { b: {} }]);
    // Member order matters: the first pair decides.
    expect(compareKeys({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeLessThan(0);
  });

  test('document ids: code point order, which is UTF-8 byte order', () => {
    // UTF-16 code units would put U+FFFF after the surrogate pair of U+1F600.
    expect('\uffff' > '😀').toBe(true);
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect(compareCodePoints('B', 'a')).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 500 },
    );
  });

  test('property: a total order over JSON (antisymmetric, transitive, 0 only for equal values)', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, json, json, (a, b, c) => {
        const ab = Math.sign(compareKeys(a, b));
        expect(Math.sign(compareKeys(b, a))).toBe(-ab || 0);
        if (ab === 0) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        const sorted = [a, b, c].sort(compareKeys);
        expect(compareKeys(sorted[0], sorted[2])).toBeLessThanOrEqual(0);
        if (compareKeys(sorted[0], sorted[1]) < 0 || compareKeys(sorted[1], sorted[2]) < 0) expect(compareKeys(sorted[0], sorted[2])).toBeLessThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
