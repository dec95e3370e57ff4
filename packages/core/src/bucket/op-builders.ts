/**
 * Validates the arguments of each key-value operation and fills a KvOp with its request
 * fields. Everything here runs synchronously before anything is scheduled, so bad input
 * is always an exception thrown by the call, never a failed result.
 */
import { ArgumentError } from '../errors/classes';
import { MAX_REPLICAS, mutationDurability } from '../durability/durability-options';
import { counterExtras, COUNTER_NO_CREATE_EXPIRY, storeExtras, u32Extras } from '../mcbp/extras';
import { KvOp, type MultiCollector, type OpOwner } from '../kv/kv-op';
import { OP_SPECS, type OpSpec } from '../kv/op-specs';
import type { AsyncResult } from '../results/async-result';
import type { Cas, Result } from '../results/result';
import { encodeValue, type Format } from '../transcoding/formats';
import { checkBoolean, checkCas, checkFormat, checkInteger, checkKey, checkOptions, checkSignal, checkTtl } from '../validation/arguments';

/** Options of upsert / replace. */
export interface StoreOptions {
  /** Only store if the document still has this CAS. */
  cas?: Cas;
  /** Expiry in seconds (over 30 days: an absolute Unix time); 0 = never. */
  ttl?: number;
  /** How to encode the value (default `json`). */
  format?: Format;
  /**
   * Wait until persisted on this many copies, the active one included (-1 = all the
   * bucket has); the result arrives once it is, or fails with TimeoutError after 5 s.
   */
  persistTo?: number;
  /** Wait until this many replicas hold it in memory (-1 = all the bucket has). */
  replicateTo?: number;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of insert (no `cas`: the document must not exist). */
export type InsertOptions = Omit<StoreOptions, 'cas'>;
/** Options of append / prepend (`format` defaults to `utf8`). */
export type AppendOptions = Omit<StoreOptions, 'ttl'>;
/** Options of get. */
export interface GetOptions {
  /** When > 0, also set the document's expiry (get-and-touch). */
  ttl?: number;
  /** A missing document is an unsuccessful result rather than an error (default: the bucket's `quiet`). */
  quiet?: boolean;
  /** Read from a replica (the first one that answers) instead of the active copy. */
  replica?: boolean;
  /** Decode the value as this format instead of the one its flags name (`bytes` gives the raw Buffer). */
  format?: Format;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of touch. */
export interface TouchOptions {
  /** New expiry in seconds; 0 removes it. */
  ttl?: number;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of lock. */
export interface LockOptions {
  /** How long the lock holds, in whole seconds (1–30). Required. */
  ttl: number;
  /** A missing document is an unsuccessful result rather than an error (default: the bucket's `quiet`). */
  quiet?: boolean;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of remove. */
export interface RemoveOptions {
  /** Only remove if the document still has this CAS. */
  cas?: Cas;
  /** A missing document is an unsuccessful result rather than an error. */
  quiet?: boolean;
  /** Wait until the removal is persisted on this many copies (-1 = all). */
  persistTo?: number;
  /** Wait until this many replicas have the removal (-1 = all). */
  replicateTo?: number;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of counter. */
export interface CounterOptions {
  /** Amount to add; negative subtracts (never below 0). Default 1. */
  delta?: number | bigint;
  /** Value to create a missing document with; without it a missing document is NotFoundError. */
  initial?: number | bigint;
  /** Expiry of a created document, in seconds. */
  ttl?: number;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}
/** Options of rget (replica read). */
export interface RgetOptions {
  /** Which replica (0-based); default: the first one that answers. */
  replicaIndex?: number;
  /** A missing document is an unsuccessful result rather than an error. */
  quiet?: boolean;
  /** Abort: the operation rejects at once with an AbortError and its late response is dropped. */
  signal?: AbortSignal;
}

/** Where a built operation reports: a single AsyncResult, or a multi collector slot. */
export interface OpTarget {
  asyncResult?: AsyncResult<Result>;
  multi?: MultiCollector;
  index?: number;
}

/** What builders need from the bucket. */
export interface BuildContext {
  readonly owner: OpOwner;
  readonly quiet: boolean;
}

const STORE_OPTIONS = ['cas', 'ttl', 'format', 'persistTo', 'replicateTo', 'signal'];
const INSERT_OPTIONS = ['ttl', 'format', 'persistTo', 'replicateTo', 'signal'];
const APPEND_OPTIONS = ['cas', 'format', 'persistTo', 'replicateTo', 'signal'];
const GET_OPTIONS = ['ttl', 'quiet', 'replica', 'format', 'signal'];
const REMOVE_OPTIONS = ['cas', 'quiet', 'persistTo', 'replicateTo', 'signal'];
const COUNTER_OPTIONS = ['delta', 'initial', 'ttl', 'signal'];
const RGET_OPTIONS = ['replicaIndex', 'quiet', 'signal'];
const U64_MAX = 0xffffffffffffffffn;

function newOp(ctx: BuildContext, spec: OpSpec, key: unknown, target: OpTarget, options?: unknown): KvOp {
  const keyLength = checkKey(key, spec.name);
  const op = new KvOp(spec, ctx.owner, key as string, keyLength, target.asyncResult, target.multi, target.index ?? 0);
  op.signal = checkSignal((options as { signal?: unknown } | undefined)?.signal, spec.name);
  return op;
}

/** upsert / insert / replace. */
export function buildStore(ctx: BuildContext, name: 'upsert' | 'insert' | 'replace', key: unknown, value: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, name === 'insert' ? INSERT_OPTIONS : STORE_OPTIONS, name);
  const o = (options ?? {}) as StoreOptions;
  const op = newOp(ctx, OP_SPECS[name], key, target, o);
  const ttl = checkTtl(o.ttl, name);
  const format = checkFormat(o.format, name, 'json');
  op.cas = checkCas(o.cas, name);
  op.durability = mutationDurability(o, name);
  const encoded = encodeValue(value, format, op.key);
  op.extras = storeExtras(encoded.flags, ttl);
  op.value = encoded.data;
  op.valueLength = encoded.length;
  op.isJson = encoded.isJson;
  return op;
}

/** append / prepend. */
export function buildAppend(ctx: BuildContext, name: 'append' | 'prepend', key: unknown, value: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, APPEND_OPTIONS, name);
  const o = (options ?? {}) as AppendOptions;
  const op = newOp(ctx, OP_SPECS[name], key, target, o);
  const format = checkFormat(o.format, name, 'utf8');
  op.cas = checkCas(o.cas, name);
  op.durability = mutationDurability(o, name);
  const encoded = encodeValue(value, format, op.key);
  op.value = encoded.data;
  op.valueLength = encoded.length;
  return op;
}

/** get (plain, get-and-touch, or any-replica read). */
export function buildGet(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, GET_OPTIONS, 'get');
  const o = (options ?? {}) as GetOptions;
  const ttl = checkTtl(o.ttl, 'get');
  const replica = checkBoolean(o.replica, 'get', 'replica') ?? false;
  if (replica && ttl > 0) throw new ArgumentError('get: ttl (get-and-touch) cannot be combined with replica', { context: { operation: 'get' } });
  const spec = replica ? OP_SPECS.getReplica : ttl > 0 ? OP_SPECS.getAndTouch : OP_SPECS.get;
  const op = newOp(ctx, spec, key, target, o);
  if (ttl > 0) op.extras = u32Extras(ttl);
  if (replica) {
    op.replica = 1;
    op.lastReplica = MAX_REPLICAS;
  }
  op.quiet = checkBoolean(o.quiet, 'get', 'quiet') ?? ctx.quiet;
  op.format = o.format === undefined ? undefined : checkFormat(o.format, 'get', 'json');
  return op;
}

/** rget: read a replica (a given one, or the first that answers). */
export function buildRget(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, RGET_OPTIONS, 'rget');
  const o = (options ?? {}) as RgetOptions;
  const index = checkInteger(o.replicaIndex, 'rget', 'replicaIndex', 0, MAX_REPLICAS - 1);
  const op = newOp(ctx, OP_SPECS.getReplica, key, target, o);
  op.replica = index === undefined ? 1 : index + 1;
  op.lastReplica = index === undefined ? MAX_REPLICAS : index + 1;
  op.quiet = checkBoolean(o.quiet, 'rget', 'quiet') ?? ctx.quiet;
  return op;
}

/** touch. */
export function buildTouch(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, ['ttl', 'signal'], 'touch');
  const ttl = checkTtl((options as TouchOptions | undefined)?.ttl, 'touch');
  const op = newOp(ctx, OP_SPECS.touch, key, target, options);
  op.extras = u32Extras(ttl);
  return op;
}

