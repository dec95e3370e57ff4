/**
 * Deterministic test documents: a few hundred of them with varied shapes (nested
 * objects, arrays, missing and null fields, numbers and strings mixed), so every
 * construct meets MISSING, NULL and wrong types.
 */

/** mulberry32: a tiny seeded generator (the same documents on every run). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of every SQL++ type, cycled through the `mixed` field (`undefined` = field absent). */
export const MIXED_VALUES: readonly unknown[] = [undefined, null, false, true, 0, 3, -1.5, 42, '', 'abc', 'Zeta', 'alpha', [], [1, 2], [1, 'a'], {}, { a: 1 }, { a: 1, b: 2 }, { b: 0 }];

const CITIES = ['Paris', 'London', 'Berlin', 'Rome', 'Oslo', 'Lima'] as const;
const TYPES = ['person', 'place', 'thing'] as const;
const TAGS = ['red', 'green', 'blue', 'tall', 'small'] as const;
const FIRST = ['ann', 'Bob', 'carl', 'Dora', 'eve', 'Finn', 'gus', 'Hana', 'ivy', 'Jon'] as const;

/** A test document. */
export type Doc = Record<string, unknown>;

/** `n` documents keyed `doc-000`…; deterministic. */
export function makeDocs(n: number, seed = 7): Map<string, Doc> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out = new Map<string, Doc>();
  for (let i = 0; i < n; i++) {
    const d: Doc = { type: TYPES[i % 3], seq: i };
    if (i % 7 !== 0) d.name = `${pick(FIRST)} ${String.fromCharCode(65 + (i % 26))}`;
    if (i % 11 === 0) d.name = null;
    const ageRoll = i % 13;
    if (ageRoll === 0) d.age = null;
    else if (ageRoll === 1) d.age = String(20 + (i % 50));
    else if (ageRoll !== 2) d.age = 18 + Math.floor(rnd() * 60);
    d.city = pick(CITIES);
    if (i % 5 !== 0) d.tags = Array.from({ length: Math.floor(rnd() * 4) }, () => pick(TAGS));
    else if (i % 10 === 0) d.tags = 'not-an-array';
    if (i % 4 !== 1) {
      d.address = { city: pick(CITIES), zip: String(10000 + Math.floor(rnd() * 89999)), geo: { lat: Math.round(rnd() * 18000) / 100 - 90, lon: Math.round(rnd() * 36000) / 100 - 180 } };
      if (i % 8 === 2) (d.address as Doc).zip = null;
    }
    d.scores = Array.from({ length: 1 + (i % 4) }, () => Math.floor(rnd() * 100));
    if (i % 6 === 0) (d.scores as unknown[]).push('n/a');
    if (i % 3 !== 2) d.active = rnd() < 0.5;
    const mixed = MIXED_VALUES[i % MIXED_VALUES.length];
    if (mixed !== undefined) d.mixed = mixed;
    d.price = Math.round(rnd() * 100000) / 100;
    d.items = Array.from({ length: i % 3 }, (_, k) => ({ sku: `s${(i + k) % 9}`, qty: (i * 7 + k) % 5 }));
    out.set(`doc-${String(i).padStart(3, '0')}`, d);
  }
  return out;
}
