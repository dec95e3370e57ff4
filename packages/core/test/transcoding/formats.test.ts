/**
 * Value formats and their item flags (transcoding/formats.ts; protocol.md §1.10,
 * sdk-rfcs 0020 common flags + couchnode 2.x legacy low byte). Proves the exact flags
 * written per format, how flags read back (common flags and legacy flags), that values
 * a format cannot represent are ValueFormatError (an ArgumentError) and values over
 * 20 MiB TooBigError, that invalid stored JSON is a ValueFormatError carrying the raw
 * bytes, and that decoded Buffers never share memory with the network buffer.
 */
import { ArgumentError, TooBigError, ValueFormatError } from '../../src/errors/classes';
import { CouchbaseError } from '../../src/errors/couchbase-error';
import { decodeValue, encodeValue, FORMAT_FLAGS, FORMATS, formatOfFlags, MAX_VALUE_BYTES, type Format } from '../../src/transcoding/formats';

const MiB = 1024 * 1024;

/** Runs `fn`, returns what it threw (fails the test when it does not throw). */
function thrown(fn: () => unknown): CouchbaseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CouchbaseError);
    return e as CouchbaseError;
  }
  throw new Error('expected an exception');
}

describe('flags written per format', () => {
  test('exactly 0x02000000 (json), 0x04000004 (utf8), 0x03000002 (bytes)', () => {
    expect(FORMAT_FLAGS).toEqual({ json: 0x02000000, utf8: 0x04000004, bytes: 0x03000002 });
    expect(encodeValue({ a: 1 }, 'json').flags).toBe(0x02000000);
    expect(encodeValue('text', 'utf8').flags).toBe(0x04000004);
    expect(encodeValue(Buffer.from([1, 2]), 'bytes').flags).toBe(0x03000002);
  });

  test('the top byte is the common-flags format, the low byte the legacy code', () => {
    expect(FORMAT_FLAGS.json >>> 24).toBe(2);
    expect(FORMAT_FLAGS.bytes >>> 24).toBe(3);
    expect(FORMAT_FLAGS.utf8 >>> 24).toBe(4);
    expect(FORMAT_FLAGS.json & 0xff).toBe(0x00);
    expect(FORMAT_FLAGS.bytes & 0xff).toBe(0x02);
    expect(FORMAT_FLAGS.utf8 & 0xff).toBe(0x04);
  });

  test('every format reads back as itself', () => {
    expect(FORMATS).toEqual(['json', 'utf8', 'bytes']);
    for (const f of FORMATS) expect(formatOfFlags(FORMAT_FLAGS[f])).toBe(f);
  });
});

describe('formatOfFlags', () => {
  test.each([
    // Common flags (sdk-rfcs 0020): format in bits 24–27, the rest SDK-specific.
    [0x02000000, 'json'],
    [0x03000000, 'bytes'],
    [0x04000000, 'utf8'],
    [0x02000000 | 0x1234, 'json'],
    [0x03000002, 'bytes'],
    [0x04000004, 'utf8'],
    [0x01000000, undefined], // private
    [0x05000000, undefined],
    [0x0f000000, undefined],
    // Legacy flags (top byte 0): low byte 0 JSON, 2 raw, 4 UTF-8, anything else unknown.
    [0, 'json'],
    [2, 'bytes'],
    [4, 'utf8'],
    [1, undefined],
    [3, undefined],
    [0xdeadbe, undefined], // low byte 0xbe
  ].map(([f, e]) => [`0x${(f as number).toString(16).padStart(8, '0')}`, f, e]) as [string, number, Format | undefined][])('%s', (_label, flags, expected) => {
    expect(formatOfFlags(flags)).toBe(expected);
  });
});

