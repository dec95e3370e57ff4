/**
 * Document commands: GET, GAT, GET_REPLICA, GET_META, TOUCH, SET/ADD/REPLACE, DELETE,
 * APPEND/PREPEND, GET_LOCKED, UNLOCK_KEY, INCREMENT/DECREMENT.
 */
import { OPCODES, STATUS, u32Extras, type Packet } from '@couchts/core/internal';
import { expiryToSeconds } from '../../store/clock';
import { isLocked, LOCKED_CAS } from '../../store/document';
import * as engine from '../engine';
import { ENGINE, type Outcome, type StoreMode } from '../engine';
import type { Handler, KvSession } from '../session';
import { datatypeFor, MAX_VALUE_BYTES, prepare, statusOf, tokenExtras, type Prepared } from './common';

function now(s: KvSession): number {
  return s.model.clock.nowMs();
}

function replyFailure(s: KvSession, p: Packet, outcome: Outcome): boolean {
  if (outcome.code === ENGINE.SUCCESS) return false;
  s.reply(p, { status: statusOf(s, outcome.code) });
  return true;
}

/** Replies with a document's flags, value and CAS (a locked document shows CAS -1 to readers). */
function replyDoc(s: KvSession, p: Packet, outcome: Outcome, showCas?: bigint): void {
  if (replyFailure(s, p, outcome) || outcome.code !== ENGINE.SUCCESS) return;
  const doc = outcome.doc;
  const cas = showCas ?? (isLocked(doc, now(s)) ? LOCKED_CAS : doc.cas);
  s.reply(p, { extras: u32Extras(doc.flags), value: doc.value, cas, datatype: datatypeFor(s, doc) });
}

function replyMutation(s: KvSession, p: Packet, prep: Prepared, outcome: Outcome): void {
  if (replyFailure(s, p, outcome) || outcome.code !== ENGINE.SUCCESS) return;
  s.reply(p, { cas: outcome.doc.cas, extras: tokenExtras(s, prep.copy, outcome.doc) });
}

const get: Handler = (s, p) => {
  const prep = prepare(s, p, 'read');
  if (prep !== undefined) replyDoc(s, p, engine.get(prep.bucket, prep.copy, prep.req.key, now(s)));
};

const getReplica: Handler = (s, p) => {
  const prep = prepare(s, p, 'read', 'replica');
  if (prep !== undefined) replyDoc(s, p, engine.getReplica(prep.copy, prep.req.key, now(s)));
};

const getAndTouch: Handler = (s, p) => {
  const prep = prepare(s, p, 'write');
  if (prep === undefined) return;
  if (p.extrasLength !== 4) return s.reply(p, { status: STATUS.EINVAL });
  const outcome = engine.touch(prep.bucket, prep.copy, prep.req.key, p.extras.readUInt32BE(0), now(s));
  replyDoc(s, p, outcome, outcome.code === ENGINE.SUCCESS ? outcome.doc.cas : undefined);
};

const touch: Handler = (s, p) => {
  const prep = prepare(s, p, 'write');
  if (prep === undefined) return;
  if (p.extrasLength !== 4) return s.reply(p, { status: STATUS.EINVAL });
  const outcome = engine.touch(prep.bucket, prep.copy, prep.req.key, p.extras.readUInt32BE(0), now(s));
  if (!replyFailure(s, p, outcome) && outcome.code === ENGINE.SUCCESS) s.reply(p, { cas: outcome.doc.cas });
};

const getMeta: Handler = (s, p) => {
  const prep = prepare(s, p, 'read');
  if (prep === undefined) return;
  const outcome = engine.getMeta(prep.bucket, prep.copy, prep.req.key, now(s));
  if (replyFailure(s, p, outcome) || outcome.code !== ENGINE.SUCCESS) return;
  const doc = outcome.doc;
  // Version 2 (extras byte 0x02) adds the datatype byte: 21 bytes instead of 20.
  const withDatatype = p.extrasLength >= 1 && p.extras[0] === 0x02;
  const extras = Buffer.alloc(withDatatype ? 21 : 20);
  extras.writeUInt32BE(doc.deleted ? 1 : 0, 0);
  extras.writeUInt32BE(doc.flags, 4);
  extras.writeUInt32BE(expiryToSeconds(doc.expiresAtMs), 8);
  extras.writeBigUInt64BE(doc.seqno, 12);
  if (withDatatype) extras[20] = doc.datatype;
  s.reply(p, { extras, cas: doc.cas });
};

