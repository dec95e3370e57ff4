/**
 * INSERT and UPSERT, from a VALUES list or from the rows of a SELECT. Each document is
 * written through the keyspace (so KV sees it at once); a failed write does not stop
 * the others (as on a real server), and the first failure is reported after them.
 */
import { compileExpr, type Evaluator } from './compile-expression';
import { dmlError } from './dml-errors';
import { dmlEnv, docScope, planReturning, writeOnce, type DmlPlan } from './dml-common';
import { resolveKeyspace, type ExecContext } from './exec-context';
import { QueryError } from './query-error';
import { childScope, rootScope, type Scope } from './scope';
import { planSelect } from './select-executor';
import type { InsertStatement } from './statement-ast';
import { cloneValue, isObject, type Value } from './values';

/** Name a SELECT row is bound to while `(KEY k, VALUE v)` are evaluated over it. */
const ROW = '\u0000row';

/** The expiration in an OPTIONS object (`{"expiration": n}`), if any. */
function expirationOf(options: Value): number | undefined {
  return isObject(options) && typeof options.expiration === 'number' ? options.expiration : undefined;
}

/** Plans an INSERT / UPSERT. */
export function planInsert(st: InsertStatement, ctx: ExecContext): DmlPlan {
  const ks = resolveKeyspace(ctx, st.keyspace);
  const env = dmlEnv(ctx, st.alias, 'INSERT');
  const returning = planReturning(st.returning, st.alias, env);
  const verb = st.kind === 'insert' ? 'INSERT' : 'UPSERT';
  // Each source yields (scope to evaluate in, key, value, options) triples.
  let pairs: () => Iterable<{ scope: Scope; key: Evaluator; value: Evaluator; options?: Evaluator }>;
  if (st.values !== undefined) {
    const rows = st.values.map((v) => ({
      key: compileExpr(v.key, env),
      value: compileExpr(v.value, env),
      ...(v.options ? { options: compileExpr(v.options, env) } : {}),
    }));
    const root = rootScope();
    pairs = () => rows.map((r) => ({ scope: root, ...r }));
  } else {
    const sel = st.select!;
    const query = planSelect(sel.query, ctx);
    const rowEnv = { ...env, clause: 'INSERT' };
    const key = compileExpr(sel.key, rowEnv);
    const value: Evaluator = sel.value === undefined ? (s) => s.vars[ROW] : compileExpr(sel.value, rowEnv);
    const root = rootScope();
    pairs = function* () {
      for (const row of query.run()) yield { scope: childScope(root, { [ROW]: row }, undefined, ROW), key, value };
    };
  }
  let mutations = 0;
  const rows = writeOnce(function* () {
    let first: QueryError | undefined;
    for (const p of pairs()) {
      ctx.guard.check();
      const key = p.key(p.scope);
      const value = p.value(p.scope);
      if (typeof key !== 'string') {
        first ??= new QueryError('EVALUATION', `Cannot ${verb} non-string key ${JSON.stringify(key) ?? 'missing'}.`);
        continue;
      }
      if (value === undefined) {
        first ??= new QueryError('EVALUATION', `Cannot ${verb} missing value for key ${key}.`);
        continue;
      }
      const doc = cloneValue(value);
      const expiration = p.options === undefined ? undefined : expirationOf(p.options(p.scope));
      const result = st.kind === 'insert' ? ks.insert(key, doc, expiration) : ks.upsert(key, doc, expiration);
      if (!result.ok) {
        first ??= dmlError(verb, ks.name, key, result);
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
