/**
 * The Markdown report: absolute figures, ratios to the official SDK and to the limit
 * (all from the same run), the issue's targets, and whether the dev cluster capped the
 * throughput. The same tables are printed to stdout.
 */
import { advantage, evaluateTarget, METRICS, serverBound, TARGETS, valueOf, type Metric, type RunResults } from './metrics';
import { ratio } from './stats';
import { CONTESTANT_NAMES, WORKLOAD_NAMES, type ContestantName, type Workload, type WorkloadName } from './workloads';

/** Where and how the run happened. */
export interface RunInfo {
  cpuModel: string;
  cores: number;
  node: string;
  date: string;
  sdkVersion: string;
  command: string;
  workloads: Workload[];
  durationSec: number;
  /** File name of the chart, relative to the report. */
  chartFile: string;
}

const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  'get-c1': 'get, c=1',
  'upsert-c1': 'upsert, c=1',
  'get-c256': 'get, c=256',
  'upsert-c256': 'upsert, c=256',
  n1ql: 'N1QL stream',
};

function num(v: number | undefined, digits: number): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function times(r: number | undefined): string {
  if (r === undefined) return '—';
  return `${r < 0.1 ? r.toFixed(3) : r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i < 2 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Why a contestant has no figure for a workload ('failed: …' / 'unavailable: …'), if so. */
function problems(results: RunResults): string[] {
  const out: string[] = [];
  for (const w of WORKLOAD_NAMES) {
    for (const c of CONTESTANT_NAMES) {
      const r = results[w]?.[c];
      if (r !== undefined && r.status !== 'ok') out.push(`- ${c}, ${WORKLOAD_TITLES[w]}: **${r.status}** (${r.reason})`);
    }
  }
  return out;
}

/** Absolute figures: one row per metric, one column per contestant. */
export function absoluteTable(results: RunResults): string {
  const rows = METRICS.map((m) => [WORKLOAD_TITLES[m.workload], `${m.label} ${m.better === 'higher' ? '↑' : '↓'}`, ...CONTESTANT_NAMES.map((c) => num(valueOf(results, m, c), m.digits))]);
  return table(['Workload', 'Metric', ...CONTESTANT_NAMES], rows);
}

/** Plain ratios (contestant ÷ reference): compare them with the arrow of the metric. */
export function ratioTable(results: RunResults): string {
  const pairs: [ContestantName, ContestantName][] = [
    ['couchts-promise', 'official'],
    ['couchts-core', 'official'],
    ['couchts-promise', 'limit'],
    ['couchts-core', 'limit'],
    ['official', 'limit'],
  ];
  const rows = METRICS.map((m: Metric) => [
    WORKLOAD_TITLES[m.workload],
    `${m.label} ${m.better === 'higher' ? '↑' : '↓'}`,
    ...pairs.map(([a, b]) => times(ratio(valueOf(results, m, a), valueOf(results, m, b)))),
  ]);
  return table(['Workload', 'Metric', ...pairs.map(([a, b]) => `${a} ÷ ${b}`)], rows);
}

/** The issue's targets for couchts-promise (the product) and couchts-core. */
export function targetTable(results: RunResults): string {
  const cell = (t: (typeof TARGETS)[number], c: ContestantName): string => {
    const { ratio: r, met } = evaluateTarget(results, t, c);
    return met === undefined ? 'n/a' : `${times(r)} ${met ? '✅' : '❌'}`;
  };
  const rows = TARGETS.map((t) => [t.text, WORKLOAD_TITLES[t.workload], cell(t, 'couchts-promise'), cell(t, 'couchts-core')]);
  return table(['Target', 'Workload', 'couchts-promise', 'couchts-core'], rows);
}

/** Sentences on whether the dev cluster or the clients set the pace. */
export function bottleneckNotes(results: RunResults): string[] {
  const notes: string[] = [];
  for (const m of METRICS.filter((x) => x.label === 'throughput (ops/s)' || x.label === 'rows/s')) {
    const s = serverBound(results, m);
    if (s === undefined) continue;
    const unit = m.label.replace(/.*\((.*)\)/, '$1');
    const what = m.workload === 'n1ql' ? 'the dev cluster sends the limit client' : 'the limit client reaches';
    const head = `- ${WORKLOAD_TITLES[m.workload]}: ${what} ${num(s.ceiling, 0)} ${unit}, ${times(s.ceiling / s.best)} the best SDK (${s.bestName}, ${num(s.best, 0)}).`;
    notes.push(
      s.bound
        ? `${head} **Server-bound**: the dev cluster, not the client, caps this workload, so the SDKs' throughput ratios understate their differences; compare their client CPU instead.`
        : `${head} Not server-bound: the dev cluster serves well beyond what the SDKs take, so their figures measure the clients.`,
    );
  }
  return notes;
}

