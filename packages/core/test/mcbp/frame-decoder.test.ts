/**
 * The incremental FrameDecoder beyond the golden dumps: a packet inside one chunk comes
 * out as a view of that chunk (zero copy), a packet straddling chunks is copied exactly
 * once (never by concatenating chunks), server requests (0x82), server responses (0x83)
 * and alt responses (0x18) with frame infos decode, and hostile input — unknown magic,
 * a body over the limit (a 4 GiB header throws before any allocation), extras + key
 * longer than the body, random garbage — throws ProtocolError instead of hanging or
 * returning garbage. Test packets are written out byte by byte here, not by our encoder.
 */
import { ProtocolError } from '../../src/errors/classes';
import { CouchbaseError } from '../../src/errors/couchbase-error';
import { DEFAULT_MAX_BODY_LENGTH, FrameDecoder } from '../../src/mcbp/frame-decoder';
import { decodeFrameInfos, decodeServerDuration, RESPONSE_FRAME_IDS } from '../../src/mcbp/frame-info';
import { readU32Extras } from '../../src/mcbp/extras';
import type { Packet } from '../../src/mcbp/packet';

/** Bytes from a hex string (spaces ignored). */
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

interface Raw {
  magic: number;
  opcode?: number;
  /** Classic packets: u16 key length. Alt packets: byte 3. */
  keyLength?: number;
  /** Alt packets only: byte 2. */
  framingExtrasLength?: number;
  extrasLength?: number;
  datatype?: number;
  vbucketOrStatus?: number;
  bodyLength: number;
  opaque?: number;
}

/** A 24-byte header laid out by hand from protocol.md §1.1 (no CAS). */
function header(h: Raw): Buffer {
  const b = Buffer.alloc(24);
  b[0] = h.magic;
  b[1] = h.opcode ?? 0;
  if (h.framingExtrasLength !== undefined) {
    b[2] = h.framingExtrasLength;
    b[3] = h.keyLength ?? 0;
  } else {
    b[2] = (h.keyLength ?? 0) >> 8;
    b[3] = (h.keyLength ?? 0) & 0xff;
  }
  b[4] = h.extrasLength ?? 0;
  b[5] = h.datatype ?? 0;
  b[6] = (h.vbucketOrStatus ?? 0) >> 8;
  b[7] = (h.vbucketOrStatus ?? 0) & 0xff;
  b[8] = (h.bodyLength >>> 24) & 0xff;
  b[9] = (h.bodyLength >>> 16) & 0xff;
  b[10] = (h.bodyLength >>> 8) & 0xff;
  b[11] = h.bodyLength & 0xff;
  b.writeUInt32BE((h.opaque ?? 0) >>> 0, 12);
  return b;
}

/** A NOOP-like response with a value of `n` bytes, each equal to `fill`. */
function response(n: number, fill = 0x61, opaque = 1): Buffer {
  return Buffer.concat([header({ magic: 0x81, opcode: 0x0a, bodyLength: n, opaque }), Buffer.alloc(n, fill)]);
}

function drain(d: FrameDecoder): Packet[] {
  const out: Packet[] = [];
  for (let p = d.next(); p !== undefined; p = d.next()) out.push(p);
  return out;
}

afterEach(() => jest.restoreAllMocks());

