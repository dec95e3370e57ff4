/**
 * UPDATE and DELETE. The documents to change are chosen first (USE KEYS or a scan with
 * WHERE, which needs an index like any scan, and LIMIT), then written one by one with
 * the CAS they were read with, so a concurrent change is a CAS mismatch (12009 / 12033)
 * rather than a lost update. A failed write does not stop the others.
 */
import { compileExpr, type Evaluator } from './compile-expression';
import type { Keyspace, StoredValue } from './datastore';
import { dmlError } from './dml-errors';
import { dmlEnv, docScope, planReturning, writeOnce, type DmlPlan } from './dml-common';
import { resolveKeyspace, type ExecContext } from './exec-context';
import { chooseIndex } from './index-planner';
import { pathSteps, setPath, unsetPath } from './path-mutation';
import { QueryError } from './query-error';
import { rootScope } from './scope';
import { keysOf } from './select-source';
import type { DeleteStatement, UpdateStatement } from './statement-ast';
import { cloneValue, truth, type Value } from './values';

/** The documents a DELETE / UPDATE targets, in scan order, up to its LIMIT. */
function targets(st: UpdateStatement | DeleteStatement, ks: Keyspace, ctx: ExecContext, env: ReturnType<typeof dmlEnv>): () => StoredValue[] {
  const useKeys = st.useKeys === undefined ? undefined : compileExpr(st.useKeys, env);
  if (useKeys === undefined) chooseIndex(ctx.catalog, ks.name, st.alias, st.where);
  const where = st.where === undefined ? undefined : compileExpr(st.where, env);
  const limitOf = st.limit === undefined ? undefined : compileExpr(st.limit, env);
  return () => {
    const root = rootScope();
    const limitValue = limitOf?.(root);
    if (limitValue !== undefined && (typeof limitValue !== 'number' || !Number.isInteger(limitValue))) {
      throw new QueryError('EVALUATION', `Invalid LIMIT value ${JSON.stringify(limitValue) ?? 'missing'}.`);
    }
    const limit = limitValue === undefined ? Infinity : Math.max(0, limitValue as number);
    const docs: Iterable<StoredValue> = useKeys === undefined ? ks.scan() : keysOf(useKeys(root)).flatMap((k) => ks.get(k) ?? []);
    const out: StoredValue[] = [];
    if (limit === 0) return out;
    for (const d of docs) {
      ctx.guard.tick();
      if (where !== undefined && !truth(where(docScope(st.alias, d.value, d.meta)))) continue;
      out.push(d);
      if (out.length >= limit) break;
    }
    return out;
  };
}

/** Plans an UPDATE. */
export function planUpdate(st: UpdateStatement, ctx: ExecContext): DmlPlan {
  const ks = resolveKeyspace(ctx, st.keyspace);
  const env = dmlEnv(ctx, st.alias, 'UPDATE');
  const chosen = targets(st, ks, ctx, env);
  const returning = planReturning(st.returning, st.alias, env);
  const sets = st.set.map((x) => {
    const steps = pathSteps(x.path, st.alias, env);
    if (steps === undefined || steps.length === 0) throw new QueryError('SYNTAX', 'SET needs a path inside the document.');
    return { steps, value: compileExpr(x.value, env) as Evaluator };
  });
  const unsets = st.unset.map((p) => {
    const steps = pathSteps(p, st.alias, env);
    if (steps === undefined || steps.length === 0) throw new QueryError('SYNTAX', 'UNSET needs a path inside the document.');
    return steps;
  });
  let mutations = 0;
  const rows = writeOnce(function* () {
    let first: QueryError | undefined;
    for (const d of chosen()) {
      ctx.guard.check();
      const doc: Value = cloneValue(d.value);
      // Later assignments see earlier ones (the document is updated in place).
      const scope = docScope(st.alias, doc, d.meta);
      for (const s of sets) setPath(doc, s.steps, s.value(scope), scope);
      for (const u of unsets) unsetPath(doc, u, scope);
      const result = ks.replace(d.meta.id, doc, d.meta.cas);
      if (!result.ok) {
        first ??= dmlError('UPDATE', ks.name, d.meta.id, result);
        continue;
      }
      mutations++;
      if (returning !== undefined) {
        const row = returning.row(docScope(st.alias, doc, result.meta));
        if (row !== undefined) yield row;
      }
    }
    return first;
  });
  return { signature: returning?.signature, rows, mutations: () => mutations };
}

/** Plans a DELETE. */
export function planDelete(st: DeleteStatement, ctx: ExecContext): DmlPlan {
  const ks = resolveKeyspace(ctx, st.keyspace);
  const env = dmlEnv(ctx, st.alias, 'DELETE');
  const chosen = targets(st, ks, ctx, env);
  const returning = planReturning(st.returning, st.alias, env);
  let mutations = 0;
  const rows = writeOnce(function* () {
    let first: QueryError | undefined;
    for (const d of chosen()) {
      ctx.guard.check();
      const result = ks.remove(d.meta.id, d.meta.cas);
      if (!result.ok) {
        first ??= dmlError('DELETE', ks.name, d.meta.id, result);
        continue;
      }
      mutations++;
      if (returning !== undefined) {
        // RETURNING shows the document as it was.
        const row = returning.row(docScope(st.alias, d.value, d.meta));
        if (row !== undefined) yield row;
      }
    }
    return first;
  });
  return { signature: returning?.signature, rows, mutations: () => mutations };
}
