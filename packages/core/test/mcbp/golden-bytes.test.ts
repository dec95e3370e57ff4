/**
 * The MCBP codec against the golden packet dumps of test-fixtures/golden-bytes.md
 * (kv_engine BinaryProtocol.md / sasl.md / Collections.md examples, and packets computed
 * from the documented layouts). Proves that
 *  (a) `decodePacket` reads every dump into the header fields and parts its title states,
 *  (b) `encodePacket`, given those fields, produces the dump byte for byte,
 *  (c) `FrameDecoder` yields the same packets whatever the chunking (one chunk, byte by
 *      byte, random splits, all dumps in one stream) and leaves nothing buffered.
 * Every expected value is typed in from the dump's title, never taken from our encoder.
 */
import { counterExtras, mutationExtras, readMutationExtras, readU32Extras, storeExtras, u32Extras } from '../../src/mcbp/extras';
import { DATATYPE } from '../../src/mcbp/datatype';
import { decodeFeatures, encodeFeatures, FEATURES } from '../../src/mcbp/features';
import { FrameDecoder } from '../../src/mcbp/frame-decoder';
import { decodeFrameInfos, encodeFrameInfos, REQUEST_FRAME_IDS } from '../../src/mcbp/frame-info';
import { decodeLeb128, encodeLeb128 } from '../../src/mcbp/leb128';
import { MAGIC } from '../../src/mcbp/magic';
import { OPCODES } from '../../src/mcbp/opcodes';
import { decodePacket, encodePacket, packetSize, writePacket, type Packet, type PacketInit } from '../../src/mcbp/packet';
import { STATUS } from '../../src/mcbp/status';
import { vbucketOf } from '../../src/routing/crc32';
import { FORMAT_FLAGS } from '../../src/transcoding/formats';
import { loadGoldenDumps, parseGoldenDumps, type GoldenDump } from '../helpers/golden';

// ---- byte builders (big-endian, as the protocol documentation lays fields out) ----------

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
};
/** Concatenates byte parts; strings are UTF-8, number arrays are raw bytes. */
const cat = (...parts: (Uint8Array | string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Array.isArray(p) ? Buffer.from(p) : p)));
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

const VBUUID = 0x0000aabbccddeeffn;

interface Spec {
  /** The fields the title states (header fields the title leaves implicit are noted inline). */
  readonly init: PacketInit;
  /** Semantic assertions on the decoded packet, typed in from the title. */
  readonly check: (p: Packet) => void;
}

