/**
 * Packet encoding limits and decodePacket's checks, and the protocol constant tables
 * (magic, datatype, HELLO features, opcodes) against protocol.md §1.2, §1.3, §1.6, §1.7
 * (typed in from the document). Proves that fields which cannot fit the header are a
 * RangeError rather than a corrupt packet, that decodePacket accepts exactly one complete
 * packet, and that the header's magic decides between vbucket and status.
 */
import { DATATYPE } from '../../src/mcbp/datatype';
import { decodeFeatures, encodeFeatures, featureName, FEATURES } from '../../src/mcbp/features';
import { isAltMagic, isKnownMagic, isResponseMagic, MAGIC } from '../../src/mcbp/magic';
import { opcodeName, OPCODES, SERVER_OPCODES } from '../../src/mcbp/opcodes';
import { decodePacket, encodePacket, packetSize } from '../../src/mcbp/packet';
import { goldenDump } from '../helpers/golden';

describe('encodePacket refuses fields that do not fit the header', () => {
  test('alt packets: key over 255 bytes, framing extras over 255 bytes', () => {
    expect(() => encodePacket({ opcode: 0, framingExtras: new Uint8Array(1), key: 'k'.repeat(256) })).toThrow(RangeError);
    expect(() => encodePacket({ magic: MAGIC.ALT_RESPONSE, opcode: 0, key: 'k'.repeat(256) })).toThrow(RangeError);
    expect(() => encodePacket({ opcode: 0, framingExtras: new Uint8Array(256) })).toThrow(RangeError);
    // 255 is the limit, not past it.
    const ok = encodePacket({ opcode: 0, framingExtras: new Uint8Array(255), key: 'k'.repeat(255) });
    expect(ok[0]).toBe(0x08);
    expect(ok[2]).toBe(255);
    expect(ok[3]).toBe(255);
  });

  test('classic packets: framing extras, a key over 65535 bytes, extras over 255 bytes', () => {
    expect(() => encodePacket({ magic: MAGIC.REQUEST, opcode: 0, framingExtras: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => encodePacket({ opcode: 0, key: Buffer.alloc(65536) })).toThrow(RangeError);
    expect(() => encodePacket({ opcode: 0, extras: new Uint8Array(256) })).toThrow(RangeError);
    const ok = encodePacket({ opcode: 0, key: Buffer.alloc(65535) });
    expect(ok.readUInt16BE(2)).toBe(65535);
  });

  test('a stated key length that does not match the string', () => {
    expect(() => encodePacket({ opcode: 0, key: 'Hello', keyLength: 3, value: 'ab' })).toThrow(/stated UTF-8 length/);
    expect(() => encodePacket({ opcode: 0, key: 'Hel', keyLength: 5 })).toThrow(/stated UTF-8 length/);
  });

  test('empty framing extras keep the classic magic', () => {
    expect(encodePacket({ opcode: 0, framingExtras: new Uint8Array(0) })[0]).toBe(0x80);
  });

  test('a response magic writes the status, a request magic the vbucket', () => {
    expect(encodePacket({ magic: MAGIC.RESPONSE, opcode: 0, status: 0x86, vbucket: 7 }).readUInt16BE(6)).toBe(0x86);
    expect(encodePacket({ magic: MAGIC.REQUEST, opcode: 0, status: 0x86, vbucket: 7 }).readUInt16BE(6)).toBe(7);
    expect(encodePacket({ magic: MAGIC.SERVER_RESPONSE, opcode: 1, status: 0x24 }).readUInt16BE(6)).toBe(0x24);
  });

  test('a CAS with every bit set, and a UTF-8 key counted in bytes', () => {
    const p = decodePacket(encodePacket({ opcode: 0, cas: 0xffffffffffffffffn, key: 'clé' }));
    expect(p.cas).toBe(0xffffffffffffffffn);
    expect(p.keyLength).toBe(4);
    expect(packetSize({ opcode: 0, key: 'clé' })).toBe(28);
  });

  test('an opaque is written as its unsigned 32 bits', () => {
    expect(encodePacket({ opcode: 0, opaque: -1 }).readUInt32BE(12)).toBe(0xffffffff);
  });
});

describe('decodePacket accepts exactly one complete packet', () => {
  const a = goldenDump('A').bytes;

  test('shorter than a header', () => {
    expect(() => decodePacket(a.subarray(0, 23))).toThrow(RangeError);
    expect(() => decodePacket(new Uint8Array(0))).toThrow(RangeError);
  });

  test('a body shorter or longer than the header says', () => {
    expect(() => decodePacket(a.subarray(0, a.byteLength - 1))).toThrow(/header says 29/);
    expect(() => decodePacket(Buffer.concat([a, Buffer.from([0])]))).toThrow(/header says 29/);
  });

  test('extras + key longer than the body', () => {
    const bad = Buffer.from(a);
    bad[4] = 1; // 1 extras byte + 5 key bytes > 5-byte body
    expect(() => decodePacket(bad)).toThrow(/exceed the body length 5/);
  });

  test('a body over the given maximum', () => {
    expect(() => decodePacket(a, 4)).toThrow(/exceeds the limit of 4 bytes/);
    expect(decodePacket(a, 5).bodyLength).toBe(5);
  });
});

describe('protocol constants of protocol.md', () => {
  test('§1.2 magic values', () => {
    expect(MAGIC).toEqual({ REQUEST: 0x80, RESPONSE: 0x81, ALT_REQUEST: 0x08, ALT_RESPONSE: 0x18, SERVER_REQUEST: 0x82, SERVER_RESPONSE: 0x83 });
    const known = [0x80, 0x81, 0x08, 0x18, 0x82, 0x83];
    for (let m = 0; m < 256; m++) {
      expect([m, isKnownMagic(m)]).toEqual([m, known.includes(m)]);
      expect([m, isAltMagic(m)]).toEqual([m, m === 0x08 || m === 0x18]);
      expect([m, isResponseMagic(m)]).toEqual([m, m === 0x81 || m === 0x18 || m === 0x83]);
    }
    expect(SERVER_OPCODES).toEqual({ CLUSTERMAP_CHANGE_NOTIFICATION: 0x01, AUTHENTICATE: 0x02, ACTIVE_EXTERNAL_USERS: 0x03, GET_AUTHORIZATION: 0x04 });
  });

  test('§1.6 datatype bits', () => {
    expect(DATATYPE).toEqual({ RAW: 0x00, JSON: 0x01, SNAPPY: 0x02, XATTR: 0x04 });
  });

  test('§1.7 HELLO feature codes', () => {
    expect(FEATURES).toEqual({
      DATATYPE: 0x01,
      TLS: 0x02,
      TCPNODELAY: 0x03,
      MUTATION_SEQNO: 0x04,
      TCPDELAY: 0x05,
      XATTR: 0x06,
      XERROR: 0x07,
      SELECT_BUCKET: 0x08,
      SNAPPY: 0x0a,
      JSON: 0x0b,
      DUPLEX: 0x0c,
      CLUSTERMAP_CHANGE_NOTIFICATION: 0x0d,
      UNORDERED_EXECUTION: 0x0e,
      TRACING: 0x0f,
      ALT_REQUEST_SUPPORT: 0x10,
      SYNC_REPLICATION: 0x11,
      COLLECTIONS: 0x12,
      SNAPPY_EVERYWHERE: 0x13,
      PRESERVE_TTL: 0x14,
      VATTR: 0x15,
      POINT_IN_TIME_RECOVERY: 0x16,
      SUBDOC_CREATE_AS_DELETED: 0x17,
      SUBDOC_DOCUMENT_MACRO_SUPPORT: 0x18,
      SUBDOC_REPLACE_BODY_WITH_XATTR: 0x19,
      REPORT_UNIT_USAGE: 0x1a,
      NON_BLOCKING_THROTTLING: 0x1b,
      SUBDOC_REPLICA_READ: 0x1c,
      GET_CLUSTER_CONFIG_WITH_KNOWN_VERSION: 0x1d,
      DEDUPE_NOT_MY_VBUCKET_CLUSTERMAP: 0x1e,
      CLUSTERMAP_CHANGE_NOTIFICATION_BRIEF: 0x1f,
    });
    expect(featureName(0x12)).toBe('COLLECTIONS');
    expect(featureName(0x09)).toBe('0x09');
    expect(featureName(0x42)).toBe('0x42');
  });

  test('HELLO values: u16 codes big-endian; an odd trailing byte is ignored', () => {
    expect(Buffer.from(encodeFeatures([0x12, 0x0b, 0x1f])).toString('hex')).toBe('0012000b001f');
    expect(decodeFeatures(Uint8Array.from([0x00, 0x12, 0x00, 0x0b, 0x00]))).toEqual([0x12, 0x0b]);
    const backing = Uint8Array.from([0xff, 0x00, 0x07, 0xff]);
    expect(decodeFeatures(backing.subarray(1, 3))).toEqual([0x07]);
  });

  test('§1.3 opcodes, traps included', () => {
    const expected: [keyof typeof OPCODES, number][] = [
      ['GET', 0x00],
      ['SET', 0x01],
      ['ADD', 0x02],
      ['REPLACE', 0x03],
      ['DELETE', 0x04],
      ['INCREMENT', 0x05],
      ['DECREMENT', 0x06],
      ['NOOP', 0x0a],
      ['APPEND', 0x0e],
      ['PREPEND', 0x0f],
      ['TOUCH', 0x1c],
      ['GAT', 0x1d],
      ['HELLO', 0x1f],
      ['SASL_LIST_MECHS', 0x20],
      ['SASL_AUTH', 0x21],
      ['SASL_STEP', 0x22],
      ['GET_REPLICA', 0x83],
      ['SELECT_BUCKET', 0x89],
      ['OBSERVE_SEQNO', 0x91],
      ['OBSERVE', 0x92],
      ['GET_LOCKED', 0x94],
      ['UNLOCK_KEY', 0x95],
      ['GET_META', 0xa0],
      ['GET_CLUSTER_CONFIG', 0xb5],
      ['GET_RANDOM_KEY', 0xb6],
      ['COLLECTIONS_GET_MANIFEST', 0xba],
      ['COLLECTIONS_GET_ID', 0xbb],
      ['COLLECTIONS_GET_SCOPE_ID', 0xbc],
      ['SUBDOC_MULTI_LOOKUP', 0xd0],
      ['SUBDOC_MULTI_MUTATION', 0xd1],
      ['GET_ERROR_MAP', 0xfe],
    ];
    for (const [name, code] of expected) expect([name, OPCODES[name]]).toEqual([name, code]);
    expect(Object.values(OPCODES)).not.toContain(0x84);
    expect(opcodeName(0x83)).toBe('GET_REPLICA');
    expect(opcodeName(0x82)).toBe('0x82');
    // Every opcode has one name.
    expect(new Set(Object.values(OPCODES)).size).toBe(Object.keys(OPCODES).length);
  });
});
