/**
 * The air network of the generated travel-sample: cities (anchors and generated towns),
 * their airports, the airlines, and the routes between airports. Built in memory first
 * (a few thousand small records) because routes, hotels and landmarks all refer back to
 * it; only the 24 000 routes are streamed.
 *
 * Each part draws from its own named stream of the seed (see `Prng.derive`).
 */
import { Prng, weightedPicker } from './prng';
import { AIRPORTS_PER_COUNTRY, FR_ANCHORS, TRAVEL_COUNTRIES, UK_ANCHORS, US_ANCHORS, type TravelCountryName } from './travel-places';
import { townName } from './town-names';
import { LAST_NAMES } from './people-words';
import { AIRCRAFT_TYPES, AIRLINE_KINDS, AIRLINE_WORDS, AIRPORT_PATTERNS, SECONDARY_AIRPORT_PATTERNS } from './travel-words';
import { digits, fill, haversineKm, lettersOf, pad2, roundTo } from './sample-format';

/** A city of the travel-sample: every one has at least one airport. */
export interface TravelCity {
  readonly name: string;
  readonly country: TravelCountryName;
  /** US state; null elsewhere (travel-sample documents outside the US carry no state). */
  readonly state: string | null;
  readonly lat: number;
  readonly lon: number;
  /** Elevation in feet. */
  readonly alt: number;
  readonly tz: string;
  /** 1–5 for anchor cities, 0 for generated towns. */
  readonly hub: number;
}

/** An airport record, before it becomes a document. */
export interface TravelAirport {
  readonly id: number;
  readonly name: string;
  readonly city: TravelCity;
  readonly faa: string;
  readonly icao: string;
  readonly lat: number;
  readonly lon: number;
  readonly alt: number;
  /** Relative share of route endpoints. */
  readonly weight: number;
}

/** An airline record, before it becomes a document. */
export interface TravelAirline {
  readonly id: number;
  readonly name: string;
  readonly iata: string | null;
  readonly icao: string;
  readonly callsign: string;
  readonly country: TravelCountryName;
  /** Aircraft types it flies; route `equipment` is drawn from these. */
  readonly fleet: readonly string[];
  /** Airports it mostly flies from. */
  readonly bases: readonly TravelAirport[];
  /** Relative share of routes (Zipf-like: a few big carriers, many small ones). */
  readonly weight: number;
}

/** The in-memory part of the travel-sample. */
export interface TravelNetwork {
  readonly cities: readonly TravelCity[];
  readonly airports: readonly TravelAirport[];
  readonly airlines: readonly TravelAirline[];
}

/** Number of airlines (the real sample has 187). */
export const AIRLINE_COUNT = 190;
/** Number of routes (the real sample has 24 024). */
export const ROUTE_COUNT = 24_000;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `length` random capital letters. */
function randomLetters(rng: Prng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += LETTERS.charAt(rng.int(0, 25));
  return s;
}

/**
 * The first candidate code not yet in `taken` (and records it): readable codes derived
 * from the name come first, so big cities, processed first, get the obvious ones; random
 * codes are the fallback once the readable ones run out.
 */
