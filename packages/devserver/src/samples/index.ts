/**
 * The sample buckets the dev cluster can load (`startDevCluster({ sampleBuckets })`):
 * for each, the document generator and what the loader creates besides documents —
 * the primary index, secondary indexes and view design documents.
 *
 * The documents are generated (deterministically, see prng.ts), in the shape of
 * Couchbase's samples but not copied from them.
 */
import { BEER_SAMPLE_COUNTS, BEER_SAMPLE_DESIGN_DOC, generateBeerSample } from './beer-sample';
import { TRAVEL_SAMPLE_COUNTS, generateTravelSample, type SampleEntry } from './travel-sample';

export { DEFAULT_SAMPLE_SEED, Prng, weightedPicker } from './prng';
export { generateTravelSample, TRAVEL_SAMPLE_COUNTS, TRAVEL_SAMPLE_TOTAL } from './travel-sample';
export type { SampleEntry, AirlineDoc, AirportDoc, RouteDoc, RouteFlight, HotelDoc, HotelReview, LandmarkDoc } from './travel-sample';
export { generateBeerSample, BEER_SAMPLE_COUNTS, BEER_SAMPLE_DESIGN_DOC } from './beer-sample';
export type { BreweryDoc, BeerDoc } from './beer-sample';

/** A GSI index to create: its name and its index keys (N1QL expressions, here plain field names). */
export interface SampleIndexSpec {
  readonly name: string;
  readonly keys: readonly string[];
}

/** A view of a design document: map source and optional reduce (source or built-in such as `_count`). */
export interface SampleViewSpec {
  readonly map: string;
  readonly reduce?: string;
}

/** What loading one sample bucket involves. */
export interface SampleBucketSpec {
  /** Streams the bucket's `[key, document]` pairs; the same seed always gives the same documents. */
  readonly generate: (seed?: number) => Generator<SampleEntry, void, undefined>;
  /** Documents per `type`, identical for every seed. */
  readonly counts: Readonly<Record<string, number>>;
  /** Whether to create the primary index (`#primary`). */
  readonly primaryIndex: boolean;
  /** Secondary indexes to create after loading. */
  readonly secondaryIndexes: readonly SampleIndexSpec[];
  /** Design documents by name (without `_design/`). */
  readonly designDocs: Readonly<Record<string, { readonly views: Readonly<Record<string, SampleViewSpec>> }>>;
}

/**
 * The loadable samples. travel-sample gets the secondary indexes its tutorials' queries
 * rely on (named as in Couchbase's sample); beer-sample is queried through its views.
 */
export const SAMPLE_BUCKETS = {
  'travel-sample': {
    generate: generateTravelSample,
    counts: TRAVEL_SAMPLE_COUNTS,
    primaryIndex: true,
    secondaryIndexes: [
      { name: 'def_type', keys: ['type'] },
      { name: 'def_city', keys: ['city'] },
      { name: 'def_faa', keys: ['faa'] },
      { name: 'def_icao', keys: ['icao'] },
      { name: 'def_airportname', keys: ['airportname'] },
      { name: 'def_sourceairport', keys: ['sourceairport'] },
      { name: 'def_name_type', keys: ['name', 'type'] },
    ],
    designDocs: {},
  },
  'beer-sample': {
    generate: generateBeerSample,
    counts: BEER_SAMPLE_COUNTS,
    primaryIndex: true,
    secondaryIndexes: [],
    designDocs: { beer: BEER_SAMPLE_DESIGN_DOC },
  },
} as const satisfies Readonly<Record<string, SampleBucketSpec>>;

/** Name of a loadable sample bucket. */
export type SampleName = keyof typeof SAMPLE_BUCKETS;

/** The loadable sample names, in a stable order (`['travel-sample', 'beer-sample']`). */
export function sampleNames(): SampleName[] {
  return Object.keys(SAMPLE_BUCKETS) as SampleName[];
}

/** Whether `name` is a loadable sample bucket (own keys only: `'toString'` is not a sample). */
export function isSampleName(name: unknown): name is SampleName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SAMPLE_BUCKETS, name);
}
