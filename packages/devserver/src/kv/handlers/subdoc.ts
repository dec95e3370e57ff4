/**
 * Sub-document commands (protocol.md §6, kv_engine docs/SubDocument.md): the single-path
 * opcodes 0xc5–0xcf and 0xd2, MULTI_LOOKUP 0xd0 and MULTI_MUTATION 0xd1. This file is the
 * wire part: decode and validate (kv/subdoc/spec.ts), read the document with the doc
 * flags' rules, run the command (kv/subdoc/execute.ts, pure), write the new version
 * (kv/engine.ts), and encode the response:
 *
 * - single path: the status of the operation itself; value for GET/COUNTER/GET_COUNT;
 * - MULTI_LOOKUP: `{status u16, length u32, value}` per spec; overall SUCCESS,
 *   MULTI_PATH_FAILURE, or their _DELETED forms on a tombstone;
 * - MULTI_MUTATION: on success `{index u8, status u16, length u32, value}` for the specs
 *   with a value; on failure MULTI_PATH_FAILURE with one `{index u8, status u16}`;
 * - mutations carry the mutation token in the extras when MUTATION_SEQNO was negotiated.
 */
import { DATATYPE, FEATURES, OPCODES, type Packet } from '@couchts/core/internal';
import { expiryToMs, expiryToSeconds } from '../../store/clock';
import { isLocked, LOCKED_CAS, type StoredDoc } from '../../store/document';
import * as engine from '../engine';
import type { Handler, KvSession } from '../session';
import { executeLookup, executeMutation, newDocumentBody, type SpecResult, type SubdocInput } from '../subdoc/execute';
import { DOC_FLAG, PATH_FLAG, parseMultiPath, parseSinglePath, SINGLE_PATH_OPCODES, type SubdocCommand } from '../subdoc/spec';
import { SD } from '../subdoc/status';
import { MAX_VALUE_BYTES, prepare, statusOf, tokenExtras, type Prepared } from './common';

/** HELLO SubdocAllowsAccessOnMultipleXattrKeys (kv_engine feature.h; not in the core's table). */
const FEATURE_SUBDOC_MULTIPLE_XATTR_KEYS = 0x20;

/** Decodes a request into a command, or answers it. */
function decode(s: KvSession, p: Packet): SubdocCommand | undefined {
  const ctx = { xattr: s.has(FEATURES.XATTR), multipleXattrKeys: s.has(FEATURE_SUBDOC_MULTIPLE_XATTR_KEYS) };
  const extras = Buffer.from(p.extras);
  const value = Buffer.from(p.value);
  const cmd =
    p.opcode === OPCODES.SUBDOC_MULTI_LOOKUP || p.opcode === OPCODES.SUBDOC_MULTI_MUTATION
      ? parseMultiPath(p.opcode === OPCODES.SUBDOC_MULTI_MUTATION, extras, value, p.cas, ctx)
      : parseSinglePath(p.opcode, extras, value, p.cas, ctx);
  if ('specs' in cmd) return cmd;
  s.reply(p, { status: cmd.status, value: cmd.message });
  return undefined;
}

/** What the command reads, shaped for the executor. */
function inputOf(prep: Prepared, doc: StoredDoc, nowMs: number): SubdocInput {
  return {
    body: doc.value,
    json: (doc.datatype & DATATYPE.JSON) !== 0,
    xattrs: doc.xattrs,
    info: {
      cas: !doc.deleted && isLocked(doc, nowMs) ? LOCKED_CAS : doc.cas,
      vbucketUuid: prep.copy.uuid,
      seqno: doc.seqno,
      revno: doc.revno,
      exptime: expiryToSeconds(doc.expiresAtMs),
      flags: doc.flags,
      body: doc.value,
      datatype: doc.datatype,
      deleted: doc.deleted,
    },
    nowSeconds: Math.floor(nowMs / 1000),
  };
}

