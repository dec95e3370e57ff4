/**
 * Shared setup for the SQL++ engine tests: an engine over an in-memory datastore loaded
 * with the fixture documents (keyspace `ks`, with a primary index), plus helpers to run
 * statements and capture QueryErrors.
 */
import { QueryEngine, QueryError, type QueryParams } from '../../../src/n1ql/engine';
import { makeDocs, type Doc } from './fixtures';
import { MemoryDatastore, type MemoryKeyspace } from './memory-datastore';

/** An engine with data. */
export interface Harness {
  readonly engine: QueryEngine;
  readonly ds: MemoryDatastore;
  readonly ks: MemoryKeyspace;
  /** The fixture documents by key (independent copies). */
  readonly docs: Map<string, Doc>;
  /** Runs a statement and returns every row. */
  rows(statement: string, params?: Omit<QueryParams, 'statement'>): unknown[];
  /** Runs a statement and returns the QueryError it fails with (before or during iteration). */
  fail(statement: string, params?: Omit<QueryParams, 'statement'>): QueryError;
  /** The single row of `SELECT RAW <expr>`. */
  value(expr: string, params?: Omit<QueryParams, 'statement'>): unknown;
}

/** Builds a harness with `n` fixture documents in keyspace `ks` (primary index unless told otherwise). */
export function harness(n = 300, opts: { primary?: boolean } = {}): Harness {
  const ds = new MemoryDatastore();
  const ks = ds.add('ks');
  const docs = makeDocs(n);
  for (const [k, v] of docs) ks.put(k, v);
  const engine = new QueryEngine(ds);
  if (opts.primary !== false) engine.createPrimaryIndex('ks');
  const rows = (statement: string, params: Omit<QueryParams, 'statement'> = {}): unknown[] => [...engine.execute({ statement, ...params }).rows];
  const fail = (statement: string, params: Omit<QueryParams, 'statement'> = {}): QueryError => {
    try {
      rows(statement, params);
    } catch (err) {
      if (err instanceof QueryError) return err;
      throw err;
    }
    throw new Error(`expected ${statement} to fail`);
  };
  const value = (expr: string, params: Omit<QueryParams, 'statement'> = {}): unknown => {
    const r = rows(`SELECT RAW ${expr}`, params);
    if (r.length > 1) throw new Error(`more than one row for ${expr}`);
    return r.length === 0 ? undefined : r[0];
  };
  return { engine, ds, ks, docs: makeDocs(n), rows, fail, value };
}

/** Sorts rows by their JSON text (for comparing results whose order is unspecified). */
export function sortRows<T>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}
