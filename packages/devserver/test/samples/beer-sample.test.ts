/**
 * Tests of the generated beer-sample (samples/beer-sample.ts), on the default seed unless
 * stated.
 *
 * Proves: counts (in the brief's ranges, equal to BEER_SAMPLE_COUNTS, the same for another
 * seed); key formats (brewery slug, `<brewery>-<beer slug>`) and uniqueness; every
 * document's field names, order and JSON types as written out below, including the
 * optional `city`/`state`/`geo` of breweries (absent, never null, and absent somewhere);
 * every beer's brewery exists; values stay in their style's ranges; and the design
 * document's two views, run as JavaScript the way a view engine would, emit the expected
 * rows (brewery_beers: one per brewery and beer, over 7 000) and non-trivial groupings.
 */
import { BEER_SAMPLE_COUNTS, BEER_SAMPLE_DESIGN_DOC, generateBeerSample, type BeerDoc, type BreweryDoc } from '../../src/samples/beer-sample';
import { BEER_CATEGORIES } from '../../src/samples/beer-styles';
import { NON_EMPTY, check, type ObjectSpec, type TypeSpec } from './json-schema';

const DATE_TIME: TypeSpec = { pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/ };

/** Expected document shapes, written from the beer-sample's documented fields. */
const BREWERY_SCHEMA: ObjectSpec = {
  fields: {
    name: NON_EMPTY, city: NON_EMPTY, state: NON_EMPTY, code: 'string', country: NON_EMPTY, phone: 'string', website: 'string',
    type: { literal: 'brewery' }, updated: DATE_TIME, description: 'string', address: { arrayOf: NON_EMPTY },
    geo: { fields: { accuracy: NON_EMPTY, lat: { range: [-90, 90] }, lng: { range: [-180, 180] } } },
  },
  optional: ['city', 'state', 'geo'],
};
const BEER_SCHEMA: ObjectSpec = {
  fields: {
    name: NON_EMPTY, abv: { range: [0.5, 15] }, ibu: { range: [0, 120], integer: true }, srm: { range: [0, 60], integer: true },
    upc: { range: [0, 999_999_999_999], integer: true }, type: { literal: 'beer' }, brewery_id: { pattern: /^[a-z0-9_]+$/ },
    updated: DATE_TIME, description: 'string', style: NON_EMPTY, category: NON_EMPTY,
  },
};

/** A view row as a view engine would produce it. */
type Row = { key: unknown; value: unknown; id: string };

/** Runs a map function's source over every document, collecting what it emits. */
function runView(mapSource: string, docs: readonly [string, Record<string, unknown>][]): Row[] {
  const rows: Row[] = [];
  let current = '';
  const emit = (key: unknown, value: unknown = null): void => {
    rows.push({ key, value, id: current });
  };
  // The same trick a view engine uses: evaluate the source as a function expression with `emit` in scope.
  const map = new Function('emit', `return (${mapSource});`)(emit) as (doc: unknown, meta: { id: string }) => void;
  for (const [id, doc] of docs) {
    current = id;
    map(doc, { id });
  }
  return rows;
}

/** Counts of `key(item)`, largest first. */
function groupCount<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const entries = [...generateBeerSample()];
const breweries = entries.filter(([, d]) => d.type === 'brewery') as unknown as [string, BreweryDoc][];
const beers = entries.filter(([, d]) => d.type === 'beer') as unknown as [string, BeerDoc][];
const breweryKeys = new Set(breweries.map(([k]) => k));

describe('counts and keys', () => {
  test('counts per type: in the brief ranges, as exported, typed in', () => {
    expect({ brewery: breweries.length, beer: beers.length }).toEqual({ brewery: 1400, beer: 5900 });
    expect({ brewery: breweries.length, beer: beers.length }).toEqual(BEER_SAMPLE_COUNTS);
    expect(entries).toHaveLength(breweries.length + beers.length);
  });

  test('another seed gives the same counts', () => {
    const other = groupCount([...generateBeerSample(99)], ([, d]) => String(d.type));
    expect(Object.fromEntries(other)).toEqual(BEER_SAMPLE_COUNTS);
  });

  test('keys are unique; breweries are slugs, beers `<brewery key>-<beer slug>`', () => {
    expect(new Set(entries.map(([k]) => k)).size).toBe(entries.length);
    expect(breweries.filter(([k]) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(k))).toEqual([]);
    expect(beers.filter(([k, b]) => !k.startsWith(`${b.brewery_id}-`) || !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(k.slice(b.brewery_id.length + 1)))).toEqual([]);
  });

  test('a brewery key is the slug of its name, possibly with a suffix', () => {
    const slug = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    expect(breweries.filter(([k, b]) => !k.startsWith(slug(b.name)))).toEqual([]);
  });
});

