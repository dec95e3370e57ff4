/**
 * One copy of one vBucket on one node: its documents, its sequence numbers, and its
 * UUID (the identity of this vBucket's history; it changes on failover). Replica copies
 * are brought up to date lazily from the bucket's replication log when read, so
 * replication delay costs no timers.
 */
import type { StoredDoc } from './document';

/** Role of a vBucket copy. */
export type VBucketState = 'active' | 'replica' | 'dead';

/** A vBucket copy. */
export class VBucketCopy {
  state: VBucketState;
  /** History UUID (u64). */
  uuid: bigint;
  /** Highest seqno applied to this copy. */
  highSeqno = 0n;
  readonly docs = new Map<string, StoredDoc>();
  /**
   * History before the current UUID, newest first: when a failover starts a new history,
   * the old UUID and the last seqno it reached are kept, so OBSERVE_SEQNO can tell a
   * client whose token predates the failover how far the old history got.
   */
  readonly failoverLog: { uuid: bigint; seqno: bigint }[] = [];
  /** Mutations not yet persisted: seqno and the time they were written. */
  readonly #unpersisted: { seqno: bigint; atMs: number }[] = [];
  #persistedSeqno = 0n;

  /** Creates an empty copy. */
  constructor(
    readonly id: number,
    state: VBucketState,
    uuid: bigint,
  ) {
    this.state = state;
    this.uuid = uuid;
  }

  /** Applies a document version (from a local mutation or from replication). */
  apply(doc: StoredDoc, atMs: number): void {
    this.docs.set(doc.key, doc);
    if (doc.seqno > this.highSeqno) this.highSeqno = doc.seqno;
    this.#unpersisted.push({ seqno: doc.seqno, atMs });
  }

  /** Starts a new history (failover): a new UUID, the old one logged with its last seqno. */
  newHistory(uuid: bigint): void {
    this.failoverLog.unshift({ uuid: this.uuid, seqno: this.highSeqno });
    this.uuid = uuid;
  }

  /** A copy of this copy's data for another node (rebalance moves vBuckets whole). */
  cloneFor(state: VBucketState): VBucketCopy {
    const c = new VBucketCopy(this.id, state, this.uuid);
    for (const [k, d] of this.docs) c.docs.set(k, d);
    c.highSeqno = this.highSeqno;
    c.failoverLog.push(...this.failoverLog);
    c.#persistedSeqno = this.#persistedSeqno;
    c.#unpersisted.push(...this.#unpersisted);
    return c;
  }

  /** Highest seqno persisted by `nowMs`, given the persistence delay. */
  persistedSeqno(nowMs: number, persistDelayMs: number): bigint {
    let i = 0;
    while (i < this.#unpersisted.length && this.#unpersisted[i]!.atMs + persistDelayMs <= nowMs) {
      this.#persistedSeqno = this.#unpersisted[i]!.seqno;
      i++;
    }
    if (i > 0) this.#unpersisted.splice(0, i);
    return this.#persistedSeqno;
  }
}
