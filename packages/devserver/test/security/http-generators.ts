/**
 * fast-check arbitraries of a hostile HTTP client, for the dev cluster's fuzzer
 * (fuzz-runners.ts): raw HTTP/1.x requests for the management, query, views and admin
 * listeners — valid requests, requests with mutated bodies (JSON, forms, SQL++
 * statements mutated from valid ones or built from function calls with edge-case
 * arguments, view parameters), and requests whose framing lies (absurd Content-Length,
 * broken chunking, bad headers, mutated bytes anywhere).
 *
 * Health-check data (`health-*` keys, the `health` design document) is never aimed at,
 * and admin actions that legitimately stop the cluster (stopNode, failover, …) are only
 * ever sent with bad credentials: a failed health check then means the server broke.
 */
import fc from 'fast-check';
import { FUNCTIONS } from '../../src/n1ql/function-registry';
import { applyMutations, mutation, type Mutation } from './generators';

/** The HTTP listeners of a dev cluster the fuzzer attacks. */
export type HttpPortKind = 'mgmt' | 'capi' | 'n1ql' | 'admin';

/** Raw bytes of one hostile HTTP request, and what the fuzzer may expect of the answer. */
export interface HttpCase {
  readonly bytes: Buffer;
  /** Framing is honest (exact length or valid chunking, HTTP/1.x, no byte mutation): an answer must come. */
  readonly wellFramed: boolean;
  /**
   * The request itself ends the connection (HTTP/1.0, `Connection: close`): nothing may
   * follow it (Node answers bytes after it with a 400 and drops the pending response).
   */
  readonly lastOnConnection?: boolean;
}

/** Valid SQL++ statements over the fuzz cluster's `default` bucket, the seeds of mutated ones. */
export const SQL_STATEMENTS = [
  'SELECT * FROM default LIMIT 3',
  'SELECT COUNT(*) FROM default WHERE x > $1',
  'UPDATE default SET a = 1 WHERE META().id = "k"',
  'SELECT META().id, x FROM default WHERE x BETWEEN 1 AND 5 ORDER BY x DESC LIMIT 2 OFFSET 1',
  'SELECT RAW x FROM default WHERE x IN [1, 2, 3]',
  'SELECT d.x, COUNT(*) AS n FROM default d GROUP BY d.x HAVING COUNT(*) > 0',
  'SELECT ARRAY v * 2 FOR v IN [1, 2, 3] END AS arr',
  'SELECT $name AS n, $1 AS first',
  'SELECT * FROM default USE KEYS ["fz-1", "fz-2"]',
  'SELECT UPPER(s), LENGTH(s), SUBSTR(s, 1, 2) FROM default WHERE s LIKE "a%"',
  'SELECT a FROM default d UNNEST d.arr a LIMIT 5',
  'SELECT t.x FROM default t WHERE ANY v IN t.arr SATISFIES v > 1 END',
  'SELECT CASE WHEN x > 1 THEN "big" ELSE "small" END AS size FROM default',
  'SELECT OBJECT_NAMES(d) AS names, TYPE(d.x) AS t FROM default d LIMIT 1',
  'SELECT DISTINCT s FROM default ORDER BY s',
  'SELECT MIN(x), MAX(x), SUM(x), AVG(x), ARRAY_AGG(s) FROM default',
  'SELECT * FROM system:keyspaces',
  'EXPLAIN SELECT * FROM default WHERE x = 1',
  'PREPARE fz_p FROM SELECT * FROM default LIMIT 1',
  'EXECUTE fz_p',
  'INSERT INTO default (KEY, VALUE) VALUES ("fz-ins", {"x": 1})',
  'UPSERT INTO default (KEY, VALUE) VALUES ("fz-up", {"x": 2, "s": "up"}) RETURNING *',
  'DELETE FROM default WHERE META().id = "fz-del"',
  'CREATE INDEX fz_ix ON default(x)',
  'DROP INDEX default.fz_ix',
  'SELECT 1 + 1 AS two, "a" || "b" AS ab, 7 % 3 AS m, -(4) AS neg',
] as const;

