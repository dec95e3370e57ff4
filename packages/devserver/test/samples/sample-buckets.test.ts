/**
 * Tests of the sample registry (samples/index.ts) and of the generators' determinism and
 * speed.
 *
 * Proves: SAMPLE_BUCKETS lists both samples with their generator, counts, primary index,
 * travel-sample's secondary indexes and beer-sample's `beer` design document;
 * sampleNames/isSampleName accept exactly the two names (not inherited keys); a
 * generation is identical when repeated, differs for another seed, and hashes to a
 * typed-in SHA-256 for the default seed (so any change to the generated documents, however
 * small, fails here and must be deliberate); generating both samples stays fast.
 */
import { createHash } from 'node:crypto';
import { BEER_SAMPLE_DESIGN_DOC, DEFAULT_SAMPLE_SEED, SAMPLE_BUCKETS, isSampleName, sampleNames, type SampleEntry } from '../../src/samples';

/** SHA-256 over `key \n JSON \n` of every entry, in generation order. */
function digest(entries: Iterable<SampleEntry>): { sha256: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const [key, doc] of entries) {
    hash.update(`${key}\n${JSON.stringify(doc)}\n`);
    count++;
  }
  return { sha256: hash.digest('hex'), count };
}

describe('registry', () => {
  test('lists travel-sample and beer-sample, in that order', () => {
    expect(sampleNames()).toEqual(['travel-sample', 'beer-sample']);
  });

  test('isSampleName accepts exactly the sample names', () => {
    expect(isSampleName('travel-sample')).toBe(true);
    expect(isSampleName('beer-sample')).toBe(true);
    for (const other of ['gamesim-sample', 'default', 'Travel-Sample', '', 'toString', '__proto__', 'constructor', 42, null, undefined]) expect(isSampleName(other)).toBe(false);
  });

  test('travel-sample: primary index and the def_* secondary indexes on plain fields', () => {
    const spec = SAMPLE_BUCKETS['travel-sample'];
    expect(spec.primaryIndex).toBe(true);
    expect(spec.secondaryIndexes.map((i) => i.name)).toEqual(['def_type', 'def_city', 'def_faa', 'def_icao', 'def_airportname', 'def_sourceairport', 'def_name_type']);
    expect(spec.secondaryIndexes.find((i) => i.name === 'def_faa')?.keys).toEqual(['faa']);
    expect(Object.keys(spec.designDocs)).toEqual([]);
  });

  test('beer-sample: primary index and the beer design document', () => {
    const spec = SAMPLE_BUCKETS['beer-sample'];
    expect(spec.primaryIndex).toBe(true);
    expect(spec.secondaryIndexes).toEqual([]);
    expect(spec.designDocs.beer).toBe(BEER_SAMPLE_DESIGN_DOC);
  });

  test('each generator yields as many documents per type as its counts say', () => {
    for (const name of sampleNames()) {
      const spec = SAMPLE_BUCKETS[name];
      const counts: Record<string, number> = {};
      for (const [, doc] of spec.generate()) counts[String(doc.type)] = (counts[String(doc.type)] ?? 0) + 1;
      expect(counts).toEqual(spec.counts);
    }
  });
});

describe('determinism', () => {
  test('the default seed is the one typed in here', () => {
    expect(DEFAULT_SAMPLE_SEED).toBe(20_130_617);
  });

  test.each(sampleNames())('%s: same seed twice gives identical output; another seed differs', (name) => {
    const generate = SAMPLE_BUCKETS[name].generate;
    const a = digest(generate());
    expect(digest(generate(DEFAULT_SAMPLE_SEED))).toEqual(a);
    const other = digest(generate(1));
    expect(other.count).toBe(a.count);
    expect(other.sha256).not.toBe(a.sha256);
  });

  test('SHA-256 of the default generation is fixed (update deliberately when the generator changes)', () => {
    expect(digest(SAMPLE_BUCKETS['travel-sample'].generate())).toEqual({ sha256: '8730af2ee415407a65d840695332da1e99bf32fbd660bb5c69b0d4f2bec88cae', count: 31_558 });
    expect(digest(SAMPLE_BUCKETS['beer-sample'].generate())).toEqual({ sha256: '257548edd2a05e52fe96db226f4b64ce4c8080362a787380944b7f40255e02c7', count: 7300 });
  });
});

describe('speed', () => {
  test('generating both samples takes well under the 10 s bound (about half a second here)', () => {
    const start = performance.now();
    let n = 0;
    for (const name of sampleNames()) for (const _entry of SAMPLE_BUCKETS[name].generate()) n++;
    const ms = performance.now() - start;
    expect(n).toBe(31_558 + 7300);
    expect(ms).toBeLessThan(10_000);
  });
});