const SPECS: Record<string, Spec> = {
  A: {
    init: { opcode: OPCODES.GET, key: 'Hello' },
    check: (p) => {
      expect(p.magic).toBe(0x80);
      expect(p.isResponse).toBe(false);
      expect(p.opcode).toBe(0x00);
      expect(p.keyLength).toBe(5);
      expect(text(p.key)).toBe('Hello');
      expect(p.extras.byteLength).toBe(0);
      expect(p.valueLength).toBe(0);
      expect(p.vbucket).toBe(0);
    },
  },
  B: {
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.GET, status: STATUS.SUCCESS, extras: u32Extras(0xdeadbeef), value: 'World', cas: 1n },
    check: (p) => {
      expect(p.isResponse).toBe(true);
      expect(p.status).toBe(0);
      expect(p.extrasLength).toBe(4);
      expect(readU32Extras(p.extras)).toBe(0xdeadbeef);
      expect(p.keyLength).toBe(0);
      expect(text(p.value)).toBe('World');
      expect(p.cas).toBe(1n);
    },
  },
  C: {
    init: { opcode: OPCODES.ADD, extras: storeExtras(0xdeadbeef, 3600), key: 'Hello', value: 'World' },
    check: (p) => {
      expect(p.opcode).toBe(0x02);
      expect(p.extrasLength).toBe(8);
      expect(readU32Extras(p.extras)).toBe(0xdeadbeef);
      expect(p.extras.readUInt32BE(4)).toBe(3600);
      expect(text(p.key)).toBe('Hello');
      expect(text(p.value)).toBe('World');
    },
  },
  D: {
    init: { opcode: OPCODES.INCREMENT, extras: counterExtras(1n, 0n, 3600), key: 'counter' },
    check: (p) => {
      expect(p.opcode).toBe(0x05);
      expect(p.extrasLength).toBe(20);
      expect(p.extras.readBigUInt64BE(0)).toBe(1n);
      expect(p.extras.readBigUInt64BE(8)).toBe(0n);
      expect(p.extras.readUInt32BE(16)).toBe(3600);
      expect(text(p.key)).toBe('counter');
      expect(p.valueLength).toBe(0);
    },
  },
  E: {
    init: { opcode: OPCODES.HELLO, key: 'mchello v1.0', value: encodeFeatures([0x0001, 0x0002, 0x0003, 0x0004, 0x0005]) },
    check: (p) => {
      expect(p.opcode).toBe(0x1f);
      expect(text(p.key)).toBe('mchello v1.0');
      expect(decodeFeatures(p.value)).toEqual([1, 2, 3, 4, 5]);
      expect(decodeFeatures(p.value)).toEqual([FEATURES.DATATYPE, FEATURES.TLS, FEATURES.TCPNODELAY, FEATURES.MUTATION_SEQNO, FEATURES.TCPDELAY]);
    },
  },
  F: {
    init: { opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: '\0user\0pencil' },
    check: (p) => {
      expect(p.opcode).toBe(0x21);
      expect(text(p.key)).toBe('PLAIN');
      expect(text(p.value)).toBe('\0user\0pencil');
    },
  },
  G: {
    init: { opcode: OPCODES.SELECT_BUCKET, key: 'engineering', opaque: 0xefbeadde },
    check: (p) => {
      expect(p.opcode).toBe(0x89);
      expect(text(p.key)).toBe('engineering');
      // "opaque bytes ef be ad de": the four header bytes 12..15, read as a big-endian u32.
      expect([...p.frame.subarray(12, 16)]).toEqual([0xef, 0xbe, 0xad, 0xde]);
      expect(p.opaque).toBe(0xefbeadde);
    },
  },
  H: {
    init: { opcode: OPCODES.ADD, extras: storeExtras(0xdeadbeef, 3600), key: cat(encodeLeb128(555), 'Hello'), value: 'World' },
    check: (p) => {
      expect(p.opcode).toBe(0x02);
      // The key length includes the LEB128 collection-id prefix: ab 04 = 555.
      expect(p.keyLength).toBe(7);
      expect([...p.key.subarray(0, 2)]).toEqual([0xab, 0x04]);
      expect(decodeLeb128(p.key)).toEqual({ value: 555, length: 2 });
      expect(text(p.key.subarray(2))).toBe('Hello');
      expect(readU32Extras(p.extras)).toBe(0xdeadbeef);
      expect(p.extras.readUInt32BE(4)).toBe(3600);
      expect(text(p.value)).toBe('World');
      // Erratum in Collections.md: the body length is 0x14, not 0x12.
      expect(p.bodyLength).toBe(0x14);
    },
  },
  I: {
    init: { opcode: OPCODES.GET_ERROR_MAP, opaque: 1, value: u16(2) },
    check: (p) => {
      expect(p.opcode).toBe(0xfe);
      expect(p.opaque).toBe(1);
      expect(p.keyLength).toBe(0);
      expect(p.value.readUInt16BE(0)).toBe(2);
    },
  },
  J: {
    init: { opcode: OPCODES.GET_CLUSTER_CONFIG, opaque: 2 },
    check: (p) => {
      expect(p.opcode).toBe(0xb5);
      expect(p.opaque).toBe(2);
      expect(p.bodyLength).toBe(0);
    },
  },
  K: {
    init: { opcode: OPCODES.COLLECTIONS_GET_ID, opaque: 3, value: 'myscope.mycoll' },
    check: (p) => {
      expect(p.opcode).toBe(0xbb);
      expect(p.opaque).toBe(3);
      expect(p.keyLength).toBe(0);
      expect(text(p.value)).toBe('myscope.mycoll');
    },
  },
  L: {
    // Opaque 3: the response echoes K's request.
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.COLLECTIONS_GET_ID, opaque: 3, extras: cat(u64(0x12n), u32(8)) },
    check: (p) => {
      expect(p.isResponse).toBe(true);
      expect(p.status).toBe(0);
      expect(p.extrasLength).toBe(12);
      expect(p.extras.readBigUInt64BE(0)).toBe(0x12n);
      expect(p.extras.readUInt32BE(8)).toBe(8);
      expect(p.valueLength).toBe(0);
    },
  },
  M: {
    init: { opcode: OPCODES.GET, vbucket: 115, opaque: 4, key: cat([0x00], 'foo') },
    check: (p) => {
      expect(p.vbucket).toBe(115);
      expect(p.opaque).toBe(4);
      expect(decodeLeb128(p.key)).toEqual({ value: 0, length: 1 });
      expect(text(p.key.subarray(1))).toBe('foo');
      // The vBucket is hashed on the bare key (protocol.md §1.9, §3.6).
      expect(vbucketOf('foo', 1024)).toBe(p.vbucket);
    },
  },
  N: {
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.SET, opaque: 5, cas: 0x16b2a3c1e0e40000n, extras: mutationExtras(VBUUID, 7n) },
    check: (p) => {
      expect(p.opcode).toBe(0x01);
      expect(p.status).toBe(0);
      expect(p.cas).toBe(0x16b2a3c1e0e40000n);
      expect(p.extrasLength).toBe(16);
      expect(readMutationExtras(p.extras)).toEqual({ vbuuid: VBUUID, seqno: 7n });
    },
  },
  O: {
    init: {
      opcode: OPCODES.SET,
      datatype: DATATYPE.JSON,
      vbucket: 0,
      opaque: 6,
      // Durability frame: level 1 (majority) + u16 timeout 9000 ms.
      framingExtras: encodeFrameInfos([{ id: REQUEST_FRAME_IDS.DURABILITY_REQUIREMENT, data: cat([0x01], u16(9000)) }]),
      extras: storeExtras(0x02000000, 0),
      // The dump's key is 00 6b: "k" behind the default-collection prefix.
      key: cat([0x00], 'k'),
      value: '{}',
    },
    check: (p) => {
      expect(p.magic).toBe(0x08);
      expect(p.isResponse).toBe(false);
      expect(p.framingExtrasLength).toBe(4);
      expect(p.keyLength).toBe(2);
      expect(p.datatype).toBe(0x01);
      const frames = decodeFrameInfos(p.framingExtras);
      expect(frames).toHaveLength(1);
      expect(frames![0]!.id).toBe(1);
      expect(frames![0]!.data[0]).toBe(1);
      expect(Buffer.from(frames![0]!.data).readUInt16BE(1)).toBe(9000);
      expect(readU32Extras(p.extras)).toBe(0x02000000);
      expect(readU32Extras(p.extras)).toBe(FORMAT_FLAGS.json);
      expect(p.extras.readUInt32BE(4)).toBe(0);
      expect(decodeLeb128(p.key)).toEqual({ value: 0, length: 1 });
      expect(text(p.key.subarray(1))).toBe('k');
      expect(JSON.parse(text(p.value))).toEqual({});
    },
  },
  P: {
    init: { opcode: OPCODES.OBSERVE_SEQNO, vbucket: 12, opaque: 7, value: u64(VBUUID) },
    check: (p) => {
      expect(p.opcode).toBe(0x91);
      expect(p.vbucket).toBe(12);
      expect(p.keyLength).toBe(0);
      expect(p.value.readBigUInt64BE(0)).toBe(VBUUID);
    },
  },
  Q: {
    // Opaque 7: echoes P.
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.OBSERVE_SEQNO, opaque: 7, value: cat([0x00], u16(12), u64(VBUUID), u64(5n), u64(7n)) },
    check: (p) => {
      expect(p.status).toBe(0);
      const v = p.value;
      expect(v.byteLength).toBe(27);
      expect(v[0]).toBe(0); // format 0: no failover
      expect(v.readUInt16BE(1)).toBe(12);
      expect(v.readBigUInt64BE(3)).toBe(VBUUID);
      expect(v.readBigUInt64BE(11)).toBe(5n);
      expect(v.readBigUInt64BE(19)).toBe(7n);
    },
  },
  R: {
    init: { opcode: OPCODES.OBSERVE, opaque: 8, value: cat(u16(115), u16(3), 'foo') },
    check: (p) => {
      expect(p.opcode).toBe(0x92);
      expect(p.vbucket).toBe(0);
      expect(p.keyLength).toBe(0);
      expect(p.value.readUInt16BE(0)).toBe(115);
      expect(p.value.readUInt16BE(2)).toBe(3);
      expect(text(p.value.subarray(4))).toBe('foo');
    },
  },
  S: {
    init: {
      magic: MAGIC.RESPONSE,
      opcode: OPCODES.OBSERVE,
      opaque: 8,
      cas: (100n << 32n) | 50n,
      value: cat(u16(115), u16(3), 'foo', [0x01], u64(0x1122334455667788n)),
    },
    check: (p) => {
      expect(p.cas >> 32n).toBe(100n); // time to persist, ms
      expect(p.cas & 0xffffffffn).toBe(50n); // time to replicate, ms
      const v = p.value;
      expect(v.readUInt16BE(0)).toBe(115);
      expect(v.readUInt16BE(2)).toBe(3);
      expect(text(v.subarray(4, 7))).toBe('foo');
      expect(v[7]).toBe(0x01); // persisted
      expect(v.readBigUInt64BE(8)).toBe(0x1122334455667788n);
    },
  },
  T: {
    init: {
      opcode: OPCODES.SUBDOC_MULTI_LOOKUP,
      opaque: 9,
      key: cat([0x00], 'doc'),
      value: cat([OPCODES.SUBDOC_GET, 0x04], u16(17), '$document.exptime', [OPCODES.GET, 0x00], u16(0)),
    },
    check: (p) => {
      expect(p.opcode).toBe(0xd0);
      expect(p.extrasLength).toBe(0);
      expect(text(p.key.subarray(1))).toBe('doc');
      const v = p.value;
      expect(v[0]).toBe(0xc5); // SUBDOC_GET
      expect(v[1]).toBe(0x04); // XATTR_PATH
      expect(v.readUInt16BE(2)).toBe(17);
      expect(text(v.subarray(4, 21))).toBe('$document.exptime');
      expect([...v.subarray(21)]).toEqual([0x00, 0x00, 0x00, 0x00]); // GET "" (whole doc)
    },
  },
  U: {
    init: { opcode: OPCODES.SASL_AUTH, key: 'SCRAM-SHA1', value: 'n,,n=user,r=clientNONCE' },
    check: (p) => {
      expect(text(p.key)).toBe('SCRAM-SHA1');
      expect(text(p.value)).toBe('n,,n=user,r=clientNONCE');
    },
  },
  V: {
    // Opcode 0x00 and opaque 0x0a are not in the title: they are the dump's header values.
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.GET, datatype: DATATYPE.JSON, status: STATUS.NOT_MY_VBUCKET, opaque: 10, value: '{"rev":1}' },
    check: (p) => {
      expect(p.status).toBe(0x07);
      expect(p.datatype & DATATYPE.JSON).toBe(DATATYPE.JSON);
      expect(JSON.parse(text(p.value))).toEqual({ rev: 1 });
    },
  },
  W: {
    init: {
      opcode: OPCODES.SUBDOC_MULTI_MUTATION,
      opaque: 11,
      extras: Buffer.from([0x01]),
      key: cat([0x00], 'doc'),
      value: cat([OPCODES.SUBDOC_DICT_UPSERT, 0x01], u16(3), u32(1), 'a.b', '1'),
    },
    check: (p) => {
      expect(p.opcode).toBe(0xd1);
      expect([...p.extras]).toEqual([0x01]); // MKDOC
      expect(text(p.key.subarray(1))).toBe('doc');
      const v = p.value;
      expect(v[0]).toBe(0xc8); // DICT_UPSERT
      expect(v[1]).toBe(0x01); // MKDIR_P
      expect(v.readUInt16BE(2)).toBe(3);
      expect(v.readUInt32BE(4)).toBe(1);
      expect(text(v.subarray(8, 11))).toBe('a.b');
      expect(text(v.subarray(11))).toBe('1');
    },
  },
  X: {
    // Opaque 9 (echoes T) comes from the dump's header.
    init: {
      magic: MAGIC.RESPONSE,
      opcode: OPCODES.SUBDOC_MULTI_LOOKUP,
      opaque: 9,
      cas: 0x10n,
      value: cat(u16(0), u32(10), '1700000000', u16(0), u32(7), '{"x":1}'),
    },
    check: (p) => {
      expect(p.status).toBe(0);
      expect(p.cas).toBe(0x10n);
      const v = p.value;
      expect(v.readUInt16BE(0)).toBe(0);
      expect(v.readUInt32BE(2)).toBe(10);
      expect(JSON.parse(text(v.subarray(6, 16)))).toBe(1700000000);
      expect(v.readUInt16BE(16)).toBe(0);
      expect(v.readUInt32BE(18)).toBe(7);
      expect(JSON.parse(text(v.subarray(22)))).toEqual({ x: 1 });
    },
  },
  Y: {
    // Opaque 11 (echoes W) comes from the dump's header.
    init: { magic: MAGIC.RESPONSE, opcode: OPCODES.SUBDOC_MULTI_MUTATION, status: 0xcc, opaque: 11, value: cat([0x00], u16(0xc0)) },
    check: (p) => {
      expect(p.status).toBe(STATUS.SUBDOC_MULTI_PATH_FAILURE);
      expect(p.value[0]).toBe(0); // failing spec index
      expect(p.value.readUInt16BE(1)).toBe(STATUS.SUBDOC_PATH_ENOENT);
    },
  },
};

