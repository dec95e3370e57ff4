/**
 * View collation: the order in which a view's keys sort (CouchDB / Couchbase views).
 *
 *   null < false < true < numbers < strings < arrays < objects
 *
 * - Numbers compare numerically.
 * - Strings compare with the Unicode Collation Algorithm, as the real server does through
 *   ICU's root collator (couch_ejson_compare.c): case and accents are tertiary / secondary
 *   differences, so `"a" < "A" < "á" < "aa" < "b" < "B"`, punctuation and spaces sort
 *   before digits and letters (non-ignorable), emoji/symbols before digits. We use
 *   `Intl.Collator('en')` with default options: English has no tailoring of the root
 *   collation, and Node ships full ICU, so this is ICU root order.
 * - Arrays compare element by element; a proper prefix sorts first.
 * - Objects compare as their lists of `[key, value]` pairs in member order: key (string
 *   collation), then value, pair by pair; the object with fewer members sorts first.
 *   (Keys are JSON parsed into JavaScript objects, which list integer-like member names
 *   first; the real server keeps the emitted order. Only objects with such member names
 *   can sort differently.)
 *
 * One deliberate refinement: ICU calls some distinct strings equal (it ignores control
 * characters such as U+0000). The real server would then treat the two keys as the same
 * key. We break such ties by code point order so that the order is total and only
 * identical keys compare equal — the index, range bounds and grouping then never depend
 * on the order in which rows happened to be inserted.
 */

/** ICU root-equivalent collator (see the module comment for why 'en'). */
const COLLATOR = new Intl.Collator('en', { usage: 'sort', sensitivity: 'variant', ignorePunctuation: false, numeric: false });

/** Rank of each JSON type in view collation. */
const TYPE_RANK = { null: 0, false: 1, true: 2, number: 3, string: 4, array: 5, object: 6 } as const;

function rankOf(v: unknown): number {
  if (v === null || v === undefined) return TYPE_RANK.null;
  switch (typeof v) {
    case 'boolean':
      return v ? TYPE_RANK.true : TYPE_RANK.false;
    case 'number':
    case 'bigint':
      return TYPE_RANK.number;
    case 'string':
      return TYPE_RANK.string;
    default:
      return Array.isArray(v) ? TYPE_RANK.array : TYPE_RANK.object;
  }
}

/**
 * Compares two strings by Unicode code point (which is also UTF-8 byte order, the order
 * in which the real server sorts document ids). JavaScript's `<` compares UTF-16 code
 * units, which puts U+E000..U+FFFF after astral characters; this fixes that up.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF.
    if (ca >= 0xd800 && cb >= 0xd800) {
      ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
      cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
    }
    return ca - cb;
  }
  return a.length - b.length;
}

/** Compares two strings in view collation (ICU order, ties broken by code points). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const c = COLLATOR.compare(a, b);
  return c !== 0 ? c : compareCodePoints(a, b);
}

/**
 * Compares two JSON values in view collation. Negative when `a` sorts first, 0 only for
 * equal values, positive when `b` sorts first.
 */
export function compareKeys(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case TYPE_RANK.number: {
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TYPE_RANK.string:
      return compareStrings(a as string, b as string);
    case TYPE_RANK.array:
      return compareArrays(a as readonly unknown[], b as readonly unknown[]);
    case TYPE_RANK.object:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    default:
      // null, false, true: the rank is the whole value.
      return 0;
  }
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeys(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(ka[i]!, kb[i]!);
    if (c !== 0) return c;
    const v = compareKeys(a[ka[i]!], b[kb[i]!]);
    if (v !== 0) return v;
  }
  return ka.length - kb.length;
}
