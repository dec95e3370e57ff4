/**
 * Tests of the generated travel-sample (samples/travel-sample.ts), on the default seed
 * unless stated.
 *
 * Proves: document counts (in the brief's ranges, equal to TRAVEL_SAMPLE_COUNTS, and the
 * same for another seed); keys unique and `<type>_<id>`; every document's field names,
 * order and JSON types as written out below (the schema of Couchbase's travel-sample);
 * referential integrity (routes name existing airlines and distinct existing airports,
 * codes unique); distances equal an independent haversine; geography is consistent (one
 * country per city, zones of the country, venues only in airport cities); and the plain-JS
 * equivalents of common tutorial queries give non-trivial groupings, with typed-in values
 * for the default seed so unintended generator changes show up.
 */
import { TRAVEL_SAMPLE_COUNTS, generateTravelSample } from '../../src/samples/travel-sample';
import type { AirlineDoc, AirportDoc, HotelDoc, LandmarkDoc, RouteDoc } from '../../src/samples/travel-sample';
import { NON_EMPTY, STRING_OR_NULL, check, type ObjectSpec, type TypeSpec } from './json-schema';

const COUNTRY: TypeSpec = { oneOf: [{ literal: 'United States' }, { literal: 'United Kingdom' }, { literal: 'France' }] };
const LAT: TypeSpec = { range: [-90, 90] };
const LON: TypeSpec = { range: [-180, 180] };
const GEO_ACCURACY: TypeSpec = { oneOf: [{ literal: 'ROOFTOP' }, { literal: 'RANGE_INTERPOLATED' }, { literal: 'APPROXIMATE' }] };
const RATING: TypeSpec = { range: [1, 5], integer: true };

