/**
 * The planning rule a real query service applies before it scans a keyspace: it needs a
 * primary index, or a secondary index whose leading key the WHERE clause constrains
 * (an equality, range, IN, LIKE, IS NULL or IS NOT NULL / MISSING / VALUED conjunct on
 * it; for an array index `DISTINCT ARRAY v FOR v IN path END`, an ANY … IN path
 * conjunct). A partial index also needs every conjunct of its own WHERE in the query's.
 * Otherwise the statement fails with 4000, as on a real server.
 */
import type { Expr } from './ast';
import { canonicalText } from './expression-text';
import type { IndexCatalog, IndexDef } from './index-catalog';
import { QueryError } from './query-error';

/** The AND-ed parts of a condition. */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

const RANGE_OPS: ReadonlySet<string> = new Set(['=', '<', '<=', '>', '>=']);

/** True when `c` constrains the index key whose canonical text is `key` (`lead` is the key expression). */
function constrains(c: Expr, key: string, lead: Expr, alias: string): boolean {
  const is = (x: Expr): boolean => canonicalText(x, alias) === key;
  switch (c.kind) {
    case 'binary':
      if (c.op === 'or') return constrains(c.left, key, lead, alias) && constrains(c.right, key, lead, alias);
      return RANGE_OPS.has(c.op) && (is(c.left) || is(c.right));
    case 'between':
    case 'like':
      return !c.not && is(c.operand);
    case 'in':
      return !c.not && !c.within && is(c.operand);
    case 'is':
      return is(c.operand) && (c.test === 'null' ? true : c.test === 'valued' ? !c.not : c.not);
    case 'quantified': {
      // An array index key `ARRAY v FOR v IN path END` serves `ANY x IN path SATISFIES … END`.
      if (lead.kind !== 'comprehension' || lead.form !== 'array' || c.quantifier === 'every') return false;
      const leadPath = lead.bindings[0] && canonicalText(lead.bindings[0].expr, alias);
      return c.bindings.some((b) => canonicalText(b.expr, alias) === leadPath);
    }
    default:
      return false;
  }
}

/** True when a secondary index can serve a query with this WHERE. */
function usable(index: IndexDef, where: readonly Expr[], alias: string): boolean {
  const lead = index.keys[0];
  const key = index.keyTexts[0];
  if (lead === undefined || key === undefined) return false;
  const texts = new Set(where.map((c) => canonicalText(c, alias)));
  if (!index.whereTexts.every((t) => texts.has(t))) return false;
  return where.some((c) => constrains(c, key, lead, alias));
}

/** The index a scan of `keyspace` (as `alias`) with `where` would use; throws 4000 when none can. */
export function chooseIndex(catalog: IndexCatalog, keyspace: string, alias: string, where: Expr | undefined): IndexDef {
  const parts = where === undefined ? [] : conjuncts(where);
  const secondary = catalog.list(keyspace).find((d) => !d.primary && usable(d, parts, alias));
  const chosen = secondary ?? catalog.primary(keyspace);
  if (chosen === undefined) {
    const ks = `\`${keyspace}\``;
    throw new QueryError(
      'NO_INDEX',
      `No index available on keyspace ${ks} that matches your query. Use CREATE PRIMARY INDEX ON ${ks} to create a primary index, or check that your expected index is online.`,
    );
  }
  return chosen;
}
