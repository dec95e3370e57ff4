/**
 * Query parameters of a view request, parsed and validated the way the real server does
 * (couch_httpd_view.erl `parse_view_params`, couch_index_merger_validation.erl), with
 * its error messages:
 *
 * - parameters are read in query-string order, a later one overriding an earlier one;
 *   unknown ones are ignored (clients add their own), `include_docs` too (it is no
 *   server parameter for Couchbase views);
 * - key parameters (`key`, `keys`, `startkey`/`start_key`, `endkey`/`end_key`) are JSON;
 *   `startkey_docid`/`start_key_doc_id`, `endkey_docid`/`end_key_doc_id` are raw strings;
 * - booleans are `true`/`false` in any case; integers are decimal, `limit`, `skip` and
 *   `group_level` not negative;
 * - `group` together with `group_level`, `key`/`startkey`/`endkey` together with `keys`
 *   (query string or POST body), and a start key after the end key (before it when
 *   descending) are refused.
 *
 * What depends on the view (reduce or not) is checked by {@link planReduce}.
 */
import { compareKeys } from './collation';
import { ViewHttpError, queryParseError } from './view-errors';

/** Index freshness a query asks for. */
export type Stale = 'false' | 'ok' | 'update_after';

/** A JSON key parameter that was given (its value may be `null`). */
export interface KeyParam {
  readonly value: unknown;
}

/** The parsed parameters. */
export interface ViewParams {
  readonly startKey?: KeyParam;
  readonly endKey?: KeyParam;
  readonly startDocId?: string;
  readonly endDocId?: string;
  /** Multi-key lookup, in order (duplicates kept). */
  readonly keys?: readonly unknown[];
  readonly inclusiveEnd: boolean;
  readonly descending: boolean;
  readonly limit?: number;
  readonly skip: number;
  /** `reduce` as given (absent = reduce when the view has a reduce function). */
  readonly reduce?: boolean;
  /** `group=true` → `'exact'`, `group=false` → 0, `group_level=N` → N; absent = not given. */
  readonly groupLevel?: 'exact' | number;
  readonly stale: Stale;
  readonly fullSet: boolean;
  readonly onError: 'continue' | 'stop';
  readonly debug: boolean;
}

/** Erlang's `~p` of a string, as the real messages quote values. */
const quoted = (v: string): string => JSON.stringify(v);

function parseBool(v: string): boolean {
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw queryParseError(`Invalid boolean parameter: ${quoted(v)}`);
}

function parseInteger(v: string): number {
  if (!/^[+-]?\d+$/.test(v)) throw queryParseError(`Invalid value for integer parameter: ${quoted(v)}`);
  return Number(v);
}

function parseNonNegative(v: string): number {
  const n = parseInteger(v);
  if (n < 0) throw queryParseError(`Invalid value for positive integer parameter: ${quoted(v)}`);
  return n;
}

function parseJson(name: string, v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    throw queryParseError(`Invalid JSON value for parameter \`${name}\`: ${quoted(v)}`);
  }
}

function parseKeys(keys: unknown): readonly unknown[] {
  if (!Array.isArray(keys)) throw new ViewHttpError(400, 'bad_request', '`keys` parameter is not an array.');
  return keys;
}

const STALE_VALUES: Readonly<Record<string, Stale>> = { false: 'false', ok: 'ok', update_after: 'update_after' };

/**
 * Parses the query string (and `keys` of a POST body, which win over a `keys` query
 * parameter).
 *
 * @throws ViewHttpError 400 for any invalid parameter or combination
 */