/** The template input of a document the command creates (metadata all zero, as kv_engine reports it). */
function newInput(cmd: SubdocCommand, nowMs: number): SubdocInput {
  const { body, json } = newDocumentBody(cmd);
  return {
    body,
    json,
    xattrs: undefined,
    info: { cas: 0n, vbucketUuid: 0n, seqno: 0n, revno: 0, exptime: 0, flags: 0, body, datatype: 0, deleted: false },
    nowSeconds: Math.floor(nowMs / 1000),
  };
}

/** `{status u16, length u32, value}` per lookup spec. */
function encodeLookupResults(results: readonly SpecResult[]): Buffer {
  return Buffer.concat(
    results.map((r) => {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(r.status, 0);
      head.writeUInt32BE(r.value?.byteLength ?? 0, 2);
      return r.value === undefined ? head : Buffer.concat([head, r.value]);
    }),
  );
}

function lookup(s: KvSession, p: Packet, cmd: SubdocCommand, prep: Prepared, nowMs: number): void {
  const key = prep.req.key;
  const accessDeleted = (cmd.docFlags & DOC_FLAG.ACCESS_DELETED) !== 0;
  const doc =
    cmd.docFlags & DOC_FLAG.REPLICA_READ
      ? engine.subdocFetchReplica(prep.copy, key, nowMs, accessDeleted)
      : engine.subdocFetch(prep.bucket, prep.copy, key, nowMs, accessDeleted);
  if (doc === undefined) return s.reply(p, { status: SD.KEY_ENOENT });
  const g = engine.subdocGuard(doc, p.cas, nowMs, false);
  if (g !== undefined) return s.reply(p, { status: statusOf(s, g) });
  const input = inputOf(prep, doc, nowMs);
  const results = executeLookup(cmd, input);
  // The CAS a lookup reports: the one the client sent, else the one readers see.
  const cas = p.cas !== 0n ? p.cas : input.info.cas;
  if (!cmd.multi) {
    const r = results[0]!;
    if (r.status !== SD.SUCCESS) return s.reply(p, { status: r.status });
    const binary = (cmd.specs[0]!.flags & PATH_FLAG.BINARY_VALUE) !== 0;
    s.reply(p, {
      status: doc.deleted ? SD.SUCCESS_DELETED : SD.SUCCESS,
      value: r.value,
      cas,
      datatype: r.value !== undefined && !binary && s.has(FEATURES.JSON) ? DATATYPE.JSON : 0,
    });
    return;
  }
  const allOk = results.every((r) => r.status === SD.SUCCESS);
  const status = allOk ? (doc.deleted ? SD.SUCCESS_DELETED : SD.SUCCESS) : doc.deleted ? SD.MULTI_PATH_FAILURE_DELETED : SD.MULTI_PATH_FAILURE;
  s.reply(p, { status, value: encodeLookupResults(results), cas });
}