const dumps = loadGoldenDumps();
const IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXY'.split('');

const asBytes = (v: string | Uint8Array | undefined): Buffer => (v === undefined ? Buffer.alloc(0) : typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v));

/** Field-by-field comparison of two decoded packets. */
function fieldsOf(p: Packet): Record<string, unknown> {
  return {
    magic: p.magic,
    opcode: p.opcode,
    datatype: p.datatype,
    vbucketOrStatus: p.vbucketOrStatus,
    opaque: p.opaque,
    cas: p.cas,
    framingExtras: Buffer.from(p.framingExtras).toString('hex'),
    extras: Buffer.from(p.extras).toString('hex'),
    key: Buffer.from(p.key).toString('hex'),
    value: Buffer.from(p.value).toString('hex'),
  };
}

test('the fixture holds dumps A–Y in order and each one has a spec here', () => {
  expect(dumps.map((d) => d.id)).toEqual(IDS);
  expect(Object.keys(SPECS).sort()).toEqual(IDS);
});

describe('the fixture parser', () => {
  const ok = '### Z. demo  (3 bytes)\n```\n0000: 80 00 01\n```\n';

  test('reads a well-formed dump', () => {
    expect(parseGoldenDumps(ok)).toEqual([{ id: 'Z', title: 'demo', bytes: Buffer.from([0x80, 0x00, 0x01]) }]);
  });

  test('rejects a dump whose byte count differs from its heading', () => {
    expect(() => parseGoldenDumps(ok.replace('(3 bytes)', '(4 bytes)'))).toThrow(/heading says 4 bytes, the dump has 3/);
  });

  test('rejects a line whose offset does not follow on, and an unreadable line', () => {
    expect(() => parseGoldenDumps('### Z. x  (2 bytes)\n```\n0000: 80\n0008: 00\n```\n')).toThrow(/offset/);
    expect(() => parseGoldenDumps('### Z. x  (1 bytes)\n```\n0000: 8g\n```\n')).toThrow(/unreadable/);
  });
});

