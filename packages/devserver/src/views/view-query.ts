/**
 * Runs one query over a snapshot of a view index, lazily: a generator of response rows
 * (JSON text), so a large result is produced only as fast as the client reads it.
 *
 * Ranges follow CouchDB (couch_httpd_view.erl `make_key_options`):
 * - ascending: from `(startkey, startkey_docid)` to `(endkey, endkey_docid)`; a missing
 *   start docid means "the first row with that key", a missing end docid "the last row
 *   with that key";
 * - descending: the same with start and end swapped (the start is the high end);
 * - `inclusive_end=false` stops before `(endkey, endkey_docid)`, or before every row of
 *   `endkey` when no end docid is given;
 * - docid bounds only apply together with their key;
 * - `keys`: for each key in the given order (duplicates repeated) the rows of that key
 *   in docid order (reversed when descending), with the docid bounds still applying.
 *
 * `skip` and `limit` apply to the rows as output: map rows after the development-subset
 * filter, reduced rows after reduction.
 *
 * Reduction groups consecutive rows: everything (no grouping: one `{"key":null}` row,
 * none when nothing matched), equal keys (`group=true`), or equal first N elements of
 * array keys (`group_level=N`; other keys group by themselves) — as couch_set_view_http
 * `make_reduce_fold_funs`. With `keys` (which needs `group=true`, see view-params.ts),
 * each requested key gives its own row, duplicates included.
 */
import { compareCodePoints, compareKeys } from './collation';
import { reduceGroups, type ReduceOutcome } from './reduce';
import type { ViewSandbox } from './sandbox';
import { isDevVbucket, lowerBound, type IndexRow } from './view-index';
import type { KeyParam, ReducePlan, ViewParams } from './view-params';

/** One item of a query's output: a row (JSON text) or a reduce failure. */
export type QueryItem = { readonly row: string } | { readonly error: string };

/** Everything a query needs besides the rows. */
export interface ViewQuerySpec {
  readonly params: ViewParams;
  readonly plan: ReducePlan;
  /** The view's reduce (`_count`… or JavaScript source), when it has one. */
  readonly reduce?: string;
  readonly sandbox: ViewSandbox;
  /** Only rows of the development subset (a dev_ design document without full_set). */
  readonly devSubsetOnly: boolean;
}

/** Reduce groups handed to the sandbox per run (JavaScript reduces). */
const REDUCE_BATCH_GROUPS = 256;
/** …or fewer groups when they hold this many rows together. */
const REDUCE_BATCH_ROWS = 20_000;

/** Docid bound sentinels: before / after every id. */
const MIN_ID = Symbol('min-id');
const MAX_ID = Symbol('max-id');
type IdBound = string | typeof MIN_ID | typeof MAX_ID;

/** Compares a row with the position `(key, id)`. */
function compareToBound(row: IndexRow, key: unknown, id: IdBound): number {
  const c = compareKeys(row.key, key);
  if (c !== 0) return c;
  if (id === MIN_ID) return 1;
  if (id === MAX_ID) return -1;
  return compareCodePoints(row.id, id);
}

/** Index range `[lo, hi)` of the rows between a query's bounds (walked backwards when descending). */
interface Segment {
  readonly lo: number;
  readonly hi: number;
}

function segmentOf(rows: readonly IndexRow[], p: ViewParams, start: KeyParam | undefined, end: KeyParam | undefined): Segment {
  const after = (key: unknown, id: IdBound): number => lowerBound(rows, (r) => compareToBound(r, key, id) > 0);
  const atOrAfter = (key: unknown, id: IdBound): number => lowerBound(rows, (r) => compareToBound(r, key, id) >= 0);
  if (!p.descending) {
    const lo = start === undefined ? 0 : atOrAfter(start.value, p.startDocId ?? MIN_ID);
    let hi = rows.length;
    if (end !== undefined) hi = p.inclusiveEnd ? after(end.value, p.endDocId ?? MAX_ID) : atOrAfter(end.value, p.endDocId ?? MIN_ID);
    return { lo, hi };
  }
  const hi = start === undefined ? rows.length : after(start.value, p.startDocId ?? MAX_ID);
  let lo = 0;
  if (end !== undefined) lo = p.inclusiveEnd ? atOrAfter(end.value, p.endDocId ?? MIN_ID) : after(end.value, p.endDocId ?? MAX_ID);
  return { lo, hi };
}

