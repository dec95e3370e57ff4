/**
 * The environment an expression is evaluated in: the variables in scope (keyspace and
 * UNNEST aliases, LET / LETTING names, collection variables, outer variables of a
 * correlated subquery), each keyspace alias's document metadata, and the alias that
 * unqualified names are read from. Nested scopes chain through prototypes, so entering
 * a scope copies nothing; roots have no prototype, so a field called "constructor" is
 * never mistaken for a variable.
 */
import type { DocMeta } from './datastore';
import type { Value } from './values';

/** Variables by name (prototype-chained). */
export type Vars = Record<string, Value>;

/** Metadata by keyspace alias (prototype-chained). */
export type Metas = Record<string, DocMeta | undefined>;

/** An evaluation environment. */
export interface Scope {
  readonly vars: Vars;
  readonly metas: Metas;
  /** The FROM alias unqualified names read from, when there is one. */
  readonly implicit?: string;
  /** Aggregate values of the current group (grouped queries), by slot. */
  readonly aggregates?: readonly Value[];
}

/** An empty root scope. */
export function rootScope(): Scope {
  return { vars: Object.create(null) as Vars, metas: Object.create(null) as Metas };
}

/** A child scope of `parent` with extra variables (and optionally metadata / implicit alias). */
export function childScope(parent: Scope, vars: Readonly<Record<string, Value>>, metas?: Readonly<Record<string, DocMeta>>, implicit?: string): Scope {
  const v = Object.create(parent.vars) as Vars;
  for (const k of Object.keys(vars)) v[k] = vars[k];
  let m = parent.metas;
  if (metas !== undefined) {
    m = Object.create(parent.metas) as Metas;
    for (const k of Object.keys(metas)) m[k] = metas[k];
  }
  const out: Scope = { vars: v, metas: m, ...(implicit !== undefined || parent.implicit !== undefined ? { implicit: implicit ?? parent.implicit } : {}) };
  return parent.aggregates !== undefined ? { ...out, aggregates: parent.aggregates } : out;
}
