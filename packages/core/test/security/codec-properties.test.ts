/**
 * Property tests of the pure codecs (fast-check): every packet the encoder can produce
 * decodes back to the same fields, whole or split anywhere across chunks; random and
 * mutated bytes fed to the frame decoder either give packets whose lengths add up or a
 * ProtocolError — never another exception, never a buffer bigger than what was pushed.
 * Expected values come from the generated inputs, not from the codec under test.
 *
 * `FUZZ_RUNS` raises the case count (`npm run fuzz` sets it for 10⁵ and more).
 */
import fc from 'fast-check';
import { ProtocolError } from '../../src/errors/classes';
import { decodeFeatures, encodeFeatures } from '../../src/mcbp/features';
import { FrameDecoder } from '../../src/mcbp/frame-decoder';
import { decodeFrameInfos, encodeFrameInfos, type FrameInfo } from '../../src/mcbp/frame-info';
import { decodeLeb128, encodeLeb128 } from '../../src/mcbp/leb128';
import { decodePacket, encodePacket, type Packet, type PacketInit } from '../../src/mcbp/packet';
import { decodeLookupResults, decodeMutationFailure, decodeMutationResults } from '../../src/subdoc/subdoc-codec';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const params = { numRuns: RUNS };

const bytes = (max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max });

/** A packet as the protocol allows it: alt magics carry framing extras and keys ≤ 255 bytes. */
const packetInit: fc.Arbitrary<PacketInit> = fc
  .record({
    magic: fc.constantFrom(0x80, 0x81, 0x08, 0x18),
    opcode: fc.integer({ min: 0, max: 255 }),
    datatype: fc.integer({ min: 0, max: 7 }),
    vbOrStatus: fc.integer({ min: 0, max: 0xffff }),
    opaque: fc.integer({ min: 0, max: 0xffffffff }),
    cas: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
    framingExtras: bytes(40),
    extras: bytes(40),
    key: fc.oneof(bytes(300), fc.string({ unit: 'grapheme', maxLength: 60 })),
    value: fc.oneof(bytes(2000), fc.string({ unit: 'grapheme', maxLength: 200 })),
  })
  .map((r) => {
    const alt = r.magic === 0x08 || r.magic === 0x18;
    const response = r.magic === 0x81 || r.magic === 0x18;
    let key = r.key;
    if (alt && (typeof key === 'string' ? Buffer.byteLength(key) : key.byteLength) > 255) key = typeof key === 'string' ? '' : key.subarray(0, 255);
    return {
      magic: r.magic,
      opcode: r.opcode,
      datatype: r.datatype,
      ...(response ? { status: r.vbOrStatus } : { vbucket: r.vbOrStatus }),
      opaque: r.opaque,
      cas: r.cas,
      framingExtras: alt ? r.framingExtras : new Uint8Array(0),
      extras: r.extras,
      key,
      value: r.value,
    } satisfies PacketInit;
  });

const asBytes = (v: string | Uint8Array | undefined): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v ?? new Uint8Array(0)));

function expectSame(packet: Packet, init: PacketInit): void {
  expect(packet.magic).toBe(init.magic);
  expect(packet.opcode).toBe(init.opcode);
  expect(packet.datatype).toBe(init.datatype);
  expect(packet.vbucketOrStatus).toBe(init.status ?? init.vbucket);
  expect(packet.opaque).toBe(init.opaque);
  expect(packet.cas).toBe(init.cas);
  expect(Buffer.compare(packet.framingExtras, asBytes(init.framingExtras))).toBe(0);
  expect(Buffer.compare(packet.extras, asBytes(init.extras))).toBe(0);
  expect(Buffer.compare(packet.key, asBytes(init.key))).toBe(0);
  expect(Buffer.compare(packet.value, asBytes(init.value))).toBe(0);
}

