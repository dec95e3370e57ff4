import * as zlib from 'node:zlib';
import { crc32, crc32Utf8, vbucketOf } from '../../src/routing/crc32';

/** Bit-at-a-time CRC-32, independent of the table-driven implementation under test. */
function referenceCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib.crc32 where this Node has it (≥ 20.15 / 22.2), the bitwise reference otherwise. */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const oracle = (s: string): number => {
  const bytes = Buffer.from(s, 'utf8');
  return zlibCrc32 !== undefined ? zlibCrc32(bytes) : referenceCrc32(bytes);
};

describe('vBucket vectors of protocol.md §3.6 (typed in from the document)', () => {
  const table: [key: string, crc: number, h: number, vb1024: number, vb64: number][] = [
    ['Hello', 0xf7d18982, 30673, 977, 17],
    ['hello', 0x3610a686, 13840, 528, 16],
    ['foo', 0x8c736521, 3187, 115, 51],
    ['counter', 0xc1229478, 16674, 290, 34],
    ['user:123', 0x6fa60568, 28582, 934, 38],
    ['a', 0xe8b7be43, 26807, 183, 55],
    ['', 0x00000000, 0, 0, 0],
    ['rangecollectionretry-9695', 0x800c0243, 12, 12, 12],
  ];
  test.each(table)('%j', (key, crc, h, vb1024, vb64) => {
    expect(crc32Utf8(key)).toBe(crc);
    expect(crc32(Buffer.from(key))).toBe(crc);
    expect((crc32Utf8(key) >>> 16) & 0x7fff).toBe(h);
    expect(vbucketOf(key, 1024)).toBe(vb1024);
    expect(vbucketOf(key, 64)).toBe(vb64);
  });
});

describe('crc32', () => {
  test('matches the classic check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  test('returns an unsigned number', () => {
    expect(crc32(Buffer.from('Hello'))).toBeGreaterThan(0x7fffffff);
  });

  test('agrees with the bitwise reference on random bytes', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = new Uint8Array(Math.floor(Math.random() * 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
      expect(crc32(bytes)).toBe(referenceCrc32(bytes));
    }
  });
});

describe('crc32Utf8', () => {
  test.each([
    ['é (2 bytes)', 'café'],
    ['CJK (3 bytes)', '文書キー'],
    ['emoji (surrogate pair, 4 bytes)', 'doc-😀-🚀'],
    ['U+07FF / U+0800 boundary', '\u07ff\u0800'],
    ['U+FFFF', '\uffff'],
    ['highest code point', '\u{10ffff}'],
    ['lone high surrogate at the end', 'abc\ud800'],
    ['lone high surrogate before a normal char', '\ud800x'],
    ['lone low surrogate', '\udc00abc'],
    ['reversed pair', '\udc00\ud800'],
    ['two high surrogates then a low one', '\ud83d\ud83d\ude00'],
  ])('%s', (_name, key) => {
    expect(crc32Utf8(key)).toBe(oracle(key));
    expect(crc32Utf8(key)).toBe(crc32(Buffer.from(key)));
    expect(crc32Utf8(key)).toBe(crc32(new TextEncoder().encode(key)));
  });

  test('agrees with crc32(Buffer.from(s)) on random strings including surrogates', () => {
    // Code units drawn from ranges that exercise every encoder branch.
    const pools = [
      [0x00, 0x7f],
      [0x80, 0x7ff],
      [0x800, 0xd7ff],
      [0xd800, 0xdbff],
      [0xdc00, 0xdfff],
      [0xe000, 0xffff],
    ] as const;
    for (let n = 0; n < 2000; n++) {
      const units: number[] = [];
      const len = Math.floor(Math.random() * 24);
      for (let i = 0; i < len; i++) {
        const [lo, hi] = pools[Math.floor(Math.random() * pools.length)] ?? pools[0];
        units.push(lo + Math.floor(Math.random() * (hi - lo + 1)));
      }
      const s = String.fromCharCode(...units);
      const expected = crc32(Buffer.from(s));
      if (crc32Utf8(s) !== expected) {
        throw new Error(`mismatch for code units ${units.map((u) => u.toString(16)).join(' ')}`);
      }
      expect(expected).toBe(oracle(s));
    }
  });
});

describe('vbucketOf', () => {
  test('is always inside the map', () => {
    for (let i = 0; i < 500; i++) {
      const vb = vbucketOf(`key-${i}`, 1024);
      expect(vb).toBeGreaterThanOrEqual(0);
      expect(vb).toBeLessThan(1024);
      expect(vbucketOf(`key-${i}`, 128)).toBe(((crc32Utf8(`key-${i}`) >>> 16) & 0x7fff) % 128);
    }
  });
});
