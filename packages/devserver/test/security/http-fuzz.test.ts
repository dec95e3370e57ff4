/**
 * A hostile HTTP client against the dev cluster's management, query (n1ql), views (capi)
 * and admin listeners (fast-check): raw HTTP/1.x requests on their own connections —
 * valid ones, mutated JSON / form / SQL++ / view-parameter bodies, absurd Content-Length,
 * broken chunking, bad Basic credentials, mutated bytes anywhere. The server must answer
 * with well-formed HTTP responses or close; it never answers 500 (an exception escaped a
 * handler), except the query service's documented 500 errors; query replies are JSON
 * with a known `status`; an honestly framed request never hangs. Between rounds and at
 * the end an authenticated client still writes and reads through N1QL, its view, and the
 * management and admin APIs.
 *
 * `FUZZ_RUNS` sets the case count (default 2000; `npm run fuzz` runs 2·10⁴ through
 * test/heavy/fuzz.test.ts). `FUZZ_SEED` replays a failing run.
 */
import fc from 'fast-check';
import type { DevCluster } from '../../src/dev-cluster';
import { likePattern } from '../../src/n1ql/like-pattern';
import { checkHttpCases, fuzzHttp, httpHealthCheck, httpPort, httpProblems, kvHealthCheck, runHttpCase, startFuzzCluster, type FuzzStats } from './fuzz-runners';
import type { HttpPortKind } from './http-generators';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

let cluster: DevCluster;
let stats: FuzzStats | undefined;

beforeAll(async () => {
  cluster = await startFuzzCluster();
}, 30_000);
afterAll(async () => {
  if (stats !== undefined) console.log(`http fuzz: ${JSON.stringify(stats)}`);
  await cluster?.stop();
});

const GOOD = `Basic ${Buffer.from('Administrator:password').toString('base64')}`;
const req = (head: string, body = ''): Buffer => Buffer.from(`${head.replace(/\n/g, '\r\n')}\r\n\r\n${body}`, 'utf8');

describe('fixed hostile requests', () => {
  // `answer`: a well-formed response must come; `wait`: a lying Content-Length legitimately leaves the server waiting.
  test.each<[string, HttpPortKind, Buffer, 'answer' | 'wait', number?]>([
    ['an unauthenticated query', 'n1ql', req('POST /query/service HTTP/1.1\nHost: x\nContent-Length: 2', '{}'), 'answer', 401],
    ['a query body that is not JSON', 'n1ql', req(`POST /query/service HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 5`, '{"sta'), 'answer', 400],
    ['a Content-Length larger than the body', 'n1ql', req(`POST /query/service HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 100000`, '{}'), 'wait', 0],
    ['a chunk size that is no number', 'capi', req(`PUT /default/_design/fz9 HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nTransfer-Encoding: chunked`, 'zz\r\n{}\r\n0\r\n\r\n'), 'answer', 400],
    ['a view query with a bad JSON key', 'capi', req(`GET /default/_design/fz0/_view/by_x?startkey=%5B HTTP/1.1\nHost: x\nAuthorization: ${GOOD}`), 'answer', 400],
    ['a design document that is no JSON', 'capi', req(`PUT /default/_design/fz9 HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 3`, '{"v'), 'answer', 400],
    ['an admin action with a body that is no JSON', 'admin', req(`POST /couchts-admin/timeTravel HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 4`, '{"ms'), 'answer', 400],
    // Used to crash the process: the next KV response carried a CAS past 2^64 (regression, found by the fuzzer's admin bodies).
    ['an admin timeTravel past the range of expiry times and CAS values', 'admin', req(`POST /couchts-admin/timeTravel HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 12`, '{"ms":1e300}'), 'answer', 400],
    ['an admin action without credentials', 'admin', req('POST /couchts-admin/stopNode HTTP/1.1\nHost: x\nContent-Length: 10', '{"node":0}'), 'answer', 401],
    ['a request line that is no HTTP', 'mgmt', Buffer.from('\x00\x01garbage\r\n\r\n'), 'answer', 400],
    // Regressions found by the fuzzer: each was a 500 (an exception out of the handler).
    ['a management bucket name with a malformed escape', 'mgmt', req(`GET /pools/default/buckets/%zz HTTP/1.1\nHost: x\nAuthorization: ${GOOD}`), 'answer', 404],
    ['a management ddocs path with a malformed escape', 'mgmt', req(`GET /pools/default/buckets/%E0%A4%A/ddocs HTTP/1.1\nHost: x\nAuthorization: ${GOOD}`), 'answer', 404],
    ...(['mgmt', 'capi', 'n1ql', 'admin'] as const).map((kind): [string, HttpPortKind, Buffer, 'answer', number] => [
      `an absolute-form target that is no URL (${kind})`,
      kind,
      req(`GET http://[::1 HTTP/1.1\nHost: x\nAuthorization: ${GOOD}`),
      'answer',
      400,
    ]),
  ])('%s', async (_name, kind, bytes, expect_, status) => {
    const o = await runHttpCase(httpPort(cluster, kind), kind, { bytes, wellFramed: expect_ === 'answer' });
    expect(httpProblems(o)).toEqual([]);
    if (expect_ === 'wait') expect(o.timedOut).toBe(true);
    else expect(o.data.toString('latin1')).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    await kvHealthCheck(cluster);
  });

  test('the same hostile requests on 64 connections at once', async () => {
    const bytes = req(`POST /query/service HTTP/1.1\nHost: x\nAuthorization: ${GOOD}\nContent-Length: 9`, '{"x":[[[]');
    const s = { cases: 0, responses: 0, serverCloses: 0, idleTimeouts: 0, healthChecks: 0 };
    await checkHttpCases(httpPort(cluster, 'n1ql'), 'n1ql', Array.from({ length: 64 }, () => ({ bytes, wellFramed: true })), s);
    expect(s.cases).toBe(64);
    await httpHealthCheck(cluster);
  });
});