const SQL_FRAGMENTS = ['SELECT', 'FROM', 'WHERE', 'ORDER BY', 'GROUP BY', 'LIMIT', 'OFFSET', 'UNION ALL', 'NOT', 'NULL', 'MISSING', '(', ')', '[', ']', '{', '}', '"', "'", '`', ',', '.', '*', '$1', '$2', '$name', 'META()', 'ANY', 'SATISFIES', 'END', 'IN', 'LIKE', '||', '-', '/', '%', '99999999999999999999', '1e308', '-0', ';', '--', '/*', '\\', '\u0000', 'ü', '😀', 'default', 'system:indexes', 'COUNT(*)', 'CASE WHEN', 'RAW', 'USE KEYS', 'UNNEST', 'JOIN default ON KEYS', 'LET', 'x =', 'ARRAY', 'FOR', 'ELEMENT'];

type StringMutation = { kind: 'insert' | 'replace'; pos: number; text: string } | { kind: 'delete' | 'duplicate'; pos: number; len: number } | { kind: 'truncate'; pos: number } | { kind: 'splice'; pos: number; from: string; at: number; len: number };

const stringMutation: fc.Arbitrary<StringMutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), pos: fc.nat(), text: fc.oneof(fc.constantFrom(...SQL_FRAGMENTS), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), pos: fc.nat(), from: fc.constantFrom(...SQL_STATEMENTS), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
);

function mutateString(s: string, mutations: readonly StringMutation[]): string {
  for (const m of mutations) {
    const p = m.pos % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, p) + m.text + s.slice(p);
    else if (m.kind === 'replace') s = s.slice(0, p) + m.text + s.slice(p + m.text.length);
    else if (m.kind === 'delete') s = s.slice(0, p) + s.slice(p + m.len);
    else if (m.kind === 'duplicate') s = s.slice(0, p + m.len) + s.slice(p, p + m.len) + s.slice(p + m.len);
    else if (m.kind === 'truncate') s = s.slice(0, p);
    else if (m.kind === 'splice') s = s.slice(0, p) + m.from.substr(m.at % m.from.length, m.len) + s.slice(p);
  }
  return s;
}