/** The index ranges a query reads, in output order (one per key with `keys`). */
function segmentsOf(rows: readonly IndexRow[], p: ViewParams): Segment[] {
  if (p.keys === undefined) return [segmentOf(rows, p, p.startKey, p.endKey)];
  return p.keys.map((value) => segmentOf(rows, p, { value }, { value }));
}

/** Rows of one segment in output order, subset-filtered. */
function* walk(rows: readonly IndexRow[], seg: Segment, descending: boolean, devOnly: boolean): Generator<IndexRow> {
  if (!descending) {
    for (let i = seg.lo; i < seg.hi; i++) {
      const r = rows[i]!;
      if (!devOnly || isDevVbucket(r.vb)) yield r;
    }
  } else {
    for (let i = seg.hi - 1; i >= seg.lo; i--) {
      const r = rows[i]!;
      if (!devOnly || isDevVbucket(r.vb)) yield r;
    }
  }
}

/** JSON of a map row; with `debug` also the partition (vBucket) and node, as the real server. */
function mapRowJson(r: IndexRow, debug: boolean): string {
  const id = JSON.stringify(r.id);
  const key = JSON.stringify(r.key);
  const value = JSON.stringify(r.value);
  return debug
    ? `{"id":${id},"key":${key},"partition":${r.vb},"node":"local","value":${value}}`
    : `{"id":${id},"key":${key},"value":${value}}`;
}

/** The key of a reduced row (and of its group). */
function groupKeyOf(key: unknown, level: 'exact' | number): unknown {
  if (level === 'exact') return key;
  if (level === 0) return null;
  return Array.isArray(key) ? key.slice(0, level) : key;
}

/** Groups of consecutive rows with the same group key, segment by segment. */
function* groupsOf(rows: readonly IndexRow[], segments: readonly Segment[], spec: ViewQuerySpec, level: 'exact' | number): Generator<{ key: unknown; rows: IndexRow[] }> {
  for (const seg of segments) {
    let current: { key: unknown; rows: IndexRow[] } | undefined;
    for (const r of walk(rows, seg, spec.params.descending, spec.devSubsetOnly)) {
      const key = groupKeyOf(r.key, level);
      if (current !== undefined && compareKeys(current.key, key) === 0) {
        current.rows.push(r);
        continue;
      }
      if (current !== undefined) yield current;
      current = { key, rows: [r] };
    }
    if (current !== undefined) yield current;
  }
}

/** Reduced groups, reduced in batches (one sandbox run per batch for JavaScript reduces). */
function* reducedGroups(groups: Iterable<{ key: unknown; rows: IndexRow[] }>, spec: ViewQuerySpec): Generator<{ key: unknown; outcome: ReduceOutcome }> {
  const reduce = spec.reduce!;
  let batch: { key: unknown; rows: IndexRow[] }[] = [];
  let batchRows = 0;
  function* flush(): Generator<{ key: unknown; outcome: ReduceOutcome }> {
    const outcomes = reduceGroups(reduce, spec.sandbox, batch.map((g) => g.rows));
    for (let i = 0; i < batch.length; i++) yield { key: batch[i]!.key, outcome: outcomes[i]! };
    batch = [];
    batchRows = 0;
  }
  // Built-ins are cheap per group: no batching, so the first rows go out at once.
  const batchSize = reduce.startsWith('_') ? 1 : REDUCE_BATCH_GROUPS;
  for (const g of groups) {
    batch.push(g);
    batchRows += g.rows.length;
    if (batch.length >= batchSize || batchRows >= REDUCE_BATCH_ROWS) yield* flush();
  }
  if (batch.length > 0) yield* flush();
}

/**
 * The output of a query over `rows` (a snapshot): rows and reduce failures, `skip` and
 * `limit` applied.
 */
export function* runViewQuery(rows: readonly IndexRow[], spec: ViewQuerySpec): Generator<QueryItem> {
  const p = spec.params;
  let skip = p.skip;
  let left = p.limit ?? Infinity;
  if (left <= 0) return;
  const segments = segmentsOf(rows, p);
  if (!spec.plan.reduce) {
    for (const seg of segments) {
      for (const r of walk(rows, seg, p.descending, spec.devSubsetOnly)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        yield { row: mapRowJson(r, p.debug) };
        if (--left <= 0) return;
      }
    }
    return;
  }
  const level = spec.plan.groupLevel;
  for (const { key, outcome } of reducedGroups(groupsOf(rows, segments, spec, level), spec)) {
    if (!outcome.ok) {
      yield { error: outcome.error };
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    yield { row: `{"key":${JSON.stringify(key)},"value":${JSON.stringify(outcome.value)}}` };
    if (--left <= 0) return;
  }
}
