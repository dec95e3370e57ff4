/**
 * Pure codecs of the two observe commands (protocol.md §5.1, §5.3):
 * - OBSERVE (0x92): request value = entries `{vbucket u16, keylen u16, key}`; response
 *   value = entries `{vbucket u16, keylen u16, key, state u8, cas u64}`.
 * - OBSERVE_SEQNO (0x91): request value = the 8-byte vBucket UUID; response = format
 *   byte, vbucket, current UUID, persisted seqno, current seqno, and after a hard
 *   failover (format 1) the old UUID and the last seqno it reached.
 */
import { ProtocolError } from '../errors/classes';

/** Key states of an OBSERVE entry (kv_engine ObserveKeyState). */
export const KEY_STATE = {
  FOUND_NOT_PERSISTED: 0x00,
  FOUND_PERSISTED: 0x01,
  NOT_FOUND: 0x80,
  LOGICALLY_DELETED: 0x81,
} as const;

/** One decoded OBSERVE response entry. */
export interface ObserveEntry {
  readonly vbucket: number;
  readonly key: string;
  readonly state: number;
  readonly cas: bigint;
}

/** A decoded OBSERVE_SEQNO response. */
export interface SeqnoState {
  readonly vbucket: number;
  readonly vbuuid: bigint;
  readonly persistedSeqno: bigint;
  readonly currentSeqno: bigint;
  /** Set when the vBucket failed over since the UUID the client asked about (format 1). */
  readonly failover?: { readonly oldVbuuid: bigint; readonly lastSeqno: bigint };
}

/** The value of an OBSERVE request for one key. */
export function encodeObserveRequest(vbucket: number, key: string): Buffer {
  const keyLen = Buffer.byteLength(key, 'utf8');
  const buf = Buffer.allocUnsafe(4 + keyLen);
  buf.writeUInt16BE(vbucket, 0);
  buf.writeUInt16BE(keyLen, 2);
  buf.write(key, 4, 'utf8');
  return buf;
}

/** Decodes the entries of an OBSERVE response value. */
export function decodeObserveResponse(value: Uint8Array): ObserveEntry[] {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const entries: ObserveEntry[] = [];
  let o = 0;
  while (o < buf.length) {
    if (o + 4 > buf.length) throw new ProtocolError(`OBSERVE response truncated at byte ${o} of ${buf.length}`);
    const vbucket = buf.readUInt16BE(o);
    const keyLen = buf.readUInt16BE(o + 2);
    if (o + 4 + keyLen + 9 > buf.length) throw new ProtocolError(`OBSERVE response entry at byte ${o} overruns the value (${buf.length} bytes)`);
    const key = buf.toString('utf8', o + 4, o + 4 + keyLen);
    const state = buf[o + 4 + keyLen]!;
    const cas = buf.readBigUInt64BE(o + 5 + keyLen);
    entries.push({ vbucket, key, state, cas });
    o += 4 + keyLen + 9;
  }
  return entries;
}

/** The value of an OBSERVE_SEQNO request. */
export function encodeObserveSeqnoRequest(vbuuid: bigint): Buffer {
  const buf = Buffer.allocUnsafe(8);
  buf.writeBigUInt64BE(vbuuid, 0);
  return buf;
}

/** Decodes an OBSERVE_SEQNO response value. */
export function decodeObserveSeqnoResponse(value: Uint8Array): SeqnoState {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const format = buf.length > 0 ? buf[0]! : -1;
  if (!((format === 0 && buf.length === 27) || (format === 1 && buf.length === 43))) {
    throw new ProtocolError(`OBSERVE_SEQNO response has format ${format} and ${buf.length} bytes (expected format 0 with 27 or format 1 with 43)`);
  }
  const state = {
    vbucket: buf.readUInt16BE(1),
    vbuuid: buf.readBigUInt64BE(3),
    persistedSeqno: buf.readBigUInt64BE(11),
    currentSeqno: buf.readBigUInt64BE(19),
  };
  if (format === 0) return state;
  return { ...state, failover: { oldVbuuid: buf.readBigUInt64BE(27), lastSeqno: buf.readBigUInt64BE(35) } };
}
