/**
 * The syntax tree of SQL++ statements: SELECT, the DML statements, index DDL, PREPARE,
 * EXECUTE and EXPLAIN.
 */
import type { Expr } from './ast';

/** A keyspace as written: `ks`, `` `travel-sample` ``, `default:ks`, `ks._default._default`. */
export interface KeyspaceRef {
  readonly namespace: string;
  readonly name: string;
  /** Where the reference starts (for messages). */
  readonly offset: number;
}

/** One result term of a projection. */
export type ResultTerm =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string }
  /** `*` (no path) or `path.*`. */
  | { readonly kind: 'star'; readonly path?: Expr };

/** The FROM term. */
export type FromTerm =
  | { readonly kind: 'keyspace'; readonly keyspace: KeyspaceRef; readonly alias: string; readonly useKeys?: Expr }
  /** An expression term (`FROM t.items AS i`, `FROM [1,2] AS x`, `FROM $arr AS x`). */
  | { readonly kind: 'expression'; readonly expr: Expr; readonly alias: string }
  | { readonly kind: 'subquery'; readonly query: SelectStatement; readonly alias: string };

/** `[INNER|LEFT [OUTER]] UNNEST expr [AS alias]`. */
export interface UnnestTerm {
  readonly left: boolean;
  readonly expr: Expr;
  readonly alias: string;
}

/** `name = expr` of LET / LETTING. */
export interface LetBinding {
  readonly name: string;
  readonly expr: Expr;
}

/** One ORDER BY term. */
export interface OrderTerm {
  readonly expr: Expr;
  readonly desc: boolean;
  /** NULLS FIRST / LAST; default: first ascending, last descending (MISSING and NULL sort lowest). */
  readonly nullsFirst?: boolean;
}

/** A SELECT statement (also a subquery). */
export interface SelectStatement {
  readonly kind: 'select';
  readonly distinct: boolean;
  /** RAW / VALUE / ELEMENT: the single term's value is the row. */
  readonly raw: boolean;
  readonly projection: readonly ResultTerm[];
  readonly from?: FromTerm;
  readonly unnests: readonly UnnestTerm[];
  readonly lets: readonly LetBinding[];
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly letting: readonly LetBinding[];
  readonly having?: Expr;
  readonly orderBy: readonly OrderTerm[];
  readonly limit?: Expr;
  readonly offset?: Expr;
}

/** `RETURNING …` of a DML statement. */
export interface Returning {
  readonly raw: boolean;
  readonly terms: readonly ResultTerm[];
}

/** INSERT / UPSERT. */
export interface InsertStatement {
  readonly kind: 'insert' | 'upsert';
  readonly keyspace: KeyspaceRef;
  readonly alias: string;
  /** `VALUES (k, v), …`. */
  readonly values?: readonly { readonly key: Expr; readonly value: Expr; readonly options?: Expr }[];
  /** `(KEY k[, VALUE v]) SELECT …`: k and v are evaluated over each result row. */
  readonly select?: { readonly key: Expr; readonly value?: Expr; readonly query: SelectStatement };
  readonly returning?: Returning;
}

/** UPDATE. */
export interface UpdateStatement {
  readonly kind: 'update';
  readonly keyspace: KeyspaceRef;
  readonly alias: string;
  readonly useKeys?: Expr;
  readonly set: readonly { readonly path: Expr; readonly value: Expr }[];
  readonly unset: readonly Expr[];
  readonly where?: Expr;
  readonly limit?: Expr;
  readonly returning?: Returning;
}

/** DELETE. */
export interface DeleteStatement {
  readonly kind: 'delete';
  readonly keyspace: KeyspaceRef;
  readonly alias: string;
  readonly useKeys?: Expr;
  readonly where?: Expr;
  readonly limit?: Expr;
  readonly returning?: Returning;
}

/** CREATE [PRIMARY] INDEX. */
export interface CreateIndexStatement {
  readonly kind: 'create_index';
  readonly primary: boolean;
  /** Absent for an unnamed primary index (`#primary`). */
  readonly name?: string;
  readonly keyspace: KeyspaceRef;
  readonly keys: readonly Expr[];
  readonly where?: Expr;
  readonly ifNotExists: boolean;
}

/** DROP [PRIMARY] INDEX. */
export interface DropIndexStatement {
  readonly kind: 'drop_index';
  readonly primary: boolean;
  readonly name?: string;
  readonly keyspace: KeyspaceRef;
  readonly ifExists: boolean;
}

/** PREPARE [name FROM|AS] statement. */
export interface PrepareStatement {
  readonly kind: 'prepare';
  readonly name?: string;
  readonly statement: Statement;
  /** Text of the prepared statement (without the PREPARE prefix). */
  readonly text: string;
}

/** EXECUTE name [USING args]. */
export interface ExecuteStatement {
  readonly kind: 'execute';
  readonly name: string;
  readonly using?: Expr;
}

/** EXPLAIN statement. */
export interface ExplainStatement {
  readonly kind: 'explain';
  readonly statement: Statement;
}

/** Any statement. */
export type Statement =
  | SelectStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateIndexStatement
  | DropIndexStatement
  | PrepareStatement
  | ExecuteStatement
  | ExplainStatement;
