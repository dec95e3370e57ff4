/**
 * A plain-JavaScript reference of view queries for the tests, independent of the
 * engine: rows computed by calling a map function directly, ordered with a comparator
 * written for simple key domains (null, booleans, integers, lowercase ASCII strings,
 * arrays of integers), and queries answered by filtering the whole row list with the
 * range rules spelled out as predicates (no binary search, no shared code).
 */

/** A map row. */
export interface RefRow {
  id: string;
  key: unknown;
  value: unknown;
}

/** Comparator for the test key domain: null < false < true < numbers < strings < arrays. */
export function refCompare(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    v === null ? 0 : v === false ? 1 : v === true ? 2 : typeof v === 'number' ? 3 : typeof v === 'string' ? 4 : Array.isArray(v) ? 5 : 6;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) return (a as number) - (b as number);
  if (ra === 4) {
    // Lowercase ASCII letters only: ICU order is alphabetical, with a prefix first.
    return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  }
  if (ra === 5) {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = refCompare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return 0;
}

/** Rows of `docs` under `map` (called as the engine would: `(doc, meta)` with `emit` in scope), in index order. */
export function refRows(docs: readonly [string, unknown][], mapSource: string): RefRow[] {
  const rows: RefRow[] = [];
  let id = '';
  const emit = (key: unknown, value?: unknown): void => {
    rows.push({ id, key: JSON.parse(JSON.stringify(key ?? null)), value: value === undefined ? null : JSON.parse(JSON.stringify(value)) });
  };
  const map = new Function('emit', `return (${mapSource});`)(emit) as (doc: unknown, meta: { id: string }) => void;
  for (const [key, doc] of docs) {
    id = key;
    map(JSON.parse(JSON.stringify(doc)), { id: key });
  }
  // Stable sort: rows with equal key and id keep their emit order.
  return rows.sort((a, b) => refCompare(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Query parameters of the reference (absent = not given). */
export interface RefParams {
  startkey?: unknown;
  endkey?: unknown;
  key?: unknown;
  keys?: unknown[];
  startkey_docid?: string;
  endkey_docid?: string;
  inclusive_end?: boolean;
  descending?: boolean;
  skip?: number;
  limit?: number;
  reduce?: boolean;
  group?: boolean;
  group_level?: number;
}

/** What the reference expects: a 400 with a reason fragment, or rows. */
export type RefResult = { error: string } | { rows: { id?: string; key: unknown; value: unknown }[] };

/** Built-in reduces of the reference. */
export type RefReduce = '_count' | '_sum';

const has = (v: unknown): boolean => v !== undefined;

/** Answers a query over `all` (rows in index order) for a view with `reduce` (or none). */
export function refQuery(all: readonly RefRow[], p: RefParams, reduce?: RefReduce): RefResult {
  const desc = p.descending === true;
  const incl = p.inclusive_end !== false;
  const start = has(p.key) ? p.key : p.startkey;
  const end = has(p.key) ? p.key : p.endkey;
  if (has(p.keys) && (has(p.key) || has(p.startkey) || has(p.endkey))) return { error: 'not compatible with multi-get' };
  if (has(start) && has(end)) {
    const c = refCompare(start, end);
    if (!desc && c > 0) return { error: 'set descending=true' };
    if (desc && c < 0) return { error: 'set descending=false' };
  }
  const reducing = reduce !== undefined && p.reduce !== false;
  if (reduce === undefined && p.reduce === true) return { error: 'Invalid URL parameter `reduce` for map view.' };
  if (!reducing && (has(p.group) || has(p.group_level))) return { error: 'for non-reduce view' };
  if (reducing && has(p.keys) && p.group !== true) return { error: 'must include `group=true`' };

  const sd = p.startkey_docid;
  const ed = p.endkey_docid;
  // Is the row at or after the start / at or before the end, in the query's direction?
  const afterStart = (r: RefRow, s: unknown): boolean => {
    if (!has(s)) return true;
    const c = refCompare(r.key, s);
    if (c !== 0) return desc ? c < 0 : c > 0;
    return sd === undefined || (desc ? r.id <= sd : r.id >= sd);
  };
  const beforeEnd = (r: RefRow, e: unknown): boolean => {
    if (!has(e)) return true;
    const c = refCompare(r.key, e);
    if (c !== 0) return desc ? c > 0 : c < 0;
    if (!incl) return ed !== undefined && (desc ? r.id > ed : r.id < ed);
    return ed === undefined || (desc ? r.id >= ed : r.id <= ed);
  };
  const ordered = desc ? all.slice().reverse() : all.slice();
  const segments: RefRow[][] = p.keys !== undefined
    ? p.keys.map((k) => ordered.filter((r) => afterStart(r, k) && beforeEnd(r, k)))
    : [ordered.filter((r) => afterStart(r, start) && beforeEnd(r, end))];
  const page = <T>(xs: T[]): T[] => xs.slice(p.skip ?? 0, p.limit === undefined ? undefined : (p.skip ?? 0) + p.limit);
  if (!reducing) return { rows: page(segments.flat()) };

  const level: 'exact' | number = p.group === true ? 'exact' : (p.group_level ?? 0);
  const groupKey = (k: unknown): unknown => (level === 'exact' ? k : level === 0 ? null : Array.isArray(k) ? k.slice(0, level) : k);
  const out: { key: unknown; value: unknown }[] = [];
  for (const seg of segments) {
    let current: { key: unknown; values: unknown[] } | undefined;
    const flush = (): void => {
      if (current === undefined) return;
      const value = reduce === '_count' ? current.values.length : (current.values as number[]).reduce((s, v) => s + v, 0);
      out.push({ key: current.key, value });
    };
    for (const r of seg) {
      const gk = groupKey(r.key);
      if (current !== undefined && refCompare(current.key, gk) === 0) {
        current.values.push(r.value);
        continue;
      }
      flush();
      current = { key: gk, values: [r.value] };
    }
    flush();
  }
  return { rows: page(out) };
}

/** Encodes reference parameters as a query string (JSON for keys), `keys` left out when `keysInBody`. */
export function toQueryString(p: RefParams, keysInBody = false): string {
  const q = new URLSearchParams();
  const json = ['startkey', 'endkey', 'key', 'keys'] as const;
  for (const [name, v] of Object.entries(p)) {
    if (v === undefined || (name === 'keys' && keysInBody)) continue;
    q.append(name, (json as readonly string[]).includes(name) ? JSON.stringify(v) : String(v));
  }
  return q.toString();
}

/** A small deterministic PRNG (mulberry32) for fixtures. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
