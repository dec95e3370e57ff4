/**
 * Process helpers for heavy tests: a dev cluster in its own process (the CLI, from
 * source), and child scripts whose last stdout line is a JSON report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** Starts `couchts-devserver` (from source) with `args`; resolves with its JSON line and a stop function. */
export function startDevClusterProcess(args: string[] = []): Promise<{ info: { connectionString: string; adminUrl: string }; stop: () => Promise<void>; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'scripts', 'serve-dev-cluster.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        const info = JSON.parse(out.slice(0, nl)) as { connectionString: string; adminUrl: string };
        resolve({
          info,
          child,
          stop: () =>
            new Promise<void>((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`dev cluster exited early (${code})`)));
  });
}

/** Runs a script (under test/heavy/scripts, or an absolute path) in a child process (with --expose-gc) and parses the JSON on its last stdout line. */
export function runReport<T>(script: string, env: Record<string, string>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const file = path.isAbsolute(script) ? script : path.join(__dirname, 'scripts', script);
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${script} exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}
