/**
 * The views service of the dev cluster: a CouchDB/Couchbase-style map/reduce view
 * engine served over HTTP on every node's `capi` port.
 */
export { ViewsService, type ViewsServiceOptions } from './views-service';
export { BEER_SAMPLE_DESIGN_DOC, type DesignDocSource } from './beer-design-doc';
export { compareKeys, compareStrings, compareCodePoints } from './collation';
export { ViewHttpError } from './view-errors';
export { DEV_SUBSET_MODULUS, isDevVbucket } from './view-index';
export { UPDATE_MIN_CHANGES } from './bucket-views';
