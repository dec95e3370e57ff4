/**
 * Unsigned LEB128 collection ids (protocol.md §1.9, kv_engine Collections.md). Proves
 * encode and decode against the §1.9 table typed in from the document, that a key may
 * follow the prefix, and that non-canonical, over-long, over-u32 and truncated encodings
 * are rejected rather than misread.
 */
import { decodeLeb128, encodeLeb128 } from '../../src/mcbp/leb128';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** protocol.md §1.9 "LEB128 test table", plus "Decimal 555 → ab 04". */
const TABLE: [number, string][] = [
  [0x00, '00'],
  [0x01, '01'],
  [0x7f, '7f'],
  [0x80, '80 01'],
  [0x555, 'd5 0a'],
  [0x7fff, 'ff ff 01'],
  [0xbfff, 'ff ff 02'],
  [0xffff, 'ff ff 03'],
  [0x8000, '80 80 02'],
  [0x5555, 'd5 aa 01'],
  [0xcafef00, '80 de bf 65'],
  [0xcafef00d, '8d e0 fb d7 0c'],
  [0xffffffff, 'ff ff ff ff 0f'],
  [555, 'ab 04'],
];

const ROWS = TABLE.map(([value, bytes]) => [`0x${value.toString(16)}`, value, bytes] as const);

describe('the table of protocol.md §1.9', () => {
  test.each(ROWS)('encode(%s)', (_label, value, bytes) => {
    expect(hexOf(encodeLeb128(value))).toBe(hexOf(hex(bytes)));
  });

  test.each(ROWS)('decode(%s)', (_label, value, bytes) => {
    expect(decodeLeb128(hex(bytes))).toEqual({ value, length: hex(bytes).byteLength });
  });

  test.each(ROWS)('decode(%s) with a key after the prefix reads only the prefix', (_label, value, bytes) => {
    const prefix = hex(bytes);
    const key = Uint8Array.from([...prefix, ...Buffer.from('Hello')]);
    expect(decodeLeb128(key)).toEqual({ value, length: prefix.byteLength });
  });
});

describe('round trips', () => {
  test('every power of two and its neighbours, and pseudo-random u32s', () => {
    const values = new Set<number>();
    for (let k = 0; k <= 32; k++) for (const d of [-1, 0, 1]) values.add(2 ** k + d);
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      values.add(x);
    }
    for (const v of values) {
      if (v < 0 || v > 0xffffffff) continue;
      const enc = encodeLeb128(v);
      // Shortest form: 7 bits per byte.
      expect(enc.byteLength).toBe(Math.max(1, Math.ceil(Math.log2(v + 1) / 7)));
      expect(decodeLeb128(enc)).toEqual({ value: v, length: enc.byteLength });
    }
  });
});

describe('encode rejects what is not a u32', () => {
  test.each([-1, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('%d', (v) => {
    expect(() => encodeLeb128(v)).toThrow(RangeError);
  });
});

describe('decode rejects bad encodings', () => {
  test.each([
    ['empty', ''],
    ['truncated: lone continuation byte', '80'],
    ['truncated: two continuation bytes', 'ff ff'],
    ['truncated: four continuation bytes', 'ff ff ff ff'],
    ['non-canonical 0 (80 00)', '80 00'],
    ['non-canonical 1 (81 00)', '81 00'],
    ['non-canonical 0x7f (ff 80 00)', 'ff 80 00'],
    ['non-canonical 0x80 (80 81 00)', '80 81 00'],
    ['non-canonical five-byte form (ff ff ff ff 00)', 'ff ff ff ff 00'],
    ['beyond u32 (ff ff ff ff 1f)', 'ff ff ff ff 1f'],
    ['exactly 2^32 (80 80 80 80 10)', '80 80 80 80 10'],
    ['longer than five bytes', '80 80 80 80 80 01'],
  ])('%s', (_name, bytes) => {
    expect(decodeLeb128(hex(bytes))).toBeUndefined();
  });

  test('a view into a larger buffer is read within its bounds', () => {
    const backing = hex('99 ab 04 01');
    expect(decodeLeb128(backing.subarray(1, 3))).toEqual({ value: 555, length: 2 });
    // Cut after the continuation byte: truncated, even though the backing buffer goes on.
    expect(decodeLeb128(backing.subarray(1, 2))).toBeUndefined();
  });
});
