/**
 * SET and UNSET paths of UPDATE: `a.b[0].c` becomes steps relative to the document
 * (a leading keyspace alias is dropped), and assignments create the objects a nested
 * path needs, as the real engine's SetPath does. Assigning MISSING removes the field.
 */
import type { Expr } from './ast';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import type { Scope } from './scope';
import { isObject, setField, type Value } from './values';

/** One step of a path: a field name, or an array position (evaluated per document). */
type Step = { readonly field: string } | { readonly index: Evaluator };

/** Turns a path expression into steps; undefined when it is not a path. */
export function pathSteps(e: Expr, alias: string, env: CompileEnv): Step[] | undefined {
  switch (e.kind) {
    case 'ident':
      return e.name === alias ? [] : [{ field: e.name }];
    case 'field': {
      const base = pathSteps(e.target, alias, env);
      return base === undefined ? undefined : [...base, { field: e.name }];
    }
    case 'element': {
      const base = pathSteps(e.target, alias, env);
      return base === undefined ? undefined : [...base, { index: compileExpr(e.index, env) }];
    }
    default:
      return undefined;
  }
}

/** Resolves an element step to a field name or an array position within `container`. */
function key(step: Step, container: Value, s: Scope): string | number | undefined {
  if ('field' in step) return step.field;
  const i = step.index(s);
  if (typeof i === 'string') return i;
  if (typeof i !== 'number' || !Number.isInteger(i) || !Array.isArray(container)) return undefined;
  const pos = i < 0 ? container.length + i : i;
  return pos >= 0 && pos < container.length ? pos : undefined;
}

/** Sets `value` at `steps` inside `doc` (mutating it); false when the path cannot exist. */
export function setPath(doc: Value, steps: readonly Step[], value: Value, s: Scope): boolean {
  let cur = doc;
  for (let i = 0; i < steps.length; i++) {
    const k = key(steps[i]!, cur, s);
    if (k === undefined) return false;
    const last = i === steps.length - 1;
    if (typeof k === 'number') {
      const arr = cur as Value[];
      // MISSING inside an array reads back as NULL, so store NULL.
      if (last) arr[k] = value === undefined ? null : value;
      else {
        cur = arr[k];
        if (typeof cur !== 'object' || cur === null) return false;
      }
      continue;
    }
    if (!isObject(cur)) return false;
    if (last) {
      if (value === undefined) delete cur[k];
      else setField(cur, k, value);
    } else {
      // Create intermediate objects, replacing scalars in the way.
      if (typeof cur[k] !== 'object' || cur[k] === null || !Object.prototype.hasOwnProperty.call(cur, k)) setField(cur, k, {});
      cur = cur[k];
    }
  }
  return true;
}

/** Removes the field or element at `steps` (mutating `doc`). */
export function unsetPath(doc: Value, steps: readonly Step[], s: Scope): void {
  let cur = doc;
  for (let i = 0; i < steps.length; i++) {
    const k = key(steps[i]!, cur, s);
    if (k === undefined || typeof cur !== 'object' || cur === null) return;
    if (i === steps.length - 1) {
      if (typeof k === 'number' && Array.isArray(cur)) cur.splice(k, 1);
      else if (typeof k === 'string' && isObject(cur)) delete cur[k];
      return;
    }
    // Own fields only: never walk into a prototype (`__proto__`, `constructor`).
    cur = Object.prototype.hasOwnProperty.call(cur, k) ? (cur as Record<string | number, Value>)[k] : undefined;
  }
}
