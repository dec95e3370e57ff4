/**
 * What every document command does before its semantics run: a selected bucket, a
 * well-formed key, the default collection, and this node owning the vBucket (otherwise
 * NOT_MY_VBUCKET with the current config in the body, as kv_engine does).
 */
import { DATATYPE, FEATURES, mutationExtras, STATUS, type Packet } from '@couchts/core/internal';
import { bucketConfig } from '../../cluster/config-json';
import type { BucketStore } from '../../store/bucket-store';
import type { StoredDoc } from '../../store/document';
import type { VBucketCopy } from '../../store/vbucket';
import { ENGINE, type EngineCode } from '../engine';
import { parseRequest, type KvRequestView } from '../request';
import type { KvSession } from '../session';

/** Longest key in bytes. */
const MAX_KEY_BYTES = 250;
/** Largest document value accepted (E2BIG beyond). */
export const MAX_VALUE_BYTES = 20 * 1024 * 1024;

/** A request ready for its semantics. */
export interface Prepared {
  readonly req: KvRequestView;
  readonly bucket: BucketStore;
  readonly copy: VBucketCopy;
}

/** Answers NOT_MY_VBUCKET with the config this node currently serves. */
export function notMyVbucket(s: KvSession, p: Packet, bucket: BucketStore): void {
  s.reply(p, {
    status: STATUS.NOT_MY_VBUCKET,
    value: JSON.stringify(bucketConfig(s.model, bucket, s.host.node.index)),
    datatype: s.has(FEATURES.JSON) ? DATATYPE.JSON : 0,
  });
}

/** What a command needs from the user's roles. */
export type Access = 'read' | 'write';

/**
 * Checks the common preconditions; answers and returns undefined when one fails.
 * `access` is the permission the command needs; `role` selects the copy: the active
 * one, or this node's replica copy.
 */
export function prepare(s: KvSession, p: Packet, access: Access, role: 'active' | 'replica' = 'active'): Prepared | undefined {
  const bucket = s.bucket;
  if (bucket === undefined || s.user === undefined) {
    s.fail(p, STATUS.NO_BUCKET);
    return undefined;
  }
  if (!s.model.users.hasPermission(s.user, bucket.name, access)) {
    s.fail(p, STATUS.EACCESS);
    return undefined;
  }
  const req = parseRequest(p, s.has(FEATURES.COLLECTIONS), true);
  if (!('packet' in req)) {
    s.reply(p, { status: req.status, value: req.message });
    return undefined;
  }
  const keyBytes = Buffer.byteLength(req.key);
  if (keyBytes === 0 || keyBytes > MAX_KEY_BYTES) {
    s.reply(p, { status: STATUS.EINVAL, value: keyBytes === 0 ? 'Empty key' : 'Key too long' });
    return undefined;
  }
  if (req.cid !== 0) {
    s.fail(p, STATUS.UNKNOWN_COLLECTION, JSON.stringify({ manifest_uid: '0' }), s.has(FEATURES.JSON) ? DATATYPE.JSON : 0);
    return undefined;
  }
  if (req.durabilityLevel !== 0 && bucket.numReplicas > 0) {
    // Synchronous replication is not emulated: refuse rather than pretend.
    s.reply(p, { status: STATUS.NOT_SUPPORTED, value: 'Synchronous durability is not supported by the dev cluster' });
    return undefined;
  }
  const vb = p.vbucket;
  const copy = vb < bucket.numVbuckets ? (role === 'active' ? bucket.activeOn(vb, s.host.node.index) : bucket.replicaOn(vb, s.host.node.index)) : undefined;
  if (copy === undefined) {
    notMyVbucket(s, p, bucket);
    return undefined;
  }
  return { req, bucket, copy };
}

/**
 * Status for an engine code. Clients that did not negotiate XERROR get the codes
 * kv_engine remaps for them (LOCKED → KEY_EEXISTS, locked/not-locked → ETMPFAIL).
 */
export function statusOf(s: KvSession, code: EngineCode): number {
  const xerror = s.has(FEATURES.XERROR);
  switch (code) {
    case ENGINE.SUCCESS:
      return STATUS.SUCCESS;
    case ENGINE.NOT_FOUND:
      return STATUS.KEY_ENOENT;
    case ENGINE.EXISTS:
      return STATUS.KEY_EEXISTS;
    case ENGINE.LOCKED:
      return xerror ? STATUS.LOCKED : STATUS.KEY_EEXISTS;
    case ENGINE.LOCKED_TMPFAIL:
      return xerror ? STATUS.LOCKED : STATUS.ETMPFAIL;
    case ENGINE.NOT_LOCKED:
      return xerror ? STATUS.NOT_LOCKED : STATUS.ETMPFAIL;
    case ENGINE.NOT_STORED:
      return STATUS.NOT_STORED;
    case ENGINE.DELTA_BADVAL:
      return STATUS.DELTA_BADVAL;
    default:
      return STATUS.EINVAL;
  }
}

/** Datatype to send with a document's value (JSON bit only if negotiated). */
export function datatypeFor(s: KvSession, doc: StoredDoc): number {
  return s.has(FEATURES.JSON) ? doc.datatype & DATATYPE.JSON : 0;
}

/** Mutation response extras: the token when MUTATION_SEQNO was negotiated. */
export function tokenExtras(s: KvSession, copy: VBucketCopy, doc: StoredDoc): Buffer | undefined {
  return s.has(FEATURES.MUTATION_SEQNO) ? mutationExtras(copy.uuid, doc.seqno) : undefined;
}
