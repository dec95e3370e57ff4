/**
 * Measuring inside a contestant process: a clock for wall and CPU time over the timed
 * section, an RSS sampler, and the driver shared by the promise-based contestants
 * (couchts-promise and the official SDK), so both run exactly the same loops.
 */
import { latencySummaryUs } from './stats';
import { benchKeys, KEY_COUNT, type KvFigures, type N1qlFigures, type Workload } from './workloads';

/** Wall and CPU time of a section. */
export interface ClockReading {
  elapsedMs: number;
  /** User + system CPU of the whole process (every thread: an SDK's native I/O threads count too), µs. */
  cpuUs: number;
}

/** Starts measuring; `stop()` returns what elapsed since. */
export function startClock(): { stop(): ClockReading } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const elapsedMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      return { elapsedMs, cpuUs: cpu.user + cpu.system };
    },
  };
}

/**
 * Tracks the peak RSS. Callers `sample()` every N rows; a 10 ms timer also samples,
 * which catches memory a native addon fills while JavaScript waits (the official SDK
 * buffers a whole query result in C++ before handing over the first row).
 */
export class RssSampler {
  readonly baseBytes = process.memoryUsage.rss();
  #peak = this.baseBytes;
  #timer: NodeJS.Timeout;

  constructor() {
    this.#timer = setInterval(() => this.sample(), 10);
  }

  /** Records the current RSS. */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }

  /** Stops the timer and returns the peak (MB). */
  stop(): { peakRssMB: number; baseRssMB: number } {
    clearInterval(this.#timer);
    this.sample();
    return { peakRssMB: this.#peak / 1048576, baseRssMB: this.baseBytes / 1048576 };
  }
}

/** Figures of a KV run from its clock reading (and latencies at concurrency 1). */
export function kvFigures(ops: number, reading: ClockReading, latenciesMs?: Float64Array): KvFigures {
  return {
    ops,
    elapsedMs: reading.elapsedMs,
    opsPerSec: ops / (reading.elapsedMs / 1000),
    cpuUsPerOp: reading.cpuUs / ops,
    ...(latenciesMs === undefined ? {} : latencySummaryUs(latenciesMs)),
  };
}

/**
 * `concurrency` async loops, each awaiting one operation at a time (the usual way
 * people write concurrent code against a promise API), sharing `total` operations.
 */
async function loops(concurrency: number, total: number, keys: readonly string[], op: (key: string) => Promise<unknown>): Promise<void> {
  let next = 0;
  const loop = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) await op(keys[i % KEY_COUNT]!);
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

/**
 * Runs a KV workload against a promise API: warm-up, then the timed section. At
 * concurrency 1 each operation is timed on its own (latency); otherwise only the whole.
 */
export async function runPromiseKv(workload: Workload, op: (key: string) => Promise<unknown>): Promise<KvFigures> {
  const keys = benchKeys();
  await loops(workload.concurrency, workload.warmup, keys, op);
  if (workload.concurrency === 1) {
    const latencies = new Float64Array(workload.ops);
    const clock = startClock();
    for (let i = 0; i < workload.ops; i++) {
      const t0 = performance.now();
      await op(keys[i % KEY_COUNT]!);
      latencies[i] = performance.now() - t0;
    }
    return kvFigures(workload.ops, clock.stop(), latencies);
  }
  const clock = startClock();
  await loops(workload.concurrency, workload.ops, keys, op);
  return kvFigures(workload.ops, clock.stop());
}

/** One query run of a N1QL contestant: the rows it consumed (and, for the limit, the transfer time). */
export type N1qlRun = (rss: RssSampler) => Promise<{ rows: number; sum: number; transferMs?: number }>;

/**
 * Runs the query `workload.repeats` times and reports the median run (by time): one
 * half-second run is at the mercy of a GC pause or a scheduler hiccup on a 2-core box.
 * Every run must deliver every row, checked by count and by the sum of `i`.
 */
export async function runN1ql(workload: Workload, mode: string, once: N1qlRun): Promise<N1qlFigures> {
  const rss = new RssSampler();
  const runs: { reading: ClockReading; transferMs?: number }[] = [];
  const expectedSum = (workload.rows * (workload.rows - 1)) / 2;
  for (let r = 0; r < workload.repeats; r++) {
    // Garbage of the previous run must not be collected on the next one's clock.
    (globalThis as { gc?: () => void }).gc?.();
    const clock = startClock();
    const got = await once(rss);
    const reading = clock.stop();
    if (got.rows !== workload.rows || got.sum !== expectedSum) throw new Error(`expected ${workload.rows} rows, got ${got.rows} (sum ${got.sum})`);
    runs.push({ reading, ...(got.transferMs === undefined ? {} : { transferMs: got.transferMs }) });
  }
  runs.sort((a, b) => a.reading.elapsedMs - b.reading.elapsedMs);
  const median = runs[Math.floor(runs.length / 2)]!;
  const transfers = runs.map((x) => x.transferMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return {
    rows: workload.rows,
    runs: runs.length,
    elapsedMs: median.reading.elapsedMs,
    rowsPerSec: workload.rows / (median.reading.elapsedMs / 1000),
    cpuMs: median.reading.cpuUs / 1000,
    ...rss.stop(),
    mode,
    ...(transfers.length === 0 ? {} : { transferRowsPerSec: workload.rows / (transfers[Math.floor(transfers.length / 2)]! / 1000) }),
  };
}
