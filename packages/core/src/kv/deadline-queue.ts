/**
 * Every pending operation's deadline in one intrusive doubly-linked list, kept in
 * deadline order, driven by a single IOPS timer: no closure and no timer per operation.
 *
 * Operations mostly share one timeout, so each new one goes at the tail in O(1); the
 * rare shorter deadline is walked back into place. Completion unlinks in O(1) and does
 * not touch the timer, even when the queue empties: when it fires early it simply re-arms
 * for the new head, or stays off.
 */
import { EVACTION_CLEANUP, EVACTION_UNWATCH, EVACTION_WATCH, TimerEvent, type IOPS } from '../iops/iops';

/** An item with a deadline, linked into the queue. */
export interface Deadlined {
  deadline: number;
  dqPrev: Deadlined | null;
  dqNext: Deadlined | null;
  /** True while linked. */
  dqLinked: boolean;
}

/** Deadline-ordered list with one timer. */
export class DeadlineQueue<T extends Deadlined> {
  #head: T | null = null;
  #tail: T | null = null;
  #size = 0;
  readonly #timer: TimerEvent;
  #armedFor = Infinity;

  /** `onExpire` is called for each item whose deadline passed (already unlinked). */
  constructor(
    private readonly iops: IOPS,
    private readonly now: () => number,
    private readonly onExpire: (item: T) => void,
  ) {
    this.#timer = iops.timerEventFactory?.() ?? new TimerEvent();
    this.#timer._onReady = () => this.#fire();
  }

  /** Number of linked items. */
  get size(): number {
    return this.#size;
  }

  /** Links an item by its `deadline`. */
  add(item: T): void {
    let after = this.#tail;
    while (after !== null && after.deadline > item.deadline) after = after.dqPrev as T | null;
    item.dqPrev = after;
    item.dqNext = after === null ? this.#head : after.dqNext;
    if (item.dqNext !== null) item.dqNext.dqPrev = item;
    else this.#tail = item;
    if (after !== null) after.dqNext = item;
    else this.#head = item;
    item.dqLinked = true;
    this.#size++;
    if (item.deadline < this.#armedFor) this.#arm(item.deadline);
  }

  /** Unlinks an item (no-op if not linked). */
  remove(item: T): void {
    if (!item.dqLinked) return;
    if (item.dqPrev !== null) item.dqPrev.dqNext = item.dqNext;
    else this.#head = item.dqNext as T | null;
    if (item.dqNext !== null) item.dqNext.dqPrev = item.dqPrev;
    else this.#tail = item.dqPrev as T | null;
    item.dqPrev = item.dqNext = null;
    item.dqLinked = false;
    this.#size--;
    // The timer stays armed when the queue empties: at concurrency 1 every operation
    // would otherwise cancel and re-create it (a measurable share of its CPU). When it
    // fires on an empty queue it simply stays off; close() stops it for good.
  }

  /** Removes and returns every item (for close()). */
  drain(): T[] {
    const out: T[] = [];
    for (let it = this.#head; it !== null; ) {
      const next = it.dqNext as T | null;
      it.dqPrev = it.dqNext = null;
      it.dqLinked = false;
      out.push(it);
      it = next;
    }
    this.#head = this.#tail = null;
    this.#size = 0;
    this.#disarm();
    return out;
  }

  /** Stops the timer for good. */
  destroy(): void {
    this.drain();
    this.iops.updateTimer(this.#timer, EVACTION_CLEANUP, 0);
  }

  #arm(deadline: number): void {
    this.#armedFor = deadline;
    this.iops.updateTimer(this.#timer, EVACTION_WATCH, Math.max(0, deadline - this.now()) * 1000);
  }

  #disarm(): void {
    if (this.#armedFor !== Infinity) {
      this.#armedFor = Infinity;
      this.iops.updateTimer(this.#timer, EVACTION_UNWATCH, 0);
    }
  }

  #fire(): void {
    this.#armedFor = Infinity;
    const now = this.now();
    while (this.#head !== null && this.#head.deadline <= now) {
      const item = this.#head;
      this.remove(item);
      this.onExpire(item);
    }
    if (this.#head !== null) this.#arm(this.#head.deadline);
  }
}
