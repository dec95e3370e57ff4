/**
 * Go duration strings, as the query service writes them in `metrics` and reads them in
 * `timeout` / `scan_wait` ("1.167435ms", "134.7944µs", "1m30s"). The official SDK
 * crashes on metrics durations it cannot parse, so the format matters.
 */

/** Formats milliseconds like Go's time.Duration.String(). */
export function formatGoDuration(ms: number): string {
  const ns = Math.max(0, Math.round(ms * 1e6));
  if (ns === 0) return '0s';
  const trim = (v: number, digits: number): string => v.toFixed(digits).replace(/\.?0+$/, '');
  if (ns < 1_000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000, 3)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000, 6)}ms`;
  let rest = ns / 1e9;
  let out = '';
  if (rest >= 3600) {
    out += `${Math.floor(rest / 3600)}h`;
    rest %= 3600;
  }
  if (rest >= 60 || out !== '') {
    out += `${Math.floor(rest / 60)}m`;
    rest %= 60;
  }
  return `${out}${trim(rest, 9)}s`;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration ("75000ms", "1.5s", "1m30s") into milliseconds; undefined when malformed or negative. */
export function parseGoDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === text.length ? total : undefined;
}
