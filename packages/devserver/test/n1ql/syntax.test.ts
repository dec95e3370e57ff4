/**
 * Lexing and parsing: literals and names as written, comments, and 3000 syntax errors
 * that point at the line, column and token (unknown functions and wrong argument counts
 * are 3000 too), with the HTTP status the service answers with.
 */
import { harness } from './helpers/harness';

const h = harness(20);

describe('syntax errors are 3000 with a position', () => {
  const cases: [string, number, number, string][] = [
    // [statement, line, column, the token named after "at:"]
    ['SELEC * FROM ks', 1, 1, 'SELEC'],
    ['SELECT * FRO ks', 1, 10, 'FRO'],
    ['SELECT * FROM ks WHERE', 1, 23, 'end of input'],
    ['SELECT a,, b FROM ks', 1, 10, ','],
    ['SELECT (1 + 2 FROM ks', 1, 15, 'FROM'],
    ['SELECT *\nFROM ks\nWHERE a = = 1', 3, 11, '='],
    ['SELECT *\n  FROM ks\n  ORDER x', 3, 9, 'x'],
    ['UPDATE ks WHERE a = 1', 1, 11, 'WHERE'],
    ['INSERT INTO ks VALUES (1, 2)', 1, 16, 'VALUES'],
    ['SELECT CASE WHEN 1 THEN 2', 1, 26, 'end of input'],
    ['SELECT 1 LIMIT', 1, 15, 'end of input'],
    ['SELECT value FROM ks', 1, 14, 'FROM'],
    ['SELECT [1, 2', 1, 13, 'end of input'],
    ['DROP INDEX', 1, 11, 'end of input'],
  ];
  test.each(cases)('%j', (statement, line, column, at) => {
    const e = h.fail(statement);
    expect(e.code).toBe(3000);
    expect(e.httpStatus).toBe(400);
    expect(e.message).toContain(`line ${line}, column ${column}`);
    expect(e.message).toContain(`at: ${at}`);
    expect(e.message).toMatch(/^syntax error - /);
  });

  test('the "near" context shows the text before the error', () => {
    expect(h.fail('SELECT * FRO ks').message).toBe("syntax error - line 1, column 10, near 'SELECT *', at: FRO");
  });

  test('lexical errors', () => {
    for (const [s, what] of [
      ["SELECT 'abc", 'unterminated string'],
      ['SELECT `abc', 'unterminated quoted identifier'],
      ["SELECT 'a\\qb'", 'invalid escape'],
      ['SELECT 1 # 2', 'unexpected character'],
      ['SELECT /* never closed', 'unterminated comment'],
      ['SELECT $', 'parameter name'],
    ]) {
      const e = h.fail(s!);
      expect(e.code).toBe(3000);
      expect(e.message).toContain(what!);
    }
  });

  test('unknown functions and wrong argument counts', () => {
    const e = h.fail('SELECT NOSUCH(1)');
    expect(e.code).toBe(3000);
    expect(e.message).toContain('Invalid function NOSUCH');
    expect(h.fail('SELECT LOWER()').message).toContain('Number of arguments to function LOWER must be 1');
    expect(h.fail('SELECT SUBSTR("a")').message).toContain('between 2 and 3');
    expect(h.fail('SELECT COUNT(1, 2) FROM ks').code).toBe(3000);
    expect(h.fail('SELECT META(1) FROM ks').code).toBe(3000);
  });

  test('unsupported clauses are syntax errors at their keyword', () => {
    const e = h.fail('SELECT * FROM ks a JOIN ks b ON KEYS a.x');
    expect(e.code).toBe(3000);
    expect(e.message).toContain('at: JOIN');
    expect(h.fail('SELECT 1 UNION SELECT 2').message).toContain('at: UNION');
  });

  test('an empty statement', () => {
    expect(h.fail('   ').code).toBe(1050);
    expect(h.fail('-- just a comment').code).toBe(3000);
  });
});

describe('lexing', () => {
  test('string literals: both quotes, doubled quotes, escapes', () => {
    expect(h.value(`'it''s'`)).toBe("it's");
    expect(h.value(`"say ""hi"""`)).toBe('say "hi"');
    expect(h.value(`"tab\\tnew\\nline \\u00e9 \\" \\\\ \\/"`)).toBe('tab\tnew\nline é " \\ /');
    expect(h.value(`'mixed "quotes"'`)).toBe('mixed "quotes"');
  });

  test('numbers', () => {
    expect(h.value('42')).toBe(42);
    expect(h.value('-0.5')).toBe(-0.5);
    expect(h.value('.25')).toBe(0.25);
    expect(h.value('1e3')).toBe(1000);
    expect(h.value('2.5E-2')).toBe(0.025);
  });

  test('keywords are case-insensitive, names are not', () => {
    h.ks.put('case', { Name: 'upper', name: 'lower' });
    expect(h.rows("select raw Name from ks use keys 'case'")).toEqual(['upper']);
    expect(h.rows("SeLeCt RaW name FrOm ks UsE KeYs 'case'")).toEqual(['lower']);
    expect(h.rows("SELECT RAW `Name` FROM ks USE KEYS 'case'")).toEqual(['upper']);
    h.ks.docs.delete('case');
  });

  test('comments and a trailing semicolon', () => {
    expect(h.rows('SELECT /* inline */ 1 AS a -- trailing\n, 2 AS b;')).toEqual([{ a: 1, b: 2 }]);
  });

  test('backquoted names with special characters and reserved words', () => {
    h.ks.put('bq', { 'my-field': 1, value: 2, 'a`b': 3, 'x.y': 4 });
    expect(h.rows("SELECT `my-field`, `value`, `a``b`, `x.y` FROM ks USE KEYS 'bq'")).toEqual([{ 'my-field': 1, value: 2, 'a`b': 3, 'x.y': 4 }]);
    expect(h.rows("SELECT ks.`value` AS v, ks.value AS w FROM ks USE KEYS 'bq'")).toEqual([{ v: 2, w: 2 }]);
    h.ks.docs.delete('bq');
  });
});
