/**
 * Shared definitions of the benchmark: the workloads, the data set, how the orchestrator
 * describes a job to a contestant process (one JSON env variable) and what the
 * contestant prints back (one JSON line). Every contestant imports this file, so all of
 * them read the same keys, write the same document and run the same statement.
 */

/** Names of the workloads, in the order they are run and reported. */
export const WORKLOAD_NAMES = ['get-c1', 'upsert-c1', 'get-c256', 'upsert-c256', 'n1ql'] as const;
/** One workload name. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** Names of the contestants, in the order they are run and reported. */
export const CONTESTANT_NAMES = ['limit', 'official', 'couchts-core', 'couchts-promise'] as const;
/** One contestant name. */
export type ContestantName = (typeof CONTESTANT_NAMES)[number];

/** One workload, sized for this run. */
export interface Workload {
  name: WorkloadName;
  /** Key-value operation, or a N1QL query. */
  op: 'get' | 'upsert' | 'n1ql';
  /** Operations in flight at once (1 = latency run). */
  concurrency: number;
  /** Timed operations (KV). */
  ops: number;
  /** Untimed operations run first, at the same concurrency (KV). */
  warmup: number;
  /** Rows the N1QL statement returns. */
  rows: number;
  /** Times the query runs in one process (N1QL; the median run is reported: one run is noisy). */
  repeats: number;
}

/** Sizes of one run: the defaults, or `--quick`, or the environment's overrides. */
export interface RunSizes {
  ops: number;
  warmup: number;
  rows: number;
  repeats: number;
}

/** Default sizes: what the issue asks for (100 000 operations, 200 000 rows). */
export const FULL_SIZES: RunSizes = { ops: 100_000, warmup: 5_000, rows: 200_000, repeats: 3 };
/** `--quick`: enough to see that everything works, not to quote. */
export const QUICK_SIZES: RunSizes = { ops: 10_000, warmup: 1_000, rows: 20_000, repeats: 1 };

/** Builds the workloads of a run from its sizes. */
export function workloadsFor(sizes: RunSizes): Workload[] {
  const kv = (name: WorkloadName, op: 'get' | 'upsert', concurrency: number): Workload => ({ name, op, concurrency, ops: sizes.ops, warmup: sizes.warmup, rows: 0, repeats: 1 });
  return [
    kv('get-c1', 'get', 1),
    kv('upsert-c1', 'upsert', 1),
    kv('get-c256', 'get', 256),
    kv('upsert-c256', 'upsert', 256),
    { name: 'n1ql', op: 'n1ql', concurrency: 1, ops: 0, warmup: 0, rows: sizes.rows, repeats: sizes.repeats },
  ];
}

/** Where the dev cluster listens, as the orchestrator found out from its config. */
export interface BenchTarget {
  /** `couchbase://127.0.0.1:<kv port>` (bucket `default`). */
  connectionString: string;
  kvHost: string;
  kvPort: number;
  /** Base URL of the query service, e.g. `http://127.0.0.1:1234`. */
  queryUrl: string;
  numVbuckets: number;
  username: string;
  password: string;
  bucket: string;
}

/** What a contestant process receives (JSON in the `BENCH_JOB` environment variable). */
export interface Job {
  target: BenchTarget;
  workload: Workload;
}

/** Number of distinct documents `bench-0` … `bench-9999`; operations cycle over them. */
export const KEY_COUNT = 10_000;
/** The document the N1QL statement UNNESTs from. */
export const SEED_KEY = 'seed';
/** Size of one stored document, in bytes of JSON. */
export const DOC_BYTES = 1024;

/** The keys, built once per process: building key strings is not what we measure. */
export function benchKeys(): string[] {
  return Array.from({ length: KEY_COUNT }, (_, i) => `bench-${i}`);
}

/**
 * The 1 KB document every upsert writes. An object with a few fields of several types
 * (not one long string), so that the JSON encoding each SDK does costs what it costs on
 * ordinary documents; padded so its JSON is exactly {@link DOC_BYTES} bytes.
 */
export function benchDocument(): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    type: 'bench',
    version: 3,
    name: 'A benchmark document',
    active: true,
    score: 12.5,
    tags: ['alpha', 'beta', 'gamma', 'delta'],
    counts: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
    address: { street: '1 Main Street', city: 'Springfield', zip: '12345', country: 'US' },
    pad: '',
  };
  doc.pad = 'x'.repeat(DOC_BYTES - Buffer.byteLength(JSON.stringify(doc)));
  return doc;
}

/**
 * The N1QL statement: `rows` generated rows of about 300 bytes, without storing them
 * (the dev cluster's SQL++ UNNESTs an array built from one seed document).
 */
export function n1qlStatement(rows: number): string {
  return `SELECT RAW {"i": i, "pad": REPEAT("x", 250)} FROM \`default\` USE KEYS "${SEED_KEY}" UNNEST ARRAY_RANGE(0, ${rows}) AS i`;
}

/** Figures of a key-value workload. */
export interface KvFigures {
  ops: number;
  elapsedMs: number;
  opsPerSec: number;
  /** Client CPU (user + system, every thread of the process) per operation, in µs. */
  cpuUsPerOp: number;
  /** Latency percentiles (concurrency 1 only), in µs. */
  p50Us?: number;
  p99Us?: number;
  meanUs?: number;
}

/** Figures of the N1QL workload. */
export interface N1qlFigures {
  rows: number;
  /** Query runs in the process; the figures below are the median run's (RSS: the peak over all). */
  runs: number;
  elapsedMs: number;
  rowsPerSec: number;
  /** Client CPU over the query, in ms. */
  cpuMs: number;
  /** Highest RSS seen while the query ran, in MB. */
  peakRssMB: number;
  /** RSS just before the query started, in MB. */
  baseRssMB: number;
  /** How the rows were consumed (shown in the report). */
  mode: string;
  /**
   * Limit only: rows / time to receive the whole body, before parsing. The pace at which
   * the dev cluster produces and sends rows: a streaming client can approach it, since it
   * parses while the rest is still arriving; nothing can exceed it.
   */
  transferRowsPerSec?: number;
}

/** What a contestant prints: one JSON line. */
export type ContestantResult =
  | { status: 'ok'; kv?: KvFigures; n1ql?: N1qlFigures }
  | { status: 'failed'; reason: string }
  | { status: 'unavailable'; reason: string };

/** Reads the job of this contestant process (throws when run without the orchestrator). */
export function readJob(): Job {
  const raw = process.env.BENCH_JOB;
  if (raw === undefined) throw new Error('BENCH_JOB is not set: contestants are started by bench/run.ts');
  return JSON.parse(raw) as Job;
}

/** Prints the result line the orchestrator reads (the last line of stdout). */
export function emitResult(result: ContestantResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Runs a contestant's main function: prints its figures, or a 'failed' line with the
 * reason (the orchestrator also treats a crash or a timeout as failed).
 */
export function runContestantMain(main: () => Promise<ContestantResult>): void {
  main().then(
    (result) => {
      emitResult(result);
      // A client that keeps a timer or socket alive must not make the orchestrator wait.
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
      emitResult({ status: 'failed', reason: String((err as Error)?.message ?? err).slice(0, 300) });
      process.exit(1);
    },
  );
}
