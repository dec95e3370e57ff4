/**
 * The beer-sample `beer` design document, as the views service loads it. The document
 * itself lives with the sample data it describes (samples/beer-sample.ts): one source,
 * so the generator and the views it is queried through cannot drift apart.
 */
export { BEER_SAMPLE_DESIGN_DOC } from '../samples/beer-sample';

/** A design document as stored: views with map source and optional reduce. */
export interface DesignDocSource {
  readonly views: Record<string, { readonly map: string; readonly reduce?: string }>;
}
