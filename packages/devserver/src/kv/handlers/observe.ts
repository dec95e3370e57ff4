/**
 * OBSERVE (0x92) and OBSERVE_SEQNO (0x91): what a node knows about a key or a vBucket,
 * whether it holds the copy as active or as replica — how clients poll for durability
 * (protocol.md §5). Replica copies catch up with replication before answering, so the
 * answers reflect the configured replication and persistence delays.
 */
import { OPCODES, STATUS, type Packet } from '@couchts/core/internal';
import { isLive, type StoredDoc } from '../../store/document';
import type { BucketStore } from '../../store/bucket-store';
import type { VBucketCopy } from '../../store/vbucket';
import type { Handler, KvSession } from '../session';
import { notMyVbucket } from './common';

/** Key states of an OBSERVE entry (kv_engine ObserveKeyState). */
export const OBSERVE_STATE = {
  FOUND_NOT_PERSISTED: 0x00,
  FOUND_PERSISTED: 0x01,
  NOT_FOUND: 0x80,
  LOGICALLY_DELETED: 0x81,
} as const;

/** The bucket, when the session may read it; otherwise answers and returns undefined. */
function readableBucket(s: KvSession, p: Packet): BucketStore | undefined {
  const bucket = s.bucket;
  if (bucket === undefined || s.user === undefined) {
    s.fail(p, STATUS.NO_BUCKET);
    return undefined;
  }
  if (!s.model.users.hasPermission(s.user, bucket.name, 'read')) {
    s.fail(p, STATUS.EACCESS);
    return undefined;
  }
  return bucket;
}

/** This node's copy of vb, active or replica (caught up), if it holds one. */
function localCopy(bucket: BucketStore, vb: number, node: number): VBucketCopy | undefined {
  if (vb >= bucket.numVbuckets) return undefined;
  return bucket.activeOn(vb, node) ?? bucket.replicaOn(vb, node);
}

const observe: Handler = (s, p) => {
  const bucket = readableBucket(s, p);
  if (bucket === undefined) return;
  const body = p.value;
  const now = s.model.clock.nowMs();
  const out: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (offset + 4 > body.length) return s.reply(p, { status: STATUS.EINVAL, value: 'Truncated OBSERVE entry' });
    const vb = body.readUInt16BE(offset);
    const keyLen = body.readUInt16BE(offset + 2);
    if (keyLen === 0 || offset + 4 + keyLen > body.length) return s.reply(p, { status: STATUS.EINVAL, value: 'Invalid key length in OBSERVE entry' });
    const keyBytes = body.subarray(offset + 4, offset + 4 + keyLen);
    offset += 4 + keyLen;
    const copy = localCopy(bucket, vb, s.host.node.index);
    // kv_engine answers the whole request NOT_MY_VBUCKET when a vBucket is not here.
    if (copy === undefined) return notMyVbucket(s, p, bucket);
    const doc = copy.docs.get(keyBytes.toString('utf8'));
    const persisted = copy.persistedSeqno(now, bucket.persistDelayMs);
    let state: number;
    let cas = 0n;
    if (doc === undefined) {
      state = OBSERVE_STATE.NOT_FOUND;
    } else if (isLive(doc, now)) {
      state = doc.seqno <= persisted ? OBSERVE_STATE.FOUND_PERSISTED : OBSERVE_STATE.FOUND_NOT_PERSISTED;
      cas = doc.cas;
    } else if ((doc as StoredDoc).deleted && (doc as StoredDoc).seqno > persisted) {
      state = OBSERVE_STATE.LOGICALLY_DELETED;
      cas = (doc as StoredDoc).cas;
    } else {
      state = OBSERVE_STATE.NOT_FOUND;
    }
    const entry = Buffer.allocUnsafe(4 + keyLen + 9);
    entry.writeUInt16BE(vb, 0);
    entry.writeUInt16BE(keyLen, 2);
    keyBytes.copy(entry, 4);
    entry[4 + keyLen] = state;
    entry.writeBigUInt64BE(cas, 5 + keyLen);
    out.push(entry);
  }
  // The response CAS carries the persist (high 32 bits) and replicate (low 32 bits) time
  // estimates in ms; clients treat them as hints.
  const ttp = BigInt(Math.min(bucket.persistDelayMs, 0xffffffff));
  const ttr = BigInt(Math.min(bucket.replicationDelayMs, 0xffffffff));
  s.reply(p, { value: Buffer.concat(out), cas: (ttp << 32n) | ttr });
};

const observeSeqno: Handler = (s, p) => {
  const bucket = readableBucket(s, p);
  if (bucket === undefined) return;
  if (p.valueLength !== 8) return s.reply(p, { status: STATUS.EINVAL, value: 'OBSERVE_SEQNO takes the 8-byte vBucket UUID as its value' });
  const vb = p.vbucket;
  const copy = localCopy(bucket, vb, s.host.node.index);
  if (copy === undefined) return notMyVbucket(s, p, bucket);
  const uuid = p.value.readBigUInt64BE(0);
  const persisted = copy.persistedSeqno(s.model.clock.nowMs(), bucket.persistDelayMs);
  const old = uuid === copy.uuid ? undefined : copy.failoverLog.find((e) => e.uuid === uuid);
  // A UUID from no history of this vBucket: kv_engine answers KEY_ENOENT.
  if (uuid !== copy.uuid && old === undefined) return s.reply(p, { status: STATUS.KEY_ENOENT, value: 'Unknown vBucket UUID' });
  const value = Buffer.alloc(old === undefined ? 27 : 43);
  value[0] = old === undefined ? 0 : 1;
  value.writeUInt16BE(vb, 1);
  value.writeBigUInt64BE(copy.uuid, 3);
  value.writeBigUInt64BE(persisted, 11);
  value.writeBigUInt64BE(copy.highSeqno, 19);
  if (old !== undefined) {
    value.writeBigUInt64BE(old.uuid, 27);
    value.writeBigUInt64BE(old.seqno, 35);
  }
  s.reply(p, { value });
};

/** Observe handlers by opcode. */
export const OBSERVE_HANDLERS: ReadonlyArray<[number, Handler]> = [
  [OPCODES.OBSERVE, observe],
  [OPCODES.OBSERVE_SEQNO, observeSeqno],
];
