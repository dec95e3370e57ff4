/**
 * Unit tests of the sample generators' PRNG (samples/prng.ts).
 *
 * Proves: the raw stream is mulberry32 (checked against an independent reference
 * implementation and typed-in outputs), stream derivation is deterministic and separates
 * seeds and labels, and every helper (int, float, range, chance, pick, sample, shuffle,
 * weighted) stays in bounds, covers its range, rejects bad arguments and is roughly uniform
 * or proportional. Statistical bounds are loose (many standard deviations) so the tests
 * cannot flake; the streams are deterministic anyway.
 */
import { Prng, weightedPicker } from '../../src/samples/prng';

/** mulberry32 as commonly published (returns floats); written here independently of the module under test. */
function referenceMulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('raw stream', () => {
  test('is mulberry32: matches the reference for several states over 1000 draws', () => {
    for (const state of [0, 1, 42, 0x7fffffff, 0xffffffff, 123456789]) {
      const ours = new Prng(state);
      const ref = referenceMulberry32(state);
      const mine = Array.from({ length: 1000 }, () => ours.next() / 4294967296);
      expect(mine).toEqual(Array.from({ length: 1000 }, ref));
    }
  });

  test('typed-in outputs (state 0, and the derived stream 42/"test")', () => {
    const a = new Prng(0);
    expect([a.next(), a.next(), a.next(), a.next(), a.next()]).toEqual([1144304738, 1416247, 958946056, 627933444, 2007157716]);
    const b = Prng.derive(42, 'test');
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([1896758351, 290164657, 2674893973, 2873134771, 601000572]);
  });

  test('outputs are unsigned 32-bit integers', () => {
    const r = new Prng(7);
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = r.next();
      if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe('derive', () => {
  const firstDraws = (p: Prng): number[] => [p.next(), p.next(), p.next()];

  test('same seed and label give the same stream', () => {
    expect(firstDraws(Prng.derive(5, 'airports'))).toEqual(firstDraws(Prng.derive(5, 'airports')));
  });

  test('different labels, seeds, and seeds equal modulo 2^32 give different streams', () => {
    const base = firstDraws(Prng.derive(5, 'airports'));
    expect(firstDraws(Prng.derive(5, 'airlines'))).not.toEqual(base);
    expect(firstDraws(Prng.derive(6, 'airports'))).not.toEqual(base);
    expect(firstDraws(Prng.derive(5 + 2 ** 32, 'airports'))).not.toEqual(base);
    expect(firstDraws(Prng.derive(-5, 'airports'))).not.toEqual(base);
  });

  test('rejects seeds that are not safe integers', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53]) expect(() => Prng.derive(bad, 'x')).toThrow(RangeError);
  });

  test('fork gives a child stream and advances the parent by one draw', () => {
    const a = new Prng(9);
    const b = new Prng(9);
    const child = a.fork('child');
    b.next();
    expect(a.next()).toBe(b.next());
    expect(firstDraws(child)).toEqual(firstDraws(new Prng(9).fork('child')));
  });
});

describe('helpers', () => {
  test('int covers [min, max] inclusively and nothing else, roughly uniformly', () => {
    const r = new Prng(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const v = r.int(-2, 3);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    // Expected 10 000 each; σ ≈ 91, so ±600 is over 6σ.
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(600);
  });

  test('int handles one-value and full 2^32 ranges, rejects bad bounds', () => {
    const r = new Prng(2);
    expect(r.int(7, 7)).toBe(7);
    const v = r.int(0, 2 ** 32 - 1);
    expect(v >= 0 && v < 2 ** 32).toBe(true);
    expect(() => r.int(3, 2)).toThrow(RangeError);
    expect(() => r.int(0, 2 ** 32)).toThrow(RangeError);
    expect(() => r.int(0.5, 2)).toThrow(RangeError);
  });

  test('float is in [0, 1) with mean near 1/2; range scales it', () => {
    const r = new Prng(3);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 20_000; i++) {
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
      const x = r.range(-5, 5);
      if (!(x >= -5 && x < 5)) outside++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.02);
    expect(() => r.range(2, 1)).toThrow(RangeError);
  });

  test('chance: 0 never, 1 always, 0.3 about 30%; rejects p outside [0, 1]', () => {
    const r = new Prng(4);
    let hits = 0;
    let wrong = 0;
    for (let i = 0; i < 10_000; i++) {
      if (r.chance(0) || !r.chance(1)) wrong++;
      if (r.chance(0.3)) hits++;
    }
    expect(wrong).toBe(0);
    expect(Math.abs(hits - 3000)).toBeLessThan(300);
    expect(() => r.chance(1.1)).toThrow(RangeError);
    expect(() => r.chance(NaN)).toThrow(RangeError);
  });

  test('pick returns elements of the array and reaches all of them; empty arrays throw', () => {
    const r = new Prng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(r.pick(['a', 'b', 'c', 'd']));
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  test('sample returns distinct elements, capped at the array length', () => {
    const r = new Prng(6);
    const s = r.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(s).toHaveLength(5);
    expect(new Set(s).size).toBe(5);
    expect(r.sample([1, 2], 5).sort()).toEqual([1, 2]);
  });

  test('shuffle permutes in place and every position is reachable', () => {
    const r = new Prng(7);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const arr = [0, 1, 2, 3, 4];
      expect(r.shuffle(arr)).toBe(arr);
      expect([...arr].sort()).toEqual([0, 1, 2, 3, 4]);
      firsts.add(arr[0] as number);
    }
    expect(firsts.size).toBe(5);
  });

  test('weighted picks in proportion to weights and never picks zero weights', () => {
    const r = new Prng(8);
    const pick = weightedPicker(['zero', 'one', 'three', 'zero2'], [0, 1, 3, 0]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 40_000; i++) {
      const v = pick(r);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts.zero).toBeUndefined();
    expect(counts.zero2).toBeUndefined();
    expect(Math.abs((counts.three ?? 0) / 40_000 - 0.75)).toBeLessThan(0.02);
    expect(['a', 'b'].includes(r.weighted(['a', 'b'], [1, 1]))).toBe(true);
  });

  test('weightedPicker rejects mismatched, negative, non-finite and all-zero weights', () => {
    expect(() => weightedPicker(['a'], [1, 2])).toThrow(RangeError);
    expect(() => weightedPicker([], [])).toThrow(RangeError);
    expect(() => weightedPicker(['a', 'b'], [1, -1])).toThrow(RangeError);
    expect(() => weightedPicker(['a'], [Infinity])).toThrow(RangeError);
    expect(() => weightedPicker(['a', 'b'], [0, 0])).toThrow(RangeError);
  });
});
