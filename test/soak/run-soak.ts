/**
 * Runs one soak: a 3-node dev cluster with 1 replica in its own process, the workload in
 * another (so its heap figures are the client's alone), and the report back.
 */
import * as path from 'node:path';
import { runReport, startDevClusterProcess } from '../heavy/helpers';

/** The soak report (see soak-workload.ts). */
export interface SoakReport {
  seed: number;
  durationMs: number;
  attempted: number;
  succeeded: number;
  failedByClass: Record<string, number>;
  faults: Record<string, number>;
  faultErrors: string[];
  slowestSettleMs: number;
  slowestOp: string;
  checkedAfterwards: number;
  unhandledRejections: number;
  heapWarmMB: number;
  heapEndMB: number;
  violations: string[];
  violationCount: number;
}

/** Runs the workload for `durationMs` with `workers` workers. */
export async function runSoak(durationMs: number, workers: number): Promise<SoakReport> {
  const dev = await startDevClusterProcess(['--nodes', '3', '--replicas', '1']);
  try {
    return await runReport<SoakReport>(
      path.join(__dirname, 'soak-workload.ts'),
      { CONNSTR: dev.info.connectionString, ADMIN_URL: dev.info.adminUrl, DURATION_MS: String(durationMs), WORKERS: String(workers) },
      durationMs + 120_000,
    );
  } finally {
    await dev.stop();
  }
}
