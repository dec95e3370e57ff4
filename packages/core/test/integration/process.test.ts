/**
 * Process-level guarantees, checked in child processes (jest intercepts uncaught
 * exceptions and keeps its own handles): after close() the process exits on its own;
 * an exception thrown by a user callback surfaces as an uncaught exception and the
 * bucket keeps working.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { devCluster, type DevCluster } from '../helpers/dev';

const ROOT = path.resolve(__dirname, '../../../..');

function run(script: string, cluster: DevCluster, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'scripts', script)], {
      cwd: ROOT,
      env: { ...process.env, CONNSTR: cluster.connectionString, CB_USER: cluster.username, CB_PASS: cluster.password },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

describe('process lifecycle', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await devCluster({ nodes: 2 });
  });
  afterAll(() => cluster.stop());

  test('after close() the process exits on its own', async () => {
    const r = await run('exits-after-close.ts', cluster);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('pending:ObjectDestroyedError');
    expect(r.stdout).toContain(`value:{"pid":`);
    expect(r.code).toBe(0);
  });

  test('a throwing callback surfaces as an uncaught exception; the bucket keeps working', async () => {
    const r = await run('callback-throws.ts', cluster);
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toContain('uncaught:user bug');
    expect(r.stdout).toContain('after:"still works"');
    expect(r.code).toBe(0);
  });
});
