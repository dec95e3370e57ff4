/**
 * The sub-document codec and spec helpers against golden dumps T, W, X and Y of
 * test-fixtures/golden-bytes.md (protocol.md §6 layouts): spec values are the dumps'
 * value bytes, decoded results give what the dumps' titles state; SD helpers refuse bad
 * input before anything exists to send; SubdocResult addresses entries by index and path.
 */
import { decodePacket } from '../../src/mcbp/packet';
import { ArgumentError, ProtocolError, SubdocPathNotFoundError, ValueFormatError } from '../../src/errors/classes';
import { SD, SubdocSpec } from '../../src/subdoc/sd';
import { decodeLookupResults, decodeMutationFailure, decodeMutationResults, encodeLookupSpecs, encodeMutationSpecs, mutationExtras } from '../../src/subdoc/subdoc-codec';
import { splitSpecsAndOptions } from '../../src/subdoc/subdoc-ops';
import { SubdocResult } from '../../src/results/subdoc-result';
import { goldenDump } from '../helpers/golden';

const packet = (id: string) => decodePacket(goldenDump(id).bytes);

describe('codec against the golden dumps', () => {
  test('T: MULTI_LOOKUP specs [GET xattr "$document.exptime", GET whole doc]', () => {
    expect(encodeLookupSpecs([SD.get('$document.exptime', { xattr: true }), SD.get('')])).toEqual(Buffer.from(packet('T').value));
  });

  test('W: MULTI_MUTATION spec DICT_UPSERT "a.b" = 1 with MKDIR_P, extras = doc flag MKDOC', () => {
    const p = packet('W');
    expect(encodeMutationSpecs([SD.upsert('a.b', 1, { createParents: true })])).toEqual(Buffer.from(p.value));
    expect(mutationExtras(0, 0x01)).toEqual(Buffer.from(p.extras));
  });

  test('X: lookup results 1700000000 and {"x":1}', () => {
    const r = decodeLookupResults(packet('X').value, 2);
    expect(r.map((x) => [x.status, x.value?.toString()])).toEqual([
      [0, '1700000000'],
      [0, '{"x":1}'],
    ]);
    expect(() => decodeLookupResults(packet('X').value, 3)).toThrow(ProtocolError);
  });

  test('Y: mutation failure names spec 0 and PATH_ENOENT', () => {
    const p = packet('Y');
    expect(p.status).toBe(0xcc);
    expect(decodeMutationFailure(p.value, 1)).toEqual({ index: 0, status: 0xc0 });
    expect(() => decodeMutationFailure(p.value.subarray(0, 2), 1)).toThrow(ProtocolError);
  });

  test('mutation results: only specs with a value, by index', () => {
    const body = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 2]), Buffer.from('42')]);
    expect([...decodeMutationResults(body, 2)].map(([i, v]) => [i, v.toString()])).toEqual([[1, '42']]);
    expect(() => decodeMutationResults(body, 1)).toThrow(ProtocolError);
  });

  test('extras: expiry then doc flags, or nothing', () => {
    expect(mutationExtras(0, 0)).toBeUndefined();
    expect(mutationExtras(60, 0)).toEqual(Buffer.from([0, 0, 0, 60]));
    expect(mutationExtras(60, 2)).toEqual(Buffer.from([0, 0, 0, 60, 2]));
  });
});

describe('SD helpers', () => {
  test('opcodes and flags of each helper', () => {
    const specs = [
      SD.get('a'),
      SD.exists('a'),
      SD.getCount('a'),
      SD.upsert('a', 1),
      SD.insert('a', 1),
      SD.replace('a', 1),
      SD.remove('a'),
      SD.arrayAppend('a', 1),
      SD.arrayPrepend('a', 1),
      SD.arrayInsert('a[0]', 1),
      SD.arrayAddUnique('a', 1),
      SD.counter('a', -2),
    ];
    expect(specs.map((s) => s.opcode)).toEqual([0xc5, 0xc6, 0xd2, 0xc8, 0xc7, 0xca, 0xc9, 0xcb, 0xcc, 0xcd, 0xce, 0xcf]);
    expect(SD.upsert('a', { b: [1] }, { createParents: true, xattr: true })).toMatchObject({ flags: 0x05, value: '{"b":[1]}', kind: 'mutation' });
    expect(SD.remove('a').value).toBeUndefined();
    expect(SD.counter('n', 5).value).toBe('5');
  });

  test.each([
    ['path not a string', () => SD.get(5 as never), ArgumentError],
    ['empty path for exists', () => SD.exists(''), ArgumentError],
    ['empty path for a mutation', () => SD.upsert('', 1), ArgumentError],
    ['path over 1024 bytes', () => SD.get('a'.repeat(1025)), ArgumentError],
    ['unknown spec option', () => SD.get('a', { xatr: true } as never), ArgumentError],
    ['option not a boolean', () => SD.upsert('a', 1, { createParents: 'yes' as never }), ArgumentError],
    ['value without a JSON form', () => SD.upsert('a', () => 1), ValueFormatError],
    ['undefined value', () => SD.insert('a', undefined), ValueFormatError],
    ['BigInt value', () => SD.replace('a', 1n), ValueFormatError],
    ['counter delta 0', () => SD.counter('a', 0), ArgumentError],
    ['counter fractional delta', () => SD.counter('a', 1.5), ArgumentError],
    ['arrayAddUnique of an object', () => SD.arrayAddUnique('a', { x: 1 }), ArgumentError],
  ])('%s', (_name, call, cls) => {
    expect(call).toThrow(cls);
  });

  test('specs are immutable; mutateIn arguments split at a trailing options object', () => {
    const s = SD.get('a');
    expect(Object.isFrozen(s)).toBe(true);
    expect(s).toBeInstanceOf(SubdocSpec);
    const [specs, options] = splitSpecsAndOptions([SD.upsert('a', 1), { cas: 5n }]);
    expect(specs).toHaveLength(1);
    expect(options).toEqual({ cas: 5n });
    expect(splitSpecsAndOptions([SD.upsert('a', 1)])[1]).toBeUndefined();
  });
});

describe('SubdocResult', () => {
  const missing = new SubdocPathNotFoundError('path not found', { rc: 0xc0 });
  const r = new SubdocResult('k', 7n, undefined, [
    { path: 'name', value: 'Ann', error: undefined },
    { path: 'email', value: undefined, error: missing },
    { path: 'tags', value: 3, error: undefined },
  ]);

  test('get and exists by index and by path; a missing path throws from get, is false from exists', () => {
    expect(r.get(0)).toBe('Ann');
    expect(r.get('tags')).toBe(3);
    expect(r.exists('name')).toBe(true);
    expect(r.exists(1)).toBe(false);
    expect(() => r.get('email')).toThrow(SubdocPathNotFoundError);
    expect(() => r.get(9)).toThrow(ArgumentError);
    expect(() => r.get('nope')).toThrow(ArgumentError);
  });

  test('iterates { value, error } in spec order; CAS and length', () => {
    expect([...r].map((e) => [e.value, e.error?.name])).toEqual([
      ['Ann', undefined],
      [undefined, 'SubdocPathNotFoundError'],
      [3, undefined],
    ]);
    expect(r.length).toBe(3);
    expect(r.cas).toBe(7n);
    expect(r.success).toBe(true);
  });
});