/** Feeds `stream` to a fresh decoder cut at `cuts` (fractions of its length). */
function decodeSplit(stream: Buffer, cuts: number[]): Packet[] {
  const points = [...new Set(cuts.map((f) => Math.floor(f * stream.length)))].sort((a, b) => a - b);
  const decoder = new FrameDecoder();
  const out: Packet[] = [];
  let from = 0;
  for (const to of [...points, stream.length]) {
    decoder.push(stream.subarray(from, to));
    from = to;
    for (let p = decoder.next(); p !== undefined; p = decoder.next()) out.push(p);
  }
  expect(decoder.buffered).toBe(0);
  return out;
}

describe('mcbp packets', () => {
  test('encode → decodePacket gives back every field', () => {
    fc.assert(
      fc.property(packetInit, (init) => {
        expectSame(decodePacket(encodePacket(init)), init);
      }),
      params,
    );
  });

  test('a stream of packets split at random points decodes to the same packets (and byte by byte)', () => {
    fc.assert(
      fc.property(fc.array(packetInit, { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (inits, cuts) => {
        const stream = Buffer.concat(inits.map(encodePacket));
        const packets = decodeSplit(stream, cuts);
        expect(packets).toHaveLength(inits.length);
        packets.forEach((p, i) => expectSame(p, inits[i]!));
      }),
      { numRuns: Math.max(100, RUNS / 4) },
    );
    // Byte by byte, for a handful of streams (every cut point at once).
    fc.assert(
      fc.property(fc.array(packetInit, { minLength: 1, maxLength: 3 }), (inits) => {
        const stream = Buffer.concat(inits.map(encodePacket));
        const cuts = Array.from({ length: stream.length }, (_, i) => i / stream.length);
        decodeSplit(stream, cuts).forEach((p, i) => expectSame(p, inits[i]!));
      }),
      { numRuns: 30 },
    );
  });

  test('random bytes: packets whose lengths add up, or a ProtocolError; nothing else, no runaway buffer', () => {
    fc.assert(
      fc.property(fc.array(bytes(200), { maxLength: 8 }), (chunks) => {
        const decoder = new FrameDecoder({ maxBodyLength: 4096 });
        let pushed = 0;
        try {
          for (const chunk of chunks) {
            decoder.push(chunk);
            pushed += chunk.byteLength;
            for (let p = decoder.next(); p !== undefined; p = decoder.next()) {
              expect(p.frame.length).toBe(24 + p.bodyLength);
              expect(p.framingExtrasLength + p.extrasLength + p.keyLength).toBeLessThanOrEqual(p.bodyLength);
              expect(p.bodyLength).toBeLessThanOrEqual(4096);
              pushed -= p.frame.length;
            }
            expect(decoder.buffered).toBe(pushed);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
      }),
      params,
    );
  });

  test('one mutated byte in a valid stream: the same packets, other valid packets, or a ProtocolError', () => {
    fc.assert(
      fc.property(fc.array(packetInit, { minLength: 1, maxLength: 4 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (inits, at, byte) => {
        const stream = Buffer.concat(inits.map(encodePacket));
        stream[at % stream.length] = byte;
        const decoder = new FrameDecoder();
        decoder.push(stream);
        try {
          for (let p = decoder.next(); p !== undefined; p = decoder.next()) expect(p.frame.length).toBe(24 + p.bodyLength);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
        expect(decoder.buffered).toBeLessThanOrEqual(stream.length);
      }),
      params,
    );
  });
});

describe('small codecs', () => {
  test('LEB128: every u32 round-trips in its shortest form; truncations are refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const enc = encodeLeb128(n);
        // Shortest form: ceil(bits / 7) bytes, computed independently of the codec.
        expect(enc.length).toBe(Math.max(1, Math.ceil(n.toString(2).length / 7)));
        expect(decodeLeb128(enc)).toEqual({ value: n, length: enc.length });
        expect(decodeLeb128(Uint8Array.from([...enc, 0x41, 0x42]))).toEqual({ value: n, length: enc.length });
        if (enc.length > 1) expect(decodeLeb128(enc.subarray(0, enc.length - 1))).toBeUndefined();
      }),
      params,
    );
    fc.assert(
      fc.property(bytes(8), (b) => {
        const r = decodeLeb128(b);
        if (r !== undefined) expect(Buffer.compare(Buffer.from(encodeLeb128(r.value)), Buffer.from(b.subarray(0, r.length)))).toBe(0);
      }),
      params,
    );
  });

  test('frame infos: any ids (0–270) and data (0–270 bytes) round-trip; random bytes never throw', () => {
    const frame: fc.Arbitrary<FrameInfo> = fc.record({ id: fc.integer({ min: 0, max: 270 }), data: bytes(270) });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 5 }), (frames) => {
        const decoded = decodeFrameInfos(encodeFrameInfos(frames));
        expect(decoded?.map((f) => ({ id: f.id, data: Buffer.from(f.data) }))).toEqual(frames.map((f) => ({ id: f.id, data: Buffer.from(f.data) })));
      }),
      params,
    );
    fc.assert(
      fc.property(bytes(64), (b) => {
        const decoded = decodeFrameInfos(b);
        if (decoded !== undefined) expect(decoded.reduce((n, f) => n + 1 + (f.id >= 15 ? 1 : 0) + (f.data.length >= 15 ? 1 : 0) + f.data.length, 0)).toBe(b.length);
      }),
      params,
    );
  });

  test('HELLO features: a list of u16 round-trips; an odd-length value is never misread', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }), (features) => {
        expect(decodeFeatures(encodeFeatures(features))).toEqual(features);
      }),
      params,
    );
  });
});