describe.each(dumps.map((d): [string, GoldenDump] => [`${d.id}. ${d.title}`, d]))('%s', (_name, dump) => {
  const spec = SPECS[dump.id]!;

  test('(a) decodes into the fields its title states', () => {
    const p = decodePacket(dump.bytes);
    const init = spec.init;
    const fe = asBytes(init.framingExtras);
    const expectedMagic = init.magic ?? (fe.byteLength > 0 ? MAGIC.ALT_REQUEST : MAGIC.REQUEST);
    expect(p.magic).toBe(expectedMagic);
    expect(p.opcode).toBe(init.opcode);
    expect(p.datatype).toBe(init.datatype ?? 0);
    expect(p.vbucketOrStatus).toBe((p.isResponse ? init.status : init.vbucket) ?? 0);
    expect(p.opaque).toBe(init.opaque ?? 0);
    expect(p.cas).toBe(init.cas ?? 0n);
    expect(p.framingExtras.equals(fe)).toBe(true);
    expect(p.extras.equals(asBytes(init.extras))).toBe(true);
    expect(p.key.equals(asBytes(init.key))).toBe(true);
    expect(p.value.equals(asBytes(init.value))).toBe(true);
    // Lengths add up to the dump.
    expect(p.bodyLength).toBe(dump.bytes.byteLength - 24);
    expect(p.framingExtrasLength + p.extrasLength + p.keyLength + p.valueLength).toBe(p.bodyLength);
    expect(p.valueLength).toBe(p.value.byteLength);
    spec.check(p);
  });

  test('(a) the decoded parts are views of the input, not copies', () => {
    const bytes = Buffer.from(dump.bytes);
    const p = decodePacket(bytes);
    expect(p.frame.buffer).toBe(bytes.buffer);
    expect(p.value.buffer).toBe(bytes.buffer);
    // A plain Uint8Array view decodes the same.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(fieldsOf(decodePacket(view))).toEqual(fieldsOf(p));
  });

  test('(b) encodes from those fields to the dump, byte for byte', () => {
    const encoded = encodePacket(spec.init);
    expect(encoded.toString('hex')).toBe(dump.bytes.toString('hex'));
    expect(packetSize(spec.init)).toBe(dump.bytes.byteLength);
  });

  test('(b) writePacket writes the same bytes at an offset, touching nothing around them', () => {
    const size = packetSize(spec.init);
    const buf = Buffer.alloc(size + 10, 0xee);
    expect(writePacket(spec.init, buf, 5)).toBe(5 + size);
    expect(buf.subarray(5, 5 + size).equals(dump.bytes)).toBe(true);
    expect([...buf.subarray(0, 5), ...buf.subarray(5 + size)]).toEqual(new Array(10).fill(0xee));
  });

  test('(b) string lengths given up front encode the same', () => {
    const init = { ...spec.init };
    if (typeof init.key === 'string') init.keyLength = Buffer.byteLength(init.key);
    if (typeof init.value === 'string') init.valueLength = Buffer.byteLength(init.value);
    expect(encodePacket(init).equals(dump.bytes)).toBe(true);
  });

  test('(c) FrameDecoder: one chunk, byte by byte, and random splits', () => {
    const expected = fieldsOf(decodePacket(dump.bytes));
    for (const chunks of [[dump.bytes], byteByByte(dump.bytes), ...randomSplits(dump.bytes, 20, dump.id.charCodeAt(0))]) {
      const out = feed(chunks);
      expect(out.packets.map(fieldsOf)).toEqual([expected]);
      expect(out.packets[0]!.frame.equals(dump.bytes)).toBe(true);
      expect(out.buffered).toBe(0);
    }
  });
});

