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
