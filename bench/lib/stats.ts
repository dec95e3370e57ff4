/**
 * Small statistics helpers: latency percentiles and ratios. No dependency, no
 * interpolation tricks: a percentile is the sample at rank ceil(p·n) of the sorted
 * samples (the "nearest rank" definition), which is what latency tools usually report.
 */

/** Nearest-rank percentile of samples that are already sorted ascending (`p` in 0–100). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1]!;
}

/** p50, p99 and mean of latencies given in milliseconds, returned in microseconds. */
export function latencySummaryUs(samplesMs: Float64Array): { p50Us: number; p99Us: number; meanUs: number } {
  // Sort a copy: Float64Array.sort is numeric (unlike Array.sort) and fast.
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    p50Us: percentileOfSorted(sorted, 50) * 1000,
    p99Us: percentileOfSorted(sorted, 99) * 1000,
    meanUs: sorted.length === 0 ? Number.NaN : (sum / sorted.length) * 1000,
  };
}

/** `a / b`, or undefined when either is missing or `b` is zero. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}
