/**
 * The figures the report and the chart show, with the direction that is better, and the
 * issue's targets computed from them. Kept apart from the Markdown so the chart and the
 * report read the very same numbers.
 */
import { ratio } from './stats';
import type { ContestantName, ContestantResult, WorkloadName } from './workloads';

/** Results of one run: by workload, then by contestant. */
export type RunResults = Partial<Record<WorkloadName, Partial<Record<ContestantName, ContestantResult>>>>;

/** One figure of one workload. */
export interface Metric {
  workload: WorkloadName;
  label: string;
  /** Higher is better (throughput) or lower is better (latency, CPU, memory). */
  better: 'higher' | 'lower';
  /** Decimal places when printed. */
  digits: number;
  pick(result: ContestantResult | undefined): number | undefined;
}

const kv = (key: 'p50Us' | 'p99Us' | 'opsPerSec' | 'cpuUsPerOp') => (r: ContestantResult | undefined) => (r?.status === 'ok' ? r.kv?.[key] : undefined);
const n1ql = (key: 'rowsPerSec' | 'peakRssMB' | 'cpuMs') => (r: ContestantResult | undefined) => (r?.status === 'ok' ? r.n1ql?.[key] : undefined);

/** Every reported figure, in report order. */
export const METRICS: readonly Metric[] = [
  { workload: 'get-c1', label: 'latency p50 (µs)', better: 'lower', digits: 0, pick: kv('p50Us') },
  { workload: 'get-c1', label: 'latency p99 (µs)', better: 'lower', digits: 0, pick: kv('p99Us') },
  { workload: 'upsert-c1', label: 'latency p50 (µs)', better: 'lower', digits: 0, pick: kv('p50Us') },
  { workload: 'upsert-c1', label: 'latency p99 (µs)', better: 'lower', digits: 0, pick: kv('p99Us') },
  { workload: 'get-c256', label: 'throughput (ops/s)', better: 'higher', digits: 0, pick: kv('opsPerSec') },
  { workload: 'get-c256', label: 'client CPU (µs/op)', better: 'lower', digits: 1, pick: kv('cpuUsPerOp') },
  { workload: 'upsert-c256', label: 'throughput (ops/s)', better: 'higher', digits: 0, pick: kv('opsPerSec') },
  { workload: 'upsert-c256', label: 'client CPU (µs/op)', better: 'lower', digits: 1, pick: kv('cpuUsPerOp') },
  { workload: 'n1ql', label: 'rows/s', better: 'higher', digits: 0, pick: n1ql('rowsPerSec') },
  { workload: 'n1ql', label: 'peak RSS (MB)', better: 'lower', digits: 0, pick: n1ql('peakRssMB') },
  { workload: 'n1ql', label: 'client CPU (ms)', better: 'lower', digits: 0, pick: n1ql('cpuMs') },
];

/** A metric's value for one contestant. */
export function valueOf(results: RunResults, metric: Metric, contestant: ContestantName): number | undefined {
  return metric.pick(results[metric.workload]?.[contestant]);
}

/** How many times better `contestant` is than `reference` (>1 = better, whatever the direction). */
export function advantage(results: RunResults, metric: Metric, contestant: ContestantName, reference: ContestantName): number | undefined {
  const a = valueOf(results, metric, contestant);
  const b = valueOf(results, metric, reference);
  return metric.better === 'higher' ? ratio(a, b) : ratio(b, a);
}

/** One of the targets: `ratio(contestant's figure, reference's figure)` compared with a bound. */
export interface Target {
  text: string;
  workload: WorkloadName;
  metric: Metric;
  reference: ContestantName;
  bound: number;
  /** The ratio must be at most (`le`) or at least (`ge`) the bound. */
  op: 'le' | 'ge';
}

const metric = (workload: WorkloadName, label: string): Metric => METRICS.find((m) => m.workload === workload && m.label === label)!;

/** The targets, one per workload they apply to. */
export const TARGETS: readonly Target[] = [
  ...(['get-c256', 'upsert-c256'] as const).flatMap((w): Target[] => [
    { text: 'KV client CPU/op at c=256 ≤ 0.3× official', workload: w, metric: metric(w, 'client CPU (µs/op)'), reference: 'official', bound: 0.3, op: 'le' },
    { text: 'KV throughput at c=256 ≥ 3× official', workload: w, metric: metric(w, 'throughput (ops/s)'), reference: 'official', bound: 3, op: 'ge' },
    { text: 'KV throughput at c=256 ≥ 0.6× limit', workload: w, metric: metric(w, 'throughput (ops/s)'), reference: 'limit', bound: 0.6, op: 'ge' },
  ]),
  ...(['get-c1', 'upsert-c1'] as const).map(
    (w): Target => ({ text: 'KV latency p50 at c=1 ≤ 0.7× official', workload: w, metric: metric(w, 'latency p50 (µs)'), reference: 'official', bound: 0.7, op: 'le' }),
  ),
  { text: 'N1QL rows/s ≥ 2× official', workload: 'n1ql', metric: metric('n1ql', 'rows/s'), reference: 'official', bound: 2, op: 'ge' },
  { text: 'N1QL rows/s ≥ 0.5× JSON.parse limit', workload: 'n1ql', metric: metric('n1ql', 'rows/s'), reference: 'limit', bound: 0.5, op: 'ge' },
];

/** The target's ratio for `contestant` and whether it is met (undefined when a figure is missing). */
export function evaluateTarget(results: RunResults, target: Target, contestant: ContestantName): { ratio: number | undefined; met: boolean | undefined } {
  const r = ratio(valueOf(results, target.metric, contestant), valueOf(results, target.metric, target.reference));
  if (r === undefined) return { ratio: undefined, met: undefined };
  return { ratio: r, met: target.op === 'le' ? r <= target.bound : r >= target.bound };
}

/**
 * Whether the server, not the clients, sets the pace of a throughput workload. The
 * ceiling is what the dev cluster delivers to the limit client: its KV throughput, or
 * for N1QL its transfer pace (rows / time to receive the body, parse excluded). When the
 * best SDK comes within 1.5× of the ceiling, the SDKs' throughput ratios say little
 * (their CPU figures still do).
 */
export function serverBound(results: RunResults, m: Metric): { ceiling: number; best: number; bestName: ContestantName; bound: boolean } | undefined {
  const limit = results[m.workload]?.limit;
  const ceiling = m.workload === 'n1ql' && limit?.status === 'ok' ? (limit.n1ql?.transferRowsPerSec ?? valueOf(results, m, 'limit')) : valueOf(results, m, 'limit');
  if (ceiling === undefined) return undefined;
  let best = 0;
  let bestName: ContestantName = 'official';
  for (const c of ['official', 'couchts-core', 'couchts-promise'] as const) {
    const v = valueOf(results, m, c);
    if (v !== undefined && v > best) {
      best = v;
      bestName = c;
    }
  }
  if (best === 0) return undefined;
  return { ceiling, best, bestName, bound: ceiling < 1.5 * best };
}
