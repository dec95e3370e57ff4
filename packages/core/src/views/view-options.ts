/**
 * View query options: the seeds' names in camelCase, validated and encoded as the
 * Python SDK's couchbase/views/params.py did (semantics.md §B.10): booleans accept
 * true/false, "true"/"false" or numbers; counts are integers (booleans refused); keys
 * are JSON-encoded; `stale` takes false / 'ok' / 'update_after' or a boolean; range
 * helpers expand to start/end parameters; `includeDocs` (client-side) cannot be combined
 * with reduce or grouping; unknown options are an ArgumentError.
 */
import { ArgumentError } from '../errors/classes';

/** Options of a view query. */
export interface ViewOptions {
  /** Only rows with exactly this key. */
  key?: unknown;
  /** Only rows with one of these keys, in this order. */
  keys?: unknown[];
  /** First key of the range. */
  startkey?: unknown;
  /** Last key of the range. */
  endkey?: unknown;
  /** First document id within the first key. */
  startkeyDocid?: string | number;
  /** Last document id within the last key. */
  endkeyDocid?: string | number;
  /** `[start]` or `[start, end]`: sugar for startkey / endkey. */
  mapkeyRange?: unknown[];
  /** `[start]` or `[start, end]`: sugar for startkeyDocid / endkeyDocid. */
  dockeyRange?: (string | number)[];
  /** Include rows with `endkey` (default true on the server). */
  inclusiveEnd?: boolean | number | 'true' | 'false';
  /** Newest keys first. */
  descending?: boolean | number | 'true' | 'false';
  /** Most rows returned. */
  limit?: number;
  /** Rows skipped first. */
  skip?: number;
  /** Use the view's reduce function (default: when it has one). */
  reduce?: boolean | number | 'true' | 'false';
  /** Group by the full key. */
  group?: boolean | number | 'true' | 'false';
  /** Group by the first N elements of array keys. */
  groupLevel?: number;
  /** `false` (update the index first), `'ok'` (as it is), `'update_after'` (as it is, then update), or a boolean (true = 'ok'). */
  stale?: boolean | 'false' | 'ok' | 'update_after';
  /** Development views: use the whole data set. */
  fullSet?: boolean | number | 'true' | 'false';
  /** `'continue'` (errors in the metadata, rows kept) or `'stop'` (the query fails). */
  onError?: 'continue' | 'stop';
  /** Ask the server for debug information. */
  debug?: boolean | number | 'true' | 'false';
  /** Server-side timeout in milliseconds. */
  connectionTimeout?: number;
  /** Fetch each row's document over KV (`row.doc`, a ValueResult). */
  includeDocs?: boolean;
  /** Query the development (`dev_`) design document. */
  useDevmode?: boolean;
}

/** Every option name, for validation. */
export const VIEW_OPTION_NAMES: readonly (keyof ViewOptions)[] = [
  'key',
  'keys',
  'startkey',
  'endkey',
  'startkeyDocid',
  'endkeyDocid',
  'mapkeyRange',
  'dockeyRange',
  'inclusiveEnd',
  'descending',
  'limit',
  'skip',
  'reduce',
  'group',
  'groupLevel',
  'stale',
  'fullSet',
  'onError',
  'debug',
  'connectionTimeout',
  'includeDocs',
  'useDevmode',
];

/** An encoded view request. */
export interface EncodedViewQuery {
  /** Query-string parameters, in a stable order. */
  readonly params: [string, string][];
  /** `keys` when it goes in a POST body. */
  readonly keys: unknown[] | undefined;
  readonly includeDocs: boolean;
  readonly useDevmode: boolean;
  /** The caller asked for on_error=continue explicitly (errors stay in the metadata). */
  readonly continueOnError: boolean;
}

const fail = (msg: string): never => {
  throw new ArgumentError(`view query: ${msg}`, { context: { operation: 'query' } });
};

function bool(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === 'true' || v === 'false') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v !== 0 ? 'true' : 'false';
  return fail(`${name} must be a boolean (or 'true'/'false', or a number), got ${JSON.stringify(v) ?? typeof v}`);
}

function count(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(`${name} must be a non-negative integer, got ${JSON.stringify(v) ?? typeof v}`);
  return String(v);
}

function json(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch (cause) {
    return fail(`${name} cannot be JSON-encoded: ${(cause as Error).message}`);
  }
  return text === undefined ? fail(`${name} has no JSON form`) : text;
}

function docid(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fail(`${name} must be a string or a number`);
}

