/**
 * A tiny JSON shape checker for the sample tests: exact field names (and their order),
 * JSON types, literals, patterns and ranges, written out per document type in the tests
 * rather than derived from the generator's TypeScript types, so the expectations are
 * independent of the code under test.
 */

/** What a JSON value must be. */
export type TypeSpec =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | { readonly oneOf: readonly TypeSpec[] }
  | { readonly literal: string | number | boolean | null }
  | { readonly pattern: RegExp }
  | { readonly range: readonly [number, number]; readonly integer?: boolean }
  | { readonly arrayOf: TypeSpec; readonly minItems?: number }
  | ObjectSpec;

/** An object with exactly these fields, in this order; `optional` ones may be absent (never null). */
export interface ObjectSpec {
  readonly fields: Readonly<Record<string, TypeSpec>>;
  readonly optional?: readonly string[];
}

/** The JSON type name of a value, as the checker reports it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Pushes onto `errors` every way `value` (at `path`) breaks `spec`. */
export function check(value: unknown, spec: TypeSpec, path: string, errors: string[]): void {
  if (typeof spec === 'string') {
    const actual = jsonType(value);
    const ok = spec === 'integer' ? Number.isInteger(value) : spec === 'number' ? actual === 'number' && Number.isFinite(value) : actual === spec;
    if (!ok) errors.push(`${path}: expected ${spec}, got ${actual} ${JSON.stringify(value)}`);
    return;
  }
  if ('oneOf' in spec) {
    const attempts = spec.oneOf.map((s) => {
      const e: string[] = [];
      check(value, s, path, e);
      return e;
    });
    if (attempts.every((e) => e.length > 0)) errors.push(`${path}: matches none of ${spec.oneOf.length} alternatives (${attempts.map((e) => e[0]).join(' | ')})`);
    return;
  }
  if ('literal' in spec) {
    if (value !== spec.literal) errors.push(`${path}: expected ${JSON.stringify(spec.literal)}, got ${JSON.stringify(value)}`);
    return;
  }
  if ('pattern' in spec) {
    if (typeof value !== 'string' || !spec.pattern.test(value)) errors.push(`${path}: expected a string matching ${spec.pattern}, got ${JSON.stringify(value)}`);
    return;
  }
  if ('range' in spec) {
    const ok = typeof value === 'number' && value >= spec.range[0] && value <= spec.range[1] && (!spec.integer || Number.isInteger(value));
    if (!ok) errors.push(`${path}: expected ${spec.integer ? 'an integer' : 'a number'} in [${spec.range.join(', ')}], got ${JSON.stringify(value)}`);
    return;
  }
  if ('arrayOf' in spec) {
    if (!Array.isArray(value)) {
      errors.push(`${path}: expected array, got ${jsonType(value)}`);
      return;
    }
    if (value.length < (spec.minItems ?? 0)) errors.push(`${path}: expected at least ${spec.minItems} items, got ${value.length}`);
    value.forEach((item: unknown, i) => check(item, spec.arrayOf, `${path}[${i}]`, errors));
    return;
  }
  if (jsonType(value) !== 'object') {
    errors.push(`${path}: expected object, got ${jsonType(value)}`);
    return;
  }
  const obj = value as Record<string, unknown>;
  const optional = new Set(spec.optional ?? []);
  const expected = Object.keys(spec.fields).filter((k) => !optional.has(k) || k in obj);
  const actual = Object.keys(obj);
  if (expected.join(',') !== actual.join(',')) errors.push(`${path}: expected fields [${expected.join(', ')}], got [${actual.join(', ')}]`);
  for (const [k, s] of Object.entries(spec.fields)) {
    if (k in obj) check(obj[k], s, `${path}.${k}`, errors);
  }
}

/** `string` that is not empty. */
export const NON_EMPTY: TypeSpec = { pattern: /\S/ };
/** A string or null. */
export const STRING_OR_NULL: TypeSpec = { oneOf: ['string', 'null'] };