export function parseViewParams(search: URLSearchParams, bodyKeys?: unknown): ViewParams {
  if (search.has('group') && search.has('group_level')) {
    throw queryParseError('Query parameter `group_level` is not compatible with `group`');
  }
  const qsKeys = search.get('keys');
  let keys: readonly unknown[] | undefined;
  if (bodyKeys !== undefined) keys = parseKeys(bodyKeys);
  else if (qsKeys !== null) keys = parseKeys(parseJson('keys', qsKeys));
  const multiGet = keys !== undefined;
  const p: {
    -readonly [K in keyof ViewParams]: ViewParams[K];
  } = { inclusiveEnd: true, descending: false, skip: 0, stale: 'update_after', fullSet: false, onError: 'continue', debug: false };
  if (keys !== undefined) p.keys = keys;
  const setStart = (value: unknown): void => {
    if (multiGet) throw queryParseError('Query parameter `start_key` is not compatible with multi-get');
    p.startKey = { value };
  };
  const setEnd = (value: unknown): void => {
    if (multiGet) throw queryParseError('Query parameter `end_key` is not compatible with multi-get');
    p.endKey = { value };
  };
  for (const [name, v] of search) {
    switch (name) {
      case 'key': {
        const value = parseJson(name, v);
        setStart(value);
        setEnd(value);
        break;
      }
      case 'startkey':
      case 'start_key':
        setStart(parseJson(name, v));
        break;
      case 'endkey':
      case 'end_key':
        setEnd(parseJson(name, v));
        break;
      case 'startkey_docid':
      case 'start_key_doc_id':
        p.startDocId = v;
        break;
      case 'endkey_docid':
      case 'end_key_doc_id':
        p.endDocId = v;
        break;
      case 'inclusive_end':
        p.inclusiveEnd = parseBool(v);
        break;
      case 'descending':
        p.descending = parseBool(v);
        break;
      case 'limit':
        p.limit = parseNonNegative(v);
        break;
      case 'skip':
        p.skip = parseNonNegative(v);
        break;
      case 'reduce':
        p.reduce = parseBool(v);
        break;
      case 'group':
        p.groupLevel = parseBool(v) ? 'exact' : 0;
        break;
      case 'group_level':
        p.groupLevel = parseNonNegative(v);
        break;
      case 'stale': {
        const stale = STALE_VALUES[v.toLowerCase()];
        if (stale === undefined) throw queryParseError('stale only available as stale=ok, stale=update_after or stale=false');
        p.stale = stale;
        break;
      }
      case 'full_set':
        p.fullSet = parseBool(v);
        break;
      case 'on_error':
        if (v !== 'continue' && v !== 'stop') {
          throw new ViewHttpError(400, 'bad_request', `Invalid value (\`${v}\`) for the parameter \`on_error\`. It must be \`continue\` (default) or \`stop\`.`);
        }
        p.onError = v;
        break;
      case 'debug':
        p.debug = parseBool(v);
        break;
      case 'count':
        throw queryParseError("Query parameter 'count' is now 'limit'.");
      default:
        // keys (handled above), connection_timeout (accepted, ignored), include_docs
        // (no server parameter), and whatever a client adds: ignored.
        break;
    }
  }
  if (p.startKey !== undefined && p.endKey !== undefined) {
    const c = compareKeys(p.startKey.value, p.endKey.value);
    if (!p.descending && c > 0) {
      throw queryParseError('No rows can match your key range, reverse your start_key and end_key or set descending=true');
    }
    if (p.descending && c < 0) {
      throw queryParseError('No rows can match your key range, reverse your start_key and end_key or set descending=false');
    }
  }
  return p;
}

/** How a query uses the view's reduce function. */
export type ReducePlan = { readonly reduce: false } | { readonly reduce: true; readonly groupLevel: 'exact' | number };

/**
 * Decides between map rows and reduced rows for a view with or without a reduce
 * function, refusing what the real server refuses.
 *
 * @throws ViewHttpError 400 `query_parse_error`
 */
export function planReduce(params: ViewParams, viewHasReduce: boolean): ReducePlan {
  if (!viewHasReduce && params.reduce === true) throw queryParseError('Invalid URL parameter `reduce` for map view.');
  const reduce = viewHasReduce && params.reduce !== false;
  if (!reduce) {
    if (params.groupLevel !== undefined) {
      throw queryParseError("Invalid URL parameter 'group' or  'group_level' for non-reduce view.");
    }
    return { reduce: false };
  }
  const groupLevel = params.groupLevel ?? 0;
  if (params.keys !== undefined && groupLevel !== 'exact') {
    throw queryParseError('Multi-key fetchs for reduce view must include `group=true`');
  }
  return { reduce: true, groupLevel };
}
