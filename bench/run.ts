/**
 * `npm run bench`: the benchmark orchestrator (see bench/README.md).
 *
 * Starts the dev cluster in its own process, loads the data set, then runs every
 * contestant on every workload, each in a fresh process, workload by workload (so all
 * contestants of one workload meet the server in the same state). Writes the report and
 * the chart, prints the tables, and stops the cluster whatever happens.
 *
 *   npm run bench                      full run → bench/RESULTS.md, bench/results.svg
 *   npm run bench -- --quick           small sizes → bench/RESULTS.quick.md, results.quick.svg
 *   npm run bench -- --only limit,couchts-promise --workloads get-c256,n1ql
 *   npm run bench -- --quick --only couchts-promise --workloads get-c256 --profile
 *                                      CPU profiles → bench/profiles/, top functions printed
 *
 * Environment: BENCH_OPS, BENCH_WARMUP, BENCH_ROWS, BENCH_REPEATS override the sizes (the output then
 * goes to the .quick files too, so a partial run never replaces the full results);
 * BENCH_TIMEOUT_MS overrides the per-contestant timeout.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderChart } from './lib/chart';
import { ROOT, startDevClusterProcess, type DevClusterProcess } from './lib/dev-cluster-process';
import type { RunResults } from './lib/metrics';
import { formatSelfTime } from './lib/profile-summary';
import { loadDocuments } from './lib/raw-kv';
import { renderConsole, renderReport } from './lib/report';
import { warmServer } from './lib/server-warmup';
import { killRunningContestants, runContestant } from './lib/spawn-contestant';
import {
  benchDocument,
  benchKeys,
  CONTESTANT_NAMES,
  FULL_SIZES,
  QUICK_SIZES,
  WORKLOAD_NAMES,
  workloadsFor,
  type ContestantName,
  type ContestantResult,
  type RunSizes,
  type Workload,
  type WorkloadName,
} from './lib/workloads';

/** Where `--profile` writes the contestants' CPU profiles (git-ignored). */
const PROFILE_DIR = path.join(ROOT, 'bench', 'profiles');

interface Options {
  sizes: RunSizes;
  /** True for the default sizes and every contestant and workload: the run RESULTS.md shows. */
  full: boolean;
  contestants: ContestantName[];
  workloads: WorkloadName[];
  /** Write a CPU profile of each contestant run to bench/profiles/ and print its top functions. */
  profile: boolean;
}

function listArg<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] {
  if (value === undefined) throw new Error(`${flag} needs a value`);
  const items = value.split(',').filter(Boolean);
  for (const item of items) if (!allowed.includes(item as T)) throw new Error(`${flag}: unknown ${item} (known: ${allowed.join(', ')})`);
  return items as T[];
}