describe('sub-document response bodies', () => {
  /** MULTI_LOOKUP body per the protocol: status u16, length u32, value — per spec. */
  const lookupBody = (results: { status: number; value: Uint8Array }[]): Buffer =>
    Buffer.concat(
      results.flatMap((r) => {
        const h = Buffer.alloc(6);
        h.writeUInt16BE(r.status, 0);
        h.writeUInt32BE(r.value.length, 2);
        return [h, Buffer.from(r.value)];
      }),
    );

  test('MULTI_LOOKUP results round-trip; any truncation or trailing byte is a ProtocolError', () => {
    const result = fc.record({ status: fc.integer({ min: 0, max: 0xffff }), value: bytes(50) });
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 16 }), fc.nat(), (results, cut) => {
        const body = lookupBody(results);
        const decoded = decodeLookupResults(body, results.length);
        expect(decoded.map((r) => ({ status: r.status, value: r.value === undefined ? Buffer.alloc(0) : Buffer.from(r.value) }))).toEqual(
          results.map((r) => ({ status: r.status, value: Buffer.from(r.value) })),
        );
        const short = body.subarray(0, cut % body.length);
        expect(() => decodeLookupResults(short, results.length)).toThrow(ProtocolError);
        expect(() => decodeLookupResults(Buffer.concat([body, Buffer.from([0])]), results.length)).toThrow(ProtocolError);
      }),
      params,
    );
  });

  test('MULTI_MUTATION bodies: results keyed by index; random bytes are values or a ProtocolError', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }), fc.array(bytes(20), { minLength: 16, maxLength: 16 }), (indexes, values) => {
        const body = Buffer.concat(
          indexes.flatMap((i) => {
            const h = Buffer.alloc(7);
            h[0] = i;
            h.writeUInt32BE(values[i]!.length, 3);
            return [h, Buffer.from(values[i]!)];
          }),
        );
        const decoded = decodeMutationResults(body, 16);
        expect([...decoded.keys()].sort((a, b) => a - b)).toEqual([...indexes].sort((a, b) => a - b));
        for (const i of indexes) expect(Buffer.compare(decoded.get(i)!, Buffer.from(values[i]!))).toBe(0);
      }),
      params,
    );
    fc.assert(
      fc.property(bytes(64), fc.integer({ min: 1, max: 16 }), (b, count) => {
        for (const decode of [() => decodeMutationResults(b, count), () => decodeMutationFailure(b, count)]) {
          try {
            decode();
          } catch (err) {
            expect(err).toBeInstanceOf(ProtocolError);
          }
        }
      }),
      params,
    );
  });
});