function range(name: string, v: unknown): [unknown, unknown] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length < 1 || v.length > 2) return fail(`${name} must be [start] or [start, end]`);
  return [v[0], v.length === 2 ? v[1] : undefined];
}

/** Longest query string sent as a GET; longer `keys` lists go in a POST body. */
export const MAX_GET_QUERY_LENGTH = 2048;

/** Validates and encodes view options. Throws ArgumentError for anything invalid. */
export function encodeViewOptions(options: ViewOptions | undefined): EncodedViewQuery {
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) fail('options must be an object');
  for (const name of Object.keys(o)) {
    if (!(VIEW_OPTION_NAMES as readonly string[]).includes(name)) fail(`unknown option '${name}'`);
  }
  const includeDocs = o.includeDocs === undefined ? false : o.includeDocs === true ? true : o.includeDocs === false ? false : fail('includeDocs must be a boolean');
  const useDevmode = o.useDevmode === undefined ? false : o.useDevmode === true ? true : o.useDevmode === false ? false : fail('useDevmode must be a boolean');
  if (includeDocs && (bool('reduce', o.reduce) === 'true' || bool('group', o.group) === 'true' || o.groupLevel !== undefined)) {
    fail('includeDocs cannot be combined with reduce, group or groupLevel (reduced rows have no documents)');
  }
  const keyRange = range('mapkeyRange', o.mapkeyRange);
  if (keyRange !== undefined && (o.startkey !== undefined || o.endkey !== undefined)) fail('mapkeyRange cannot be combined with startkey/endkey');
  const idRange = range('dockeyRange', o.dockeyRange);
  if (idRange !== undefined && (o.startkeyDocid !== undefined || o.endkeyDocid !== undefined)) fail('dockeyRange cannot be combined with startkeyDocid/endkeyDocid');
  if (o.keys !== undefined && !Array.isArray(o.keys)) fail('keys must be an array');
  let stale: string | undefined;
  if (o.stale !== undefined) {
    if (o.stale === true) stale = 'ok';
    else if (o.stale === false) stale = 'false';
    else if (o.stale === 'false' || o.stale === 'ok' || o.stale === 'update_after') stale = o.stale;
    else fail(`stale must be false, 'ok', 'update_after' or a boolean, got ${JSON.stringify(o.stale)}`);
  }
  if (o.onError !== undefined && o.onError !== 'continue' && o.onError !== 'stop') fail(`onError must be 'continue' or 'stop', got ${JSON.stringify(o.onError)}`);

  const params: [string, string][] = [];
  const add = (name: string, v: string | undefined): void => {
    if (v !== undefined) params.push([name, v]);
  };
  add('descending', bool('descending', o.descending));
  add('full_set', bool('fullSet', o.fullSet));
  add('group', bool('group', o.group));
  add('group_level', count('groupLevel', o.groupLevel));
  add('inclusive_end', bool('inclusiveEnd', o.inclusiveEnd));
  add('reduce', bool('reduce', o.reduce));
  add('debug', bool('debug', o.debug));
  add('stale', stale);
  add('skip', count('skip', o.skip));
  add('limit', count('limit', o.limit));
  add('connection_timeout', count('connectionTimeout', o.connectionTimeout));
  add('on_error', o.onError as string | undefined);
  add('key', json('key', o.key));
  add('startkey', json('startkey', keyRange !== undefined ? keyRange[0] : o.startkey));
  add('endkey', json('endkey', keyRange !== undefined ? keyRange[1] : o.endkey));
  add('startkey_docid', docid('startkeyDocid', idRange !== undefined ? idRange[0] : o.startkeyDocid));
  add('endkey_docid', docid('endkeyDocid', idRange !== undefined ? idRange[1] : o.endkeyDocid));
  let keys: unknown[] | undefined;
  if (o.keys !== undefined) {
    const encoded = json('keys', o.keys)!;
    // Python's rule: a query string that would grow too long carries `keys` in a POST body instead.
    if (new URLSearchParams([...params, ['keys', encoded]]).toString().length > MAX_GET_QUERY_LENGTH) keys = o.keys as unknown[];
    else params.push(['keys', encoded]);
  }
  return { params, keys, includeDocs, useDevmode, continueOnError: o.onError === 'continue' };
}

/** The design document's name on the wire (`dev_` prefix in development mode). */
export function designDocName(name: string, useDevmode: boolean): string {
  if (typeof name !== 'string' || name === '') fail('design document name must be a non-empty string');
  return useDevmode && !name.startsWith('dev_') ? `dev_${name}` : name;
}
