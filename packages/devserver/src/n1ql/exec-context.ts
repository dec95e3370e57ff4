/**
 * Everything one execution shares: the datastore and index catalog, the request's
 * parameters, the function context (statement time), the deadline guard, and the names
 * bound by enclosing queries (so a correlated subquery's `FROM t.items` is read as an
 * expression over the outer `t`, not as a keyspace called `t`).
 */
import type { Datastore, Keyspace } from './datastore';
import type { ExecutionGuard } from './execution-guard';
import type { FunctionContext } from './function-types';
import type { IndexCatalog } from './index-catalog';
import type { ParamValues } from './parameters';
import { QueryError } from './query-error';
import type { KeyspaceRef } from './statement-ast';
import { systemKeyspace } from './system-keyspaces';

/** The shared state of one execution. */
export interface ExecContext {
  readonly datastore: Datastore;
  readonly catalog: IndexCatalog;
  readonly params: ParamValues;
  readonly functions: FunctionContext;
  readonly guard: ExecutionGuard;
  /** Names bound by enclosing queries (aliases, LET names, collection variables). */
  readonly outerNames: ReadonlySet<string>;
}

/** A context for a nested query that also sees `names` from its parent. */
export function nestedContext(ctx: ExecContext, names: Iterable<string>): ExecContext {
  return { ...ctx, outerNames: new Set([...ctx.outerNames, ...names]) };
}

/** The keyspace a reference names; throws 12003 when there is none. */
export function resolveKeyspace(ctx: ExecContext, ref: KeyspaceRef): Keyspace {
  const ks = ref.namespace === 'system' ? systemKeyspace(ref.name, ctx.datastore, ctx.catalog) : ctx.datastore.keyspace(ref.name);
  if (ks === undefined) throw new QueryError('KEYSPACE_NOT_FOUND', `Keyspace not found in CB datastore: ${ref.namespace}:${ref.name}`);
  return ks;
}
