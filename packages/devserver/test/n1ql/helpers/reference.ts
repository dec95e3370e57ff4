/**
 * Reference semantics written independently of the engine, in plain JavaScript, from the
 * SQL++ documentation: the type order of collation and field access with MISSING. Tests
 * compute expected results with these (never with the engine's own helpers).
 */

/** Type rank in SQL++ collation: MISSING < NULL < boolean < number < string < array < object. */
export function rank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'number') return 3;
  if (typeof v === 'string') return 4;
  if (Array.isArray(v)) return 5;
  return 6;
}

/** Code-point order of strings. */
function cmpString(a: string, b: string): number {
  const x = Array.from(a).map((c) => c.codePointAt(0)!);
  const y = Array.from(b).map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** The documented collation: by type, then value; arrays element-wise; objects by size, names, values. */
export function refCollate(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 3:
      return (a as number) - (b as number);
    case 4:
      return cmpString(a as string, b as string);
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = refCollate(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 6: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      if (Object.keys(x).length !== Object.keys(y).length) return Object.keys(x).length - Object.keys(y).length;
      // Walk the union of names in order: a name only one side has makes the other side larger.
      const names = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(cmpString);
      for (const k of names) {
        if (!(k in x)) return 1;
        if (!(k in y)) return -1;
        const c = refCollate(x[k], y[k]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** `obj.path` with MISSING (undefined) for absent fields and non-objects. */
export function at(doc: unknown, ...path: (string | number)[]): unknown {
  let cur = doc;
  for (const p of path) {
    if (typeof p === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[p < 0 ? cur.length + p : p];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
      cur = (cur as Record<string, unknown>)[p];
    }
  }
  return cur;
}

/** A row object without its MISSING (undefined) fields, as SQL++ returns it. */
export function row(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** True for a number. */
export const isNum = (v: unknown): v is number => typeof v === 'number';
