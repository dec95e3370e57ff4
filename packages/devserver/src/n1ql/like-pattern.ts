/**
 * LIKE patterns: `%` matches any run of characters, `_` exactly one, and a backslash
 * escapes the next character (the real default escape). Compiled patterns are cached
 * because the same pattern is normally applied to every scanned row.
 */

const cache = new Map<string, RegExp>();
const MAX_CACHE = 512;

/** The anchored regular expression equivalent to a LIKE pattern. */
export function likeRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      src += escapeChar(pattern[++i]!);
    } else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += escapeChar(c);
  }
  re = new RegExp(`${src}$`, 'u');
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, re);
  return re;
}

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