describe('document shapes', () => {
  test('every brewery has exactly the expected fields and JSON types', () => {
    const errors: string[] = [];
    for (const [k, d] of breweries) check(d, BREWERY_SCHEMA, k, errors);
    expect(errors.slice(0, 10)).toEqual([]);
  });

  test('every beer has exactly the expected fields and JSON types', () => {
    const errors: string[] = [];
    for (const [k, d] of beers) check(d, BEER_SCHEMA, k, errors);
    expect(errors.slice(0, 10)).toEqual([]);
  });

  test('missing and empty values occur as in the real sample (typed in)', () => {
    const count = <T>(xs: readonly [string, T][], f: (d: T) => boolean): number => xs.filter(([, d]) => f(d)).length;
    expect({
      breweriesWithoutGeo: count(breweries, (b) => b.geo === undefined),
      breweriesWithoutState: count(breweries, (b) => b.state === undefined),
      breweriesWithoutCity: count(breweries, (b) => b.city === undefined),
      breweriesWithoutCode: count(breweries, (b) => b.code === ''),
      breweriesWithoutDescription: count(breweries, (b) => b.description === ''),
      beersWithIbu0: count(beers, (b) => b.ibu === 0),
      beersWithUpc: count(beers, (b) => b.upc !== 0),
      beersWithoutDescription: count(beers, (b) => b.description === ''),
    }).toEqual({
      breweriesWithoutGeo: 163,
      breweriesWithoutState: 170,
      breweriesWithoutCity: 27,
      breweriesWithoutCode: 228,
      breweriesWithoutDescription: 625,
      beersWithIbu0: 3531,
      beersWithUpc: 920,
      beersWithoutDescription: 2199,
    });
  });
});

describe('integrity and plausibility', () => {

  test("every beer's brewery_id is an existing brewery", () => {
    expect(beers.filter(([, b]) => !breweryKeys.has(b.brewery_id))).toEqual([]);
  });

  test("style belongs to its category, and abv / ibu / srm lie in the style's ranges (0 meaning unknown)", () => {
    const table = BEER_CATEGORIES as unknown as Record<string, readonly (readonly [string, string, number, number, number, number, number, number])[]>;
    const bad = beers.filter(([, b]) => {
      const row = table[b.category]?.find(([style]) => style === b.style);
      if (row === undefined) return true;
      const [, , abv0, abv1, ibu0, ibu1, srm0, srm1] = row;
      return b.abv < abv0 || b.abv > abv1 || (b.ibu !== 0 && (b.ibu < ibu0 || b.ibu > ibu1)) || (b.srm !== 0 && (b.srm < srm0 || b.srm > srm1));
    });
    expect(bad).toEqual([]);
  });

  test('beer counts per brewery are heavy-tailed: some breweries list none, a few many (typed in)', () => {
    const perBrewery = groupCount(beers, ([, b]) => b.brewery_id);
    expect({ withoutBeers: breweries.length - perBrewery.length, most: perBrewery[0] }).toEqual({ withoutBeers: 118, most: ['ramsey_lindley_brewery', 31] });
  });
});

describe('design document and views', () => {
  test('has the two views of the real sample, by_location with the built-in _count reduce', () => {
    expect(Object.keys(BEER_SAMPLE_DESIGN_DOC.views)).toEqual(['brewery_beers', 'by_location']);
    expect(BEER_SAMPLE_DESIGN_DOC.views.by_location.reduce).toBe('_count');
    expect('reduce' in BEER_SAMPLE_DESIGN_DOC.views.brewery_beers).toBe(false);
  });

  test('brewery_beers emits one row per brewery and per beer (over 7 000), each beer keyed under its brewery', () => {
    const rows = runView(BEER_SAMPLE_DESIGN_DOC.views.brewery_beers.map, entries);
    expect(rows).toHaveLength(7300);
    expect(rows.length).toBeGreaterThan(7000);
    const breweryRows = rows.filter((r) => (r.key as unknown[]).length === 1);
    expect(breweryRows.map((r) => r.id).sort()).toEqual([...breweryKeys].sort());
    expect(rows.filter((r) => (r.key as unknown[]).length === 2 && (r.key as string[])[1] !== r.id)).toEqual([]);
  });

  test('by_location emits one row per brewery, keyed by the location parts it has (typed in)', () => {
    const rows = runView(BEER_SAMPLE_DESIGN_DOC.views.by_location.map, entries);
    expect(rows).toHaveLength(breweries.length);
    expect(rows.every((r) => r.value === 1)).toBe(true);
    const byDepth = groupCount(rows, (r) => String((r.key as unknown[]).length));
    expect(byDepth).toEqual([['3', 1206], ['1', 170], ['2', 24]]);
    // group_level=1: breweries per country.
    const countries = groupCount(rows, (r) => String((r.key as string[])[0]));
    expect(countries.length).toBeGreaterThan(1);
    expect(countries.slice(0, 4)).toEqual([['United States', 866], ['Belgium', 111], ['United Kingdom', 85], ['Germany', 83]]);
  });
});

describe('plain-JS versions of common queries (default seed, typed in)', () => {
  test('US breweries per state', () => {
    const us = breweries.filter(([, b]) => b.country === 'United States' && b.state !== undefined);
    const states = groupCount(us, ([, b]) => b.state as string);
    expect(states.length).toBe(50);
    expect(states.slice(0, 3)).toEqual([['California', 123], ['Florida', 39], ['Texas', 37]]);
  });

  test('beers per category: all eleven categories present', () => {
    const categories = groupCount(beers, ([, b]) => b.category);
    expect(categories.map(([c]) => c).sort()).toEqual(Object.keys(BEER_CATEGORIES).sort());
    expect(categories.slice(0, 3)).toEqual([['North American Ale', 1907], ['Belgian and French Ale', 643], ['British Ale', 524]]);
  });

  test('strongest beers (ORDER BY abv DESC LIMIT 3)', () => {
    const top = [...beers].sort(([ka, a], [kb, b]) => b.abv - a.abv || (ka < kb ? -1 : 1)).slice(0, 3);
    expect(top.map(([k, b]) => [k, b.abv])).toEqual([
      ['bierbrouwerij_kroon_brussel-rusty_barrel_aged', 12.6],
      ['hayes_brewery_taproom-hayes_barrel_aged', 12.6],
      ['merritt_hewitt_brewery_taproom-foggy_barrel_aged', 12.6],
    ]);
  });
});
