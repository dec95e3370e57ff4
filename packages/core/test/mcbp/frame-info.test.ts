/**
 * Flexible framing extras (protocol.md §1.1 "FrameInfo encoding"): first byte
 * `(id << 4) | len`, an id nibble of 15 escapes to `15 + next byte`, a len nibble of 15
 * escapes to `15 + next byte` (id escape first). Proves the encoder writes the documented
 * bytes (expected bytes typed in from that rule and from golden dump O), the escapes
 * round trip up to their limits, malformed input is reported (never read past the end),
 * and the server-duration approximation `micros = encoded^1.74 / 2` holds.
 */
import {
  decodeFrameInfos,
  decodeServerDuration,
  encodeFrameInfos,
  encodeServerDuration,
  REQUEST_FRAME_IDS,
  RESPONSE_FRAME_IDS,
  type FrameInfo,
} from '../../src/mcbp/frame-info';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const seq = (n: number, start = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('frame ids of protocol.md §1.1', () => {
  test('request ids', () => {
    expect(REQUEST_FRAME_IDS).toEqual({ BARRIER: 0, DURABILITY_REQUIREMENT: 1, DCP_STREAM_ID: 2, IMPERSONATE_USER: 4, PRESERVE_TTL: 5 });
  });
  test('response ids', () => {
    expect(RESPONSE_FRAME_IDS).toEqual({ SERVER_DURATION: 0, READ_UNITS: 1, WRITE_UNITS: 2, THROTTLE_DURATION: 3 });
  });
});

describe('encodeFrameInfos writes the documented bytes', () => {
  const cases: [string, FrameInfo[], string][] = [
    ['nothing', [], ''],
    ['barrier (id 0, len 0)', [{ id: 0, data: bytes() }], '00'],
    ['preserve TTL (id 5, len 0)', [{ id: 5, data: bytes() }], '50'],
    // Golden dump O: durability majority, timeout 9000 ms (0x2328).
    ['durability majority + 9000 ms', [{ id: 1, data: bytes(0x01, 0x23, 0x28) }], '13012328'],
    ['durability level only', [{ id: 1, data: bytes(0x03) }], '1103'],
    ['id 14, len 14: no escapes', [{ id: 14, data: seq(14) }], 'ee' + hexOf(seq(14))],
    ['id 15: id escape byte 00', [{ id: 15, data: bytes(0xaa) }], 'f100aa'],
    ['id 20: id escape byte 05', [{ id: 20, data: bytes(0xaa, 0xbb) }], 'f205aabb'],
    ['len 15: len escape byte 00', [{ id: 4, data: seq(15) }], '4f00' + hexOf(seq(15))],
    ['len 20: len escape byte 05', [{ id: 2, data: seq(20) }], '2f05' + hexOf(seq(20))],
    ['id 16 and len 16: id escape first, then len escape', [{ id: 16, data: seq(16) }], 'ff0101' + hexOf(seq(16))],
    ['largest: id 270, len 270', [{ id: 270, data: seq(270) }], 'ffffff' + hexOf(seq(270))],
    [
      'several frames are concatenated in order',
      [
        { id: 0, data: bytes() },
        { id: 1, data: bytes(0x02) },
        { id: 4, data: Buffer.from('^alice') },
      ],
      '00' + '1102' + '46' + Buffer.from('^alice').toString('hex'),
    ],
  ];

  test.each(cases)('%s', (_name, frames, expected) => {
    const encoded = encodeFrameInfos(frames);
    expect(hexOf(encoded)).toBe(expected);
    const decoded = decodeFrameInfos(encoded);
    expect(decoded).toBeDefined();
    expect(decoded!.map((f) => ({ id: f.id, data: hexOf(f.data) }))).toEqual(frames.map((f) => ({ id: f.id, data: hexOf(f.data) })));
  });
});

describe('escapes round trip for every id and length around the escape thresholds', () => {
  test('ids 0..270 with lengths 0, 1, 14, 15, 16, 255, 270', () => {
    for (let id = 0; id <= 270; id++) {
      for (const len of [0, 1, 14, 15, 16, 255, 270]) {
        const frame = { id, data: seq(len, id) };
        const encoded = encodeFrameInfos([frame]);
        expect(encoded.byteLength).toBe(1 + (id >= 15 ? 1 : 0) + (len >= 15 ? 1 : 0) + len);
        const decoded = decodeFrameInfos(encoded)!;
        expect(decoded).toHaveLength(1);
        expect(decoded[0]!.id).toBe(id);
        expect(hexOf(decoded[0]!.data)).toBe(hexOf(frame.data));
      }
    }
  });

  test('decoded data are views of the input (no copy)', () => {
    const encoded = encodeFrameInfos([{ id: 1, data: bytes(1, 2, 3) }]);
    const [f] = decodeFrameInfos(encoded)!;
    expect(f!.data.buffer).toBe(encoded.buffer);
    expect(f!.data.byteOffset).toBe(encoded.byteOffset + 1);
  });
});

describe('what cannot be encoded is a RangeError', () => {
  test.each([
    ['id 271', { id: 271, data: bytes() }],
    ['id -1', { id: -1, data: bytes() }],
    ['271 data bytes', { id: 0, data: seq(271) }],
  ])('%s', (_name, frame) => {
    expect(() => encodeFrameInfos([frame])).toThrow(RangeError);
  });
});

describe('malformed frame infos decode to undefined (never read past the end)', () => {
  test.each([
    ['id escape byte missing', bytes(0xf0)],
    ['len escape byte missing', bytes(0x0f)],
    ['both escapes, len escape byte missing', bytes(0xff, 0x01)],
    ['data shorter than len', bytes(0x13, 0x01, 0x23)],
    ['escaped len 15 with 14 data bytes', Uint8Array.from([0x0f, 0x00, ...seq(14)])],
    ['second frame truncated', bytes(0x00, 0x12, 0x01)],
  ])('%s', (_name, input) => {
    expect(decodeFrameInfos(input)).toBeUndefined();
  });

  test('empty input is no frames', () => {
    expect(decodeFrameInfos(bytes())).toEqual([]);
  });

  test('a view into a larger buffer is decoded within its bounds only', () => {
    const backing = bytes(0x99, 0x12, 0xaa, 0xbb, 0x99);
    expect(decodeFrameInfos(backing.subarray(1, 4))!.map((f) => [f.id, hexOf(f.data)])).toEqual([[1, 'aabb']]);
    // The same frame cut one byte short must not borrow the byte after the view.
    expect(decodeFrameInfos(backing.subarray(1, 3))).toBeUndefined();
  });
});

describe('server duration: micros = encoded^1.74 / 2, encoded = round((micros*2)^(1/1.74))', () => {
  test.each([
    [0, 0],
    [1, 0.5],
    [2, 1.6701758388567387],
    [3, 3.3819017585414732],
    [16, 62.249916634386274],
    [100, 1509.9758602010081],
    [0xffff, 120125042.10125735],
  ])('decode(%i) ≈ %d µs', (encoded, micros) => {
    expect(decodeServerDuration(encoded)).toBeCloseTo(micros, 6);
  });

  test.each([
    [0, 0],
    [0.5, 1],
    [10, 6],
    [100, 21],
    [1000, 79],
    [12345, 335],
    [1e6, 4181],
  ])('encode(%d µs) = %i', (micros, encoded) => {
    expect(encodeServerDuration(micros)).toBe(encoded);
  });

  test('encode(decode(e)) = e for every u16', () => {
    const wrong: number[] = [];
    for (let e = 0; e <= 0xffff; e++) if (encodeServerDuration(decodeServerDuration(e)) !== e) wrong.push(e);
    expect(wrong).toEqual([]);
  });

  test('decode(encode(µs)) is within 2 % from 1 ms to 100 s', () => {
    for (let micros = 1000; micros <= 100e6; micros *= 1.37) {
      const back = decodeServerDuration(encodeServerDuration(micros));
      expect(Math.abs(back - micros) / micros).toBeLessThan(0.02);
    }
  });

  test('durations past the u16 range clamp to 0xffff', () => {
    expect(encodeServerDuration(1e12)).toBe(0xffff);
    expect(encodeServerDuration(Number.MAX_SAFE_INTEGER)).toBe(0xffff);
  });
});
