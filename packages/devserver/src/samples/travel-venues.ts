/**
 * Hotels and landmarks of the generated travel-sample. They are placed in the cities of
 * the air network (so every hotel's city has an airport), heavily favouring the anchor
 * cities, as in the real sample where a few cities hold most venues.
 *
 * Phone numbers use the ranges regulators reserve for fiction (US 555-01xx, Ofcom's
 * drama numbers, ARCEP's fiction ranges) and web addresses the reserved `.example`
 * domain, so no generated contact detail reaches anyone real.
 */
import { Prng, weightedPicker } from './prng';
import { DISTRICTS, TRAVEL_COUNTRIES } from './travel-places';
import type { TravelCity } from './travel-network';
import { FIRST_NAMES, FR_STREET_NAMES, FR_STREET_TYPES, LAST_NAMES, STREET_NAMES, UK_STREET_TYPES, US_STREET_TYPES } from './people-words';
import * as W from './travel-words';
import { capitalize, digits, fill, formatDateTime, roundTo, slugify, unixSeconds } from './sample-format';
import type { HotelDoc, HotelReview, LandmarkDoc } from './travel-sample';

/** Number of hotels (the real sample has 917). */
export const HOTEL_COUNT = 900;
/** Number of landmarks (the real sample has 4 495). */
export const LANDMARK_COUNT = 4500;

const UK_AREA_CODES = ['113', '114', '115', '116', '117', '118', '121', '131', '141', '151', '161'] as const;
const FR_FICTION_PREFIXES = ['1 99 00', '2 61 91', '3 53 01', '4 65 71', '5 36 49'] as const;

/** A phone number in a range reserved for fiction, formatted the country's way. */
function phone(rng: Prng, city: TravelCity): string {
  switch (city.country) {
    case 'United States':
      return `+1 ${rng.int(201, 989)} 555 01${digits(rng.int(0, 99), 2)}`;
    case 'United Kingdom':
      return city.name === 'London' ? `+44 20 7946 0${digits(rng.int(0, 999), 3)}` : `+44 ${rng.pick(UK_AREA_CODES)} 496 0${digits(rng.int(0, 999), 3)}`;
    case 'France':
      return `+33 ${rng.pick(FR_FICTION_PREFIXES)} ${digits(rng.int(0, 99), 2)} ${digits(rng.int(0, 99), 2)}`;
  }
}

/** A street address the way the country writes it. */
function address(rng: Prng, city: TravelCity): string {
  switch (city.country) {
    case 'United States':
      return `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(US_STREET_TYPES)}`;
    case 'United Kingdom':
      return `${rng.chance(0.8) ? `${rng.int(1, 250)} ` : ''}${rng.pick(STREET_NAMES)} ${rng.pick(UK_STREET_TYPES)}`;
    case 'France':
      return `${rng.int(1, 120)} ${rng.pick(FR_STREET_TYPES)} ${rng.pick(FR_STREET_NAMES)}`;
  }
}

/** `City` or, in big cities, `City/District`: the guide-book title venues are listed under. */
function title(rng: Prng, city: TravelCity): string {
  return city.hub >= 3 && rng.chance(0.5) ? `${city.name}/${rng.pick(DISTRICTS)}` : city.name;
}

/** A point near the city centre (within a few km) with a geocoder accuracy label. */
function nearby(rng: Prng, city: TravelCity, km: number): { lat: number; lon: number; accuracy: string } {
  const deg = km / 111;
  return {
    lat: roundTo(city.lat + rng.range(-deg, deg), 6),
    lon: roundTo(city.lon + rng.range(-deg, deg) / Math.cos((city.lat * Math.PI) / 180), 6),
    accuracy: rng.pick(W.GEO_ACCURACY),
  };
}

/** A web address under the reserved `.example` top-level domain. */
function website(name: string, city: TravelCity): string {
  return `http://www.${slugify(`${name} ${city.name}`).replace(/_/g, '-')}.example/`;
}