function storeHandler(mode: StoreMode): Handler {
  return (s, p) => {
    const prep = prepare(s, p, 'write');
    if (prep === undefined) return;
    if (p.extrasLength !== 8) return s.reply(p, { status: STATUS.EINVAL, value: 'Invalid extras' });
    if (p.valueLength > MAX_VALUE_BYTES) return s.reply(p, { status: STATUS.E2BIG });
    const outcome = engine.store(
      prep.bucket,
      prep.copy,
      mode,
      prep.req.key,
      { value: Buffer.from(p.value), flags: p.extras.readUInt32BE(0), datatype: p.datatype, expiry: p.extras.readUInt32BE(4), cas: p.cas, preserveTtl: prep.req.preserveTtl },
      now(s),
    );
    replyMutation(s, p, prep, outcome);
  };
}

const remove: Handler = (s, p) => {
  const prep = prepare(s, p, 'write');
  if (prep !== undefined) replyMutation(s, p, prep, engine.remove(prep.bucket, prep.copy, prep.req.key, p.cas, now(s)));
};

function concatHandler(prepend: boolean): Handler {
  return (s, p) => {
    const prep = prepare(s, p, 'write');
    if (prep === undefined) return;
    if (p.extrasLength !== 0) return s.reply(p, { status: STATUS.EINVAL });
    const current = prep.copy.docs.get(prep.req.key);
    if (current !== undefined && current.value.byteLength + p.valueLength > MAX_VALUE_BYTES) return s.reply(p, { status: STATUS.E2BIG });
    replyMutation(s, p, prep, engine.concat(prep.bucket, prep.copy, prep.req.key, Buffer.from(p.value), p.cas, prepend, now(s)));
  };
}

const getLocked: Handler = (s, p) => {
  const prep = prepare(s, p, 'read');
  if (prep === undefined) return;
  const seconds = p.extrasLength === 4 ? p.extras.readUInt32BE(0) : 0;
  const outcome = engine.getLocked(prep.bucket, prep.copy, prep.req.key, seconds, now(s));
  replyDoc(s, p, outcome, outcome.code === ENGINE.SUCCESS ? outcome.doc.cas : undefined);
};

const unlock: Handler = (s, p) => {
  const prep = prepare(s, p, 'read');
  if (prep === undefined) return;
  const outcome = engine.unlock(prep.bucket, prep.copy, prep.req.key, p.cas, now(s));
  if (!replyFailure(s, p, outcome) && outcome.code === ENGINE.SUCCESS) s.reply(p, { cas: outcome.doc.cas });
};

function counterHandler(increment: boolean): Handler {
  return (s, p) => {
    const prep = prepare(s, p, 'write');
    if (prep === undefined) return;
    if (p.extrasLength !== 20) return s.reply(p, { status: STATUS.EINVAL, value: 'Invalid extras' });
    const outcome = engine.counter(
      prep.bucket,
      prep.copy,
      prep.req.key,
      { delta: p.extras.readBigUInt64BE(0), initial: p.extras.readBigUInt64BE(8), expiry: p.extras.readUInt32BE(16), increment, cas: p.cas },
      now(s),
    );
    if (replyFailure(s, p, outcome) || outcome.code !== ENGINE.SUCCESS) return;
    const value = Buffer.alloc(8);
    value.writeBigUInt64BE(BigInt(outcome.doc.value.toString('latin1')));
    s.reply(p, { cas: outcome.doc.cas, value, extras: tokenExtras(s, prep.copy, outcome.doc) });
  };
}

/** Document handlers by opcode. */
export const DOCUMENT_HANDLERS: ReadonlyArray<[number, Handler]> = [
  [OPCODES.GET, get],
  [OPCODES.GET_REPLICA, getReplica],
  [OPCODES.GAT, getAndTouch],
  [OPCODES.TOUCH, touch],
  [OPCODES.GET_META, getMeta],
  [OPCODES.SET, storeHandler('set')],
  [OPCODES.ADD, storeHandler('add')],
  [OPCODES.REPLACE, storeHandler('replace')],
  [OPCODES.DELETE, remove],
  [OPCODES.APPEND, concatHandler(false)],
  [OPCODES.PREPEND, concatHandler(true)],
  [OPCODES.GET_LOCKED, getLocked],
  [OPCODES.UNLOCK_KEY, unlock],
  [OPCODES.INCREMENT, counterHandler(true)],
  [OPCODES.DECREMENT, counterHandler(false)],
];
