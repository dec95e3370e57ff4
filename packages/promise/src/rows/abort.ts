/**
 * AbortSignal plumbing shared by the query entry points: validate a signal, build the
 * AbortError, and tie a cancel function to the signal for as long as a request runs.
 */
import { AbortError, ArgumentError } from '@couchts/core';

/** Checks an optional AbortSignal option. */
export function checkSignal(signal: unknown, operation: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignal> | null;
  if (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean' || typeof s.addEventListener !== 'function') {
    throw new ArgumentError(`${operation}: signal must be an AbortSignal`, { context: { operation } });
  }
  return signal as AbortSignal;
}

/** The error an aborted request ends with (the signal's reason as its cause). */
export function abortError(operation: string, signal: AbortSignal): AbortError {
  return new AbortError(`${operation} was aborted`, { cause: signal.reason as unknown, context: { operation } });
}

/**
 * Calls `onAbort` when `signal` aborts (at once if it already has); returns the function
 * that detaches the listener once the request ended.
 */
export function onAbort(signal: AbortSignal | undefined, onAbortFn: () => void): () => void {
  if (signal === undefined) return () => undefined;
  if (signal.aborted) {
    onAbortFn();
    return () => undefined;
  }
  signal.addEventListener('abort', onAbortFn, { once: true });
  return () => signal.removeEventListener('abort', onAbortFn);
}
