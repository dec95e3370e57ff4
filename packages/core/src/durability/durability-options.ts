/**
 * Client-side durability requirements (the seeds' `persist_to` / `replicate_to`) and the
 * options of `endure`: validation before anything is sent, and resolution against the
 * bucket's replica count once a config is known (-1 = "as many as the bucket has", the
 * seeds' `cap_max`; more than it has is an ArgumentError, libcouchbase's
 * DURABILITY_ETOOMANY).
 */
import { ArgumentError } from '../errors/classes';
import type { Cas } from '../results/result';
import { checkBoolean, checkCas, checkInteger, checkOptions, checkSignal } from '../validation/arguments';

/** Largest replica count a bucket can have. */
export const MAX_REPLICAS = 3;

/** What a mutation (or endure) waits for. -1 means "every copy the bucket has". */
export interface DurabilityRequirement {
  /** Copies (active included) that must have persisted the mutation. */
  readonly persistTo: number;
  /** Replicas that must have the mutation in memory. */
  readonly replicateTo: number;
}

/** Options of `endure` / `endureMulti`. */
export interface EndureOptions {
  /** Copies (active included) that must persist it; -1 (default) = all the bucket has. */
  persistTo?: number;
  /** Replicas that must hold it; -1 (default) = all the bucket has. */
  replicateTo?: number;
  /** The CAS the mutation returned: a copy with another CAS does not count (endure only). */
  cas?: Cas;
  /** Wait for a removal to be durable instead of a store. */
  checkRemoved?: boolean;
  /** Give up after this many ms (default 5000). */
  timeout?: number;
  /** Pause between polls, in ms (default 10). */
  interval?: number;
  /** Cancels the wait: rejects at once with an AbortError (the polls stop). */
  signal?: AbortSignal;
}

/** Endure options after defaults. */
export interface ResolvedEndureOptions {
  readonly requirement: DurabilityRequirement;
  readonly cas: Cas;
  readonly checkRemoved: boolean;
  readonly timeout: number;
  readonly interval: number;
  readonly signal: AbortSignal | undefined;
}

/** Defaults of the seeds' `endure` (timeout 5 s, interval 10 ms), in ms. */
export const ENDURE_DEFAULTS = { timeout: 5000, interval: 10 } as const;

const ENDURE_OPTIONS = ['persistTo', 'replicateTo', 'cas', 'checkRemoved', 'timeout', 'interval', 'signal'];
const ENDURE_MULTI_OPTIONS = ENDURE_OPTIONS.filter((o) => o !== 'cas');

/**
 * Reads persistTo / replicateTo of a mutation's options; undefined when neither asks for
 * anything (the common case costs nothing).
 */
export function mutationDurability(o: { persistTo?: unknown; replicateTo?: unknown }, operation: string): DurabilityRequirement | undefined {
  const persistTo = checkInteger(o.persistTo, operation, 'persistTo', -1, MAX_REPLICAS + 1, 0)!;
  const replicateTo = checkInteger(o.replicateTo, operation, 'replicateTo', -1, MAX_REPLICAS, 0)!;
  return persistTo === 0 && replicateTo === 0 ? undefined : { persistTo, replicateTo };
}

/** Validates the options of endure (`multi`: of endureMulti, which has no `cas`). */
export function resolveEndureOptions(options: unknown, operation: string, multi = false): ResolvedEndureOptions {
  checkOptions(options, multi ? ENDURE_MULTI_OPTIONS : ENDURE_OPTIONS, operation);
  const o = (options ?? {}) as EndureOptions;
  const persistTo = checkInteger(o.persistTo, operation, 'persistTo', -1, MAX_REPLICAS + 1, -1)!;
  const replicateTo = checkInteger(o.replicateTo, operation, 'replicateTo', -1, MAX_REPLICAS, -1)!;
  if (persistTo === 0 && replicateTo === 0) {
    throw new ArgumentError(`${operation}: persistTo and replicateTo are both 0: there is nothing to wait for`, { context: { operation } });
  }
  return {
    requirement: { persistTo, replicateTo },
    cas: checkCas(o.cas, operation),
    checkRemoved: checkBoolean(o.checkRemoved, operation, 'checkRemoved') ?? false,
    timeout: checkInteger(o.timeout, operation, 'timeout', 1, 2_147_483_647, ENDURE_DEFAULTS.timeout)!,
    interval: checkInteger(o.interval, operation, 'interval', 0, 60_000, ENDURE_DEFAULTS.interval)!,
    signal: checkSignal(o.signal, operation),
  };
}

/**
 * The requirement in absolute numbers for a bucket with `numReplicas` replicas. Throws
 * ArgumentError when it asks for more copies than the bucket has.
 */
export function resolveRequirement(req: DurabilityRequirement, numReplicas: number, operation: string, key?: string): DurabilityRequirement {
  const persistTo = req.persistTo < 0 ? numReplicas + 1 : req.persistTo;
  const replicateTo = req.replicateTo < 0 ? numReplicas : req.replicateTo;
  if (persistTo > numReplicas + 1 || replicateTo > numReplicas) {
    throw new ArgumentError(
      `${operation}: asks for persistTo ${req.persistTo}, replicateTo ${req.replicateTo} but the bucket has ${numReplicas} replica${numReplicas === 1 ? '' : 's'} ` +
        `(at most persistTo ${numReplicas + 1}, replicateTo ${numReplicas})`,
      { key, context: { operation, persistTo: req.persistTo, replicateTo: req.replicateTo, numReplicas } },
    );
  }
  return { persistTo, replicateTo };
}
