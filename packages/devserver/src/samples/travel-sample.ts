/**
 * A generated `travel-sample` bucket: airlines, airports, routes, hotels and landmarks
 * with the field names and JSON types of Couchbase's travel-sample, and values produced
 * by our own seeded generator (nothing is copied from Couchbase's data set).
 *
 * The same seed always yields the same documents in the same order, on every machine.
 */
import { DEFAULT_SAMPLE_SEED } from './prng';
import { AIRLINE_COUNT, ROUTE_COUNT, buildTravelNetwork, generateRoutes } from './travel-network';
import { AIRPORTS_PER_COUNTRY } from './travel-places';
import { HOTEL_COUNT, LANDMARK_COUNT, generateHotels, generateLandmarks } from './travel-venues';

/** One generated document: its key and its JSON body. */
export type SampleEntry = [key: string, doc: Record<string, unknown>];

/** `airline_<id>` documents. */
export type AirlineDoc = {
  id: number;
  type: 'airline';
  name: string;
  /** Two letters; null for the few airlines without an IATA code. */
  iata: string | null;
  /** Three letters. */
  icao: string;
  callsign: string;
  country: string;
};

/** `airport_<id>` documents. */
export type AirportDoc = {
  id: number;
  type: 'airport';
  airportname: string;
  city: string;
  country: string;
  /** Three letters, unique across airports. */
  faa: string;
  /** Four letters, unique across airports. */
  icao: string;
  /** IANA time zone. */
  tz: string;
  /** Degrees and feet. */
  geo: { lat: number; lon: number; alt: number };
};

/** One departure of a route: weekday 0–6, UTC time `HH:MM:SS`, flight number `<iata><3 digits>`. */
export type RouteFlight = { day: number; utc: string; flight: string };

/** `route_<id>` documents. */
export type RouteDoc = {
  id: number;
  type: 'route';
  /** IATA code of the operating airline. */
  airline: string;
  /** Key of the operating airline's document. */
  airlineid: string;
  /** FAA code of the departure airport. */
  sourceairport: string;
  /** FAA code of the arrival airport (never the departure airport). */
  destinationairport: string;
  stops: number;
  /** Space-separated IATA aircraft codes (`'320 738'`). */
  equipment: string;
  schedule: RouteFlight[];
  /** Great-circle distance between the airports, km (haversine, Earth radius 6371 km). */
  distance: number;
};

/** A hotel review; rating keys other than `Overall` may be missing. */
export type HotelReview = {
  content: string;
  ratings: Partial<Record<'Service' | 'Cleanliness' | 'Overall' | 'Value' | 'Location' | 'Rooms', number>>;
  author: string;
  /** `YYYY-MM-DD HH:MM:SS +0300`. */
  date: string;
};

/** `hotel_<id>` documents. */
export type HotelDoc = {
  title: string;
  name: string;
  address: string;
  directions: string | null;
  phone: string;
  tollfree: null;
  email: string | null;
  fax: null;
  url: string;
  checkin: string | null;
  checkout: string;
  price: string | null;
  geo: { lat: number; lon: number; accuracy: string };
  type: 'hotel';
  id: number;
  country: string;
  city: string;
  /** US state, null elsewhere. */
  state: string | null;
  reviews: HotelReview[];
  public_likes: string[];
  vacancy: boolean;
  description: string;
  alias: null;
  pets_ok: boolean;
  free_breakfast: boolean;
  free_internet: boolean;
  free_parking: boolean;
};

/** `landmark_<id>` documents. */
export type LandmarkDoc = {
  title: string;
  name: string;
  alt: null;
  address: string;
  directions: null;
  phone: string;
  tollfree: null;
  email: null;
  url: string;
  hours: null;
  image: null;
  price: null;
  content: string;
  geo: { lat: number; lon: number; accuracy: string };
  activity: 'see' | 'eat' | 'do' | 'drink' | 'buy' | 'listing';
  type: 'landmark';
  id: number;
  country: string;
  city: string;
  state: null;
};

/**
 * Documents per type. Fixed by the generator's tables, so they hold for every seed:
 * only which documents, never how many, depends on the seed.
 */
export const TRAVEL_SAMPLE_COUNTS = {
  airline: AIRLINE_COUNT,
  airport: AIRPORTS_PER_COUNTRY['United States'] + AIRPORTS_PER_COUNTRY['United Kingdom'] + AIRPORTS_PER_COUNTRY.France,
  route: ROUTE_COUNT,
  hotel: HOTEL_COUNT,
  landmark: LANDMARK_COUNT,
} as const;

/** Total documents of the travel-sample. */
export const TRAVEL_SAMPLE_TOTAL = Object.values(TRAVEL_SAMPLE_COUNTS).reduce((a, b) => a + b, 0);

/**
 * Generates the travel-sample: airlines, then airports, routes, hotels and landmarks, as
 * `[key, document]` pairs. Lazy: routes, hotels and landmarks are produced as they are
 * consumed, so loading needs little more memory than the store itself.
 *
 * @param seed - any safe integer; the default gives the documents the dev cluster loads
 */
export function* generateTravelSample(seed: number = DEFAULT_SAMPLE_SEED): Generator<SampleEntry, void, undefined> {
  const network = buildTravelNetwork(seed);
  for (const a of network.airlines) {
    const doc: AirlineDoc = { id: a.id, type: 'airline', name: a.name, iata: a.iata, icao: a.icao, callsign: a.callsign, country: a.country };
    yield [`airline_${a.id}`, doc];
  }
  for (const a of network.airports) {
    const doc: AirportDoc = {
      id: a.id,
      type: 'airport',
      airportname: a.name,
      city: a.city.name,
      country: a.city.country,
      faa: a.faa,
      icao: a.icao,
      tz: a.city.tz,
      geo: { lat: a.lat, lon: a.lon, alt: a.alt },
    };
    yield [`airport_${a.id}`, doc];
  }
  for (const r of generateRoutes(seed, network)) {
    const doc: RouteDoc = {
      id: r.id,
      type: 'route',
      airline: r.airline.iata,
      airlineid: `airline_${r.airline.id}`,
      sourceairport: r.from.faa,
      destinationairport: r.to.faa,
      stops: 0,
      equipment: r.equipment,
      schedule: r.schedule.map((f) => ({ day: f.day, utc: f.utc, flight: f.flight })),
      distance: r.distance,
    };
    yield [`route_${r.id}`, doc];
  }
  for (const h of generateHotels(seed, network.cities)) yield [`hotel_${h.id}`, h];
  for (const l of generateLandmarks(seed, network.cities)) yield [`landmark_${l.id}`, l];
}
