/**
 * Index DDL: CREATE [PRIMARY] INDEX and DROP [PRIMARY] INDEX, against the index catalog.
 * They take effect when the statement is executed (before any row is read), so their
 * errors carry the real HTTP statuses: 4300 (409) for a duplicate name, 12016 for an
 * index that is not there.
 */
import { resolveKeyspace, type ExecContext } from './exec-context';
import { DEFAULT_PRIMARY_NAME } from './index-catalog';
import { QueryError } from './query-error';
import type { CreateIndexStatement, DropIndexStatement } from './statement-ast';

/** Runs CREATE [PRIMARY] INDEX. */
export function createIndex(st: CreateIndexStatement, ctx: ExecContext): void {
  const ks = resolveKeyspace(ctx, st.keyspace);
  const name = st.name ?? DEFAULT_PRIMARY_NAME;
  if (!ctx.catalog.create(ks.name, name, st.primary, st.keys, st.where) && !st.ifNotExists) {
    throw new QueryError('INDEX_EXISTS', `The index ${name} already exists.`);
  }
}

/** Runs DROP [PRIMARY] INDEX. */
export function dropIndex(st: DropIndexStatement, ctx: ExecContext): void {
  const ks = resolveKeyspace(ctx, st.keyspace);
  const name = st.primary ? (st.name ?? ctx.catalog.primary(ks.name)?.name ?? DEFAULT_PRIMARY_NAME) : st.name!;
  if (!ctx.catalog.drop(ks.name, name) && !st.ifExists) {
    throw new QueryError('INDEX_NOT_FOUND', `Index Not Found - cause: GSI index ${name} not found.`);
  }
}