/** lock (getAndLock); ttl 1–30 s is required. */
export function buildLock(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, ['ttl', 'quiet', 'signal'], 'lock');
  const o = options as LockOptions | undefined;
  if (o?.ttl === undefined) throw new ArgumentError('lock: a ttl (lock time in seconds, 1–30) is required', { context: { operation: 'lock' } });
  checkInteger(o.ttl, 'lock', 'ttl', 1, 30);
  const op = newOp(ctx, OP_SPECS.lock, key, target, o);
  op.extras = u32Extras(o.ttl);
  op.quiet = checkBoolean(o.quiet, 'lock', 'quiet') ?? ctx.quiet;
  return op;
}

/** unlock with the CAS a lock returned. */
export function buildUnlock(ctx: BuildContext, key: unknown, cas: unknown, target: OpTarget, options?: unknown): KvOp {
  checkOptions(options, ['signal'], 'unlock');
  const op = newOp(ctx, OP_SPECS.unlock, key, target, options);
  op.cas = checkCas(cas, 'unlock', true);
  return op;
}

/** remove. */
export function buildRemove(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, REMOVE_OPTIONS, 'remove');
  const o = (options ?? {}) as RemoveOptions;
  const op = newOp(ctx, OP_SPECS.remove, key, target, o);
  op.cas = checkCas(o.cas, 'remove');
  op.quiet = checkBoolean(o.quiet, 'remove', 'quiet') ?? ctx.quiet;
  op.durability = mutationDurability(o, 'remove');
  return op;
}

