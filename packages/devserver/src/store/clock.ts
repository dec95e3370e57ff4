/**
 * The dev cluster's clock: wall time plus an offset that `timeTravel(ms)` moves
 * forward, so expiry and lock tests run without waiting.
 */

/**
 * How far the clock may travel: 2100-01-01. Beyond it expiry times no longer fit the
 * wire's u32 seconds (2106, relative expiries add up to 30 days), and a little later CAS
 * values (nanoseconds) no longer fit their u64 — a `timeTravel({"ms": 1e300})` used to
 * make the next KV response throw and take the whole process down.
 */
export const MAX_CLOCK_MS = Date.UTC(2100, 0, 1);

/** The cluster clock. */
export class ClusterClock {
  #offset = 0;

  /** Milliseconds since the Unix epoch, as the cluster sees it. */
  nowMs(): number {
    return Date.now() + this.#offset;
  }

  /** Whole seconds since the Unix epoch, as the cluster sees it. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Moves the clock forward by `ms` (never backwards: CAS values must keep increasing). */
  travel(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`timeTravel needs a non-negative number of milliseconds, got ${ms}`);
    if (this.nowMs() + ms > MAX_CLOCK_MS) throw new RangeError(`timeTravel(${ms}) would move the clock past 2100-01-01, where expiry times and CAS values no longer fit the protocol`);
    this.#offset += ms;
  }
}

/** Longest relative expiry; larger values are absolute Unix times (memcached rule). */
export const MAX_RELATIVE_EXPIRY_S = 30 * 24 * 3600;

/** Converts a wire expiry (0, relative seconds, or absolute Unix seconds) to an absolute time in ms (0 = never). */
export function expiryToMs(expiry: number, nowMs: number): number {
  if (expiry === 0) return 0;
  if (expiry <= MAX_RELATIVE_EXPIRY_S) return nowMs + expiry * 1000;
  return expiry * 1000;
}

/** Converts an absolute expiry in ms to the absolute Unix seconds servers report (0 = never). */
export function expiryToSeconds(expiresAtMs: number): number {
  return expiresAtMs === 0 ? 0 : Math.ceil(expiresAtMs / 1000);
}
