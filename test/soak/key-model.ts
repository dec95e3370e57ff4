/**
 * What the soak knows about each key, to check that no acknowledged write is lost and
 * no write appears from nowhere. Each key belongs to one worker that runs one
 * operation at a time, so its history is sequential: after an acknowledged write the
 * value is known; after a failed write whose outcome is unknown (connection lost after
 * sending, timeout after sending, durability not reached) it is one of a few candidates;
 * a read collapses the candidates to what the server has.
 */

/** A document that does not exist. */
export const ABSENT = Symbol('absent');

/** A value the model can hold. */
export type Possible = string | typeof ABSENT;

/** The possible states of one key. */
export class KeyModel {
  /** Last state the client knows for sure (acknowledged write or read). */
  known: Possible = ABSENT;
  /** States an unknown-outcome write since then may have produced. */
  readonly maybe = new Set<Possible>();

  /** A write was acknowledged. */
  acked(value: Possible): void {
    this.known = value;
    this.maybe.clear();
  }

  /** A write failed in a way that leaves its outcome unknown. */
  unknown(value: Possible): void {
    this.maybe.add(value);
  }

  /** True when the server may hold `value`. */
  allows(value: Possible): boolean {
    return value === this.known || this.maybe.has(value);
  }

  /** A read saw `value`: that is the state now. */
  observed(value: Possible): void {
    this.acked(value);
  }

  /** Printable form of the possibilities (for violation reports). */
  describe(): string {
    const show = (v: Possible): string => (v === ABSENT ? '<absent>' : JSON.stringify(v));
    const all: Possible[] = [this.known, ...this.maybe];
    return all.map(show).join(' | ');
  }
}

/** A counter: increments acknowledged, and increments whose outcome is unknown. */
export class CounterModel {
  acked = 0;
  unknown = 0;

  /** True when the server's value is possible. */
  allows(value: number): boolean {
    return value >= this.acked && value <= this.acked + this.unknown;
  }
}