/** Words any template may use, drawn fresh per call. */
function words(rng: Prng, city: TravelCity): Record<string, string> {
  return {
    city: city.name,
    n: rng.pick(LAST_NAMES),
    first: rng.pick(FIRST_NAMES),
    p: rng.pick(W.PLACE_NOUNS),
    a: rng.pick(W.PUB_ADJECTIVES),
    b: rng.pick(W.PUB_ANIMALS),
    o: rng.pick(W.PUB_OBJECTS),
    food: rng.pick(W.FOODS),
    topic: rng.pick(W.MUSEUM_TOPICS),
    era: rng.pick(W.ERAS),
    dish: rng.pick(W.DISHES),
    place: rng.pick(W.NEARBY_PLACES),
    view: rng.pick(W.VIEWS),
    m: rng.pick(W.FR_NOUNS_M),
    f: rng.pick(W.FR_NOUNS_F),
  };
}

/** `count` distinct sentences of `pool`, placeholders filled, as one paragraph. */
function paragraph(rng: Prng, city: TravelCity, pool: readonly string[], count: number): string {
  return rng
    .sample(pool, count)
    .map((s) => capitalize(fill(s, words(rng, city))))
    .join(' ');
}

/** City weights for venues: anchors by hub size squared, towns a little each. */
function venuePicker(cities: readonly TravelCity[]): (rng: Prng) => TravelCity {
  return weightedPicker(cities, cities.map((c) => (c.hub > 0 ? c.hub ** 2 * 4 : 0.15)));
}

