/**
 * The views of one bucket: its design documents and their indexes, kept in step with
 * the bucket's data.
 *
 * Every new document version written to an active copy (`mutationListeners`) is queued
 * on every index; indexes apply their queue when a query asks (`stale=false`), after a
 * query (`stale=update_after`), or on their own once more than
 * {@link UPDATE_MIN_CHANGES} versions wait (the real server's updateMinChanges) — on a
 * timer, never inside the KV write that delivered the mutation. After a failover or
 * rebalance (`topologyListeners`) mutations may have been lost, so every index is
 * marked dirty and rebuilt from the bucket's live documents by the next query.
 */
import { vbucketOf } from '@couchts/core/internal';
import type { BucketStore } from '../store/bucket-store';
import type { ClusterClock } from '../store/clock';
import type { StoredDoc } from '../store/document';
import { createEntry, validateDesignDoc, validateDesignDocName, type DesignDocEntry, type ViewEntry } from './design-docs';
import type { MapInput } from './map-runner';
import type { Stale } from './view-params';

/** Queued changes above which an index updates without waiting for a query. */
export const UPDATE_MIN_CHANGES = 5000;

/** The design documents and indexes of one bucket. */
export class BucketViews {
  readonly #ddocs = new Map<string, DesignDocEntry>();
  /** Last revision number per design document name (kept across deletes). */
  readonly #revnos = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  readonly #onMutation = (doc: StoredDoc, vb: number): void => this.#enqueue(doc, vb);
  readonly #onTopology = (): void => {
    for (const v of this.#views()) v.index.dirty = true;
  };

  constructor(
    readonly store: BucketStore,
    private readonly clock: ClusterClock,
    private readonly timeoutMs: number,
  ) {
    store.mutationListeners.add(this.#onMutation);
    store.topologyListeners.add(this.#onTopology);
  }

  /** Stops following the bucket. */
  detach(): void {
    this.store.mutationListeners.delete(this.#onMutation);
    this.store.topologyListeners.delete(this.#onTopology);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The design documents, by name. */
  get ddocs(): ReadonlyMap<string, DesignDocEntry> {
    return this.#ddocs;
  }

  /**
   * Validates and stores a design document (replacing one of the same name), and builds
   * its indexes from the bucket's live documents right away.
   *
   * @throws ViewHttpError 400 for an invalid design document
   */
  put(name: string, body: unknown): DesignDocEntry {
    validateDesignDocName(name);
    const def = validateDesignDoc(body, this.timeoutMs);
    const revno = (this.#revnos.get(name) ?? 0) + 1;
    const entry = createEntry(name, def, revno, this.timeoutMs);
    for (const view of entry.views.values()) view.index.rebuild(this.#liveInputs());
    this.#revnos.set(name, revno);
    this.#ddocs.set(name, entry);
    return entry;
  }

  /** Deletes a design document; false when there is none. */
  remove(name: string): boolean {
    if (!this.#ddocs.delete(name)) return false;
    this.#revnos.set(name, (this.#revnos.get(name) ?? 0) + 1);
    return true;
  }

  /**
   * Makes the indexes of a design document what a query with `stale` must see. As on
   * the real server, the views of one design document are one index group: they are
   * brought up to date together.
   */
  prepare(ddoc: DesignDocEntry, stale: Stale): void {
    for (const view of ddoc.views.values()) {
      if (view.index.dirty) view.index.rebuild(this.#liveInputs());
      else if (stale === 'false') view.index.refresh(this.clock.nowMs());
    }
  }

  /** Applies the queued changes of a design document's views (after a `stale=update_after` query). */
  refresh(ddoc: DesignDocEntry): void {
    for (const view of ddoc.views.values()) this.#refreshView(view);
  }

  #refreshView(view: ViewEntry): void {
    if (view.index.dirty) view.index.rebuild(this.#liveInputs());
    else view.index.refresh(this.clock.nowMs());
  }

  /** Every view of every design document. */
  *#views(): Generator<ViewEntry> {
    for (const d of this.#ddocs.values()) yield* d.views.values();
  }

  /** The live documents with their vBuckets, for (re)building. */
  *#liveInputs(): Generator<MapInput> {
    for (const doc of this.store.liveDocuments()) yield { doc, vb: vbucketOf(doc.key, this.store.numVbuckets) };
  }

  #enqueue(doc: StoredDoc, vb: number): void {
    let full = false;
    for (const v of this.#views()) {
      if (v.index.dirty) continue;
      v.index.enqueue(doc, vb);
      if (v.index.pendingCount > UPDATE_MIN_CHANGES) full = true;
    }
    if (full && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        for (const v of this.#views()) if (v.index.pendingCount > UPDATE_MIN_CHANGES) this.#refreshView(v);
      }, 0);
      this.#timer.unref();
    }
  }
}
