/**
 * A generated `beer-sample` bucket: breweries and their beers with the field names and
 * JSON types of Couchbase's beer-sample, values from our own seeded generator, plus the
 * `beer` design document with the sample's two views.
 *
 * As in the real sample, some breweries lack `geo`, `state` or `city`, many beers have
 * `ibu`, `srm` and `upc` of 0, and descriptions are often empty.
 */
import { BEER_STYLES, CATEGORY_LEANINGS, type BeerStyle, type BrewingTradition } from './beer-styles';
import { BREWERY_COUNTRIES, JA_DISTRICTS, STREETS_BY_LANGUAGE, type BreweryCountry, type PostalFormat } from './beer-places';
import * as B from './beer-words';
import { DEFAULT_SAMPLE_SEED, Prng, weightedPicker } from './prng';
import { FIRST_NAMES, LAST_NAMES, STREET_NAMES, UK_STREET_TYPES, US_STREET_TYPES } from './people-words';
import { capitalize, digits, fill, formatDateTime, roundTo, slugify, unixSeconds } from './sample-format';
import type { SampleEntry } from './travel-sample';

/** Brewery documents (key: slug of the name). Optional keys are absent, never null, as in the real sample. */
export type BreweryDoc = {
  name: string;
  city?: string;
  state?: string;
  /** Postal code; may be ''. */
  code: string;
  country: string;
  phone: string;
  website: string;
  type: 'brewery';
  /** `YYYY-MM-DD HH:MM:SS`. */
  updated: string;
  description: string;
  address: string[];
  geo?: { accuracy: string; lat: number; lng: number };
};

/** Beer documents (key: `<brewery key>-<beer slug>`). */
export type BeerDoc = {
  name: string;
  abv: number;
  ibu: number;
  srm: number;
  upc: number;
  type: 'beer';
  /** Key of the brewery's document. */
  brewery_id: string;
  updated: string;
  description: string;
  style: string;
  category: string;
};

/** Documents per type; fixed for every seed (the seed only decides which breweries brew how many). */
export const BEER_SAMPLE_COUNTS = { brewery: 1400, beer: 5900 } as const;

/**
 * The `beer` design document: the two views of Couchbase's beer-sample, written from
 * their documented definitions. `brewery_beers` lists each brewery followed by its beers
 * (one row per brewery and per beer); `by_location` counts breweries by country, state
 * and city, with the built-in `_count` reduce.
 */
export const BEER_SAMPLE_DESIGN_DOC = {
  views: {
    brewery_beers: {
      map: `function(doc, meta) {
  switch(doc.type) {
  case "brewery":
    emit([meta.id]);
    break;
  case "beer":
    if (doc.brewery_id) {
      emit([doc.brewery_id, meta.id]);
    }
    break;
  }
}`,
    },
    by_location: {
      map: `function (doc, meta) {
  if (doc.country && doc.state && doc.city) {
    emit([doc.country, doc.state, doc.city], 1);
  } else if (doc.country && doc.state) {
    emit([doc.country, doc.state], 1);
  } else if (doc.country) {
    emit([doc.country], 1);
  }
}`,
      reduce: '_count',
    },
  },
} as const;

const UPDATED_FROM = unixSeconds(2010, 7, 1);
const UPDATED_TO = unixSeconds(2011, 8, 31);
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A postal code in the country's shape. */
function postalCode(rng: Prng, format: PostalFormat): string {
  const L = (): string => LETTERS.charAt(rng.int(0, LETTERS.length - 1));
  const d = (): number => rng.int(0, 9);
  switch (format) {
    case 'us': return digits(rng.int(1001, 99950), 5);
    case 'ca': return `${L()}${d()}${L()} ${d()}${L()}${d()}`;
    case 'uk': return `${L()}${L()}${rng.int(1, 20)} ${d()}${L()}${L()}`;
    case 'nl': return `${rng.int(1000, 9999)} ${L()}${L()}`;
    case 'cz': return `${rng.int(100, 799)} ${digits(rng.int(0, 99), 2)}`;
    case 'jp': return `${digits(rng.int(0, 999), 3)}-${digits(rng.int(0, 9999), 4)}`;
    case 'd4': return String(rng.int(1000, 9999));
    case 'd5': return digits(rng.int(1000, 99999), 5);
    case 'none': return '';
  }
}