describe('encodeValue', () => {
  test('json: the JSON text, its UTF-8 length, isJson', () => {
    const v = encodeValue({ name: 'Zoë', n: [1, 2] }, 'json', 'k');
    expect(v.data).toBe('{"name":"Zoë","n":[1,2]}');
    expect(v.length).toBe(Buffer.byteLength('{"name":"Zoë","n":[1,2]}'));
    expect(v.length).toBe(25); // ë is two bytes
    expect(v.isJson).toBe(true);
    expect(encodeValue(42, 'json').data).toBe('42');
    expect(encodeValue(null, 'json').data).toBe('null');
    expect(encodeValue('s', 'json').data).toBe('"s"');
  });

  test('utf8: the string as is, its UTF-8 length', () => {
    const v = encodeValue('日本', 'utf8');
    expect(v.data).toBe('日本');
    expect(v.length).toBe(6);
    expect(v.isJson).toBe(false);
  });

  test('bytes: Buffer and Uint8Array', () => {
    const b = Buffer.from([1, 2, 3]);
    expect(encodeValue(b, 'bytes')).toEqual({ data: b, length: 3, flags: 0x03000002, isJson: false });
    const backing = new Uint8Array([9, 9, 4, 5, 9]);
    const v = encodeValue(backing.subarray(2, 4), 'bytes');
    expect([...(v.data as Buffer)]).toEqual([4, 5]);
    expect(v.length).toBe(2);
  });

  class Circular {
    self: Circular = this;
  }
  test.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a BigInt', 10n],
    ['an object holding a BigInt', { n: 10n }],
    ['a circular object', new Circular()],
    ['a circular array', ((): unknown[] => {
      const a: unknown[] = [];
      a.push(a);
      return a;
    })()],
  ])('json: %s is a ValueFormatError (an ArgumentError)', (_name, value) => {
    const err = thrown(() => encodeValue(value, 'json', 'doc-1'));
    expect(err).toBeInstanceOf(ValueFormatError);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.key).toBe('doc-1');
    expect(err.context.format).toBe('json');
    expect(err.message).toMatch(/JSON/);
  });

  test('json: a toJSON that throws is a ValueFormatError with that cause', () => {
    const boom = new Error('boom');
    const err = thrown(() => encodeValue({ toJSON: () => { throw boom; } }, 'json'));
    expect(err).toBeInstanceOf(ValueFormatError);
    expect(err.cause).toBe(boom);
  });

  test.each([
    ['a number', 1],
    ['a Buffer', Buffer.from('x')],
    ['an object', { a: 1 }],
    ['null', null],
    ['undefined', undefined],
  ])('utf8 with %s is a ValueFormatError', (_name, value) => {
    const err = thrown(() => encodeValue(value, 'utf8', 'k'));
    expect(err).toBeInstanceOf(ValueFormatError);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.context.format).toBe('utf8');
  });

  test.each([
    ['a string', 'abc'],
    ['an array of numbers', [1, 2, 3]],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['a number', 7],
    ['null', null],
  ])('bytes with %s is a ValueFormatError', (_name, value) => {
    const err = thrown(() => encodeValue(value, 'bytes', 'k'));
    expect(err).toBeInstanceOf(ValueFormatError);
    expect(err.context.format).toBe('bytes');
  });

  test('exactly 20 MiB is accepted in every format', () => {
    expect(MAX_VALUE_BYTES).toBe(20 * MiB);
    expect(encodeValue('x'.repeat(20 * MiB), 'utf8').length).toBe(20 * MiB);
    expect(encodeValue('x'.repeat(20 * MiB - 2), 'json').length).toBe(20 * MiB);
    expect(encodeValue(Buffer.alloc(20 * MiB), 'bytes').length).toBe(20 * MiB);
  });

  test.each([
    ['utf8', (): unknown => 'x'.repeat(20 * MiB + 1)],
    ['json', (): unknown => 'x'.repeat(20 * MiB - 1)], // + 2 quotes
    ['bytes', (): unknown => Buffer.alloc(20 * MiB + 1)],
    ['utf8 counted in bytes, not characters', (): unknown => 'é'.repeat(10 * MiB + 1)],
  ])('one byte over 20 MiB (%s) is a TooBigError', (name, make) => {
    const format = name.split(' ')[0] as Format;
    const err = thrown(() => encodeValue(make(), format, 'big'));
    expect(err).toBeInstanceOf(TooBigError);
    expect(err.key).toBe('big');
    expect(err.context).toMatchObject({ format, limit: 20 * MiB });
    expect(err.context.bytes).toBeGreaterThan(20 * MiB);
  });
});

