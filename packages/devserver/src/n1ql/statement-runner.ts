/**
 * Runs one parsed statement in an execution context: SELECT and DML produce lazy rows,
 * DDL takes effect at once, EXPLAIN returns its plan row. PREPARE / EXECUTE are handled
 * by the engine before a statement gets here.
 */
import { createIndex, dropIndex } from './ddl';
import { planDelete, planUpdate } from './dml-update';
import { planInsert } from './dml-insert';
import type { ExecContext } from './exec-context';
import { describePlan } from './explain';
import { QueryError } from './query-error';
import { planSelect } from './select-executor';
import type { Statement } from './statement-ast';
import type { Value } from './values';

/** What running a statement yields. */
export interface StatementResult {
  readonly signature: unknown;
  readonly rows: Iterable<Value>;
  mutationCount(): number;
}

const noMutations = (): number => 0;

/** Plans `st` and returns its rows; throws QueryError for errors found before the first row. */
export function runStatement(st: Statement, ctx: ExecContext, text: string): StatementResult {
  switch (st.kind) {
    case 'select': {
      const plan = planSelect(st, ctx);
      return { signature: plan.signature, rows: { [Symbol.iterator]: () => plan.run()[Symbol.iterator]() }, mutationCount: noMutations };
    }
    case 'insert':
    case 'upsert': {
      const plan = planInsert(st, ctx);
      return { signature: plan.signature, rows: plan.rows, mutationCount: plan.mutations };
    }
    case 'update': {
      const plan = planUpdate(st, ctx);
      return { signature: plan.signature, rows: plan.rows, mutationCount: plan.mutations };
    }
    case 'delete': {
      const plan = planDelete(st, ctx);
      return { signature: plan.signature, rows: plan.rows, mutationCount: plan.mutations };
    }
    case 'create_index':
      createIndex(st, ctx);
      return { signature: undefined, rows: [], mutationCount: noMutations };
    case 'drop_index':
      dropIndex(st, ctx);
      return { signature: undefined, rows: [], mutationCount: noMutations };
    case 'explain':
      return { signature: 'json', rows: [{ plan: describePlan(st.statement, ctx), text }], mutationCount: noMutations };
    default:
      // PREPARE inside PREPARE, or EXECUTE reached through a prepared statement.
      throw new QueryError('SYNTAX', `${st.kind.toUpperCase()} cannot be used here.`);
  }
}
