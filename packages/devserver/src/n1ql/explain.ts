/**
 * A readable plan for EXPLAIN and for the `operator` of a PREPARE row: the operators a
 * real server would run (scan, fetch, filter, grouping, projection, order, limits), with
 * the index the planning rule picked. Informational only; nothing executes from it.
 */
import { exprText } from './expression-text';
import { resolveKeyspace, type ExecContext } from './exec-context';
import { chooseIndex } from './index-planner';
import { isGrouped } from './select-grouping';
import type { SelectStatement, Statement } from './statement-ast';

type Operator = Record<string, unknown>;

function scanOperators(q: { from?: SelectStatement['from']; where?: SelectStatement['where'] }, ctx: ExecContext): Operator[] {
  const from = q.from;
  if (from === undefined) return [{ '#operator': 'DummyScan' }];
  if (from.kind !== 'keyspace') return [{ '#operator': 'ExpressionScan', alias: from.alias }];
  const ks = resolveKeyspace(ctx, from.keyspace);
  const base = { keyspace: ks.name, namespace: from.keyspace.namespace, as: from.alias };
  if (from.useKeys !== undefined) return [{ '#operator': 'KeyScan', keys: exprText(from.useKeys) }, { '#operator': 'Fetch', ...base }];
  if (from.keyspace.namespace === 'system') return [{ '#operator': 'PrimaryScan', index: '#sequentialscan', ...base }, { '#operator': 'Fetch', ...base }];
  const index = chooseIndex(ctx.catalog, ks.name, from.alias, q.where);
  const scan = index.primary ? { '#operator': 'PrimaryScan3', index: index.name, using: 'gsi', ...base } : { '#operator': 'IndexScan3', index: index.name, using: 'gsi', ...base };
  return [scan, { '#operator': 'Fetch', ...base }];
}

function selectOperators(q: SelectStatement, ctx: ExecContext): Operator[] {
  const ops: Operator[] = [...scanOperators(q, ctx)];
  for (const u of q.unnests) ops.push({ '#operator': 'Unnest', as: u.alias, expr: exprText(u.expr), ...(u.left ? { outer: true } : {}) });
  if (q.lets.length > 0) ops.push({ '#operator': 'Let', bindings: q.lets.map((l) => ({ var: l.name, expr: exprText(l.expr) })) });
  if (q.where !== undefined) ops.push({ '#operator': 'Filter', condition: exprText(q.where) });
  if (isGrouped(q)) {
    ops.push({ '#operator': 'InitialGroup', group_keys: (q.groupBy ?? []).map(exprText) }, { '#operator': 'FinalGroup', group_keys: (q.groupBy ?? []).map(exprText) });
    if (q.having !== undefined) ops.push({ '#operator': 'Filter', condition: exprText(q.having) });
  }
  ops.push({ '#operator': 'InitialProject', ...(q.distinct ? { distinct: true } : {}), ...(q.raw ? { raw: true } : {}) });
  if (q.orderBy.length > 0) ops.push({ '#operator': 'Order', sort_terms: q.orderBy.map((o) => ({ expr: exprText(o.expr), ...(o.desc ? { desc: true } : {}) })) });
  if (q.offset !== undefined) ops.push({ '#operator': 'Offset', expr: exprText(q.offset) });
  if (q.limit !== undefined) ops.push({ '#operator': 'Limit', expr: exprText(q.limit) });
  ops.push({ '#operator': 'Stream' });
  return ops;
}

/** The operator tree of a statement. */
export function describePlan(st: Statement, ctx: ExecContext): Operator {
  switch (st.kind) {
    case 'select':
      return { '#operator': 'Sequence', '~children': selectOperators(st, ctx) };
    case 'insert':
    case 'upsert':
      return {
        '#operator': 'Sequence',
        '~children': [
          st.values !== undefined ? { '#operator': 'ValueScan', values: st.values.length } : { '#operator': 'Sequence', '~children': selectOperators(st.select!.query, ctx) },
          { '#operator': st.kind === 'insert' ? 'SendInsert' : 'SendUpsert', keyspace: st.keyspace.name, alias: st.alias },
        ],
      };
    case 'update':
    case 'delete': {
      const scans = scanOperators({ from: { kind: 'keyspace', keyspace: st.keyspace, alias: st.alias, ...(st.useKeys ? { useKeys: st.useKeys } : {}) }, ...(st.where ? { where: st.where } : {}) }, ctx);
      const filter = st.where === undefined ? [] : [{ '#operator': 'Filter', condition: exprText(st.where) }];
      return { '#operator': 'Sequence', '~children': [...scans, ...filter, { '#operator': st.kind === 'update' ? 'SendUpdate' : 'SendDelete', keyspace: st.keyspace.name, alias: st.alias }] };
    }
    case 'create_index':
      return { '#operator': st.primary ? 'CreatePrimaryIndex' : 'CreateIndex', keyspace: st.keyspace.name, ...(st.name ? { index: st.name } : {}) };
    case 'drop_index':
      return { '#operator': 'DropIndex', keyspace: st.keyspace.name, ...(st.name ? { index: st.name } : {}) };
    case 'explain':
      return describePlan(st.statement, ctx);
    case 'prepare':
      return { '#operator': 'Prepare', prepared: describePlan(st.statement, ctx) };
    case 'execute':
      return { '#operator': 'Execute', prepared: st.name };
  }
}