/** Operands at the edges: huge and tiny numbers, patterns that make backtracking regular expressions explode, deep values. */
const SQL_ATOMS = [
  'd.x', 'd.s', 'd.arr', 'd', 'META(d).id', '$1', 'NULL', 'MISSING', 'TRUE', '0', '1', '-1', '2.5', '1e10', '1e20', '-1e20', '1e308', '1e-300', '9007199254740993',
  '""', '"abc"', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"', '"(a+)+$"', '"(a|aa)*b"', '"([a-z]*)*$"', '"%a%a%a%a%a%a%a%b"', '"\\u0000"', '"😀"',
  '[1, "a", [2]]', '[]', '{"a": {"b": [1]}}', '{}',
];
const functionNames = Object.keys(FUNCTIONS);
/** Functions whose cost or result size grows with an argument's value, not its size: the ones to try hardest. */
const AMPLIFIERS = ['repeat', 'array_range', 'regexp_like', 'regexp_contains', 'replace', 'split', 'array_insert', 'array_flatten', 'substr', 'millis_to_str', 'str_to_millis', 'round', 'trunc', 'power'].filter((f) => f in FUNCTIONS);
const functionName = fc.oneof(fc.constantFrom(...functionNames), fc.constantFrom(...AMPLIFIERS));
const sqlExpr: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constantFrom(...SQL_ATOMS), weight: 3 },
    // Called with an accepted number of arguments (a wrong count only gets a syntax error).
    {
      arbitrary: fc
        .tuple(functionName, fc.array(tie('expr'), { maxLength: 4 }))
        .map(([f, args]) => {
          const { minArgs, maxArgs } = FUNCTIONS[f]!;
          const n = Math.min(Math.max(args.length, minArgs), maxArgs);
          return `${f.toUpperCase()}(${Array.from({ length: n }, (_, i) => args[i % Math.max(1, args.length)] ?? '1').join(', ')})`;
        }),
      weight: 3,
    },
    { arbitrary: fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '||', '=', '<', 'LIKE', 'NOT LIKE', 'IN', 'AND', 'OR'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`), weight: 1 },
  ),
})).expr;

/** A statement around generated expressions: every function, with edge-case arguments. */
const expressionStatement: fc.Arbitrary<string> = fc
  .tuple(sqlExpr, sqlExpr, fc.constantFrom(0, 1, 2, 3))
  .map(([a, b, form]) =>
    [`SELECT ${a} AS r FROM default d LIMIT 3`, `SELECT RAW ${a}`, `SELECT META(d).id FROM default d WHERE ${a} LIKE ${b} LIMIT 2`, `SELECT ${a} AS a, ${b} AS b`][form]!,
  );

/** A SQL++ statement: one of {@link SQL_STATEMENTS}, usually mutated, or built from function calls. */
export const sqlStatement: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...SQL_STATEMENTS), fc.oneof({ arbitrary: fc.constant([] as StringMutation[]), weight: 1 }, { arbitrary: fc.array(stringMutation, { minLength: 1, maxLength: 4 }), weight: 3 })).map(([s, ms]) => mutateString(s, ms)), weight: 3 },
  { arbitrary: expressionStatement, weight: 2 },
);

/** JSON nested `depth` levels deep (as text: deeper than a generator would build as values). */
const deepJson = fc.integer({ min: 1, max: 3000 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`);
/** The same, shallow enough for a URL under Node's 16 KiB header limit once percent-encoded. */
const deepJsonInUrl = fc.integer({ min: 1, max: 1000 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`);
const jsonArg = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e308, -0, 2 ** 53 + 1, '', 'fz-json'));

/** Every request parameter, each with valid and invalid values (most requests stop at parameter checks). */
const allQueryFields = fc.record(
  {
    statement: sqlStatement,
    args: fc.oneof(fc.array(jsonArg, { maxLength: 3 }), jsonArg),
    $name: jsonArg,
    $1: jsonArg,
    timeout: fc.oneof(fc.constantFrom('75s', '1ns', '0s', '-1s', '1h2m3.5s', 'bogus', '9999999999999h', ''), fc.integer()),
    scan_consistency: fc.constantFrom('not_bounded', 'request_plus', 'at_plus', 'statement_plus', 'x', 5),
    scan_vectors: jsonArg,
    readonly: fc.constantFrom(true, false, 'true', 'maybe', 0),
    client_context_id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    prepared: fc.constantFrom('fz_p', 'nope', ''),
    auto_execute: fc.constantFrom(true, false, 'yes'),
    profile: fc.constantFrom('off', 'phases', 'timings', 'x'),
    metrics: fc.constantFrom(true, false, 'no'),
  },
  { requiredKeys: ['statement'] },
);
/** Request parameters: mostly a statement with arguments, so that the engine gets to run it. */
const queryFields = fc.oneof(
  { arbitrary: fc.record({ statement: sqlStatement, args: fc.array(jsonArg, { maxLength: 3 }), $name: jsonArg }, { requiredKeys: ['statement'] }), weight: 3 },
  { arbitrary: allQueryFields, weight: 1 },
);

/** Percent-encodes every byte but the unreserved ones (safe for any string, lone surrogates included). */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

/** Form / query-string encoding: `args`, `$name` and `scan_vectors` are JSON there, the other fields plain text. */
const asForm = (fields: Record<string, unknown>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' && k !== 'args' && !k.startsWith('$') && k !== 'scan_vectors' ? v : (JSON.stringify(v) ?? ''))}`)
    .join('&');

/** A request before framing: what a handler sees. */
interface RequestParts {
  method: string;
  target: string;
  body: Buffer;
  contentType?: string;
}

const JSON_CT = 'application/json';
const FORM_CT = 'application/x-www-form-urlencoded';
const bodyMutations = fc.oneof({ arbitrary: fc.constant([] as Mutation[]), weight: 4 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 1 });
const mutatedBody = (text: fc.Arbitrary<string>): fc.Arbitrary<Buffer> => fc.tuple(text, bodyMutations).map(([t, ms]) => applyMutations(Buffer.from(t, 'utf8'), ms));

const n1qlRequest: fc.Arbitrary<RequestParts> = fc.oneof(
  { arbitrary: fc.record({ method: fc.constant('POST'), target: fc.constantFrom('/query/service', '/query'), body: mutatedBody(queryFields.map((f) => JSON.stringify(f))), contentType: fc.constantFrom(JSON_CT, undefined, 'text/plain') }), weight: 6 },
  { arbitrary: fc.record({ method: fc.constant('POST'), target: fc.constant('/query/service'), body: mutatedBody(queryFields.map(asForm)), contentType: fc.constant(FORM_CT) }), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant('POST'), target: fc.constant('/query/service'), body: deepJson.map((d) => Buffer.from(`{"statement":"SELECT $1 AS v, ARRAY_LENGTH($1) AS n","args":[${d}]}`)), contentType: fc.constant(JSON_CT) }), weight: 1 },
  { arbitrary: queryFields.map((f) => ({ method: 'GET', target: `/query/service?${asForm(f)}`, body: Buffer.alloc(0) })), weight: 2 },
  { arbitrary: fc.record({ method: fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS'), target: fc.constantFrom('/admin/ping', '/query/service', '/nope', '/query/service?statement=%zz', '/query/service?statement=SELECT%201&args=%5B'), body: fc.constant(Buffer.alloc(0)) }), weight: 1 },
);

const DDOC_NAMES = ['fz0', 'fz1', 'dev_fz2'];
const VIEW_NAMES = ['by_x', 'red', 'boom', 'nope'];
const viewName = fc.oneof({ arbitrary: fc.constantFrom('by_x', 'red'), weight: 3 }, fc.constantFrom(...VIEW_NAMES));
const MAPS = ['function (doc, meta) { if (doc.x !== undefined) emit(doc.x, doc.s || null); }', 'function (doc, meta) { emit(meta.id, doc); }', 'function (doc) { throw new Error("map failure"); }', 'function (doc) { emit([doc.x, doc.s], 1); }'];
const REDUCES = [undefined, '_count', '_sum', '_stats', 'function (keys, values, rereduce) { return values.length; }', 'function (k, v) { throw new Error("reduce failure"); }'];
const designDoc = fc
  .record({ map: fc.constantFrom(...MAPS), reduce: fc.constantFrom(...REDUCES), name: fc.constantFrom(...VIEW_NAMES) })
  .map((v) => JSON.stringify({ views: { [v.name]: v.reduce === undefined ? { map: v.map } : { map: v.map, reduce: v.reduce } } }));

const VIEW_PARAMS = ['stale', 'limit', 'skip', 'descending', 'startkey', 'endkey', 'start_key', 'key', 'keys', 'group', 'group_level', 'reduce', 'inclusive_end', 'include_docs', 'full_set', 'on_error', 'debug', 'startkey_docid', 'endkey_docid', 'connection_timeout', 'fz'];
const viewParamValue = fc.oneof(
  fc.constantFrom('true', 'false', 'TRUE', 'ok', 'update_after', 'stop', 'continue', '-1', '0', '3', '99999999999999999999', '', '%zz', '%E0%A4%A', '"fz-json"', '[1,"a"]', '{"a":1}', 'null', '[', '1e400'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => pct(JSON.stringify(v) ?? 'null')),
  deepJsonInUrl.map(pct),
);
const viewQuery = fc.array(fc.tuple(fc.constantFrom(...VIEW_PARAMS), viewParamValue), { maxLength: 5 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join('&'));
const viewPath = fc
  .tuple(fc.oneof({ arbitrary: fc.constant('default'), weight: 8 }, fc.constantFrom('nobucket', '%zz', '')), fc.oneof({ arbitrary: fc.constant('fz0'), weight: 3 }, fc.constantFrom(...DDOC_NAMES)), viewName)
  .map(([b, d, v]) => `/${b}/_design/${d}/_view/${v}`);

const capiRequest: fc.Arbitrary<RequestParts> = fc.oneof(
  { arbitrary: fc.record({ method: fc.constantFrom('GET', 'GET', 'HEAD'), target: fc.tuple(viewPath, viewQuery).map(([p, q]) => `${p}?${q}`), body: fc.constant(Buffer.alloc(0)) }), weight: 5 },
  { arbitrary: fc.record({ method: fc.constant('POST'), target: fc.tuple(viewPath, viewQuery).map(([p, q]) => `${p}?${q}`), body: mutatedBody(fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((k) => JSON.stringify({ keys: k })), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }).map((keys) => JSON.stringify({ keys })), deepJson.map((d) => `{"keys":[${d}]}`))), contentType: fc.constant(JSON_CT) }), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant('PUT'), target: fc.constantFrom(...DDOC_NAMES).map((d) => `/default/_design/${d}`), body: mutatedBody(designDoc), contentType: fc.constant(JSON_CT) }), weight: 2 },
  { arbitrary: fc.record({ method: fc.constantFrom('GET', 'DELETE', 'PATCH'), target: fc.constantFrom(...DDOC_NAMES).map((d) => `/default/_design/${d}`), body: fc.constant(Buffer.alloc(0)) }), weight: 1 },
  { arbitrary: fc.record({ method: fc.constantFrom('GET', 'POST'), target: fc.constantFrom('/', '/default', '/default/_all_docs', '/default/_design%2Ffz0/_view/by_x', '/default/_design/', '/default/_design/fz0/_view/', '/default/_design/fz0/_view/by_x/extra', '/%zz/_design/fz0', '/default/_design/%zz', '//', '*', 'http://[::1', 'http://x/default/_design/fz0'), body: fc.constant(Buffer.alloc(0)) }), weight: 1 },
);

