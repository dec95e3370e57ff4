/**
 * The dev cluster's SQL++ (N1QL) engine: the entry point the query service calls.
 *
 * A request is a statement (or the name of a prepared one) plus parameters and limits.
 * `execute` parses and plans it (throwing QueryError for anything wrong before the first
 * row: syntax 3000, missing keyspace 12003, no index 4000, parameters 5010, read-only
 * 1000, unknown prepared 4040) and returns rows that are produced lazily as the caller
 * iterates; errors found while iterating (DML failures 12009, timeout 1080,
 * cancellation 5008) are thrown from the iterator. HTTP statuses per code are in
 * query-error.ts.
 */
import type { Expr } from './ast';
import type { Datastore } from './datastore';
import { accessNeeds } from './statement-access';
import { ExecutionGuard } from './execution-guard';
import type { ExecContext } from './exec-context';
import { describePlan } from './explain';
import { IndexCatalog, DEFAULT_PRIMARY_NAME } from './index-catalog';
import { paramValues, PLANNING_PARAMS, type ParamValues } from './parameters';
import { parseStatement } from './parse-statement';
import { PreparedCache, type PreparedEntry } from './prepared-cache';
import { QueryError } from './query-error';
import { planSelect } from './select-executor';
import type { PrepareStatement, Statement } from './statement-ast';
import { isWriteStatement, REQUEST_TYPES } from './statement-kind';
import { runStatement } from './statement-runner';
import { isObject } from './values';

export { QueryError, QUERY_ERRORS } from './query-error';
export type { Datastore, DocMeta, Keyspace, StoredValue, WriteResult } from './datastore';

/** One query request, as the query service decoded it. */
export interface QueryParams {
  statement?: string;
  prepared?: string;
  autoExecute?: boolean;
  args?: unknown[];
  named?: Record<string, unknown>;
  readonly?: boolean;
  /** Epoch ms after which execution fails with 1080. */
  deadline?: number;
  signal?: { readonly aborted: boolean };
  /** Wall clock for deadlines/NOW_* (default Date.now). */
  now?: () => number;
  /**
   * Checks that the requester may run `kind` (SELECT, INSERT, …, CREATE_INDEX) on a
   * keyspace; throws QueryError ACCESS_DENIED when not. Absent: everything is allowed.
   */
  access?: (keyspace: string, kind: AccessKind) => void;
}

/** What a statement does to a keyspace, as the access check sees it. */
export type AccessKind = 'SELECT' | 'INSERT' | 'UPSERT' | 'UPDATE' | 'DELETE' | 'CREATE_INDEX' | 'DROP_INDEX';

/** A started statement. */
export interface QueryExecution {
  /** The `signature` field of the response. */
  readonly signature: unknown;
  /**
   * Rows, produced lazily where the plan allows (a plain scan with WHERE/LIMIT streams;
   * ORDER BY / GROUP BY materialise). Errors during iteration are thrown as QueryError.
   */
  readonly rows: Iterable<unknown>;
  /** Documents written by a DML statement (valid after iteration). */
  mutationCount(): number;
  /** Name of the prepared statement, when the request prepared one (auto_execute / PREPARE). */
  readonly prepared?: string;
  /** True for statements that change data or indexes. */
  readonly isWrite: boolean;
}

/** Anything thrown that is not a QueryError (a datastore failure, a bug) becomes a 5000 internal error. */
function asQueryError(err: unknown): QueryError {
  if (err instanceof QueryError) return err;
  return new QueryError('INTERNAL', `Internal error: ${err instanceof Error ? err.message : String(err)}`);
}

/** The SQL++ engine of a dev cluster: an index catalog and a prepared-statement cache over a datastore. */
export class QueryEngine {
  readonly #catalog = new IndexCatalog();
  readonly #prepared = new PreparedCache();

  constructor(private readonly datastore: Datastore) {}

  /** Parses, plans and starts a statement; throws QueryError for errors found before the first row (syntax, planning, parameters, readonly). */
  execute(params: QueryParams): QueryExecution {
    let exec: QueryExecution;
    try {
      exec = this.#execute(params);
    } catch (err) {
      throw asQueryError(err);
    }
    const rows = exec.rows;
    return {
      ...exec,
      rows: {
        *[Symbol.iterator]() {
          try {
            yield* rows;
          } catch (err) {
            throw asQueryError(err);
          }
        },
      },
    };
  }