function parseOptions(argv: readonly string[]): Options {
  let sizes = { ...FULL_SIZES };
  let contestants = [...CONTESTANT_NAMES];
  let workloads = [...WORKLOAD_NAMES];
  let custom = false;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') sizes = { ...QUICK_SIZES };
    else if (arg === '--only') contestants = listArg(argv[++i], CONTESTANT_NAMES, '--only');
    else if (arg === '--workloads') workloads = listArg(argv[++i], WORKLOAD_NAMES, '--workloads');
    else if (arg === '--profile') profile = true;
    else throw new Error(`unknown argument ${arg} (known: --quick, --only <contestants>, --workloads <workloads>, --profile)`);
  }
  for (const [env, key] of [['BENCH_OPS', 'ops'], ['BENCH_WARMUP', 'warmup'], ['BENCH_ROWS', 'rows'], ['BENCH_REPEATS', 'repeats']] as const) {
    const v = process.env[env];
    if (v === undefined || v === '') continue;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${env} must be a positive whole number`);
    sizes[key] = Number(v);
    custom = true;
  }
  // A profiled run is slower: never let it stand for the results.
  const full = !custom && !profile && sizes.ops === FULL_SIZES.ops && contestants.length === CONTESTANT_NAMES.length && workloads.length === WORKLOAD_NAMES.length;
  return { sizes, full, contestants, workloads, profile };
}

/** Which file runs a contestant on a workload (the limit has one per protocol). */
function contestantFile(c: ContestantName, w: Workload): string {
  if (c === 'limit') return w.op === 'n1ql' ? 'limit-n1ql' : 'limit-kv';
  return c;
}

/** Generous: a stuck contestant is killed, a slow one is not (KV at c=1 runs one op per round trip). */
function timeoutFor(w: Workload): number {
  const fixed = Number(process.env.BENCH_TIMEOUT_MS);
  if (Number.isFinite(fixed) && fixed > 0) return fixed;
  return 45_000 + (w.op === 'n1ql' ? w.rows * w.repeats * 0.5 : (w.ops + w.warmup) * (w.concurrency === 1 ? 1.5 : 0.5));
}

/** The newest run's main-thread profile in `dir`: the biggest file (the loader worker's is small). */
function mainThreadProfile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function sdkVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('couchbase/package.json', { paths: [ROOT] }), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function describe(r: ContestantResult): string {
  if (r.status !== 'ok') return `${r.status}: ${r.reason}`;
  if (r.kv !== undefined) {
    const k = r.kv;
    return `${Math.round(k.opsPerSec).toLocaleString('en-US')} ops/s, ${k.cpuUsPerOp.toFixed(1)} µs CPU/op${k.p50Us === undefined ? '' : `, p50 ${k.p50Us.toFixed(0)} µs, p99 ${k.p99Us!.toFixed(0)} µs`}`;
  }
  const n = r.n1ql!;
  return `${Math.round(n.rowsPerSec).toLocaleString('en-US')} rows/s, peak RSS ${n.peakRssMB.toFixed(0)} MB, CPU ${n.cpuMs.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const workloads = workloadsFor(options.sizes).filter((w) => options.workloads.includes(w.name));
  let cluster: DevClusterProcess | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping contestants and the dev cluster\n`);
    killRunningContestants();
    void (cluster?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const results: RunResults = {};
  if (options.profile) rmSync(PROFILE_DIR, { recursive: true, force: true });
  try {
    process.stderr.write('Starting the dev cluster…\n');
    cluster = await startDevClusterProcess();
    const { target } = cluster;
    process.stderr.write(`Dev cluster at ${target.connectionString}; loading 10 000 documents…\n`);
    await loadDocuments(target, benchKeys(), JSON.stringify(benchDocument()));
    let officialMissing: ContestantResult | undefined;
    for (const w of workloads) {
      const byContestant: Partial<Record<ContestantName, ContestantResult>> = {};
      results[w.name] = byContestant;
      await warmServer(target, w);
      for (const c of options.contestants) {
        if (interrupted) return;
        // The addon either loads or it does not: ask once, not once per workload.
        if (c === 'official' && officialMissing !== undefined) {
          byContestant[c] = officialMissing;
          continue;
        }
        // One directory per run: node writes a profile per thread (tsx's loader runs in a worker).
        const profileDir = path.join(PROFILE_DIR, `${c}-${w.name}`);
        const profileArgs = options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
        const result = await runContestant(contestantFile(c, w), { target, workload: w }, timeoutFor(w), profileArgs);
        if (c === 'official' && result.status === 'unavailable') officialMissing = result;
        byContestant[c] = result;
        process.stderr.write(`  ${w.name.padEnd(12)} ${c.padEnd(16)} ${describe(result)}\n`);
        const profile = options.profile ? mainThreadProfile(profileDir) : undefined;
        if (profile !== undefined) process.stderr.write(`${formatSelfTime(profile, 15).replace(/^/gm, '      ')}\n`);
      }
    }
  } finally {
    await cluster?.stop();
  }
  if (interrupted) return;

  const suffix = options.full ? '' : '.quick';
  const chartFile = `results${suffix}.svg`;
  const args = process.argv.slice(2);
  const envs = ['BENCH_OPS', 'BENCH_WARMUP', 'BENCH_ROWS', 'BENCH_REPEATS'].filter((e) => process.env[e]).map((e) => `${e}=${process.env[e]} `);
  const info = {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    sdkVersion: sdkVersion(),
    command: `${envs.join('')}npm run bench${args.length === 0 ? '' : ` -- ${args.join(' ')}`}`,
    workloads,
    durationSec: (performance.now() - started) / 1000,
    chartFile,
  };
  writeFileSync(path.join(ROOT, 'bench', `RESULTS${suffix}.md`), renderReport(results, info));
  writeFileSync(path.join(ROOT, 'bench', chartFile), renderChart(results, `${info.cpuModel} × ${info.cores}, Node ${info.node}, couchbase ${info.sdkVersion}, ${info.date}`));
  process.stdout.write(`\n${renderConsole(results)}\nWrote bench/RESULTS${suffix}.md and bench/${chartFile} in ${info.durationSec.toFixed(0)} s.\n`);
}

main().catch((err: unknown) => {
  killRunningContestants();
  process.stderr.write(`bench: ${String((err as Error)?.stack ?? err)}\n`);
  process.exitCode = 1;
});
