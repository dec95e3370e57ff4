/**
 * parseErrorMap (connection/error-map.ts) on the error maps real 7.0 and 7.1 servers
 * serve (test-fixtures/gocbcore) — every code, name, description and attribute list comes
 * through, from a string or from wire bytes — and on hostile bodies (not JSON, wrong
 * shapes, entries missing fields, bad keys), which must never throw: a malformed entry is
 * skipped or defaulted, a body that is not an object gives `undefined`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseErrorMap } from '../../src/connection/error-map';

const FIXTURES = path.resolve(__dirname, '../../../../test-fixtures/gocbcore');
const read = (file: string): string => fs.readFileSync(path.join(FIXTURES, file), 'utf8');

describe.each([
  ['err_map70_v1.json', 1, 2, 58],
  ['err_map71_v2.json', 2, 1, 65],
])('%s', (file, version, revision, count) => {
  const text = read(file);
  const json = JSON.parse(text) as { errors: Record<string, { name: string; desc: string; attrs: string[] }> };

  test('version, revision and the number of codes', () => {
    const map = parseErrorMap(text)!;
    expect(map.version).toBe(version);
    expect(map.revision).toBe(revision);
    expect(map.errors.size).toBe(count);
    expect(Object.keys(json.errors)).toHaveLength(count);
  });

  test('every entry: code from the hex key, name, desc, attrs', () => {
    const map = parseErrorMap(text)!;
    for (const [hex, e] of Object.entries(json.errors)) {
      expect(map.errors.get(Number.parseInt(hex, 16))).toEqual({ name: e.name, desc: e.desc, attrs: e.attrs });
    }
  });

  test('wire bytes, also as a view into a larger buffer, parse the same as the string', () => {
    const fromString = parseErrorMap(text);
    expect(parseErrorMap(Buffer.from(text))).toEqual(fromString);
    const backing = Buffer.concat([Buffer.from('garbage{'), Buffer.from(text), Buffer.from('}trailing')]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 8, Buffer.byteLength(text));
    expect(parseErrorMap(view)).toEqual(fromString);
  });

  test('spot checks typed in from the fixture', () => {
    const map = parseErrorMap(text)!;
    expect(map.errors.get(0x00)).toMatchObject({ name: 'SUCCESS', attrs: ['success'] });
    expect(map.errors.get(0x07)).toMatchObject({ name: 'NOT_MY_VBUCKET', attrs: ['fetch-config', 'invalid-input'] });
    expect(map.errors.get(0x09)).toMatchObject({ name: 'LOCKED', attrs: ['item-locked', 'item-only', 'retry-now'] });
    expect(map.errors.get(0x86)).toMatchObject({ name: 'ETMPFAIL', attrs: ['temp', 'retry-now'] });
    expect(map.errors.get(0x8d)?.name).toBe('DCP stream-ID invalid');
    expect(map.errors.get(0xa2)).toMatchObject({ name: 'SyncWriteInProgress', attrs: ['item-only', 'retry-later'] });
    expect(map.errors.get(0xcd)).toMatchObject({ name: 'SUBDOC_SUCCESS_DELETED', attrs: ['item-deleted', 'success', 'subdoc'] });
  });
});

test('7.1 has codes 7.0 lacks', () => {
  const v1 = parseErrorMap(read('err_map70_v1.json'))!;
  const v2 = parseErrorMap(read('err_map71_v2.json'))!;
  expect(v1.errors.has(0x30)).toBe(false);
  expect(v2.errors.get(0x30)).toMatchObject({ name: 'RATE_LIMITED_NETWORK_INGRESS', attrs: ['temp', 'retry-later', 'rate-limit'] });
  expect(v2.errors.get(0xd7)?.name).toBe('SUBDOC_DELETED_DOCUMENT_CANT_HAVE_VALUE');
});

describe('bodies that are not a JSON object give undefined, never an exception', () => {
  test.each([
    ['empty', ''],
    ['not JSON', 'not json at all'],
    ['truncated JSON', '{"version":2,"errors":{"0":'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"errors"'],
    ['true', 'true'],
  ])('%s', (_name, body) => {
    expect(() => parseErrorMap(body)).not.toThrow();
    expect(parseErrorMap(body)).toBeUndefined();
  });

  test('invalid UTF-8 bytes', () => {
    const body = Uint8Array.from([0xff, 0xfe, 0x7b, 0x80]);
    expect(() => parseErrorMap(body)).not.toThrow();
    expect(parseErrorMap(body)).toBeUndefined();
  });
});

describe('objects of the wrong shape parse to an empty map, never an exception', () => {
  test.each([
    ['[] (an array)', '[]'],
    ['{} (no errors)', '{}'],
    ['errors: null', '{"version":2,"revision":1,"errors":null}'],
    ['errors: a string', '{"errors":"none"}'],
    ['errors: a number', '{"errors":5}'],
    ['errors: an array of scalars', '{"errors":[1,"x",null]}'],
    ['deeply nested arrays', '['.repeat(200000) + ']'.repeat(200000)],
  ])('%s', (_name, body) => {
    expect(() => parseErrorMap(body)).not.toThrow();
    const map = parseErrorMap(body);
    expect(map?.errors.size ?? 0).toBe(0);
  });

  test('version and revision that are not numbers read as 0', () => {
    const map = parseErrorMap('{"version":"2","revision":null,"errors":{}}')!;
    expect(map.version).toBe(0);
    expect(map.revision).toBe(0);
  });
});

describe('entries', () => {
  test('missing name, desc or attrs are defaulted, non-string attrs dropped', () => {
    const map = parseErrorMap(
      JSON.stringify({
        version: 2,
        revision: 3,
        errors: {
          '7f': { desc: 'no name', attrs: ['temp'] },
          '80': { name: 'NO_DESC', attrs: ['support'] },
          '81': { name: 'NO_ATTRS', desc: 'd' },
          '82': { name: 'BAD_ATTRS', desc: 'd', attrs: 'temp' },
          '83': { name: 'MIXED_ATTRS', desc: 'd', attrs: ['temp', 1, null, { a: 1 }, 'retry-now'] },
          '84': { name: 7, desc: ['x'], attrs: ['auth'] },
          '85': {},
        },
      }),
    )!;
    expect(map.errors.get(0x7f)).toEqual({ name: '0x7f', desc: 'no name', attrs: ['temp'] });
    expect(map.errors.get(0x80)).toEqual({ name: 'NO_DESC', desc: '', attrs: ['support'] });
    expect(map.errors.get(0x81)).toEqual({ name: 'NO_ATTRS', desc: 'd', attrs: [] });
    expect(map.errors.get(0x82)).toEqual({ name: 'BAD_ATTRS', desc: 'd', attrs: [] });
    expect(map.errors.get(0x83)).toEqual({ name: 'MIXED_ATTRS', desc: 'd', attrs: ['temp', 'retry-now'] });
    expect(map.errors.get(0x84)).toEqual({ name: '0x84', desc: '', attrs: ['auth'] });
    expect(map.errors.get(0x85)).toEqual({ name: '0x85', desc: '', attrs: [] });
    expect(map.errors.size).toBe(7);
  });

  test('entries that are not objects are skipped', () => {
    const map = parseErrorMap('{"errors":{"1":null,"2":"KEY_EEXISTS","3":42,"4":true,"5":{"name":"OK","desc":"","attrs":[]}}}')!;
    expect([...map.errors.keys()]).toEqual([5]);
  });

  test('keys that are not 1–4 hex digits are skipped; upper-case hex is accepted', () => {
    const entry = { name: 'N', desc: 'd', attrs: [] as string[] };
    const errors: Record<string, typeof entry> = {};
    for (const k of ['zz', '0x86', '', '1.5', '-1', '+1', ' 86', '86 ', '12345', '0x', 'NaN', 'g0', 'FF', 'a0', '1e2', '0', 'ffff']) {
      errors[k] = { ...entry, name: `KEY_${k}` };
    }
    const map = parseErrorMap(JSON.stringify({ errors }))!;
    expect(
      [...map.errors.entries()]
        .map(([code, e]) => [code, e.name])
        .sort((a, b) => (a[0] as number) - (b[0] as number)),
    ).toEqual([
      [0x0, 'KEY_0'],
      [0xa0, 'KEY_a0'],
      [0xff, 'KEY_FF'],
      [0x1e2, 'KEY_1e2'], // hex, not an exponent
      [0xffff, 'KEY_ffff'],
    ]);
  });

  test('a "__proto__" key in the body neither pollutes prototypes nor becomes an entry', () => {
    const map = parseErrorMap('{"errors":{"__proto__":{"name":"EVIL","desc":"","attrs":["auth"]},"1":{"name":"KEY_ENOENT","desc":"","attrs":[]}}}')!;
    expect([...map.errors.keys()]).toEqual([1]);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });
});
