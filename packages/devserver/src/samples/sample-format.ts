/**
 * Small formatting helpers shared by the sample generators: slugs, fixed-format dates,
 * rounding and great-circle distances. Each avoids anything locale- or ICU-dependent
 * (`toLocaleString`, `Intl`, `String.prototype.normalize`, local time zones), so the
 * generated documents are the same on every machine.
 */

// Built-ins of the hot paths, looked up once (a global read is slow inside jest's vm context; see prng.ts).
const { round, sin, cos, asin, sqrt, min, PI } = Math;
const toText = String;

/** Accented letters our word lists use, and their ASCII forms (a table, not `normalize('NFD')`, which depends on the ICU build). */
const ASCII_FOLD: Readonly<Record<string, string>> = {
  à: 'a', á: 'a', â: 'a', ä: 'a', ã: 'a', å: 'a', æ: 'ae', ç: 'c', č: 'c', ď: 'd',
  è: 'e', é: 'e', ê: 'e', ë: 'e', ě: 'e', ì: 'i', í: 'i', î: 'i', ï: 'i', ñ: 'n', ň: 'n',
  ò: 'o', ó: 'o', ô: 'o', ö: 'o', õ: 'o', ø: 'o', œ: 'oe', ř: 'r', š: 's', ß: 'ss', ť: 't',
  ù: 'u', ú: 'u', û: 'u', ü: 'u', ů: 'u', ý: 'y', ÿ: 'y', ž: 'z',
};

/** `text` with the accented letters of {@link ASCII_FOLD} replaced by ASCII (case preserved). */
export function asciiFold(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const folded = ASCII_FOLD[lower];
    if (folded === undefined) out += ch;
    else out += ch === lower ? folded : folded.toUpperCase();
  }
  return out;
}

/**
 * A document-key slug in the style of beer-sample keys (`21st_amendment_brewery_cafe`):
 * accents folded, lower case, every run of other characters turned into one `_`, no
 * leading or trailing `_`.
 */
export function slugify(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Only the ASCII letters of `text`, upper-cased (for deriving airport and airline codes from names). */
export function lettersOf(text: string): string {
  return asciiFold(text).toUpperCase().replace(/[^A-Z]/g, '');
}

/** Two-digit zero padding. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : toText(n);
}

/** `n` as a string of exactly `width` digits, zero-padded. */
export function digits(n: number, width: number): string {
  return toText(n).padStart(width, '0');
}

/**
 * `YYYY-MM-DD HH:MM:SS` of a Unix time in seconds, read in UTC: the `updated` format of
 * beer-sample. UTC getters, never local ones, so the machine's time zone cannot leak in.
 */
export function formatDateTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** Unix seconds of midnight UTC on the given calendar day (month 1–12). */
export function unixSeconds(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 1000;
}

/**
 * `value` rounded to `decimals` places. Coordinates and distances are rounded so the
 * documents stay short and so the last bits of a trigonometric result (which a future
 * libm could in principle change) rarely reach the output.
 */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return round(value * f) / f;
}

/** Mean Earth radius in km (IUGG), the radius route distances are computed with. */
export const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km between two points given in degrees (haversine formula). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = sin(dLat / 2) ** 2 + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) ** 2;
  // min(1, …): rounding can push `a` a hair above 1 for antipodal points, and asin(>1) is NaN.
  return 2 * EARTH_RADIUS_KM * asin(min(1, sqrt(a)));
}

/** Upper-cases the first letter of a sentence fragment. */
export function capitalize(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Fills `{name}` placeholders of a template from `values`; placeholders without a value
 * are left as they are so a missing word shows up in tests instead of vanishing.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