function n1qlModes(results: RunResults): string[] {
  const out: string[] = [];
  for (const c of CONTESTANT_NAMES) {
    const r = results.n1ql?.[c];
    if (r?.status !== 'ok' || r.n1ql === undefined) continue;
    const pace = r.n1ql.transferRowsPerSec === undefined ? '' : `; receiving the body alone: ${num(r.n1ql.transferRowsPerSec, 0)} rows/s`;
    out.push(`- ${c}: ${r.n1ql.mode} (RSS before the query ${num(r.n1ql.baseRssMB, 0)} MB${pace})`);
  }
  return out;
}

/** The whole RESULTS.md. */
export function renderReport(results: RunResults, info: RunInfo): string {
  const kvOps = info.workloads.find((w) => w.op !== 'n1ql');
  const rows = info.workloads.find((w) => w.op === 'n1ql')?.rows;
  const issues = problems(results);
  const promiseVsOfficial = METRICS.filter((m) => m.label !== 'latency p99 (µs)')
    .map((m) => advantage(results, m, 'couchts-promise', 'official'))
    .filter((v): v is number => v !== undefined);
  return [
    '# Benchmark results',
    '',
    `Generated by \`${info.command}\` on ${info.date} (${info.durationSec.toFixed(0)} s).`,
    '',
    `- CPU: ${info.cpuModel} × ${info.cores} cores; Node ${info.node}; couchbase SDK ${info.sdkVersion}`,
    `- Dev cluster: 1 node, bucket \`default\`, in its own process. Every contestant × workload ran in a fresh process.`,
    `- KV: ${num(kvOps?.ops, 0)} timed operations per workload after ${num(kvOps?.warmup, 0)} warm-up operations, over 10 000 documents of 1 KB JSON; N1QL: ${num(rows, 0)} rows of ~300 bytes.`,
    '',
    'See [README.md](README.md) for what each contestant and figure is. ↑: higher is better; ↓: lower is better.',
    '',
    `![Advantage over the official SDK](${info.chartFile})`,
    '',
    '## Absolute figures',
    '',
    absoluteTable(results),
    '',
    '## Ratios (same run)',
    '',
    'Each cell is the row contestant\'s figure divided by the reference\'s (so for ↓ metrics below 1× is better, for ↑ metrics above 1× is better).',
    '',
    ratioTable(results),
    '',
    '## Targets of the issue',
    '',
    targetTable(results),
    '',
    '## Is the dev cluster the bottleneck?',
    '',
    ...bottleneckNotes(results),
    '- At c=1 the limit client\'s latency is the round trip through the dev cluster and the loopback: no client can go below it.',
    '',
    '## How N1QL rows were consumed',
    '',
    ...n1qlModes(results),
    '',
    ...(issues.length === 0 ? [] : ['## Failed or unavailable', '', ...issues, '']),
    ...(promiseVsOfficial.length === 0 ? [] : [`Geometric mean of couchts-promise's advantage over the official SDK (all figures but p99): ${times(Math.exp(promiseVsOfficial.reduce((s, v) => s + Math.log(v), 0) / promiseVsOfficial.length))}.`, '']),
  ].join('\n');
}

/** The tables for stdout. */
export function renderConsole(results: RunResults): string {
  const issues = problems(results);
  return [absoluteTable(results), '', ratioTable(results), '', targetTable(results), '', ...bottleneckNotes(results), ...issues, ''].join('\n');
}