describe('decodeValue', () => {
  test('by flags: JSON, UTF-8, bytes, legacy', () => {
    expect(decodeValue(Buffer.from('{"a":[1,"b"]}'), 0x02000000)).toEqual({ a: [1, 'b'] });
    expect(decodeValue(Buffer.from('{"a":1}'), 0)).toEqual({ a: 1 });
    expect(decodeValue(Buffer.from('héllo'), 0x04000004)).toBe('héllo');
    expect(decodeValue(Buffer.from('héllo'), 4)).toBe('héllo');
    expect(decodeValue(Buffer.from([1, 2]), 0x03000002)).toEqual(Buffer.from([1, 2]));
    expect(decodeValue(Buffer.from([1, 2]), 2)).toEqual(Buffer.from([1, 2]));
  });

  test('unknown flags read as bytes', () => {
    const out = decodeValue(Buffer.from('{"a":1}'), 0x01000000);
    expect(Buffer.isBuffer(out)).toBe(true);
    expect((out as Buffer).toString()).toBe('{"a":1}');
  });

  test('a forced format wins over the flags', () => {
    expect(decodeValue(Buffer.from('{"a":1}'), 0x02000000, 'utf8')).toBe('{"a":1}');
    expect(decodeValue(Buffer.from('"s"'), 0x03000002, 'json')).toBe('s');
    expect(Buffer.isBuffer(decodeValue(Buffer.from('{}'), 0x02000000, 'bytes'))).toBe(true);
  });

  test('invalid JSON is a ValueFormatError with the raw bytes in context.raw', () => {
    const bytes = Buffer.from('{not json');
    const err = thrown(() => decodeValue(bytes, 0x02000000, undefined, 'doc-1'));
    expect(err).toBeInstanceOf(ValueFormatError);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.key).toBe('doc-1');
    expect(err.cause).toBeInstanceOf(SyntaxError);
    expect(Buffer.isBuffer(err.context.raw)).toBe(true);
    expect((err.context.raw as Buffer).equals(bytes)).toBe(true);
    expect(err.context.flags).toBe(0x02000000);
    // The raw copy does not pin or follow the network buffer.
    bytes.fill(0x20);
    expect((err.context.raw as Buffer).toString()).toBe('{not json');
  });

  test('an empty JSON value is a ValueFormatError too', () => {
    expect(thrown(() => decodeValue(Buffer.alloc(0), 0x02000000))).toBeInstanceOf(ValueFormatError);
  });

  test('decoded Buffers do not share memory with the input', () => {
    // A packet-like network chunk; the value is a view into it.
    const chunk = Buffer.from('HEADERHEADER\x01\x02\x03\x04TRAILER', 'latin1');
    const view = chunk.subarray(12, 16);
    for (const [flags, forced] of [
      [0x03000002, undefined],
      [2, undefined],
      [0x01000000, undefined],
      [0x02000000, 'bytes'],
    ] as [number, Format | undefined][]) {
      const out = decodeValue(view, flags, forced) as Buffer;
      expect(Buffer.isBuffer(out)).toBe(true);
      expect([...out]).toEqual([1, 2, 3, 4]);
      expect(out.buffer === chunk.buffer && out.byteOffset < chunk.byteOffset + chunk.byteLength && out.byteOffset + out.byteLength > chunk.byteOffset).toBe(false);
      const before = Buffer.from(out);
      chunk.fill(0);
      expect(out.equals(before)).toBe(true);
      out[0] = 0xff;
      expect(chunk[12]).toBe(0);
      chunk.set([1, 2, 3, 4], 12);
    }
  });
});

test('encode then decode gives the value back in every format', () => {
  const cases: [unknown, Format][] = [
    [{ a: [1, { b: null }], s: 'ü' }, 'json'],
    ['plain ü text', 'utf8'],
    [Buffer.from([0, 255, 10]), 'bytes'],
  ];
  for (const [value, format] of cases) {
    const enc = encodeValue(value, format);
    const wire = typeof enc.data === 'string' ? Buffer.from(enc.data, 'utf8') : enc.data;
    expect(wire.byteLength).toBe(enc.length);
    expect(decodeValue(wire, enc.flags)).toEqual(value);
  }
});