/** Admin actions whose effect on the cluster a health check tolerates (they are sent with good credentials). */
const SAFE_ACTIONS = ['', 'clearFaults', 'clearPreparedStatements', 'timeTravel', 'nope', '../pools'];
/** Actions that may legitimately take the cluster down: only ever sent with bad credentials. */
const UNSAFE_ACTIONS = ['stopNode', 'startNode', 'failover', 'rebalance', 'dropConnections', 'setLatency', 'injectStatus', 'setReplicationDelay', 'setPersistDelay'];
const adminBody = mutatedBody(fc.oneof(fc.constantFrom('', '{}', '[]', 'null', '{"ms":', '{"ms":-1}', '{"ms":1.5}', '{"ms":"5"}', '{"ms":10}', '{"ms":1e300}', '{"ms":9007199254740991}', '{"ms":2000000000000}', '{"node":0}', '{"remove":[0]}', '{"add":99}'), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '')));

/** Admin API requests: `safe` = sent with good credentials, so never a cluster-stopping action. */
const adminRequest = (safe: boolean): fc.Arbitrary<RequestParts> =>
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE'),
    target: fc.tuple(fc.constantFrom(...(safe ? SAFE_ACTIONS : [...SAFE_ACTIONS, ...UNSAFE_ACTIONS])), fc.constantFrom('', '/', '?x=1', '%zz')).map(([a, tail]) => `/couchts-admin/${a}${tail}`),
    body: adminBody,
    contentType: fc.constantFrom(JSON_CT, undefined),
  });