describe('(c) all dumps as one stream', () => {
  const stream = Buffer.concat(dumps.map((d) => d.bytes));
  const expected = dumps.map((d) => fieldsOf(decodePacket(d.bytes)));

  test('in one chunk', () => {
    const out = feed([stream]);
    expect(out.packets.map(fieldsOf)).toEqual(expected);
    out.packets.forEach((p, i) => expect(p.frame.equals(dumps[i]!.bytes)).toBe(true));
    expect(out.buffered).toBe(0);
  });

  test('byte by byte', () => {
    const out = feed(byteByByte(stream));
    expect(out.packets.map(fieldsOf)).toEqual(expected);
    expect(out.buffered).toBe(0);
  });

  test('in random splits', () => {
    for (const chunks of randomSplits(stream, 50, 2024)) {
      const out = feed(chunks);
      expect(out.packets.map(fieldsOf)).toEqual(expected);
      expect(out.buffered).toBe(0);
    }
  });

  test('reading after every push gives the same packets as reading at the end', () => {
    const decoder = new FrameDecoder();
    const packets: Packet[] = [];
    for (const chunk of randomSplits(stream, 1, 7)[0]!) {
      decoder.push(chunk);
      for (let p = decoder.next(); p !== undefined; p = decoder.next()) packets.push(p);
    }
    expect(packets.map(fieldsOf)).toEqual(expected);
    expect(decoder.buffered).toBe(0);
    expect(decoder.next()).toBeUndefined();
  });
});

// ---- FrameDecoder feeding helpers --------------------------------------------------------

function byteByByte(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.byteLength; i++) out.push(bytes.subarray(i, i + 1));
  return out;
}

/** Small deterministic PRNG (mulberry32), so a failing split can be reproduced. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random partitions of `bytes` into chunks (chunk sizes 1..40). */
function randomSplits(bytes: Buffer, count: number, seed: number): Buffer[][] {
  const rnd = prng(seed);
  const out: Buffer[][] = [];
  for (let n = 0; n < count; n++) {
    const chunks: Buffer[] = [];
    let o = 0;
    while (o < bytes.byteLength) {
      const len = 1 + Math.floor(rnd() * 40);
      chunks.push(bytes.subarray(o, o + len));
      o += len;
    }
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    out.push(chunks);
  }
  return out;
}

/** Pushes every chunk, then reads every packet. */
function feed(chunks: Buffer[]): { packets: Packet[]; buffered: number } {
  const decoder = new FrameDecoder();
  for (const c of chunks) decoder.push(c);
  const packets: Packet[] = [];
  for (let p = decoder.next(); p !== undefined; p = decoder.next()) packets.push(p);
  expect(decoder.next()).toBeUndefined();
  return { packets, buffered: decoder.buffered };
}
