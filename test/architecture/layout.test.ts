/**
 * Architecture rules that code review alone would let slip (mongodb-style lint rules,
 * written as a test): only NodeIOPS imports node:net / node:tls in the core; the promise
 * package has no protocol logic (it imports nothing from the core's internals); the dev
 * cluster reaches the core only through its package entry points; no TypeScript enums;
 * kebab-case file names; source files stay under ~500 lines; every exported symbol has
 * a TSDoc comment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const rel = (f: string): string => path.relative(ROOT, f);

/** Module specifiers of the import/export statements of a file (comments ignored). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom ['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}
const packages = ['core', 'promise', 'devserver'];
const files = packages.flatMap((p) => sources(path.join(ROOT, 'packages', p, 'src')));

describe('architecture', () => {
  test('there are sources to check', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  test('only core/src/iops/node-iops.ts imports node:net or node:tls in the core', () => {
    const offenders = files
      .filter((f) => f.includes(`${path.sep}core${path.sep}`))
      .filter((f) => /from ['"](node:)?(net|tls)['"]/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(offenders).toEqual(['packages/core/src/iops/node-iops.ts']);
  });

  test('the promise package imports only the core package entry (no protocol logic)', () => {
    const offenders = files
      .filter((f) => f.includes(`${path.sep}promise${path.sep}`))
      .flatMap((f) => specifiers(f).map((spec) => [rel(f), spec]))
      .filter(([, spec]) => !spec!.startsWith('./') && spec !== '@couchts/core');
    expect(offenders).toEqual([]);
  });

  test('the dev cluster reaches the core only through @couchts/core/internal', () => {
    const offenders = files
      .filter((f) => f.includes(`${path.sep}devserver${path.sep}`))
      .flatMap((f) => specifiers(f).map((spec) => [rel(f), spec]))
      .filter(([, spec]) => spec!.includes('core/src') || (spec!.startsWith('@couchts/') && spec !== '@couchts/core/internal'));
    expect(offenders).toEqual([]);
  });

  test('no TypeScript enums (as const tables instead)', () => {
    expect(files.filter((f) => /^\s*(export\s+)?(const\s+)?enum\s/m.test(fs.readFileSync(f, 'utf8'))).map(rel)).toEqual([]);
  });

  test('file names are kebab-case', () => {
    expect(files.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/.test(path.basename(f))).map(rel)).toEqual([]);
  });

  test('source files stay under 500 lines', () => {
    const long = files.map((f) => [rel(f), fs.readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 500);
    expect(long).toEqual([]);
  });

  test('every exported declaration has a TSDoc comment', () => {
    const missing: string[] = [];
    for (const f of files) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        // Declarations only: re-exports (`export { … } from`) are documented where declared.
        if (!/^export (async )?(function|class|interface|type \w|const|let|abstract class)/.test(line)) return;
        // Walk back over decorators/blank lines to the previous non-empty line.
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === '') j--;
        if (j < 0 || !lines[j]!.trim().endsWith('*/')) missing.push(`${rel(f)}:${i + 1}: ${line.slice(0, 80)}`);
      });
    }
    expect(missing).toEqual([]);
  });
});
