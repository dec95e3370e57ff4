/**
 * Deadline and cancellation checks. Execution calls `tick()` for every scanned document
 * and `check()` for every row it produces; `tick()` looks at the clock every 256 calls,
 * which bounds the overshoot without paying for a clock read per document.
 */
import { QueryError } from './query-error';

/** How many ticks pass between clock reads. */
const TICKS_PER_CHECK = 256;

/** Formats milliseconds as a Go duration ("10ms", "1.5s", "2m0s"), as the 1080 message shows it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Number(((ms - minutes * 60_000) / 1000).toFixed(3))}s`;
}

/** Checks one execution's deadline and cancellation signal. */
export class ExecutionGuard {
  #ticks = 0;

  constructor(
    private readonly deadline: number | undefined,
    private readonly signal: { readonly aborted: boolean } | undefined,
    private readonly now: () => number,
    /** When execution started (the timeout in the message is deadline − start). */
    private readonly started: number,
  ) {}

  /** Throws 1080 once the deadline passed, or 5008 once the request was cancelled. */
  check(): void {
    if (this.signal?.aborted === true) throw new QueryError('CANCELLED', 'Execution of statement has been stopped.');
    if (this.deadline !== undefined && this.now() >= this.deadline) {
      throw new QueryError('TIMEOUT', `Timeout ${formatDuration(this.deadline - this.started)} exceeded`, { retry: true });
    }
  }

  /** Counts one unit of work (a scanned document); checks every {@link TICKS_PER_CHECK}. */
  tick(): void {
    if (++this.#ticks % TICKS_PER_CHECK === 0) this.check();
  }
}