function mutate(s: KvSession, p: Packet, cmd: SubdocCommand, prep: Prepared, nowMs: number): void {
  const { bucket, copy } = prep;
  const key = prep.req.key;
  const flags = cmd.docFlags;
  const revive = (flags & DOC_FLAG.REVIVE) !== 0;
  const doc = engine.subdocFetch(bucket, copy, key, nowMs, (flags & DOC_FLAG.ACCESS_DELETED) !== 0);
  let input: SubdocInput;
  if (doc !== undefined) {
    if (flags & DOC_FLAG.ADD) return s.reply(p, { status: SD.KEY_EEXISTS });
    const g = engine.subdocGuard(doc, p.cas, nowMs, true);
    if (g !== undefined) return s.reply(p, { status: statusOf(s, g) });
    if (revive && !doc.deleted) return s.reply(p, { status: SD.CAN_ONLY_REVIVE_DELETED_DOCUMENTS });
    input = inputOf(prep, doc, nowMs);
  } else {
    // Without MKDOC or ADD a mutation needs the document (REPLACE semantics).
    if (!(flags & (DOC_FLAG.MKDOC | DOC_FLAG.ADD))) return s.reply(p, { status: SD.KEY_ENOENT });
    input = newInput(cmd, nowMs);
  }
  const wasDeleted = doc !== undefined ? doc.deleted : (flags & DOC_FLAG.CREATE_AS_DELETED) !== 0;

  const next = engine.nextMutation(bucket, copy);
  const result = executeMutation(cmd, input, next);
  if (!result.ok) {
    if (!cmd.multi) return s.reply(p, { status: result.status });
    const body = Buffer.alloc(3);
    body.writeUInt8(result.index, 0);
    body.writeUInt16BE(result.status, 1);
    return s.reply(p, { status: SD.MULTI_PATH_FAILURE, value: body });
  }
  const xattrBytes = Object.entries(result.xattrs ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 6, 0);
  if (result.body.byteLength + xattrBytes > MAX_VALUE_BYTES) return s.reply(p, { status: SD.E2BIG });
  if (wasDeleted && !revive && !result.deleteDoc && result.body.byteLength > 0) {
    return s.reply(p, { status: SD.DELETED_DOCUMENT_CANT_HAVE_VALUE, value: "A deleted document can't have a value" });
  }

  const deleted = result.deleteDoc || (wasDeleted && !revive);
  const hasXattrs = result.xattrs !== undefined;
  const stored = engine.subdocStore(bucket, copy, key, {
    value: result.body,
    datatype: result.json && !result.deleteDoc ? DATATYPE.JSON : 0,
    // A plain delete (no system xattrs left) is the tombstone DELETE leaves: flags 0.
    flags: result.deleteDoc && !hasXattrs ? 0 : (cmd.userFlags ?? doc?.flags ?? 0),
    // Without the expiry in the extras a mutation clears it, unless the client asked to preserve it.
    expiresAtMs: deleted ? 0 : prep.req.preserveTtl && doc !== undefined ? doc.expiresAtMs : expiryToMs(cmd.expiry, nowMs),
    deleted,
    xattrs: result.xattrs,
    cas: next.cas,
  });

  const status = wasDeleted && !revive ? SD.SUCCESS_DELETED : SD.SUCCESS;
  const extras = tokenExtras(s, copy, stored);
  if (!cmd.multi) {
    const v = result.values[0]?.value;
    s.reply(p, { status, extras, cas: stored.cas, value: v, datatype: v !== undefined && s.has(FEATURES.JSON) ? DATATYPE.JSON : 0 });
    return;
  }
  const parts = result.values.map(({ index, value }) => {
    const head = Buffer.alloc(7);
    head.writeUInt8(index, 0);
    head.writeUInt16BE(SD.SUCCESS, 1);
    head.writeUInt32BE(value.byteLength, 3);
    return Buffer.concat([head, value]);
  });
  s.reply(p, { status, extras, cas: stored.cas, value: parts.length > 0 ? Buffer.concat(parts) : undefined });
}

const subdoc: Handler = (s, p) => {
  const cmd = decode(s, p);
  if (cmd === undefined) return;
  const replica = !cmd.mutator && (cmd.docFlags & DOC_FLAG.REPLICA_READ) !== 0;
  const prep = prepare(s, p, cmd.mutator ? 'write' : 'read', replica ? 'replica' : 'active');
  if (prep === undefined) return;
  const nowMs = s.model.clock.nowMs();
  if (cmd.mutator) mutate(s, p, cmd, prep, nowMs);
  else lookup(s, p, cmd, prep, nowMs);
};

/** Sub-document handlers by opcode. */
export const SUBDOC_HANDLERS: ReadonlyArray<[number, Handler]> = [
  ...SINGLE_PATH_OPCODES.map((op): [number, Handler] => [op, subdoc]),
  [OPCODES.SUBDOC_MULTI_LOOKUP, subdoc],
  [OPCODES.SUBDOC_MULTI_MUTATION, subdoc],
];