function claimCode(rng: Prng, taken: Set<string>, candidates: readonly string[], prefix: string, length: number): string {
  for (const c of candidates) {
    const code = prefix + c;
    if (c.length === length && !taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
  for (;;) {
    const code = prefix + randomLetters(rng, length);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

/**
 * Readable code candidates from a name, first letter kept as airport codes usually do:
 * initials for several words (`Salt Lake City` → `SLC`, `Los Angeles` → `LAN`), then
 * `LON`, `LND`, `LOD`, … for one word.
 */
function codeCandidates(name: string, length: number): string[] {
  const l = lettersOf(name);
  const consonants = l.charAt(0) + l.slice(1).replace(/[AEIOU]/g, '');
  const words = name.split(/[\s-]+/).map(lettersOf).filter((w) => w.length > 0);
  const out: string[] = [];
  if (words.length > 1) {
    const last = words[words.length - 1] ?? '';
    out.push((words.map((w) => w.charAt(0)).join('') + last.slice(1).replace(/[AEIOU]/g, '')).slice(0, length));
  }
  out.push(l.slice(0, length), consonants.slice(0, length));
  for (let i = 1; i < l.length && out.length < 12; i++) out.push((l.slice(0, length - 1) + l.charAt(i)).slice(0, length));
  for (let i = 2; i < consonants.length; i++) out.push((consonants.charAt(0) + consonants.charAt(1) + consonants.charAt(i)).slice(0, length));
  return out;
}

/** Anchor cities of every country, as records. */
function anchorCities(): TravelCity[] {
  const us = US_ANCHORS.map(([name, state, lat, lon, alt, tz, hub]) => ({ name, country: 'United States' as const, state, lat, lon, alt, tz, hub }));
  const uk = UK_ANCHORS.map(([name, lat, lon, alt, hub]) => ({ name, country: 'United Kingdom' as const, state: null, lat, lon, alt, tz: 'Europe/London', hub }));
  const fr = FR_ANCHORS.map(([name, lat, lon, alt, hub]) => ({ name, country: 'France' as const, state: null, lat, lon, alt, tz: 'Europe/Paris', hub }));
  return [...us, ...uk, ...fr];
}

/** How far (degrees of latitude) towns spread around each anchor, by city name. */
const SPREAD = new Map<string, number>([...US_ANCHORS.map((a) => [a[0], a[7]] as const), ...UK_ANCHORS.map((a) => [a[0], a[5]] as const), ...FR_ANCHORS.map((a) => [a[0], a[5]] as const)]);

/** Airports an anchor city has itself: three for the biggest hubs, like London or New York. */
function anchorAirportCount(hub: number): number {
  return hub >= 5 ? 3 : hub >= 4 ? 2 : 1;
}

/** Generated towns around the anchors, one airport each, enough to reach {@link AIRPORTS_PER_COUNTRY}. */
function generateTowns(rng: Prng, anchors: readonly TravelCity[]): TravelCity[] {
  const usedNames = new Set(anchors.map((a) => a.name));
  const towns: TravelCity[] = [];
  for (const { name: country } of TRAVEL_COUNTRIES) {
    const mine = anchors.filter((a) => a.country === country);
    const needed = AIRPORTS_PER_COUNTRY[country] - mine.reduce((n, a) => n + anchorAirportCount(a.hub), 0);
    // Towns per anchor ∝ the area it spreads over: Alaska gets its many airfields, Key West almost none.
    const pickAnchor = weightedPicker(mine, mine.map((a) => (SPREAD.get(a.name) ?? 1) ** 2));
    for (let i = 0; i < needed; i++) {
      const anchor = pickAnchor(rng);
      const spread = SPREAD.get(anchor.name) ?? 1;
      let name = townName(rng, country);
      while (usedNames.has(name)) name = townName(rng, country);
      usedNames.add(name);
      const lat = roundTo(anchor.lat + rng.range(-spread, spread), 6);
      // Longitude degrees shrink with latitude; widen the offset so the spread stays roughly round.
      const lon = roundTo(anchor.lon + rng.range(-spread, spread) / Math.max(0.3, Math.cos((anchor.lat * Math.PI) / 180)), 6);
      const alt = Math.max(0, Math.round(anchor.alt * rng.range(0.5, 1.5) + rng.int(-100, 400)));
      towns.push({ name, country, state: anchor.state, lat, lon, alt, tz: anchor.tz, hub: 0 });
    }
  }
  return towns;
}

/** ICAO prefix of an airport: K + FAA code in the contiguous US, PA/PH in Alaska/Hawaii, EG in the UK, LF in France. */
function icaoFor(rng: Prng, taken: Set<string>, city: TravelCity, faa: string): string {
  if (city.country === 'United Kingdom') return claimCode(rng, taken, [faa.slice(0, 2), faa.slice(1), faa.charAt(0) + faa.charAt(2)], 'EG', 2);
  if (city.country === 'France') return claimCode(rng, taken, [faa.slice(0, 2), faa.slice(1), faa.charAt(0) + faa.charAt(2)], 'LF', 2);
  if (city.state === 'Alaska') return claimCode(rng, taken, [faa.slice(0, 2), faa.slice(1)], 'PA', 2);
  if (city.state === 'Hawaii') return claimCode(rng, taken, [faa.slice(0, 2), faa.slice(1)], 'PH', 2);
  return claimCode(rng, taken, [faa], 'K', 3);
}

/** Airports of all cities: anchors first (they get the readable codes), then shuffled so ids interleave countries and sizes. */
function generateAirports(rng: Prng, cities: readonly TravelCity[]): TravelAirport[] {
  const faaTaken = new Set<string>();
  const icaoTaken = new Set<string>();
  const names = new Set<string>();
  const drafts: Omit<TravelAirport, 'id'>[] = [];
  for (const city of cities) {
    const count = city.hub > 0 ? anchorAirportCount(city.hub) : 1;
    for (let k = 0; k < count; k++) {
      const patterns = k > 0 ? SECONDARY_AIRPORT_PATTERNS : city.hub >= 3 ? ['{city} Intl'] : AIRPORT_PATTERNS;
      let name = fill(rng.pick(patterns), { city: city.name, n: rng.pick(LAST_NAMES) });
      for (let tries = 0; names.has(name) && tries < 20; tries++) name = fill(rng.pick(AIRPORT_PATTERNS), { city: city.name, n: rng.pick(LAST_NAMES) });
      if (names.has(name)) name = `${city.name} ${rng.pick(LAST_NAMES)} ${names.size}`;
      names.add(name);
      const faa = claimCode(rng, faaTaken, codeCandidates(city.name, 3), '', 3);
      const icao = icaoFor(rng, icaoTaken, city, faa);
      // Airports sit outside the centre: a few km for the main one, further for the others.
      const off = k === 0 ? 0.08 : 0.2;
      const lat = roundTo(city.lat + rng.range(-off, off), 6);
      const lon = roundTo(city.lon + rng.range(-off, off), 6);
      const alt = city.hub > 0 ? Math.max(0, city.alt + rng.int(-40, 120)) : city.alt;
      const weight = city.hub > 0 ? (k === 0 ? city.hub ** 2 * 12 : city.hub * 4) : rng.chance(0.05) ? rng.range(5, 9) : rng.range(0.3, 2);
      drafts.push({ name, city, faa, icao, lat, lon, alt, weight });
    }
  }
  rng.shuffle(drafts);
  let id = 1000;
  return drafts.map((d) => ({ id: (id += rng.int(1, 9)), ...d }));
}

/** A unique airline name: mostly word + kind (`Meridian Airways`), some after a city or a founder. */
function airlineName(rng: Prng, country: TravelCountryName, cities: readonly TravelCity[], taken: Set<string>): string {
  for (;;) {
    const roll = rng.float();
    const name =
      roll < 0.7
        ? `${rng.pick(AIRLINE_WORDS)} ${rng.pick(AIRLINE_KINDS)}`
        : roll < 0.9
          ? `${rng.pick(cities.filter((c) => c.country === country && c.hub > 0)).name} ${rng.pick(AIRLINE_KINDS)}`
          : `${rng.pick(LAST_NAMES)} ${rng.pick(['Aviation', 'Air', 'Air Service'] as const)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Airlines: about 60% American, the rest British and French; 8% have no IATA code (and so fly no routes). */
function generateAirlines(rng: Prng, cities: readonly TravelCity[], airports: readonly TravelAirport[]): TravelAirline[] {
  const names = new Set<string>();
  const iataTaken = new Set<string>();
  const icaoTaken = new Set<string>();
  const callsigns = new Set<string>();
  const pickCountry = weightedPicker(['United States', 'United Kingdom', 'France'] as const, [60, 22, 18]);
  const airlines: TravelAirline[] = [];
  let id = 10;
  for (let i = 0; i < AIRLINE_COUNT; i++) {
    const country = pickCountry(rng);
    const name = airlineName(rng, country, cities, names);
    const words = name.split(' ');
    const initials = words.map((w) => lettersOf(w).charAt(0)).join('');
    const iata = rng.chance(0.08) ? null : claimCode(rng, iataTaken, [initials.slice(0, 2), ...codeCandidates(name, 2)], '', 2);
    const icao = claimCode(rng, icaoTaken, [(initials + lettersOf(words[1] ?? '').slice(1)).slice(0, 3), ...codeCandidates(name, 3)], '', 3);
    let callsign = lettersOf(words[0] ?? name);
    if (callsigns.has(callsign)) callsign = name.toUpperCase();
    while (callsigns.has(callsign)) callsign = `${rng.pick(AIRLINE_WORDS).toUpperCase()} ${rng.pick(LAST_NAMES).toUpperCase()}`;
    callsigns.add(callsign);
    // Bigger carriers (low `rank`) fly more types from more bases.
    const rank = i;
    const fleet = rng.sample(AIRCRAFT_TYPES, rank < 20 ? rng.int(6, 12) : rng.int(2, 6));
    const home = airports.filter((a) => a.city.country === country);
    const pickHome = weightedPicker(home, home.map((a) => a.weight));
    const bases = new Set<TravelAirport>();
    const baseCount = rank < 20 ? rng.int(3, 8) : rng.int(1, 3);
    while (bases.size < baseCount) bases.add(pickHome(rng));
    airlines.push({ id: (id += rng.int(1, 60)), name, iata, icao, callsign, country, fleet, bases: [...bases], weight: 1 / (rank + 3) ** 1.1 });
  }
  return airlines;
}

/** Builds cities, airports and airlines of the seed. */
export function buildTravelNetwork(seed: number): TravelNetwork {
  const anchors = anchorCities();
  const cities = [...anchors, ...generateTowns(Prng.derive(seed, 'travel/towns'), anchors)];
  const airports = generateAirports(Prng.derive(seed, 'travel/airports'), cities);
  const airlines = generateAirlines(Prng.derive(seed, 'travel/airlines'), cities, airports);
  return { cities, airports, airlines };
}

/** A route record: everything a route document holds. */
export interface TravelRoute {
  readonly id: number;
  readonly airline: TravelAirline & { readonly iata: string };
  readonly from: TravelAirport;
  readonly to: TravelAirport;
  readonly equipment: string;
  readonly schedule: readonly { readonly day: number; readonly utc: string; readonly flight: string }[];
  readonly distance: number;
}

/**
 * Streams {@link ROUTE_COUNT} routes. An airline mostly flies from its bases, mostly
 * within its country; most routes get their return leg too (as in real timetables, so
 * "from A to B" and "from B to A" queries both find flights). No airline flies the same
 * airport pair in the same direction twice.
 */
export function* generateRoutes(seed: number, network: TravelNetwork): Generator<TravelRoute, void, undefined> {
  const rng = Prng.derive(seed, 'travel/routes');
  const flying = network.airlines.filter((a): a is TravelAirline & { iata: string } => a.iata !== null);
  const pickAirline = weightedPicker(flying, flying.map((a) => a.weight));
  const pickAny = weightedPicker(network.airports, network.airports.map((a) => a.weight));
  const byCountry = new Map<TravelCountryName, (r: Prng) => TravelAirport>();
  for (const { name } of TRAVEL_COUNTRIES) {
    const list = network.airports.filter((a) => a.city.country === name);
    byCountry.set(name, weightedPicker(list, list.map((a) => a.weight)));
  }
  const seen = new Set<string>();
  let id = 10_000;
  let made = 0;
  const route = (airline: TravelAirline & { iata: string }, from: TravelAirport, to: TravelAirport): TravelRoute => {
    seen.add(`${airline.iata}|${from.faa}|${to.faa}`);
    made++;
    const equipment = rng.sample(airline.fleet, rng.int(1, Math.min(3, airline.fleet.length))).join(' ');
    const schedule = Array.from({ length: rng.int(4, 20) }, () => ({
      day: rng.int(0, 6),
      utc: `${pad2(rng.int(0, 23))}:${pad2(rng.int(0, 59))}:00`,
      flight: `${airline.iata}${digits(rng.int(0, 999), 3)}`,
    })).sort((a, b) => a.day - b.day || (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : 0));
    const distance = roundTo(haversineKm(from.lat, from.lon, to.lat, to.lon), 6);
    return { id: (id += rng.int(1, 3)), airline, from, to, equipment, schedule, distance };
  };
  while (made < ROUTE_COUNT) {
    const airline = pickAirline(rng);
    const domestic = byCountry.get(airline.country) ?? pickAny;
    const from = rng.chance(0.6) ? rng.pick(airline.bases) : domestic(rng);
    const to = rng.chance(0.75) ? domestic(rng) : pickAny(rng);
    if (from === to || seen.has(`${airline.iata}|${from.faa}|${to.faa}`)) continue;
    yield route(airline, from, to);
    if (made < ROUTE_COUNT && rng.chance(0.8) && !seen.has(`${airline.iata}|${to.faa}|${from.faa}`)) yield route(airline, to, from);
  }
}
