/**
 * ViewRow and the view metadata. A mapped row has an `id`; a reduced row has none; with
 * `includeDocs` a row's `doc` is the document read over KV (a ValueResult, unsuccessful
 * when the document was removed between indexing and reading).
 */
import type { ValueResult } from '../results/result';

/** One row of a view. */
export class ViewRow<K = unknown, V = unknown, D = unknown> {
  /** Creates a row. */
  constructor(
    /** The emitted (or grouped) key. */
    readonly key: K,
    /** The emitted (or reduced) value. */
    readonly value: V,
    /** Id of the document that emitted the row (absent for reduced rows). */
    readonly id: string | undefined,
    /** The document, with `includeDocs`. */
    public doc?: ValueResult<D>,
  ) {}

  /** JSON form. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { key: this.key, value: this.value };
    if (this.id !== undefined) out.id = this.id;
    if (this.doc !== undefined) out.doc = this.doc.toJSON();
    return out;
  }
}

/** One error reported by the views engine. */
export interface ViewErrorEntry {
  from?: string;
  reason?: string;
  [other: string]: unknown;
}

/** Everything of a view response but its rows. */
export interface ViewMeta {
  /** Rows in the whole index (mapped queries). */
  totalRows: number | undefined;
  /** Errors the engine reported (map functions that threw, unreachable nodes…). */
  errors: ViewErrorEntry[];
  /** With `debug`. */
  debugInfo: unknown;
}

/** Builds ViewMeta from the raw trailing fields. */
export function toViewMeta(raw: Record<string, unknown>): ViewMeta {
  return {
    totalRows: typeof raw.total_rows === 'number' ? raw.total_rows : undefined,
    errors: Array.isArray(raw.errors) ? (raw.errors as ViewErrorEntry[]) : [],
    debugInfo: raw.debug_info,
  };
}
