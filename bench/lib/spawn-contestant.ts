/**
 * Runs one contestant on one workload in a fresh process (`node --expose-gc --import tsx
 * bench/contestants/<file>.ts`, the job in the `BENCH_JOB` environment variable; gc is
 * exposed so repeated query runs can start from a clean heap) and
 * reads the JSON line it prints last. A crash, a timeout (the process is killed) or an
 * unreadable line becomes a 'failed' result: one broken contestant never stops the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './dev-cluster-process';
import type { ContestantResult, Job } from './workloads';

const running = new Set<ChildProcess>();

/** Kills every contestant still running (Ctrl-C, fatal error). */
export function killRunningContestants(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Spawns `bench/contestants/<file>.ts` with `job`; never rejects. */
export function runContestant(file: string, job: Job, timeoutMs: number, extraArgs: readonly string[] = []): Promise<ContestantResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', ...extraArgs, '--import', 'tsx', path.join(ROOT, 'bench', 'contestants', `${file}.ts`)], {
      cwd: ROOT,
      env: { ...process.env, BENCH_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const last = out.trim().split('\n').pop() ?? '';
      let parsed: ContestantResult | undefined;
      try {
        parsed = JSON.parse(last) as ContestantResult;
      } catch {
        parsed = undefined;
      }
      if (timedOut) return resolve({ status: 'failed', reason: `timed out after ${Math.round(timeoutMs / 1000)} s` });
      if (parsed !== undefined && typeof parsed === 'object' && 'status' in parsed) {
        if (parsed.status === 'failed') process.stderr.write(err.slice(-2000));
        return resolve(parsed);
      }
      process.stderr.write(err.slice(-2000));
      resolve({ status: 'failed', reason: `exited with ${signal ?? code} without a result${err === '' ? '' : `: ${err.trim().split('\n').pop()}`}`.slice(0, 300) });
    });
  });
}