const mgmtRequest = (safe: boolean): fc.Arbitrary<RequestParts> =>
  fc.oneof(
    {
      arbitrary: fc.record({
        method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'DELETE'),
        target: fc.constantFrom('/pools', '/pools/', '/pools/default', '/pools/default/buckets', '/pools/default/buckets/default', '/pools/default/b/default', '/pools/default/nodeServices', '/pools/default/buckets/default/ddocs', '/pools/default/buckets/%zz', '/pools/default/b/%E0%A4%A', '/pools/default/buckets/%zz/ddocs', '/pools/default/buckets/nope', '/poolsStreaming/default', '/', '*', '//x', 'http://[::1', 'http://x/pools', '/pools?x=%zz', '/pools/default/buckets/default?bucket_uuid=%'),
        body: fc.constant(Buffer.alloc(0)),
      }),
      weight: 4,
    },
    { arbitrary: adminRequest(safe), weight: 1 },
  );

const GOOD_AUTH = `Basic ${Buffer.from('Administrator:password').toString('base64')}`;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const badAuth = fc.oneof(
  fc.constantFrom(undefined, `Basic ${b64('Administrator:wrong')}`, `Basic ${b64('nobody:password')}`, `Basic ${b64('no-colon')}`, `Basic ${b64(':')}`, 'Basic !!!not-base64', 'Basic ', 'Bearer abc', `basic ${b64('Administrator:password')}`, `Basic ${b64('Administrator:password\u0000')}`),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `Basic ${b64(s)}`),
);

/** Extra headers, and whether a request carrying them is still honestly framed. */
const EXTRA_HEADERS: ReadonlyArray<[string, boolean]> = [
  ['Expect: 100-continue', true],
  ['Connection: keep-alive', true],
  ['Connection: close', true],
  ['Accept: */*', true],
  ['X-Fuzz: ;;;"\'<>', true],
  ['Content-Encoding: gzip', true],
  ['Transfer-Encoding: gzip, chunked', false],
  ['Bad Header: x', false],
  [`X-Long: ${'a'.repeat(20_000)}`, false],
  ['Host: second-host', false],
  ['X-Folded: a\r\n b', false],
  ['Connection: Upgrade\r\nUpgrade: websocket', false],
  ['X-Nul: \u0000', false],
];