/**
 * A phone number. The US, UK, France and Australia use their regulators' ranges for
 * fiction; elsewhere no such range exists, so the number is random after the area code.
 */
function phoneNumber(rng: Prng, c: BreweryCountry): string {
  switch (c.country) {
    case 'United States':
    case 'Canada': return `1-${rng.int(201, 989)}-555-01${digits(rng.int(0, 99), 2)}`;
    case 'United Kingdom': return `44-${rng.pick(['113', '114', '115', '116', '117', '121', '131', '141', '161'] as const)}-496-0${digits(rng.int(0, 999), 3)}`;
    case 'France': return `33-1-99-00-${digits(rng.int(0, 99), 2)}-${digits(rng.int(0, 99), 2)}`;
    case 'Australia': return `61-2-5550-${digits(rng.int(0, 9999), 4)}`;
    default: return `${c.callingCode}-${rng.int(10, 99)}-${digits(rng.int(0, 999_999), 6)}`;
  }
}

/** One address line in the local style. */
function streetLine(rng: Prng, c: BreweryCountry): string {
  const northAmerica = c.country === 'United States' || c.country === 'Canada';
  const n = rng.int(1, northAmerica ? 9999 : 120);
  switch (c.language) {
    case 'en': return `${n} ${rng.pick(STREET_NAMES)} ${rng.pick(northAmerica ? US_STREET_TYPES : UK_STREET_TYPES)}`;
    case 'fr': return `${n} rue ${rng.pick(['de la Gare', 'du Moulin', 'des Brasseurs', 'Pasteur', 'de la Station', 'Haute'] as const)}`;
    case 'ja': return `${rng.int(1, 9)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${rng.pick(JA_DISTRICTS)}`;
    default: {
      // Continental style: street first, number after (`Hauptstraße 12`, `Via Roma 12`).
      const s = STREETS_BY_LANGUAGE[c.language];
      return `${rng.pick(s.stems)}${rng.pick(s.kinds)} ${n}`;
    }
  }
}

