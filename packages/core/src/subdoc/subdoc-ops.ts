/**
 * Builds the KvOps of `lookupIn` and `mutateIn`: validates the specs and options (thrown
 * before anything is sent), puts extended-attribute specs first as the server requires
 * (remembering the caller's order for the results), and encodes the multi command.
 */
import { ArgumentError } from '../errors/classes';
import { mutationDurability } from '../durability/durability-options';
import { KvOp, type OpOwner, type MultiCollector } from '../kv/kv-op';
import { OP_SPECS } from '../kv/op-specs';
import type { AsyncResult } from '../results/async-result';
import type { Cas, Result } from '../results/result';
import { checkBoolean, checkCas, checkKey, checkOptions, checkSignal, checkTtl } from '../validation/arguments';
import { SubdocSpec } from './sd';
import { DOC_FLAGS, encodeLookupSpecs, encodeMutationSpecs, mutationExtras } from './subdoc-codec';

/** Most specs one command may carry. */
export const MAX_SPECS = 16;

/** Options of mutateIn. */
export interface MutateInOptions {
  /** Only apply if the document still has this CAS. */
  cas?: Cas;
  /** New expiry of the document, in seconds. */
  ttl?: number;
  /** Wait until persisted on this many copies (-1 = all). */
  persistTo?: number;
  /** Wait until this many replicas hold it (-1 = all). */
  replicateTo?: number;
  /** Create the document if it does not exist. */
  upsertDoc?: boolean;
  /** Create the document, failing with KeyExistsError if it exists. */
  insertDoc?: boolean;
  /** Abort: the operation rejects at once with an AbortError. */
  signal?: AbortSignal;
}

/** Options of lookupIn (given after the specs). */
export interface LookupInOptions {
  /** Abort: the operation rejects at once with an AbortError. */
  signal?: AbortSignal;
}

/** The specs of one command in wire order, and where each result goes in the caller's order. */
export interface SubdocPlan {
  readonly specs: readonly SubdocSpec[];
  /** `order[wireIndex]` = index in the caller's list. */
  readonly order: readonly number[];
}

const MUTATE_OPTIONS = ['cas', 'ttl', 'persistTo', 'replicateTo', 'upsertDoc', 'insertDoc', 'signal'];

function plan(specs: readonly unknown[], kind: 'lookup' | 'mutation', operation: string): SubdocPlan {
  if (specs.length === 0) throw new ArgumentError(`${operation}: at least one spec is needed`, { context: { operation } });
  if (specs.length > MAX_SPECS) throw new ArgumentError(`${operation}: at most ${MAX_SPECS} specs per call, got ${specs.length}`, { context: { operation } });
  specs.forEach((s, i) => {
    if (!(s instanceof SubdocSpec)) throw new ArgumentError(`${operation}: argument ${i + 2} is not a spec made by the SD helpers`, { context: { operation } });
    if (s.kind !== kind) {
      throw new ArgumentError(`${operation}: SD spec #${i} (path '${s.path}') is a ${s.kind} spec; use it with ${s.kind === 'lookup' ? 'lookupIn' : 'mutateIn'}`, { context: { operation } });
    }
  });
  const typed = specs as readonly SubdocSpec[];
  // The server wants extended-attribute specs before body specs (else INVALID_XATTR_ORDER).
  const order = typed.map((_, i) => i).sort((a, b) => Number(typed[b]!.xattr) - Number(typed[a]!.xattr) || a - b);
  return { specs: order.map((i) => typed[i]!), order };
}

function newOp(
  spec: typeof OP_SPECS.lookupIn,
  owner: OpOwner,
  key: unknown,
  operation: string,
  target: { asyncResult?: AsyncResult<Result>; multi?: MultiCollector; index?: number },
  options: { signal?: unknown },
): KvOp {
  const keyLength = checkKey(key, operation);
  const op = new KvOp(spec, owner, key as string, keyLength, target.asyncResult, target.multi, target.index ?? 0);
  op.signal = checkSignal(options.signal, operation);
  return op;
}

/** lookupIn(key, ...specs, options?). */
export function buildLookupIn(owner: OpOwner, key: unknown, specs: readonly unknown[], options: unknown, target: { asyncResult?: AsyncResult<Result> }): KvOp {
  checkOptions(options, ['signal'], 'lookupIn');
  const p = plan(specs, 'lookup', 'lookupIn');
  const op = newOp(OP_SPECS.lookupIn, owner, key, 'lookupIn', target, (options ?? {}) as LookupInOptions);
  op.subdoc = p;
  op.value = encodeLookupSpecs(p.specs);
  return op;
}

/** mutateIn(key, ...specs, options?). */
export function buildMutateIn(owner: OpOwner, key: unknown, specs: readonly unknown[], options: unknown, target: { asyncResult?: AsyncResult<Result> }): KvOp {
  checkOptions(options, MUTATE_OPTIONS, 'mutateIn');
  const o = (options ?? {}) as MutateInOptions;
  const p = plan(specs, 'mutation', 'mutateIn');
  const upsertDoc = checkBoolean(o.upsertDoc, 'mutateIn', 'upsertDoc') ?? false;
  const insertDoc = checkBoolean(o.insertDoc, 'mutateIn', 'insertDoc') ?? false;
  if (upsertDoc && insertDoc) throw new ArgumentError('mutateIn: upsertDoc and insertDoc cannot be combined', { context: { operation: 'mutateIn' } });
  const cas = checkCas(o.cas, 'mutateIn');
  if (insertDoc && cas !== 0n) throw new ArgumentError('mutateIn: insertDoc creates the document: a cas makes no sense with it', { context: { operation: 'mutateIn' } });
  const op = newOp(OP_SPECS.mutateIn, owner, key, 'mutateIn', target, o);
  op.cas = cas;
  op.durability = mutationDurability(o, 'mutateIn');
  op.subdoc = p;
  op.extras = mutationExtras(checkTtl(o.ttl, 'mutateIn'), (upsertDoc ? DOC_FLAGS.MKDOC : 0) | (insertDoc ? DOC_FLAGS.ADD : 0));
  op.value = encodeMutationSpecs(p.specs);
  return op;
}

/** Splits mutateIn's arguments: specs, then an options object if the last one is not a spec. */
export function splitSpecsAndOptions(args: readonly unknown[]): [unknown[], unknown] {
  const last = args[args.length - 1];
  if (args.length > 0 && !(last instanceof SubdocSpec) && typeof last === 'object' && last !== null) return [args.slice(0, -1), last];
  return [[...args], undefined];
}
