/**
 * The results chart, hand-written SVG (no dependency): for each figure, one bar per
 * contestant showing how many times better it is than the official SDK. Latency, CPU and
 * memory are inverted (official ÷ contestant) so that every bar reads the same way:
 * right of the 1× line is better than the official SDK, left is worse. The axis is
 * logarithmic because the limit client can be an order of magnitude ahead.
 */
import { advantage, METRICS, type RunResults } from './metrics';
import type { ContestantName, WorkloadName } from './workloads';

const SHOWN: readonly ContestantName[] = ['couchts-promise', 'couchts-core', 'limit'];
const COLORS: Record<string, string> = { 'couchts-promise': '#2b7bb9', 'couchts-core': '#7fb8e0', limit: '#9e9e9e' };
const TITLES: Record<WorkloadName, string> = { 'get-c1': 'get c=1', 'upsert-c1': 'upsert c=1', 'get-c256': 'get c=256', 'upsert-c256': 'upsert c=256', n1ql: 'N1QL' };

const WIDTH = 960;
const LABEL_W = 250;
const RIGHT_PAD = 70;
const BAR_H = 13;
const GROUP_GAP = 12;
const TOP = 70;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)}×`;
}

/** Renders the chart of one run. */
export function renderChart(results: RunResults, subtitle: string): string {
  const metrics = METRICS.filter((m) => m.label !== 'latency p99 (µs)');
  const groups = metrics.map((m) => ({ title: `${TITLES[m.workload]}: ${m.label.replace(/ \(.*\)/, '')}`, bars: SHOWN.map((c) => ({ c, v: advantage(results, m, c, 'official') })) }));
  const values = groups.flatMap((g) => g.bars.map((b) => b.v)).filter((v): v is number => v !== undefined && v > 0);
  // Whole powers of two around 1×, wide enough for every bar.
  const lo = Math.min(-2, Math.floor(Math.log2(Math.min(...values, 1))));
  const hi = Math.max(2, Math.ceil(Math.log2(Math.max(...values, 1))));
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (v: number): number => LABEL_W + ((Math.log2(v) - lo) / (hi - lo)) * plotW;
  const groupH = SHOWN.length * BAR_H + GROUP_GAP;
  const height = TOP + groups.length * groupH + 50;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">Times better than the official couchbase SDK (log scale; right of 1× is better)</text>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" fill="#555">${esc(subtitle)}</text>`,
  ];
  // Grid: one line per power of two, the 1× line in black.
  for (let p = lo; p <= hi; p++) {
    const gx = x(2 ** p);
    out.push(`<line x1="${gx}" y1="${TOP - 8}" x2="${gx}" y2="${height - 40}" stroke="${p === 0 ? '#000' : '#ddd'}" stroke-width="${p === 0 ? 1.5 : 1}"/>`);
    out.push(`<text x="${gx}" y="${height - 26}" text-anchor="middle" fill="#555">${p >= 0 ? 2 ** p : `1/${2 ** -p}`}×</text>`);
  }
  groups.forEach((g, gi) => {
    const y0 = TOP + gi * groupH;
    out.push(`<text x="${LABEL_W - 10}" y="${y0 + (SHOWN.length * BAR_H) / 2 + 4}" text-anchor="end">${esc(g.title)}</text>`);
    g.bars.forEach((b, bi) => {
      const y = y0 + bi * BAR_H;
      if (b.v === undefined || !(b.v > 0)) {
        out.push(`<text x="${x(1) + 4}" y="${y + BAR_H - 3}" fill="#999" font-size="10">${b.c}: n/a</text>`);
        return;
      }
      const x1 = Math.min(x(1), x(b.v));
      const w = Math.max(1, Math.abs(x(b.v) - x(1)));
      out.push(`<rect x="${x1.toFixed(1)}" y="${y + 1}" width="${w.toFixed(1)}" height="${BAR_H - 2}" fill="${COLORS[b.c]}"><title>${b.c}: ${fmt(b.v)}</title></rect>`);
      const right = b.v >= 1;
      out.push(`<text x="${(right ? x1 + w + 4 : x1 - 4).toFixed(1)}" y="${y + BAR_H - 3}" text-anchor="${right ? 'start' : 'end'}" font-size="10">${fmt(b.v)}</text>`);
    });
  });
  // Legend.
  SHOWN.forEach((c, i) => {
    const lx = LABEL_W + i * 170;
    out.push(`<rect x="${lx}" y="${height - 16}" width="12" height="10" fill="${COLORS[c]}"/>`, `<text x="${lx + 16}" y="${height - 7}">${c}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}
