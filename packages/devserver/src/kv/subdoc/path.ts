/**
 * Sub-document path syntax, parsed the way kv_engine's subjson parses it (subdoc/path.cc):
 *
 * - `a.b.c` names object members, `a[2]` array elements, `[0]` an element of a root array,
 *   `a[-1]` the last element (no other negative index);
 * - backticks quote a component so it may hold `.`, `[` or `]` (`` `a.b`.c ``), and two
 *   backticks are a literal one; backticks inside a component are dropped too;
 * - a component is compared with the key *as written in the document*, so JSON escapes are
 *   part of the path (`a\"b` names the key written `"a\"b"`); a bare `"`, a control
 *   character, a `\u` escape or an unknown escape is invalid;
 * - after `]` comes the end, `.` or `[`; `a.` is `a`, but `.a`, `a..b` and `a[x]` are invalid;
 * - `[]` is index 0 (subjson reads the empty digit string as 0).
 *
 * At most 31 components (subjson counts the root as a 32nd): more is PATH_E2BIG.
 */

/** A path component: an object key (as written in JSON) or an array index (-1 = last). */
export type PathComponent = { readonly key: string; readonly index?: undefined } | { readonly index: number; readonly key?: undefined };

/** Why a path did not parse. */
export type PathError = 'einval' | 'e2big';

/** Most components a path may have. */
export const MAX_PATH_COMPONENTS = 31;

const JSON_ESCAPES = new Set(['"', '/', '\\', 'b', 'f', 'n', 'r', 't']);

/** Parses a path; the empty path is the document root (no components). */
export function parsePath(path: string): PathComponent[] | PathError {
  const out: PathComponent[] = [];
  const add = (c: PathComponent): PathError | undefined => {
    if (out.length >= MAX_PATH_COMPONENTS) return 'e2big';
    out.push(c);
    return undefined;
  };
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i + 1);
      if (close < 0) return 'einval';
      const index = parseIndex(path.slice(i + 1, close));
      if (index === undefined) return 'einval';
      const err = add({ index });
      if (err !== undefined) return err;
      i = close + 1;
      if (i < path.length) {
        if (path[i] === '.') i++;
        else if (path[i] !== '[') return 'einval';
      }
      continue;
    }
    const scanned = scanKey(path, i);
    if (typeof scanned === 'string') return scanned;
    const err = add({ key: scanned.key });
    if (err !== undefined) return err;
    i = scanned.next;
  }
  return out;
}

/** Digits of an index (none = 0, as in subjson), or exactly `-1`. */
function parseIndex(text: string): number | undefined {
  if (text === '-1') return -1;
  if (!/^\d*$/.test(text)) return undefined;
  const n = text === '' ? 0 : Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Scans one key component starting at `start`: its text and where the next one begins. */
function scanKey(path: string, start: number): { key: string; next: number } | PathError {
  let inTicks = false;
  let inEscape = false;
  let ticks = 0;
  let end = path.length;
  let next = path.length;
  for (let i = start; i < path.length; i++) {
    const c = path[i]!;
    const code = c.charCodeAt(0);
    if (inEscape) {
      if (!JSON_ESCAPES.has(c)) return 'einval'; // `\u` too: subjson cannot match it
      inEscape = false;
    } else if (c === '\\') {
      inEscape = true;
    } else if (c === '"' || code < 0x1f) {
      return 'einval';
    }
    if (c === '`') {
      ticks++;
      inTicks = !inTicks;
    }
    if (inTicks) continue;
    if (c === ']') return 'einval';
    if (c === '[' || c === '.') {
      if (inEscape) return 'einval';
      end = i;
      next = c === '.' ? i + 1 : i;
      break;
    }
  }
  if (end === path.length && (inTicks || inEscape)) return 'einval';
  let key = path.slice(start, end);
  if (key.length > 1 && key.startsWith('`') && key.endsWith('`')) {
    key = key.slice(1, -1);
    ticks -= 2;
  }
  if (key.length === 0) return 'einval';
  if (ticks > 0) key = unescapeTicks(key);
  return { key, next };
}

/** Drops single backticks and keeps one of each doubled pair (subjson convert_escaped). */
function unescapeTicks(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '`') out += s[i];
    else if (s[i + 1] === '`') out += s[i++];
  }
  return out;
}

/** Path text for a key, quoted so that any key round-trips (for tests and tools). */
export function quoteKey(jsonEscapedKey: string): string {
  return /[.[\]`]/.test(jsonEscapedKey) ? `\`${jsonEscapedKey.replace(/`/g, '``')}\`` : jsonEscapedKey;
}