/** Runs a statement as an administrator; the reply and how long it took. */
async function query(statement: string): Promise<{ status: number; body: { status: string; results?: unknown[]; errors?: { code: number; msg: string }[] }; ms: number }> {
  const started = Date.now();
  const r = await fetch(`http://127.0.0.1:${httpPort(cluster, 'n1ql')}/query/service`, { method: 'POST', headers: { authorization: GOOD, 'content-type': 'application/json' }, body: JSON.stringify({ statement }) });
  return { status: r.status, body: (await r.json()) as never, ms: Date.now() - started };
}

// Regressions found by the fuzzer's generated statements (http-generators.ts, function calls with edge-case arguments).
describe('statements that used to crash or freeze the dev cluster', () => {
  test('ARRAY_RANGE over 1e20 numbers fails the statement instead of aborting the process', async () => {
    const r = await query('SELECT RAW ARRAY_LENGTH(ARRAY_RANGE(0, 1e20))');
    expect(r.body.status).toBe('fatal');
    expect(r.body.errors?.[0]).toMatchObject({ code: 5010, msg: 'Out of range evaluating ARRAY_RANGE().' });
  });

  test('ARRAY_RANGE whose step no longer moves the value ends', async () => {
    const r = await query('SELECT RAW ARRAY_LENGTH(ARRAY_RANGE(1e17, 1e17 + 1000))');
    expect(r.body.status).toBe('success');
    // 1e17 + 1000 is 1e17 + 992 in binary64; 1e17 + 1 is 1e17, so the values never reach the end: counted, it stops.
    expect(r.body.results).toEqual([992]);
  });

  test('REPEAT past 20 MiB is an evaluation error, not an internal one', async () => {
    const r = await query('SELECT RAW LENGTH(REPEAT("ab", 1e9))');
    expect(r.body.errors?.[0]).toMatchObject({ code: 5010, msg: 'Out of range evaluating REPEAT().' });
    expect((await query('SELECT RAW LENGTH(REPEAT("ab", 1000))')).body.results).toEqual([2000]);
  });

  test('LIKE with many % runs in linear time', async () => {
    const r = await query(`SELECT RAW "${'a'.repeat(5000)}!" LIKE "%a%a%a%a%a%a%a%a%a%b"`);
    expect(r.body.results).toEqual([false]);
    expect(r.ms).toBeLessThan(2000);
  });

  test('a catastrophically backtracking REGEXP_LIKE fails after its budget and the cluster keeps serving', async () => {
    const r = await query('SELECT RAW REGEXP_LIKE(REPEAT("a", 40) || "!", "(a+)+")');
    expect(r.body.status).toBe('fatal');
    expect(r.body.errors?.[0]?.code).toBe(5010);
    expect(r.ms).toBeLessThan(4000);
    expect((await query('SELECT RAW REGEXP_LIKE("abc", "[a-c]+")')).body.results).toEqual([true]);
    await httpHealthCheck(cluster);
  });

  test('LIKE agrees with the regular expression it replaced on short inputs', () => {
    // The old implementation, as the oracle: `%` → any run, `_` → one code point, backslash escapes.
    const lit = (x: string): string => (/[\\^$.*+?()[\]{}|/]/.test(x) ? `\\${x}` : x);
    const oracle = (pattern: string, s: string): boolean => {
      let src = '^';
      const chars = Array.from(pattern);
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c === '\\' && i + 1 < chars.length) src += lit(chars[++i]!);
        else src += c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : lit(c);
      }
      return new RegExp(`${src}$`, 'u').test(s);
    };
    const text = (alphabet: string[], max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(text(['a', 'b', '%', '_', '\\', '.', '😀'], 8), text(['a', 'b', '.', '%', '\\', '😀'], 10), (pattern, s) => likePattern(pattern).test(s) === oracle(pattern, s)),
      { numRuns: 5000 },
    );
  });
});

test(`${RUNS} random and mutated requests on the management, query, views and admin ports: well-formed answers, no 500, no hang; an authenticated client keeps being served`, async () => {
  stats = await fuzzHttp(cluster, RUNS);
  expect(stats.cases).toBeGreaterThanOrEqual(RUNS);
  expect(stats.responses).toBeGreaterThan(RUNS);
  expect(stats.healthChecks).toBeGreaterThanOrEqual(1);
}, 600_000);
