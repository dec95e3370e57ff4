/**
 * Seeded pseudo-random numbers for the sample-bucket generators.
 *
 * Algorithm: **mulberry32** (Tommy Ettinger, public domain). Why this one:
 * - Every step is `Math.imul`, `+`, `^` and `>>>` on 32-bit integers, operations the
 *   ECMAScript specification defines bit for bit, so a seed gives the same sequence on
 *   every engine and Node version. (xorshift128+ needs 64-bit arithmetic: BigInt is slow
 *   and emulating it with 32-bit halves is easy to get subtly wrong.)
 * - One 32-bit word of state: cheap to derive one independent stream per document kind
 *   (see {@link Prng.derive}) and a few nanoseconds per draw, so ~40 000 documents
 *   generate well under a second.
 * - Its period (2^32 per stream) and statistical quality are ample for sample data: no
 *   stream draws more than a few million numbers. It is not cryptographic, and not meant to be.
 *
 * Nothing here calls `Math.random`, and floats are only ever produced from integers by
 * exact division, so results never depend on the platform.
 */

/**
 * Seed of the documents `startDevCluster({ sampleBuckets })` loads. Changing it changes
 * every generated document, so tests pin the output of this seed by hash.
 */
export const DEFAULT_SAMPLE_SEED = 20_130_617;

/*
 * Built-ins used in hot paths, looked up once. Inside a `vm` context (jest runs tests in
 * one) every read of a global such as `Math` or `Number` goes through an interceptor and
 * costs ~100 ns, which made generation 5–40× slower there; a module binding is a plain read.
 */
const imul = Math.imul;
const isSafeInteger = Number.isSafeInteger;
const isFiniteNumber = Number.isFinite;

/** 2^32, the size of the generator's output space. */
const TWO_POW_32 = 4_294_967_296;

/**
 * Murmur3's 32-bit finaliser: spreads every input bit over the whole word, so seeds that
 * differ in one bit (1 and 2, or labels `route` and `route2`) start unrelated streams.
 */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over one 32-bit word, byte by byte (little-endian), continuing from `h`. */
function fnvWord(h: number, word: number): number {
  for (let shift = 0; shift < 32; shift += 8) {
    h ^= (word >>> shift) & 0xff;
    h = imul(h, 0x0100_0193);
  }
  return h >>> 0;
}

/** Throws unless `value` is a safe integer: larger numbers lose their low bits silently. */
function assertSafeInteger(value: number, what: string): void {
  if (!isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
}

/**
 * A deterministic random stream (mulberry32). Not thread-shared, not cryptographic.
 *
 * @example
 * const rng = Prng.derive(42, 'airports');
 * rng.int(1, 6); // the same die roll on every run
 */
export class Prng {
  #state: number;

  /** Starts a stream from a raw 32-bit state; prefer {@link Prng.derive} for seeds chosen by people. */
  constructor(state: number) {
    assertSafeInteger(state, 'Prng state');
    this.#state = state >>> 0;
  }

  /**
   * The stream named `label` of the seed `seed`. Each document kind draws from its own
   * stream, so changing how (say) hotels are generated leaves airports and routes as they
   * were, and the typed-in expectations of their tests keep holding.
   *
   * @param seed - any safe integer (negative and > 2^32 seeds are fine; all 53 bits count)
   * @param label - the stream's name
   */
  static derive(seed: number, label: string): Prng {
    assertSafeInteger(seed, 'Sample seed');
    // Both halves of the seed: `seed >>> 0` alone would make 1 and 2^32 + 1 collide.
    let h = fnvWord(0x811c_9dc5, seed >>> 0);
    h = fnvWord(h, Math.floor(seed / TWO_POW_32) >>> 0);
    for (let i = 0; i < label.length; i++) h = fnvWord(h, label.charCodeAt(i));
    return new Prng(fmix32(h));
  }

  /** A child stream named `label`, derived from this stream's next output (leaves this stream advanced by one draw). */
  fork(label: string): Prng {
    return Prng.derive(this.next(), label);
  }

  /** The next raw output: an unsigned 32-bit integer, uniform over [0, 2^32). */
  next(): number {
    // mulberry32, verbatim: a Weyl sequence (the odd constant) scrambled by two multiply-xorshifts.
    this.#state = (this.#state + 0x6d2b_79f5) | 0;
    let t = imul(this.#state ^ (this.#state >>> 15), 1 | this.#state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float uniform over [0, 1), with 32 bits of resolution (exact division, so platform-independent). */
  float(): number {
    return this.next() / TWO_POW_32;
  }

  /** A float uniform over [min, max). */
  range(min: number, max: number): number {
    if (!isFiniteNumber(min) || !isFiniteNumber(max) || min > max) throw new RangeError(`range(${min}, ${max}): bounds must be finite and ordered`);
    return min + (max - min) * this.float();
  }

  /**
   * An integer uniform over [min, max], both inclusive. Exactly uniform: draws that would
   * bias the modulo are rejected and redrawn (deterministically).
   *
   * @throws RangeError if the bounds are not safe integers, are out of order, or span more than 2^32 values
   */
  int(min: number, max: number): number {
    assertSafeInteger(min, 'int() lower bound');
    assertSafeInteger(max, 'int() upper bound');
    const span = max - min + 1;
    if (span <= 0 || span > TWO_POW_32) throw new RangeError(`int(${min}, ${max}): the range must hold 1 to 2^32 values`);
    // Largest multiple of `span` that fits in 2^32: outputs at or above it would favour small results.
    const limit = TWO_POW_32 - (TWO_POW_32 % span);
    let draw = this.next();
    while (draw >= limit) draw = this.next();
    return min + (draw % span);
  }

  /** `true` with probability `p` (0 never draws `true`, 1 always does). */
  chance(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`chance(${p}): p must be between 0 and 1`);
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** `count` distinct elements of `items`, in random order (fewer if `items` is shorter). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    // Partial Fisher–Yates: only the first n positions need settling.
    for (let i = 0; i < n; i++) {
      const j = this.int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }

  /** Shuffles `items` in place (Fisher–Yates, every permutation equally likely) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  /** One element of `items`, chosen with probability proportional to its weight (one-off; use {@link weightedPicker} in loops). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return weightedPicker(items, weights)(this);
  }
}

/**
 * Prepares a weighted choice over `items` for repeated use: cumulative weights plus a
 * binary search make each pick O(log n), which matters when 24 000 routes each pick among
 * 2 000 airports.
 *
 * @param items - the candidates
 * @param weights - one non-negative, finite weight per item; at least one must be positive
 * @returns a function drawing one item from the stream it is given
 */
export function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (rng: Prng) => T {
  if (items.length === 0 || items.length !== weights.length) throw new RangeError('weightedPicker needs as many weights as items, and at least one item');
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0 && isFiniteNumber(w))) throw new RangeError(`weightedPicker: weights must be finite and non-negative, got ${w}`);
    total += w;
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('weightedPicker: at least one weight must be positive');
  return (rng: Prng): T => {
    const target = rng.float() * total;
    // First index whose cumulative weight exceeds the target: zero-weight items are never chosen.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}