describe('zero copy when a packet lies in one chunk', () => {
  test('two packets in one Buffer chunk are views of that chunk', () => {
    const a = response(5, 0x61, 1);
    const b = response(3, 0x62, 2);
    const chunk = Buffer.concat([a, b]);
    const d = new FrameDecoder();
    d.push(chunk);
    const [p1, p2] = drain(d);
    expect(p1!.frame.buffer).toBe(chunk.buffer);
    expect(p1!.frame.byteOffset).toBe(chunk.byteOffset);
    expect(p1!.frame.byteLength).toBe(a.byteLength);
    expect(p2!.frame.buffer).toBe(chunk.buffer);
    expect(p2!.frame.byteOffset).toBe(chunk.byteOffset + a.byteLength);
    expect(p1!.opaque).toBe(1);
    expect(p2!.opaque).toBe(2);
    // Shared memory: a write to the chunk shows through the packet's value.
    chunk[a.byteLength + 24] = 0x7a;
    expect(p2!.value.toString()).toBe('zbb');
    expect(d.buffered).toBe(0);
  });

  test('a plain Uint8Array chunk is used in place too', () => {
    const bytes = response(4);
    const backing = new Uint8Array(bytes.byteLength + 8);
    backing.set(bytes, 8);
    const view = backing.subarray(8);
    const d = new FrameDecoder();
    d.push(view);
    const p = d.next()!;
    expect(p.frame.buffer).toBe(backing.buffer);
    expect(p.frame.byteOffset).toBe(8);
    expect(p.value.toString()).toBe('aaaa');
  });

  test('nothing is allocated for a packet that lies in one chunk', () => {
    const chunk = Buffer.concat([response(100), response(200)]);
    const d = new FrameDecoder();
    const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe');
    const alloc = jest.spyOn(Buffer, 'alloc');
    const concat = jest.spyOn(Buffer, 'concat');
    d.push(chunk);
    expect(drain(d)).toHaveLength(2);
    expect(allocUnsafe).not.toHaveBeenCalled();
    expect(alloc).not.toHaveBeenCalled();
    expect(concat).not.toHaveBeenCalled();
  });
});

describe('a packet straddling chunks is copied once', () => {
  test('the straddling packet gets its own memory; the next packet, in one chunk, is a view again', () => {
    const a = response(10, 0x61, 1);
    const b = response(6, 0x62, 2);
    const c1 = Buffer.from(a.subarray(0, 15));
    const c2 = Buffer.concat([a.subarray(15), b]);
    const d = new FrameDecoder();
    const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe');
    const concat = jest.spyOn(Buffer, 'concat');
    d.push(c1);
    d.push(c2);
    const [p1, p2] = drain(d);
    expect(allocUnsafe).toHaveBeenCalledTimes(1);
    expect(allocUnsafe).toHaveBeenCalledWith(a.byteLength);
    expect(concat).not.toHaveBeenCalled();
    expect(p1!.frame.equals(a)).toBe(true);
    // A copy: later writes to the chunks do not reach it.
    c1.fill(0);
    c2.fill(0, 0, a.byteLength - 15);
    expect(p1!.frame.equals(a)).toBe(true);
    expect(p2!.frame.buffer).toBe(c2.buffer);
    expect(p2!.frame.byteOffset).toBe(c2.byteOffset + a.byteLength - 15);
    expect(p2!.value.toString()).toBe('bbbbbb');
    expect(d.buffered).toBe(0);
  });

  test('a 1 MiB value in 1000-byte chunks, read after every push, is allocated once', () => {
    const big = response(1024 * 1024, 0x5a, 77);
    const d = new FrameDecoder();
    const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe');
    const concat = jest.spyOn(Buffer, 'concat');
    let packet: Packet | undefined;
    let pushes = 0;
    for (let o = 0; o < big.byteLength; o += 1000) {
      d.push(big.subarray(o, o + 1000));
      pushes++;
      const p = d.next();
      if (p !== undefined) {
        expect(packet).toBeUndefined();
        packet = p;
      }
    }
    expect(pushes).toBeGreaterThan(1000);
    expect(packet).toBeDefined();
    expect(packet!.opaque).toBe(77);
    expect(packet!.valueLength).toBe(1024 * 1024);
    expect(packet!.frame.equals(big)).toBe(true);
    expect(allocUnsafe).toHaveBeenCalledTimes(1);
    expect(concat).not.toHaveBeenCalled();
    expect(d.buffered).toBe(0);
  });

  test('a header split across chunks is read without allocating', () => {
    const a = response(2);
    const d = new FrameDecoder();
    const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe');
    const alloc = jest.spyOn(Buffer, 'alloc');
    d.push(a.subarray(0, 10));
    expect(d.next()).toBeUndefined();
    d.push(a.subarray(10, 24));
    expect(d.next()).toBeUndefined(); // header complete, body not yet
    expect(d.buffered).toBe(24);
    expect(alloc).not.toHaveBeenCalled();
    expect(allocUnsafe).not.toHaveBeenCalled();
    d.push(a.subarray(24));
    expect(d.next()!.frame.equals(a)).toBe(true);
  });

  test('empty chunks are ignored and `buffered` counts unread bytes', () => {
    const a = response(3);
    const d = new FrameDecoder();
    d.push(Buffer.alloc(0));
    d.push(new Uint8Array(0));
    expect(d.buffered).toBe(0);
    d.push(a.subarray(0, 20));
    expect(d.buffered).toBe(20);
    expect(d.next()).toBeUndefined();
    expect(d.buffered).toBe(20);
    d.push(a.subarray(20));
    expect(d.buffered).toBe(a.byteLength);
    expect(d.next()).toBeDefined();
    expect(d.buffered).toBe(0);
  });
});