  #execute(params: QueryParams): QueryExecution {
    const now = params.now ?? Date.now;
    const started = now();
    const guard = new ExecutionGuard(params.deadline, params.signal, now, started);
    guard.check();
    const context = (values: ParamValues): ExecContext => ({
      datastore: this.datastore,
      catalog: this.#catalog,
      params: values,
      functions: { statementTime: started, clock: now },
      guard,
      outerNames: new Set(),
    });
    let values = paramValues(params.args, params.named);
    let statement: Statement;
    let text = params.statement ?? '';
    let preparedName: string | undefined;
    if (params.statement === undefined || params.statement.trim() === '') {
      if (params.prepared === undefined) throw new QueryError('MISSING_VALUE', 'No statement or prepared value');
      const entry = this.#prepared.get(params.prepared);
      statement = entry.statement;
      text = entry.text;
    } else {
      statement = parseStatement(params.statement);
    }
    if (statement.kind === 'prepare') {
      const entry = this.#prepare(statement, text, context(PLANNING_PARAMS));
      if (params.autoExecute !== true) {
        return { signature: { '*': '*' }, rows: [entry.planRow], mutationCount: () => 0, prepared: entry.name, isWrite: false };
      }
      statement = entry.statement;
      text = entry.text;
      preparedName = entry.name;
    } else if (statement.kind === 'execute') {
      const entry = this.#prepared.get(statement.name);
      if (statement.using !== undefined) values = this.#usingValues(statement.using, context(values));
      statement = entry.statement;
      text = entry.text;
    }
    // Rights are checked before anything runs, as the real service does.
    if (params.access !== undefined) for (const need of accessNeeds(statement)) params.access(need.keyspace, need.kind);
    const isWrite = isWriteStatement(statement);
    if (isWrite && params.readonly === true) {
      throw new QueryError('READONLY', 'The server or request is read-only and cannot accept this write statement.');
    }
    const result = runStatement(statement, context(values), text);
    return {
      signature: result.signature,
      rows: result.rows,
      mutationCount: result.mutationCount,
      ...(preparedName !== undefined ? { prepared: preparedName } : {}),
      isWrite,
    };
  }

  /** Creates a primary index on a keyspace (sample buckets come with one). */
  createPrimaryIndex(keyspace: string, name?: string): void {
    this.#catalog.create(keyspace, name ?? DEFAULT_PRIMARY_NAME, true, []);
  }

  /** Forgets prepared statements (a restarted query service). */
  clearPrepared(): void {
    this.#prepared.clear();
  }

  /** Whether `statement` only reads (GET /query/service may run only those). */
  isReadOnly(statement: string): boolean {
    let st: Statement;
    try {
      st = parseStatement(statement);
    } catch {
      // Let execution report the syntax error.
      return true;
    }
    if (st.kind === 'prepare') return !isWriteStatement(st.statement);
    if (st.kind === 'execute') {
      const entry = this.#prepared.find(st.name);
      return entry === undefined || !isWriteStatement(entry.statement);
    }
    return !isWriteStatement(st);
  }

  /** Validates and stores a PREPARE; returns the (possibly existing) entry. */
  #prepare(st: PrepareStatement, prepareText: string, ctx: ExecContext): PreparedEntry {
    // Planning checks keyspaces, indexes and semantics now, as a real PREPARE does.
    const operator = describePlan(st.statement, ctx);
    const signature = st.statement.kind === 'select' ? planSelect(st.statement, ctx).signature : undefined;
    const name = st.name ?? this.#prepared.newName();
    const planRow: Record<string, unknown> = {
      encoded_plan: Buffer.from(JSON.stringify({ name, text: st.text })).toString('base64'),
      featureControls: 76,
      indexApiVersion: 4,
      name,
      namespace: 'default',
      operator,
      queryContext: '',
      reqType: REQUEST_TYPES[st.statement.kind],
      signature: signature ?? null,
      text: prepareText,
      useCBO: false,
      useFts: false,
    };
    return this.#prepared.add({ name, text: st.text, prepareText, statement: st.statement, planRow });
  }

  /** `EXECUTE … USING [a, b]` (positional) or `USING {"x": 1}` (named). */
  #usingValues(using: Expr, ctx: ExecContext): ParamValues {
    const plan = planSelect({ kind: 'select', distinct: false, raw: true, projection: [{ kind: 'expr', expr: using }], unnests: [], lets: [], letting: [], orderBy: [] }, ctx);
    const [v] = [...plan.run()];
    if (Array.isArray(v)) return paramValues(v, undefined);
    if (isObject(v)) return paramValues(undefined, v);
    throw new QueryError('EVALUATION', 'EXECUTE … USING needs an array (positional) or an object (named parameters).');
  }
}
