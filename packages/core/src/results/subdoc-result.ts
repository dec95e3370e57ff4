/**
 * The result of `lookupIn` / `mutateIn` (the seeds' SubdocResult): one entry per spec,
 * addressed by index or by path. In a lookup a missing path is not an error of the
 * operation: its entry carries a SubdocPathNotFoundError and `exists()` says false.
 */
import { ArgumentError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { OperationResult, type Cas, type MutationToken } from './result';

/** One spec's outcome. */
export interface SubdocEntry {
  /** The spec's path. */
  readonly path: string;
  /** Its value (lookups; counters' new value), undefined when it has none or failed. */
  readonly value: unknown;
  /** Why it failed (a missing path in a lookup, say), or undefined. */
  readonly error: CouchbaseError | undefined;
}

/** Results of a sub-document operation. */
export class SubdocResult extends OperationResult {
  /** Per-spec outcomes, in the order the specs were given. */
  readonly entries: readonly SubdocEntry[];

  /** Creates a result. */
  constructor(key: string, cas: Cas, mutationToken: MutationToken | undefined, entries: readonly SubdocEntry[]) {
    super(key, cas, mutationToken);
    this.entries = Object.freeze([...entries]);
  }

  /** Number of specs. */
  get length(): number {
    return this.entries.length;
  }

  /**
   * The value of spec `i` (an index, or the path of the first spec with that path).
   * Throws that spec's error when it failed — a missing path is SubdocPathNotFoundError.
   */
  get(indexOrPath: number | string): unknown {
    const entry = this.#entry(indexOrPath);
    if (entry.error !== undefined) throw entry.error;
    return entry.value;
  }

  /**
   * True when spec `i`'s path exists (it succeeded); false when the path was not found.
   * Any other failure of the spec is thrown.
   */
  exists(indexOrPath: number | string): boolean {
    const entry = this.#entry(indexOrPath);
    if (entry.error === undefined) return true;
    if (entry.error.name === 'SubdocPathNotFoundError') return false;
    throw entry.error;
  }

  /** `{ value, error }` per spec, in order. */
  *[Symbol.iterator](): IterableIterator<{ value: unknown; error: CouchbaseError | undefined }> {
    for (const e of this.entries) yield { value: e.value, error: e.error };
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entries: this.entries.map((e) => ({ path: e.path, value: e.value, error: e.error?.message })) };
  }

  #entry(indexOrPath: number | string): SubdocEntry {
    const entry = typeof indexOrPath === 'number' ? this.entries[indexOrPath] : this.entries.find((e) => e.path === indexOrPath);
    if (entry === undefined) throw new ArgumentError(`SubdocResult: no spec ${typeof indexOrPath === 'number' ? `#${indexOrPath}` : `with path '${indexOrPath}'`} (${this.entries.length} specs)`);
    return entry;
  }
}