describe('server requests, server responses and alt responses decode', () => {
  test('0x82 CLUSTERMAP_CHANGE_NOTIFICATION: extras = revision, key = bucket, value = config', () => {
    const bytes = hex(`
      82 01 00 06 04 01 00 00  00 00 00 13 00 00 00 00
      00 00 00 00 00 00 00 00
      00 00 00 07  74 72 61 76 65 6c  7b 22 72 65 76 22 3a 37 7d`);
    const d = new FrameDecoder();
    for (let i = 0; i < bytes.byteLength; i++) d.push(bytes.subarray(i, i + 1));
    const p = d.next()!;
    expect(p.magic).toBe(0x82);
    expect(p.isResponse).toBe(false);
    expect(p.opcode).toBe(0x01);
    expect(p.datatype).toBe(0x01);
    expect(readU32Extras(p.extras)).toBe(7);
    expect(p.key.toString()).toBe('travel');
    expect(JSON.parse(p.value.toString())).toEqual({ rev: 7 });
    expect(d.buffered).toBe(0);
  });

  test('0x83 (client response to a server request) reads its status', () => {
    const bytes = hex('83 02 00 00 00 00 00 24 00 00 00 00 12 34 56 78 00 00 00 00 00 00 00 00');
    const d = new FrameDecoder();
    d.push(bytes);
    const p = d.next()!;
    expect(p.magic).toBe(0x83);
    expect(p.isResponse).toBe(true);
    expect(p.status).toBe(0x24);
    expect(p.opaque).toBe(0x12345678);
  });

  test('0x18 alt response: server-duration and read-units frames, extras, value', () => {
    // fe len 6 = [0x02 dd dd] server duration + [0x12 00 01] read units; key len 0; extras 4.
    const bytes = hex(`
      18 00 06 00 04 00 00 00  00 00 00 0f 00 00 00 2a
      00 00 00 00 00 00 00 05
      02 00 10 12 00 01  de ad be ef  57 6f 72 6c 64`);
    const d = new FrameDecoder();
    d.push(bytes.subarray(0, 26));
    expect(d.next()).toBeUndefined();
    d.push(bytes.subarray(26));
    const p = d.next()!;
    expect(p.magic).toBe(0x18);
    expect(p.isResponse).toBe(true);
    expect(p.status).toBe(0);
    expect(p.opaque).toBe(0x2a);
    expect(p.cas).toBe(5n);
    expect(p.framingExtrasLength).toBe(6);
    expect(p.keyLength).toBe(0);
    const frames = decodeFrameInfos(p.framingExtras)!;
    expect(frames.map((f) => f.id)).toEqual([RESPONSE_FRAME_IDS.SERVER_DURATION, RESPONSE_FRAME_IDS.READ_UNITS]);
    expect([...frames[0]!.data]).toEqual([0x00, 0x10]);
    expect(decodeServerDuration(0x10)).toBeCloseTo(Math.pow(16, 1.74) / 2, 9);
    expect([...frames[1]!.data]).toEqual([0x00, 0x01]);
    expect(readU32Extras(p.extras)).toBe(0xdeadbeef);
    expect(p.value.toString()).toBe('World');
  });

  test('0x18 alt response: byte 3 is a one-byte key length (GETK style)', () => {
    const bytes = hex(`
      18 0c 03 03 00 00 00 00  00 00 00 08 00 00 00 01
      00 00 00 00 00 00 00 00
      02 00 01  61 62 63  78 79`);
    const d = new FrameDecoder();
    d.push(bytes);
    const p = d.next()!;
    expect(p.framingExtrasLength).toBe(3);
    expect(p.keyLength).toBe(3);
    expect(p.key.toString()).toBe('abc');
    expect(p.value.toString()).toBe('xy');
  });

  test('0x08 alt request decodes as a request (vbucket, not status)', () => {
    const bytes = hex(`
      08 00 01 01 00 00 03 ff  00 00 00 02 00 00 00 09
      00 00 00 00 00 00 00 00
      00 6b`);
    const d = new FrameDecoder();
    d.push(bytes);
    const p = d.next()!;
    expect(p.isResponse).toBe(false);
    expect(p.vbucket).toBe(1023);
    expect(decodeFrameInfos(p.framingExtras)).toEqual([{ id: 0, data: new Uint8Array(0) }]);
    expect(p.key.toString()).toBe('k');
  });
});