function checkU64(value: unknown, name: string, fallback: bigint | undefined): bigint | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  throw new ArgumentError(`counter: ${name} must be an integer (number or bigint), got ${typeof value === 'number' ? String(value) : typeof value}`, {
    context: { operation: 'counter' },
  });
}

/** counter: increment (delta ≥ 0) or decrement (delta < 0). */
export function buildCounter(ctx: BuildContext, key: unknown, options: unknown, target: OpTarget): KvOp {
  checkOptions(options, COUNTER_OPTIONS, 'counter');
  const o = (options ?? {}) as CounterOptions;
  const delta = checkU64(o.delta, 'delta', 1n)!;
  const initial = checkU64(o.initial, 'initial', undefined);
  const ttl = checkTtl(o.ttl, 'counter');
  const magnitude = delta < 0n ? -delta : delta;
  if (magnitude > U64_MAX) throw new ArgumentError('counter: delta is out of the 64-bit range', { context: { operation: 'counter' } });
  if (initial !== undefined && (initial < 0n || initial > U64_MAX)) {
    throw new ArgumentError('counter: initial must be between 0 and 2^64-1', { context: { operation: 'counter' } });
  }
  const op = newOp(ctx, delta < 0n ? OP_SPECS.decrement : OP_SPECS.increment, key, target, o);
  // Without `initial` the expiry field says "do not create": a missing key is KEY_ENOENT.
  op.extras = counterExtras(magnitude, initial ?? 0n, initial === undefined ? COUNTER_NO_CREATE_EXPIRY : ttl);
  return op;
}
