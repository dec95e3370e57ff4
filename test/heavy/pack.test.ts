/**
 * Packaging, as a user gets it (`npm run test:heavy`): each package is built and packed
 * (`npm pack`), the tarballs are installed into a scratch project, and the packages are
 * imported with `import` (ESM) and with `require` (CommonJS): the dev cluster starts,
 * the promise Bucket stores and reads a document, and an error thrown by one build is
 * `instanceof` the same class from the other build. The tarballs hold nothing that does
 * not belong there (no sources, tests or maps of other packages).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './helpers';

const PACKAGES = ['core', 'promise', 'devserver'] as const;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
}

describe('packages as published', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'couchts-pack-'));
  const tarballs: Record<string, string> = {};

  beforeAll(() => {
    run('npm', ['run', 'build'], ROOT);
    for (const p of PACKAGES) {
      const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], path.join(ROOT, 'packages', p))) as { filename: string; files: { path: string }[] }[];
      tarballs[p] = path.join(scratch, out[0]!.filename);
      (tarballs as Record<string, unknown>)[`${p}:files`] = out[0]!.files.map((f) => f.path);
    }
  }, 300_000);

  test.each(PACKAGES)('@couchts/%s: the tarball holds dist, README, LICENSE and package.json only', (p) => {
    const files = (tarballs as unknown as Record<string, string[]>)[`${p}:files`]!;
    const outside = files.filter((f) => !(f.startsWith('dist/') || f.startsWith('bin/') || ['README.md', 'LICENSE', 'package.json'].includes(f)));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'LICENSE', 'README.md']));
    expect(files.some((f) => f.includes('/src/') || f.endsWith('.test.ts') || f.startsWith('test/'))).toBe(false);
  });

  test('installed from the tarballs: ESM and CommonJS both work, and errors are instanceof across them', () => {
    const project = path.join(scratch, 'app');
    run('mkdir', ['-p', project], scratch);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', tarballs.core!, tarballs.promise!, tarballs.devserver!], project);
    expect(readdirSync(path.join(project, 'node_modules', '@couchts')).sort()).toEqual(['core', 'devserver', 'promise']);
    writeFileSync(
      path.join(project, 'esm.mjs'),
      `import { Bucket, NotFoundError } from '@couchts/promise';
import { startDevCluster } from '@couchts/devserver';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const cjs = require('@couchts/promise');
const cluster = await startDevCluster();
const bucket = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
await bucket.upsert('k', { packed: true });
const got = await bucket.get('k');
const counted = await bucket.counter('n', { initial: 41, delta: 1 });
let err;
try { await bucket.get('missing'); } catch (e) { err = e; }
const esmBucket = bucket.core;
await bucket.close();
await cluster.stop();
console.log(JSON.stringify({ value: got.value, counter: counted.value, esm: err instanceof NotFoundError, cjs: err instanceof cjs.NotFoundError, same: cjs.NotFoundError === NotFoundError, core: esmBucket.constructor.name }));
`,
    );
    writeFileSync(
      path.join(project, 'cjs.cjs'),
      `const { Bucket, NotFoundError } = require('@couchts/promise');
const { startDevCluster } = require('@couchts/devserver');
(async () => {
  const esm = await import('@couchts/promise');
  const cluster = await startDevCluster();
  const bucket = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
  await bucket.upsert('k', 'text', { format: 'utf8' });
  const got = await bucket.get('k');
  let err;
  try { await bucket.get('missing'); } catch (e) { err = e; }
  await bucket.close();
  await cluster.stop();
  console.log(JSON.stringify({ value: got.value, cjs: err instanceof NotFoundError, esm: err instanceof esm.NotFoundError }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const esm = JSON.parse(run(process.execPath, ['esm.mjs'], project).trim().split('\n').pop()!);
    expect(esm).toMatchObject({ value: { packed: true }, counter: 41, esm: true, cjs: true, core: 'AsyncBucket' });
    const cjs = JSON.parse(run(process.execPath, ['cjs.cjs'], project).trim().split('\n').pop()!);
    expect(cjs).toEqual({ value: 'text', cjs: true, esm: true });
    // The CLI is installed too.
    const help = run(path.join(project, 'node_modules', '.bin', 'couchts-devserver'), ['--help'], project);
    expect(help).toContain('Usage: couchts-devserver');
  }, 300_000);
});