/** A brewery name and the distinctive word its beers may borrow (`Löwen`, `Harlow`, `Copper`). */
function breweryName(rng: Prng, c: BreweryCountry, city: string): { name: string; base: string } {
  if (c.language !== 'en' && rng.chance(0.7)) {
    const patterns = B.LOCAL_BREWERY_PATTERNS[c.language];
    const values = { n: rng.pick(LAST_NAMES), w: rng.pick(B.LOCAL_WORDS[c.language]), city };
    const pattern = rng.pick(patterns);
    // Beers borrow the bare word: `Gare Saison`, not `de la Gare Saison`.
    const word = values.w.replace(/^(de la |de l'|du |des )/, '');
    return { name: fill(pattern, values), base: pattern.includes('{n}') ? values.n : word };
  }
  const adj = rng.pick(B.BREWERY_ADJECTIVES);
  const noun = rng.pick(B.BREWERY_NOUNS);
  const kind = rng.pick(B.BREWERY_KINDS);
  const roll = rng.float();
  if (roll < 0.55) return { name: `${adj} ${noun} ${kind}`, base: adj };
  // No bare `<city> Brewing Company`: too many real breweries are named just that way.
  if (roll < 0.7) return { name: `${city} ${noun} ${kind}`, base: noun };
  if (roll < 0.85) {
    const n = rng.pick(LAST_NAMES);
    return { name: `${n} ${kind}`, base: n };
  }
  return { name: `${rng.pick(LAST_NAMES)} & ${rng.pick(LAST_NAMES)} ${kind}`, base: noun };
}

/** Style pickers per brewing tradition: category weight from the leaning, shared evenly by the category's styles. */
function stylePickers(): Map<BrewingTradition, (rng: Prng) => BeerStyle> {
  const pickers = new Map<BrewingTradition, (rng: Prng) => BeerStyle>();
  for (const tradition of Object.keys(CATEGORY_LEANINGS) as BrewingTradition[]) {
    const leaning: Readonly<Record<string, number>> = CATEGORY_LEANINGS[tradition];
    const weights = BEER_STYLES.map((s) => (leaning[s.category] ?? 1) / BEER_STYLES.filter((t) => t.category === s.category).length);
    pickers.set(tradition, weightedPicker(BEER_STYLES, weights));
  }
  return pickers;
}

/** A paragraph of `count` distinct sentences from `pool`, or '' when `count` is 0. */
function paragraph(rng: Prng, pool: readonly string[], count: number, values: () => Record<string, string>): string {
  return rng.sample(pool, count).map((s) => capitalize(fill(s, values()))).join(' ');
}

/** The colour word of an SRM value. */
function colourOf(srm: number): string {
  return (B.SRM_COLOURS.find(([bound]) => srm < bound) ?? B.SRM_COLOURS[B.SRM_COLOURS.length - 1])[1];
}

/** A name unique among `used` (slugs), retrying `make` and then numbering. */
function uniqueSlug(used: Set<string>, make: () => string): { name: string; slug: string } {
  let name = make();
  for (let tries = 0; used.has(slugify(name)) && tries < 30; tries++) name = make();
  const base = name;
  for (let k = 2; used.has(slugify(name)); k++) name = `${base} No. ${k}`;
  used.add(slugify(name));
  return { name, slug: slugify(name) };
}

/**
 * Generates the beer-sample: each brewery followed by its beers, as `[key, document]`
 * pairs. How many beers each brewery brews is decided up front (a heavy-tailed share of
 * the fixed total, so some breweries list one beer, a few dozens, and some none), then
 * documents are produced lazily.
 *
 * @param seed - any safe integer; the default gives the documents the dev cluster loads
 */
export function* generateBeerSample(seed: number = DEFAULT_SAMPLE_SEED): Generator<SampleEntry, void, undefined> {
  const alloc = Prng.derive(seed, 'beer/allocation');
  const breweries = Array.from({ length: BEER_SAMPLE_COUNTS.brewery }, (_, i) => i);
  const pickBrewery = weightedPicker(breweries, breweries.map(() => 1 / (alloc.float() + 0.06)));
  const beersOf = new Array<number>(breweries.length).fill(0);
  for (let i = 0; i < BEER_SAMPLE_COUNTS.beer; i++) beersOf[pickBrewery(alloc)]++;

  const rng = Prng.derive(seed, 'beer/breweries');
  const beerRng = Prng.derive(seed, 'beer/beers');
  const pickCountry = weightedPicker(BREWERY_COUNTRIES, BREWERY_COUNTRIES.map((c) => c.weight));
  const styles = stylePickers();
  const breweryKeys = new Set<string>();
  for (const index of breweries) {
    const country = pickCountry(rng);
    const [region, city, lat, lng] = rng.pick(country.places);
    const named = breweryName(rng, country, city);
    let key = slugify(named.name);
    if (breweryKeys.has(key)) key = `${key}_${slugify(city)}`;
    for (let k = 2; breweryKeys.has(key); k++) key = `${slugify(named.name)}_${k}`;
    breweryKeys.add(key);
    const hasCity = !rng.chance(0.02);
    const hasState = !rng.chance(country.noState);
    const lines = rng.chance(0.15) ? 0 : rng.chance(0.1) ? 2 : 1;
    const address = Array.from({ length: lines }, (_, i) => (i === 0 ? streetLine(rng, country) : rng.pick(['Suite 100', 'Unit 4', 'Building B', 'PO Box 12'] as const)));
    const beerCount = beersOf[index] ?? 0;
    const brewery: BreweryDoc = {
      name: named.name,
      ...(hasCity ? { city } : {}),
      ...(hasState ? { state: region } : {}),
      code: rng.chance(0.15) ? '' : postalCode(rng, country.postal),
      country: country.country,
      phone: rng.chance(0.1) ? '' : phoneNumber(rng, country),
      website: rng.chance(0.2) ? '' : `http://www.${key.replace(/_/g, '-')}.example/`,
      type: 'brewery',
      updated: formatDateTime(rng.int(UPDATED_FROM, UPDATED_TO)),
      description: rng.chance(0.45) ? '' : paragraph(rng, B.BREWERY_TEXTS, rng.int(1, 4), () => ({
        year: String(rng.int(1985, 2009)), founder: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, count: String(Math.max(2, beerCount)),
        building: rng.pick(B.BUILDINGS), oldYear: String(rng.int(1650, 1920)), year2: String(rng.int(2000, 2010)), city,
      })),
      address,
    };
    if (!rng.chance(0.12)) brewery.geo = { accuracy: rng.pick(B.BREWERY_GEO_ACCURACY), lat: roundTo(lat + rng.range(-0.06, 0.06), 6), lng: roundTo(lng + rng.range(-0.06, 0.06), 6) };
    yield [key, brewery];

    const pickStyle = styles.get(country.tradition) ?? ((r: Prng) => r.pick(BEER_STYLES));
    const beerSlugs = new Set<string>();
    for (let b = 0; b < beerCount; b++) {
      const style = pickStyle(beerRng);
      const { name, slug } = uniqueSlug(beerSlugs, () => {
        if (country.language !== 'en' && beerRng.chance(0.6)) {
          return beerRng.chance(0.5) ? `${named.base} ${style.label}` : `${named.base} ${beerRng.pick(['Spezial', 'Premium', 'Original', 'Reserve', 'Tradition', 'Grand Cru'] as const)} ${style.label}`;
        }
        const roll = beerRng.float();
        if (roll < 0.6) return `${beerRng.pick(B.BEER_FIRST_WORDS)} ${beerRng.pick(B.BEER_SECOND_WORDS)} ${style.label}`;
        if (roll < 0.8) return `${beerRng.pick(B.BEER_FIRST_WORDS)} ${style.label}`;
        return `${named.base} ${style.label}`;
      });
      const srm = beerRng.chance(0.55) ? 0 : beerRng.int(style.srm[0], style.srm[1]);
      const colourSrm = srm || (style.srm[0] + style.srm[1]) / 2;
      const beer: BeerDoc = {
        name,
        abv: roundTo(beerRng.range(style.abv[0], style.abv[1]), 1),
        ibu: beerRng.chance(0.6) ? 0 : beerRng.int(style.ibu[0], style.ibu[1]),
        srm,
        upc: beerRng.chance(0.85) ? 0 : beerRng.int(100_000, 999_999) * 1_000_000 + beerRng.int(0, 999_999),
        type: 'beer',
        brewery_id: key,
        updated: formatDateTime(beerRng.int(UPDATED_FROM, UPDATED_TO)),
        description: beerRng.chance(0.35) ? '' : paragraph(beerRng, B.BEER_TEXTS, beerRng.int(1, 4), () => ({
          malt: beerRng.pick(B.MALTS), hop: beerRng.pick(B.HOPS), colour: colourOf(colourSrm), head: beerRng.pick(B.HEADS),
          flavour: beerRng.pick(B.FLAVOURS), flavour2: beerRng.pick(B.FLAVOURS), style: style.style.toLowerCase(), season: beerRng.pick(B.SEASONS), months: String(beerRng.int(2, 18)),
        })),
        style: style.style,
        category: style.category,
      };
      yield [`${key}-${slug}`, beer];
    }
  }
}