type Framing = { kind: 'length' | 'none' } | { kind: 'chunked'; sizes: number[] } | { kind: 'lie'; contentLength: string } | { kind: 'bad-chunks'; head: string };
const framing: fc.Arbitrary<Framing> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'length' as const }), weight: 20 },
  { arbitrary: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }).map((sizes) => ({ kind: 'chunked' as const, sizes })), weight: 2 },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
  { arbitrary: fc.constantFrom('99999999999999999999', '-1', 'abc', '1e3', ' 12', '0x10', '18446744073709551616', '2147483648', '5, 6', '100000').map((contentLength) => ({ kind: 'lie' as const, contentLength })), weight: 1 },
  { arbitrary: fc.constantFrom('zz\r\nab\r\n', '-1\r\n', 'ffffffffffffffff\r\nab\r\n', '3\r\nabcdef\r\n', '2;ext=1\r\nab\r\n', '1\r\na').map((head) => ({ kind: 'bad-chunks' as const, head })), weight: 1 },
);

/** Frames a request as HTTP/1.x bytes. */
function render(parts: RequestParts, version: string, auth: string | undefined, extras: string[], f: Framing): Buffer {
  const lines = [`${parts.method} ${parts.target} ${version}`, 'Host: 127.0.0.1'];
  if (auth !== undefined) lines.push(`Authorization: ${auth}`);
  if (parts.contentType !== undefined) lines.push(`Content-Type: ${parts.contentType}`);
  lines.push(...extras);
  let body = parts.body;
  if (f.kind === 'length' && (body.length > 0 || parts.method !== 'GET')) lines.push(`Content-Length: ${body.length}`);
  if (f.kind === 'lie') lines.push(`Content-Length: ${f.contentLength}`);
  if (f.kind === 'chunked' || f.kind === 'bad-chunks') lines.push('Transfer-Encoding: chunked');
  if (f.kind === 'chunked') {
    const out: Buffer[] = [];
    let rest = body;
    for (const size of [...f.sizes, Number.MAX_SAFE_INTEGER]) {
      const chunk = rest.subarray(0, size);
      rest = rest.subarray(chunk.length);
      if (chunk.length > 0) out.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    }
    body = Buffer.concat([...out, Buffer.from('0\r\n\r\n')]);
  }
  if (f.kind === 'bad-chunks') body = Buffer.concat([Buffer.from(f.head), body]);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Hostile HTTP requests for one listener: valid ones, mutated bodies, lying framing, mutated bytes. */
export function httpCase(kind: HttpPortKind): fc.Arbitrary<HttpCase> {
  const good = kind === 'n1ql' ? n1qlRequest : kind === 'capi' ? capiRequest : kind === 'admin' ? adminRequest(true) : mgmtRequest(true);
  const bad = kind === 'admin' ? adminRequest(false) : kind === 'mgmt' ? mgmtRequest(false) : good;
  const request = fc.oneof(
    { arbitrary: fc.tuple(good, fc.constant(GOOD_AUTH)), weight: 4 },
    { arbitrary: fc.tuple(bad, badAuth), weight: 1 },
  );
  return fc
    .record({
      request,
      version: fc.oneof({ arbitrary: fc.constant('HTTP/1.1'), weight: 24 }, { arbitrary: fc.constant('HTTP/1.0'), weight: 2 }, fc.constantFrom('HTTP/0.9', 'HTTP/2.0', 'HTTP/1.2', 'HTTPS/1.1', 'http/1.1', '')),
      extras: fc.oneof({ arbitrary: fc.constant([] as number[]), weight: 4 }, { arbitrary: fc.subarray([...EXTRA_HEADERS.keys()], { minLength: 1, maxLength: 2 }), weight: 1 }),
      framing,
      whole: fc.oneof({ arbitrary: fc.constant([] as Mutation[]), weight: 7 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 1 }),
    })
    .map(({ request: [parts, auth], version, extras, framing: f, whole }) => {
      const headers = extras.map((i) => EXTRA_HEADERS[i]!);
      const bytes = applyMutations(render(parts, version, auth, headers.map((h) => h[0]), f), whole);
      const close = headers.some((h) => h[0] === 'Connection: close');
      const keepAlive = headers.some((h) => h[0] === 'Connection: keep-alive');
      // Both Connection headers: which one wins is the parser's business, so no expectation.
      const wellFramed = whole.length === 0 && (f.kind === 'length' || f.kind === 'chunked') && (version === 'HTTP/1.1' || version === 'HTTP/1.0') && headers.every((h) => h[1]) && !(close && keepAlive);
      const lastOnConnection = close || (version === 'HTTP/1.0' && !keepAlive);
      // fast-check prints counterexamples with this: the request as text, not a byte array.
      return { bytes, wellFramed, lastOnConnection, [fc.toStringMethod]: () => `${wellFramed ? 'honest' : 'lying'} ${JSON.stringify(bytes.toString('latin1'))}` };
    });
}