/** A name not yet used in `city` (venues may share names across cities, as chains and clichés do). */
function uniqueIn(used: Set<string>, city: TravelCity, make: () => string): string {
  let name = make();
  for (let tries = 0; used.has(`${city.name}|${name}`) && tries < 20; tries++) name = make();
  for (let k = 2; used.has(`${city.name}|${name}`); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
  used.add(`${city.name}|${name}`);
  return name;
}

/** A person's display name. */
function person(rng: Prng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

const REVIEW_FROM = unixSeconds(2012, 1, 1);
const REVIEW_TO = unixSeconds(2016, 12, 31);

/** One review: ratings cluster around the overall score; the text's tone follows it. */
function review(rng: Prng, city: TravelCity): HotelReview {
  const overall = rng.weighted([1, 2, 3, 4, 5], [1, 2, 4, 7, 6]);
  const ratings: Record<string, number> = {};
  for (const key of W.RATING_KEYS) {
    // Overall is always given; reviewers skip some of the other questions.
    if (key === 'Overall') ratings[key] = overall;
    else if (rng.chance(0.85)) ratings[key] = Math.min(5, Math.max(1, overall + rng.int(-1, 1)));
  }
  const pool = overall >= 4 ? W.REVIEW_TEXTS.good : overall <= 2 ? W.REVIEW_TEXTS.bad : [...W.REVIEW_TEXTS.good, ...W.REVIEW_TEXTS.bad];
  return {
    content: paragraph(rng, city, pool, rng.int(2, 5)),
    ratings,
    author: person(rng),
    date: `${formatDateTime(rng.int(REVIEW_FROM, REVIEW_TO))} +0300`,
  };
}

/** A hotel price in the local currency, or null when the hotel does not publish one. */
function price(rng: Prng, city: TravelCity): string | null {
  if (!rng.chance(0.7)) return null;
  const cur = TRAVEL_COUNTRIES.find((c) => c.name === city.country)?.currency ?? '$';
  const lo = rng.int(8, 44) * 5;
  const hi = lo + rng.int(2, 30) * 5;
  const formats = [`${cur}${lo}-${cur}${hi}`, `Rooms from ${cur}${lo}`, `${cur}${lo} per night`, `${cur}${lo}–${cur}${hi}`] as const;
  return rng.pick(formats);
}

/** An English or French hotel name. */
function hotelName(rng: Prng, city: TravelCity): string {
  if (city.country === 'France') return fill(rng.pick(W.FR_HOTEL_PATTERNS), words(rng, city));
  const roll = rng.float();
  if (roll < 0.55) return `${rng.pick(W.HOTEL_WORDS)} ${rng.pick(W.HOTEL_KINDS)}`;
  if (roll < 0.75) return `The ${rng.pick(W.HOTEL_WORDS)} ${rng.pick(W.HOTEL_KINDS)}`;
  if (roll < 0.9) return `${city.name} ${rng.pick(W.HOTEL_KINDS)}`;
  return `${rng.pick(LAST_NAMES)} ${rng.pick(W.HOTEL_KINDS)}`;
}

/** Streams {@link HOTEL_COUNT} hotel documents with their ids. */
export function* generateHotels(seed: number, cities: readonly TravelCity[]): Generator<HotelDoc, void, undefined> {
  const rng = Prng.derive(seed, 'travel/hotels');
  const pickCity = venuePicker(cities);
  const used = new Set<string>();
  let id = 10_000;
  for (let i = 0; i < HOTEL_COUNT; i++) {
    const city = pickCity(rng);
    const name = uniqueIn(used, city, () => hotelName(rng, city));
    const url = website(name, city);
    const reviews = Array.from({ length: rng.chance(0.15) ? 0 : rng.int(1, 9) }, () => review(rng, city)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    yield {
      title: title(rng, city),
      name,
      address: address(rng, city),
      directions: rng.chance(0.5) ? fill(rng.pick(W.DIRECTION_TEXTS), { ...words(rng, city), n: String(rng.int(2, 15)) }) : null,
      phone: phone(rng, city),
      tollfree: null,
      email: rng.chance(0.4) ? `info@${url.slice('http://www.'.length, -1)}` : null,
      fax: null,
      url,
      checkin: rng.chance(0.75) ? rng.pick(W.CHECKIN_TIMES) : null,
      checkout: rng.pick(W.CHECKOUT_TIMES),
      price: price(rng, city),
      geo: nearby(rng, city, 4),
      type: 'hotel',
      id: (id += rng.int(1, 30)),
      country: city.country,
      city: city.name,
      state: city.state,
      reviews,
      public_likes: Array.from({ length: rng.int(0, 10) }, () => person(rng)),
      vacancy: rng.chance(0.75),
      description: paragraph(rng, city, W.HOTEL_TEXTS, rng.int(2, 4)),
      alias: null,
      pets_ok: rng.chance(0.5),
      free_breakfast: rng.chance(0.5),
      free_internet: rng.chance(0.6),
      free_parking: rng.chance(0.5),
    };
  }
}

/** Streams {@link LANDMARK_COUNT} landmark documents with their ids. */
export function* generateLandmarks(seed: number, cities: readonly TravelCity[]): Generator<LandmarkDoc, void, undefined> {
  const rng = Prng.derive(seed, 'travel/landmarks');
  const pickCity = venuePicker(cities);
  const activities = Object.keys(W.ACTIVITY_WEIGHTS) as W.Activity[];
  const pickActivity = weightedPicker(activities, activities.map((a) => W.ACTIVITY_WEIGHTS[a]));
  const used = new Set<string>();
  let id = 10_000;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const city = pickCity(rng);
    const activity = pickActivity(rng);
    const templates = city.country === 'France' ? W.FR_LANDMARK_NAMES[activity] : W.LANDMARK_NAMES[activity];
    const name = uniqueIn(used, city, () => fill(rng.pick(templates), words(rng, city)));
    yield {
      title: title(rng, city),
      name,
      alt: null,
      address: address(rng, city),
      directions: null,
      phone: phone(rng, city),
      tollfree: null,
      email: null,
      url: website(name, city),
      hours: null,
      image: null,
      price: null,
      content: paragraph(rng, city, W.LANDMARK_TEXTS[activity], rng.int(1, 3)),
      geo: nearby(rng, city, 6),
      activity,
      type: 'landmark',
      id: (id += rng.int(1, 8)),
      country: city.country,
      city: city.name,
      state: null,
    };
  }
}