describe('hostile input throws ProtocolError', () => {
  const expectProtocolError = (d: FrameDecoder, message: RegExp): ProtocolError => {
    let caught: unknown;
    try {
      d.next();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect(caught).toBeInstanceOf(CouchbaseError);
    expect((caught as Error).message).toMatch(message);
    return caught as ProtocolError;
  };

  test.each([0x00, 0x01, 0x09, 0x19, 0x7f, 0x84, 0x90, 0xff].map((m) => [m.toString(16).padStart(2, '0'), m] as const))('unknown magic 0x%s', (_hex, magic) => {
    const d = new FrameDecoder();
    // Only the header is there: the error does not wait for a body.
    d.push(header({ magic, bodyLength: 100 }));
    const err = expectProtocolError(d, /unknown magic/);
    expect(err.context.header).toBe(header({ magic, bodyLength: 100 }).toString('hex'));
  });

  test('fewer than 24 bytes of garbage are not judged yet', () => {
    const d = new FrameDecoder();
    d.push(Buffer.alloc(23, 0xff));
    expect(d.next()).toBeUndefined();
    d.push(Buffer.from([0xff]));
    expectProtocolError(d, /unknown magic 0xff/);
  });

  test('a header claiming a 4 GiB body throws without allocating', () => {
    const d = new FrameDecoder();
    const hdr = header({ magic: 0x81, bodyLength: 0xffffffff });
    const spies = [jest.spyOn(Buffer, 'alloc'), jest.spyOn(Buffer, 'allocUnsafe'), jest.spyOn(Buffer, 'allocUnsafeSlow'), jest.spyOn(Buffer, 'concat')];
    d.push(hdr);
    expectProtocolError(d, /body length 4294967295 exceeds the limit/);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });

  test('the same header split across chunks throws too, still without allocating', () => {
    const d = new FrameDecoder();
    const hdr = header({ magic: 0x18, framingExtrasLength: 0, bodyLength: 0xffffffff });
    const spies = [jest.spyOn(Buffer, 'alloc'), jest.spyOn(Buffer, 'allocUnsafe'), jest.spyOn(Buffer, 'allocUnsafeSlow')];
    d.push(hdr.subarray(0, 9));
    expect(d.next()).toBeUndefined();
    d.push(hdr.subarray(9));
    expectProtocolError(d, /exceeds the limit/);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });

  test('the default limit is 32 MiB: at the limit the decoder waits, one byte over it throws', () => {
    expect(DEFAULT_MAX_BODY_LENGTH).toBe(32 * 1024 * 1024);
    const atLimit = new FrameDecoder();
    atLimit.push(header({ magic: 0x81, bodyLength: DEFAULT_MAX_BODY_LENGTH }));
    expect(atLimit.next()).toBeUndefined();
    const over = new FrameDecoder();
    over.push(header({ magic: 0x81, bodyLength: DEFAULT_MAX_BODY_LENGTH + 1 }));
    expectProtocolError(over, /exceeds the limit of 33554432 bytes/);
  });

  test('a custom maxBodyLength is honoured', () => {
    const d = new FrameDecoder({ maxBodyLength: 16 });
    d.push(response(16));
    expect(d.next()!.valueLength).toBe(16);
    d.push(response(17));
    expectProtocolError(d, /body length 17 exceeds the limit of 16 bytes/);
  });

  test('classic packet: extras + key longer than the body', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([header({ magic: 0x80, keyLength: 16, extrasLength: 8, bodyLength: 20 }), Buffer.alloc(20)]));
    expectProtocolError(d, /exceed the body length 20/);
  });

  test('classic packet: a u16 key length of 0xffff against a tiny body', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([header({ magic: 0x81, keyLength: 0xffff, bodyLength: 4 }), Buffer.alloc(4)]));
    expectProtocolError(d, /key \(65535\)/);
  });

  test('alt packet: framing extras + extras + key longer than the body', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([header({ magic: 0x18, framingExtrasLength: 4, keyLength: 3, extrasLength: 4, bodyLength: 10 }), Buffer.alloc(10)]));
    expectProtocolError(d, /framing extras \(4\) \+ extras \(4\) \+ key \(3\) exceed the body length 10/);
  });

  test('parts that exactly fill the body are fine (empty value)', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([header({ magic: 0x18, framingExtrasLength: 4, keyLength: 3, extrasLength: 4, bodyLength: 11 }), Buffer.alloc(11)]));
    expect(d.next()!.valueLength).toBe(0);
  });

  test('after an error the decoder keeps failing rather than returning garbage; reset() recovers it', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([header({ magic: 0x42, bodyLength: 0 }), response(1)]));
    expectProtocolError(d, /unknown magic 0x42/);
    expectProtocolError(d, /unknown magic 0x42/);
    d.reset();
    expect(d.buffered).toBe(0);
    expect(d.next()).toBeUndefined();
    d.push(response(2, 0x63, 9));
    const p = d.next()!;
    expect(p.opaque).toBe(9);
    expect(p.value.toString()).toBe('cc');
  });

  test('a good packet followed by a bad header: the good one comes out first', () => {
    const d = new FrameDecoder();
    d.push(Buffer.concat([response(3, 0x61, 5), header({ magic: 0x00, bodyLength: 0 })]));
    expect(d.next()!.opaque).toBe(5);
    expectProtocolError(d, /unknown magic 0x00/);
  });

  test('random garbage never hangs and never yields an inconsistent packet', () => {
    let seed = 0x1234567;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const magics = [0x80, 0x81, 0x08, 0x18, 0x82, 0x83];
    let packets = 0;
    let errors = 0;
    for (let round = 0; round < 500; round++) {
      const bytes = Buffer.alloc(rnd() % 400);
      for (let i = 0; i < bytes.byteLength; i++) bytes[i] = rnd() & 0xff;
      // Often start with a plausible header so that the length checks are reached.
      if (bytes.byteLength >= 24 && round % 2 === 0) {
        bytes[0] = magics[rnd() % magics.length]!;
        bytes.writeUInt32BE(rnd() % 300, 8);
      }
      const d = new FrameDecoder({ maxBodyLength: 1024 });
      let o = 0;
      while (o < bytes.byteLength) {
        const n = 1 + (rnd() % 50);
        d.push(bytes.subarray(o, o + n));
        o += n;
      }
      let iterations = 0;
      try {
        for (let p = d.next(); p !== undefined; p = d.next()) {
          iterations++;
          expect(iterations).toBeLessThanOrEqual(Math.floor(bytes.byteLength / 24));
          expect(magics).toContain(p.magic);
          expect(p.frame.byteLength).toBe(24 + p.bodyLength);
          expect(p.framingExtrasLength + p.extrasLength + p.keyLength).toBeLessThanOrEqual(p.bodyLength);
          expect(p.valueLength).toBe(p.value.byteLength);
          packets++;
        }
      } catch (e) {
        expect(e).toBeInstanceOf(ProtocolError);
        errors++;
      }
    }
    // Both paths were exercised.
    expect(packets).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
