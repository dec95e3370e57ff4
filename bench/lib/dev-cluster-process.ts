/**
 * The dev cluster in its own process: started from source through the devserver CLI,
 * which prints one JSON line once it listens. The orchestrator then reads the bucket
 * config from the management port to learn the KV and query ports and the vBucket count
 * the raw limit client needs.
 *
 * The process is stopped in every case: `stop()` on the normal path, and an `exit`
 * hook (synchronous kill) for crashes and Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { parseClusterConfig } from '@couchts/core/internal';
import type { BenchTarget } from './workloads';

/** Root of the repository (the working directory of every child process). */
export const ROOT = path.resolve(__dirname, '../..');

/** A running dev cluster process. */
export interface DevClusterProcess {
  target: BenchTarget;
  child: ChildProcess;
  /** Stops the cluster (SIGTERM, then SIGKILL after 5 s); resolves once it exited. */
  stop(): Promise<void>;
}

const USERNAME = 'Administrator';
const PASSWORD = 'password';

/** Reads the first stdout line of the child, failing if it exits or takes longer than `timeoutMs`. */
function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dev cluster printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev cluster exited early (code ${code})`));
    });
  });
}

/** Asks the management port for the bucket config and derives where to connect. */
async function discover(managementUrl: string, connectionString: string): Promise<BenchTarget> {
  const auth = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
  const res = await fetch(`${managementUrl}/pools/default/b/default`, { headers: { authorization: `Basic ${auth}` } });
  if (!res.ok) throw new Error(`bucket config: HTTP ${res.status}`);
  const host = new URL(managementUrl).hostname;
  const config = parseClusterConfig(await res.text(), host);
  const node = config.nodes.find((n) => n.thisNode) ?? config.nodes[0];
  if (node?.services.kv === undefined || node.services.n1ql === undefined) throw new Error('bucket config has no kv or n1ql port');
  return {
    connectionString,
    kvHost: node.hostname,
    kvPort: node.services.kv,
    queryUrl: `http://${node.hostname}:${node.services.n1ql}`,
    numVbuckets: config.vbucketMap?.length ?? 1024,
    username: USERNAME,
    password: PASSWORD,
    bucket: 'default',
  };
}

/** Starts a one-node dev cluster (bucket `default`) in its own process. */
export async function startDevClusterProcess(): Promise<DevClusterProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serve-dev-cluster.ts'), '--nodes', '1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // Last resort: whatever ends the orchestrator, the cluster does not outlive it.
  process.once('exit', killNow);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    process.off('exit', killNow);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(killNow, 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const info = JSON.parse(await firstLine(child, 60_000)) as { connectionString: string; managementUrl: string };
    return { target: await discover(info.managementUrl, info.connectionString), child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
