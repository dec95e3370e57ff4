/**
 * Normalises the input forms of multi operations (semantics.md §A.2): an array of keys,
 * an object `{ key: value }`, a Map, or a MultiResult (for unlockMulti). Keys are
 * checked here, before anything is scheduled.
 */
import { ArgumentError } from '../errors/classes';
import { MultiResult, OperationResult } from '../results/result';

/** A `{ key: value }` object or a Map. */
export type KeyValues<V> = Record<string, V> | Map<string, V>;

/** Keys of an array input (duplicates refused: a MultiResult has one entry per key). */
export function keysOf(keys: unknown, operation: string): string[] {
  if (!Array.isArray(keys)) throw new ArgumentError(`${operation}: expected an array of keys`, { context: { operation } });
  const seen = new Set<string>();
  for (const k of keys) {
    if (typeof k === 'string') {
      if (seen.has(k)) throw new ArgumentError(`${operation}: duplicate key '${k}'`, { context: { operation, key: k } });
      seen.add(k);
    }
  }
  return keys as string[];
}

/** Entries of an object or Map input. */
export function entriesOf<V>(input: unknown, operation: string): [string, V][] {
  if (input instanceof Map) return [...(input as Map<string, V>).entries()];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ArgumentError(`${operation}: expected an object or a Map of key → value`, { context: { operation } });
  }
  return Object.entries(input as Record<string, V>);
}

/** Either an array of keys (value undefined) or key → value entries. */
export function keysOrEntries<V>(input: unknown, operation: string): [string, V | undefined][] {
  if (Array.isArray(input)) return keysOf(input, operation).map((k) => [k, undefined]);
  return entriesOf<V>(input, operation);
}

/** Key → CAS pairs from an object, a Map or a MultiResult of lock/store results. */
export function casEntries(input: unknown, operation: string): [string, unknown][] {
  if (input instanceof MultiResult) {
    return [...input.entries()].map(([k, r]) => [k, r instanceof OperationResult ? r.cas : undefined]);
  }
  return entriesOf<unknown>(input, operation);
}
