/**
 * The observe codecs against golden dumps P–S of test-fixtures/golden-bytes.md (the
 * layouts of protocol.md §5.1 and §5.3): request values are the dumps' value bytes,
 * decoded responses give the fields the dumps' titles state. Malformed values are a
 * ProtocolError, never a crash or a wrong answer.
 */
import { decodePacket } from '../../src/mcbp/packet';
import { ProtocolError } from '../../src/errors/classes';
import {
  decodeObserveResponse,
  decodeObserveSeqnoResponse,
  encodeObserveRequest,
  encodeObserveSeqnoRequest,
  KEY_STATE,
} from '../../src/durability/observe-codec';
import { goldenDump } from '../helpers/golden';

const valueOf = (id: string): Buffer => Buffer.from(decodePacket(goldenDump(id).bytes).value);

describe('OBSERVE_SEQNO', () => {
  test('request value: the 8-byte vBucket UUID (dump P)', () => {
    expect(encodeObserveSeqnoRequest(0x0000aabbccddeeffn)).toEqual(valueOf('P'));
  });

  test('format-0 response: vb 12, uuid, persisted 5, current 7 (dump Q)', () => {
    expect(decodeObserveSeqnoResponse(valueOf('Q'))).toEqual({ vbucket: 12, vbuuid: 0x0000aabbccddeeffn, persistedSeqno: 5n, currentSeqno: 7n });
  });

  test('format-1 response carries the old UUID and the last seqno of the old history', () => {
    const v = Buffer.from('01' + '000c' + '0000000000000099' + '0000000000000003' + '0000000000000004' + '0000aabbccddeeff' + '0000000000000002', 'hex');
    expect(decodeObserveSeqnoResponse(v)).toEqual({
      vbucket: 12,
      vbuuid: 0x99n,
      persistedSeqno: 3n,
      currentSeqno: 4n,
      failover: { oldVbuuid: 0x0000aabbccddeeffn, lastSeqno: 2n },
    });
  });

  test.each([
    ['empty', ''],
    ['format 0 too short', '00000c'],
    ['format 1 with format-0 length', '01' + '00'.repeat(26)],
    ['unknown format', '02' + '00'.repeat(26)],
  ])('%s is a ProtocolError', (_name, hex) => {
    expect(() => decodeObserveSeqnoResponse(Buffer.from(hex, 'hex'))).toThrow(ProtocolError);
  });
});

describe('OBSERVE', () => {
  test('request value: {vb 115, keylen 3, "foo"} (dump R)', () => {
    expect(encodeObserveRequest(115, 'foo')).toEqual(valueOf('R'));
  });

  test('response entry: foo in vb 115, persisted, CAS 0x1122334455667788 (dump S)', () => {
    expect(decodeObserveResponse(valueOf('S'))).toEqual([{ vbucket: 115, key: 'foo', state: KEY_STATE.FOUND_PERSISTED, cas: 0x1122334455667788n }]);
  });

  test('several entries, multi-byte UTF-8 keys', () => {
    const two = Buffer.concat([valueOf('S'), Buffer.from('0001' + '0002' + 'c3a9' + '80' + '0000000000000000', 'hex')]);
    expect(decodeObserveResponse(two).map((e) => [e.key, e.state])).toEqual([
      ['foo', 0x01],
      ['é', 0x80],
    ]);
    expect(encodeObserveRequest(1, 'é')).toEqual(Buffer.from('00010002c3a9', 'hex'));
  });

  test('truncated entries are a ProtocolError', () => {
    const s = valueOf('S');
    for (let cut = 1; cut < s.length; cut++) expect(() => decodeObserveResponse(s.subarray(0, cut))).toThrow(ProtocolError);
  });
});