/** The expected shape of each document type, written from the travel-sample's documented fields. */
const SCHEMAS: Readonly<Record<string, ObjectSpec>> = {
  airline: {
    fields: { id: 'integer', type: { literal: 'airline' }, name: NON_EMPTY, iata: { oneOf: [{ pattern: /^[A-Z]{2}$/ }, 'null'] }, icao: { pattern: /^[A-Z]{3}$/ }, callsign: NON_EMPTY, country: COUNTRY },
  },
  airport: {
    fields: {
      id: 'integer', type: { literal: 'airport' }, airportname: NON_EMPTY, city: NON_EMPTY, country: COUNTRY,
      faa: { pattern: /^[A-Z]{3}$/ }, icao: { pattern: /^[A-Z]{4}$/ }, tz: { pattern: /^(America|Europe|Pacific)\/[A-Za-z_/]+$/ },
      geo: { fields: { lat: LAT, lon: LON, alt: 'integer' } },
    },
  },
  route: {
    fields: {
      id: 'integer', type: { literal: 'route' }, airline: { pattern: /^[A-Z]{2}$/ }, airlineid: { pattern: /^airline_\d+$/ },
      sourceairport: { pattern: /^[A-Z]{3}$/ }, destinationairport: { pattern: /^[A-Z]{3}$/ }, stops: { literal: 0 },
      equipment: { pattern: /^[0-9A-Z]{3}( [0-9A-Z]{3}){0,2}$/ },
      schedule: { arrayOf: { fields: { day: { range: [0, 6], integer: true }, utc: { pattern: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/ }, flight: { pattern: /^[A-Z]{2}\d{3}$/ } } }, minItems: 1 },
      distance: { range: [0.001, 20_040] },
    },
  },
  hotel: {
    fields: {
      title: NON_EMPTY, name: NON_EMPTY, address: NON_EMPTY, directions: STRING_OR_NULL, phone: NON_EMPTY, tollfree: 'null',
      email: { oneOf: [{ pattern: /^[^@\s]+@[^@\s]+$/ }, 'null'] }, fax: 'null', url: { pattern: /^https?:\/\// }, checkin: STRING_OR_NULL,
      checkout: NON_EMPTY, price: STRING_OR_NULL, geo: { fields: { lat: LAT, lon: LON, accuracy: GEO_ACCURACY } }, type: { literal: 'hotel' },
      id: 'integer', country: COUNTRY, city: NON_EMPTY, state: STRING_OR_NULL,
      reviews: {
        arrayOf: {
          fields: {
            content: NON_EMPTY,
            ratings: { fields: { Service: RATING, Cleanliness: RATING, Overall: RATING, Value: RATING, Location: RATING, Rooms: RATING }, optional: ['Service', 'Cleanliness', 'Overall', 'Value', 'Location', 'Rooms'] },
            author: NON_EMPTY,
            date: { pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0300$/ },
          },
        },
      },
      public_likes: { arrayOf: NON_EMPTY }, vacancy: 'boolean', description: NON_EMPTY, alias: 'null',
      pets_ok: 'boolean', free_breakfast: 'boolean', free_internet: 'boolean', free_parking: 'boolean',
    },
  },
  landmark: {
    fields: {
      title: NON_EMPTY, name: NON_EMPTY, alt: 'null', address: NON_EMPTY, directions: 'null', phone: NON_EMPTY, tollfree: 'null', email: 'null',
      url: { pattern: /^https?:\/\// }, hours: 'null', image: 'null', price: 'null', content: NON_EMPTY,
      geo: { fields: { lat: LAT, lon: LON, accuracy: GEO_ACCURACY } },
      activity: { oneOf: ['see', 'eat', 'do', 'drink', 'buy', 'listing'].map((a) => ({ literal: a })) }, type: { literal: 'landmark' },
      id: 'integer', country: COUNTRY, city: NON_EMPTY, state: 'null',
    },
  },
};

/** Haversine via atan2 (the generator uses asin), Earth radius 6371 km: an independent check of `distance`. */
function referenceDistanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const toRad = (d: number): number => (d * Math.PI) / 180;
  const s = Math.sin(toRad(b.lat - a.lat) / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(toRad(b.lon - a.lon) / 2) ** 2;
  return 6371 * 2 * Math.atan2(Math.sqrt(s), Math.sqrt(1 - s));
}

/** Counts of `key(item)`, largest first. */
function groupCount<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const entries = [...generateTravelSample()];
const byType = (type: string): Record<string, unknown>[] => entries.map(([, d]) => d).filter((d) => d.type === type);
const airlines = byType('airline') as unknown as AirlineDoc[];
const airports = byType('airport') as unknown as AirportDoc[];
const routes = byType('route') as unknown as RouteDoc[];
const hotels = byType('hotel') as unknown as HotelDoc[];
const landmarks = byType('landmark') as unknown as LandmarkDoc[];

describe('counts and keys', () => {
  test('counts per type: in the brief ranges, as exported, typed in', () => {
    const counts = Object.fromEntries(groupCount(entries, ([, d]) => String(d.type)));
    expect(counts).toEqual({ airline: 190, airport: 1968, route: 24000, hotel: 900, landmark: 4500 });
    expect(counts).toEqual(TRAVEL_SAMPLE_COUNTS);
    expect(entries).toHaveLength(31_558);
    expect(counts.airline).toBeGreaterThanOrEqual(170);
    expect(counts.airport).toBeGreaterThanOrEqual(1800);
    expect(counts.route).toBeGreaterThanOrEqual(22_000);
    expect(counts.hotel).toBeGreaterThanOrEqual(800);
    expect(counts.landmark).toBeGreaterThanOrEqual(4000);
  });

  test('another seed gives the same counts', () => {
    const other = groupCount([...generateTravelSample(7)], ([, d]) => String(d.type));
    expect(Object.fromEntries(other)).toEqual(TRAVEL_SAMPLE_COUNTS);
  });

  test('keys are unique and are `<type>_<id>`', () => {
    expect(new Set(entries.map(([k]) => k)).size).toBe(entries.length);
    const bad = entries.filter(([k, d]) => k !== `${String(d.type)}_${String(d.id)}`);
    expect(bad).toEqual([]);
  });
});

describe('document shapes', () => {
  test.each(Object.keys(SCHEMAS))('every %s has exactly the expected fields and JSON types', (type) => {
    const schema = SCHEMAS[type] as ObjectSpec;
    const errors: string[] = [];
    for (const doc of byType(type)) check(doc, schema, `${type}_${String(doc.id)}`, errors);
    expect(errors.slice(0, 10)).toEqual([]);
  });

  test('nullable and optional values take both forms somewhere (typed in)', () => {
    const count = (xs: readonly unknown[], f: (x: never) => boolean): number => xs.filter((x) => f(x as never)).length;
    expect({
      airlinesWithoutIata: count(airlines, (a: AirlineDoc) => a.iata === null),
      hotelsWithoutDirections: count(hotels, (h: HotelDoc) => h.directions === null),
      hotelsWithoutEmail: count(hotels, (h: HotelDoc) => h.email === null),
      hotelsWithoutCheckin: count(hotels, (h: HotelDoc) => h.checkin === null),
      hotelsWithoutPrice: count(hotels, (h: HotelDoc) => h.price === null),
      hotelsWithoutReviews: count(hotels, (h: HotelDoc) => h.reviews.length === 0),
      reviewsMissingARating: hotels.flatMap((h) => h.reviews).filter((r) => Object.keys(r.ratings).length < 6).length,
    }).toEqual({
      airlinesWithoutIata: 11,
      hotelsWithoutDirections: 464,
      hotelsWithoutEmail: 551,
      hotelsWithoutCheckin: 233,
      hotelsWithoutPrice: 275,
      hotelsWithoutReviews: 137,
      reviewsMissingARating: 2142,
    });
    // Overall is the one rating every review gives.
    expect(hotels.every((h) => h.reviews.every((r) => r.ratings.Overall !== undefined))).toBe(true);
  });
});

describe('referential integrity', () => {
  const airlineByKey = new Map(airlines.map((a) => [`airline_${a.id}`, a]));
  const airportByFaa = new Map(airports.map((a) => [a.faa, a]));

  test('codes are unique: faa and icao of airports, iata (when set), icao and callsign of airlines', () => {
    const unique = (xs: readonly (string | null)[]): boolean => new Set(xs).size === xs.length;
    expect(unique(airports.map((a) => a.faa))).toBe(true);
    expect(unique(airports.map((a) => a.icao))).toBe(true);
    expect(unique(airlines.map((a) => a.iata).filter((c) => c !== null))).toBe(true);
    expect(unique(airlines.map((a) => a.icao))).toBe(true);
    expect(unique(airlines.map((a) => a.callsign))).toBe(true);
  });

  test('every route names an existing airline by key and by its iata, and its flights carry that iata', () => {
    const bad = routes.filter((r) => {
      const airline = airlineByKey.get(r.airlineid);
      return airline === undefined || airline.iata !== r.airline || r.schedule.some((f) => !f.flight.startsWith(r.airline));
    });
    expect(bad).toEqual([]);
  });

  test('every route joins two distinct existing airports; no airline flies the same leg twice', () => {
    expect(routes.filter((r) => !airportByFaa.has(r.sourceairport) || !airportByFaa.has(r.destinationairport))).toEqual([]);
    expect(routes.filter((r) => r.sourceairport === r.destinationairport)).toEqual([]);
    expect(new Set(routes.map((r) => `${r.airline}|${r.sourceairport}|${r.destinationairport}`)).size).toBe(routes.length);
  });

  test('every route distance equals an independent haversine of its airports (within 1e-5 km)', () => {
    const worst = Math.max(
      ...routes.map((r) => {
        const from = airportByFaa.get(r.sourceairport) as AirportDoc;
        const to = airportByFaa.get(r.destinationairport) as AirportDoc;
        return Math.abs(r.distance - referenceDistanceKm(from.geo, to.geo));
      }),
    );
    expect(worst).toBeLessThan(1e-5);
  });

  test('schedules are sorted by day, then time', () => {
    const unsorted = routes.filter((r) => r.schedule.some((f, i) => i > 0 && `${(r.schedule[i - 1] as typeof f).day}${(r.schedule[i - 1] as typeof f).utc}` > `${f.day}${f.utc}`));
    expect(unsorted).toEqual([]);
  });
});

describe('geography', () => {
  const cityCountry = new Map<string, Set<string>>();
  for (const d of [...airports, ...hotels, ...landmarks]) {
    const set = cityCountry.get(d.city) ?? new Set<string>();
    set.add(d.country);
    cityCountry.set(d.city, set);
  }

  test('each city belongs to exactly one country', () => {
    expect([...cityCountry].filter(([, set]) => set.size !== 1).map(([city]) => city)).toEqual([]);
  });

  test('time zones match the country; hotels have a state exactly when in the US', () => {
    const zoneOk = (a: AirportDoc): boolean =>
      a.country === 'United States' ? /^(America|Pacific)\//.test(a.tz) : a.tz === (a.country === 'France' ? 'Europe/Paris' : 'Europe/London');
    expect(airports.filter((a) => !zoneOk(a))).toEqual([]);
    expect(hotels.filter((h) => (h.country === 'United States') !== (h.state !== null))).toEqual([]);
  });

  test('hotels and landmarks are in airport cities, within ~10 km of the city airports', () => {
    const airportCities = new Map(airports.map((a) => [a.city, a]));
    const far = [...hotels, ...landmarks].filter((v) => {
      const a = airportCities.get(v.city);
      return a === undefined || referenceDistanceKm(a.geo, v.geo) > 40;
    });
    expect(far).toEqual([]);
  });
});

describe('plain-JS versions of common queries (default seed, typed in)', () => {
  test('airports per country', () => {
    expect(groupCount(airports, (a) => a.country)).toEqual([['United States', 1562], ['France', 222], ['United Kingdom', 184]]);
  });

  test('busiest departure airports, and routes from there', () => {
    const top = groupCount(routes, (r) => r.sourceairport).slice(0, 3);
    expect(top).toEqual([['ATL', 528], ['LON', 517], ['MIA', 490]]);
    const from = routes.filter((r) => r.sourceairport === top[0]?.[0]);
    expect(new Set(from.map((r) => r.destinationairport)).size).toBe(260);
  });

  test('most return legs exist (A→B and B→A by the same airline)', () => {
    const legs = new Set(routes.map((r) => `${r.airline}|${r.sourceairport}|${r.destinationairport}`));
    const withReturn = routes.filter((r) => legs.has(`${r.airline}|${r.destinationairport}|${r.sourceairport}`)).length;
    expect(withReturn).toBe(21_384);
    expect(withReturn / routes.length).toBeGreaterThan(0.6);
  });

  test('hotels per country and top cities; landmarks per activity', () => {
    expect(groupCount(hotels, (h) => h.country)).toEqual([['United States', 656], ['France', 127], ['United Kingdom', 117]]);
    expect(groupCount(hotels, (h) => h.city).slice(0, 3)).toEqual([['Atlanta', 33], ['Dallas', 28], ['Chicago', 27]]);
    const activities = groupCount(landmarks, (l) => l.activity);
    expect(activities.map(([a]) => a).sort()).toEqual(['buy', 'do', 'drink', 'eat', 'listing', 'see']);
    expect(activities).toEqual([['see', 1595], ['eat', 1340], ['do', 568], ['drink', 469], ['buy', 353], ['listing', 175]]);
  });

  test('airlines per country', () => {
    expect(groupCount(airlines, (a) => a.country)).toEqual([['United States', 104], ['United Kingdom', 46], ['France', 40]]);
  });
});
