/**
 * Top self-time functions of a V8 `.cpuprofile` (what `node --cpu-prof` writes), so a
 * profile can be read without opening DevTools. Used by `npm run bench -- --profile`,
 * or on its own: `npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One line of the summary. */
export interface SelfTime {
  name: string;
  /** `file:line` relative to the repository (or the Node internal module). */
  where: string;
  selfMs: number;
  percent: number;
}

/** Aggregates self time by function (name + file + line), highest first. */
export function topSelfTime(file: string, top = 20): { totalMs: number; rows: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  const root = path.resolve(__dirname, '../..');
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    // A sample's delta is the time until the next sample: attribute it to this sample.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (node === undefined) continue;
    totalUs += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith('file://') ? path.relative(root, new URL(url).pathname) : url;
    // tsx's transpiled code does not keep the source's lines: for .ts files the line would mislead.
    const where = file === '' ? '' : file.endsWith('.ts') ? file : `${file}:${lineNumber + 1}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name}@${where}`;
    const entry = selfUs.get(key) ?? { name, where, us: 0 };
    entry.us += dt;
    selfUs.set(key, entry);
  }
  const rows = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, percent: totalUs === 0 ? 0 : (100 * e.us) / totalUs }));
  return { totalMs: totalUs / 1000, rows };
}

/** The summary as text lines. */
export function formatSelfTime(file: string, top = 20): string {
  const { totalMs, rows } = topSelfTime(file, top);
  const lines = rows.map((r) => `${r.percent.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}  ${r.where}`);
  return [`${path.basename(file)}: ${totalMs.toFixed(0)} ms sampled; top self time:`, ...lines].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${formatSelfTime(file, top === undefined ? 20 : Number(top))}\n`);
  }
}
