/**
 * The SQL++ value model over plain JavaScript values: `undefined` is MISSING (an absent
 * field reads as undefined, so field access needs no special case), `null` is NULL, and
 * everything else is the JSON value itself. Rows therefore serialise with JSON.stringify
 * exactly as SQL++ shows them: MISSING fields vanish from objects and become null
 * inside arrays.
 */

/** A SQL++ value (`undefined` = MISSING). */
export type Value = unknown;

/** A JSON object value. */
export type ObjectValue = Record<string, unknown>;

/** Type names, in collation order (value/value.go: MISSING < NULL < … < OBJECT < BINARY). */
export const TYPE_ORDER = { missing: 0, null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, binary: 7 } as const;

/** A SQL++ type name, as TYPE() returns it. */
export type TypeName = keyof typeof TYPE_ORDER;

/** MISSING, for readability at call sites. */
export const MISSING: Value = undefined;

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: Value): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The SQL++ type of a value. */
export function typeName(v: Value): TypeName {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return Array.isArray(v) ? 'array' : 'object';
    default:
      // bigint, functions…: never produced by JSON; treat as opaque binary.
      return 'binary';
  }
}

/** The rank of a value's type in collation order. */
export function typeRank(v: Value): number {
  return TYPE_ORDER[typeName(v)];
}

/**
 * SQL++ truthiness (Value.Truth): false, 0, NaN, "", [] and {} are false; MISSING and NULL
 * are false too. WHERE, HAVING, WHEN and SATISFIES keep a row only when this is true, as
 * the real filter operator does.
 */
export function truth(v: Value): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0 && !Number.isNaN(v);
    case 'string':
      return v.length > 0;
    case 'object':
      if (v === null) return false;
      return Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0;
    default:
      return false;
  }
}

/**
 * Sets a field of a JSON object. `__proto__` is written as an own field (as JSON.parse
 * does) instead of replacing the object's prototype.
 */
export function setField(o: ObjectValue, name: string, v: Value): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
  else o[name] = v;
}

/** A deep copy of a JSON value (documents are copied before they are modified). */
export function cloneValue<T extends Value>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => cloneValue(x)) as T;
  const out: ObjectValue = {};
  for (const [k, x] of Object.entries(v as ObjectValue)) if (x !== undefined) setField(out, k, cloneValue(x));
  return out as T;
}
