/**
 * Argument checks shared by every operation. They run synchronously, before anything is
 * scheduled, and throw {@link ArgumentError} (API.md: "Argument errors are thrown
 * synchronously by the core").
 */
import { ArgumentError } from '../errors/classes';
import type { Cas } from '../results/result';
import { FORMATS, type Format } from '../transcoding/formats';

/** Longest key the server accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 250;
/** Largest u32 (expiry and lock-time fields). */
const U32_MAX = 0xffffffff;

/** Checks a document key and returns its UTF-8 length. */
export function checkKey(key: unknown, operation: string): number {
  if (typeof key !== 'string') {
    throw new ArgumentError(`${operation}: key must be a string, got ${key === null ? 'null' : typeof key}`, { context: { operation } });
  }
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 0) throw new ArgumentError(`${operation}: key must not be empty`, { context: { operation } });
  if (bytes > MAX_KEY_BYTES) {
    throw new ArgumentError(`${operation}: key is ${bytes} bytes; the limit is ${MAX_KEY_BYTES} UTF-8 bytes`, {
      context: { operation, keyBytes: bytes },
    });
  }
  return bytes;
}

/** Throws unless `options` is undefined or a plain object whose keys are all in `allowed`. */
export function checkOptions(options: unknown, allowed: readonly string[], operation: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${operation}: options must be an object`, { context: { operation } });
  }
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) {
      throw new ArgumentError(`${operation}: unknown option '${name}' (allowed: ${allowed.join(', ') || 'none'})`, {
        context: { operation, option: name },
      });
    }
  }
}

/**
 * Checks an expiry in whole seconds ≥ 0 (values over 30 days are absolute Unix times,
 * as on the server). Returns 0 when undefined.
 */
export function checkTtl(ttl: unknown, operation: string, name = 'ttl'): number {
  if (ttl === undefined) return 0;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > U32_MAX) {
    throw new ArgumentError(`${operation}: ${name} must be a whole number of seconds between 0 and ${U32_MAX}, got ${String(ttl)}`, {
      context: { operation, [name]: ttl },
    });
  }
  return ttl;
}

/** Checks a CAS given back by the caller; returns 0n when undefined (or 0). */
export function checkCas(cas: unknown, operation: string, required = false): Cas {
  if (cas === undefined || cas === 0 || cas === 0n) {
    if (required) throw new ArgumentError(`${operation}: a CAS value is required`, { context: { operation } });
    return 0n;
  }
  if (typeof cas !== 'bigint' || cas < 0n || cas > 0xffffffffffffffffn) {
    throw new ArgumentError(`${operation}: cas must be the bigint CAS a result gave you, got ${typeof cas}`, { context: { operation } });
  }
  return cas;
}

/** Checks an optional boolean option. */
export function checkBoolean(value: unknown, operation: string, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new ArgumentError(`${operation}: ${name} must be a boolean, got ${typeof value}`, { context: { operation } });
  }
  return value;
}

/** Checks a format name; returns `fallback` when undefined. */
export function checkFormat(format: unknown, operation: string, fallback: Format): Format {
  if (format === undefined) return fallback;
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    throw new ArgumentError(`${operation}: format must be one of ${FORMATS.join(', ')}, got ${String(format)}`, { context: { operation } });
  }
  return format as Format;
}

/** Checks an AbortSignal option (anything with `aborted` and `addEventListener`). */
export function checkSignal(signal: unknown, operation: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignal> | null;
  if (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean' || typeof s.addEventListener !== 'function' || typeof s.removeEventListener !== 'function') {
    throw new ArgumentError(`${operation}: signal must be an AbortSignal`, { context: { operation } });
  }
  return signal as AbortSignal;
}

/** Checks an integer within [min, max]; returns `fallback` when undefined. */
export function checkInteger(value: unknown, operation: string, name: string, min: number, max: number, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(`${operation}: ${name} must be an integer between ${min} and ${max}, got ${String(value)}`, {
      context: { operation },
    });
  }
  return value;
}
