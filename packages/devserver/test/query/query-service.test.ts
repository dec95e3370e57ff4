/**
 * The query service over raw HTTP (node:http as the client): Basic auth, JSON / form /
 * GET requests, the response's field order and metrics shape (Go durations, counts),
 * error codes with their HTTP statuses, and streaming behaviour — the server waits for
 * `drain` when the client does not read, and stops producing when the client goes away.
 */
import { request, type IncomingMessage } from 'node:http';
import { startDevCluster, type DevCluster } from '@couchts/devserver';
import { parseGoDuration } from '../../src/query/go-duration';

let cluster: DevCluster;
let port: number;
let auth: string;

beforeAll(async () => {
  cluster = await startDevCluster({ nodes: 2, sampleBuckets: ['travel-sample'] });
  port = cluster.nodes[1]!.n1qlPort;
  auth = `${cluster.username}:${cluster.password}`;
}, 60_000);
afterAll(() => cluster.stop());

interface Reply {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

function call(opts: { method?: string; path?: string; body?: string; contentType?: string; auth?: string | null }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/query/service',
        auth: opts.auth === null ? undefined : (opts.auth ?? auth),
        headers: { 'content-type': opts.contentType ?? 'application/json' },
      },
      (res: IncomingMessage) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const post = (body: unknown): Promise<Reply> => call({ body: JSON.stringify(body) });

test('Basic auth is required: 401 without or with wrong credentials', async () => {
  expect((await call({ body: JSON.stringify({ statement: 'SELECT 1' }), auth: null })).status).toBe(401);
  expect((await call({ body: JSON.stringify({ statement: 'SELECT 1' }), auth: 'Administrator:nope' })).status).toBe(401);
});

test('a success: fields in the real order, metrics as Go durations and counts', async () => {
  const r = await post({ statement: 'SELECT RAW faa FROM `travel-sample` WHERE type = "airport" ORDER BY faa LIMIT 3', client_context_id: 'ctx-1' });
  expect(r.status).toBe(200);
  expect(Object.keys(r.json)).toEqual(['requestID', 'clientContextID', 'signature', 'results', 'status', 'metrics']);
  expect(r.json.clientContextID).toBe('ctx-1');
  expect(r.json.status).toBe('success');
  const results = r.json.results as string[];
  expect(results).toHaveLength(3);
  const m = r.json.metrics as Record<string, unknown>;
  expect(parseGoDuration(m.elapsedTime as string)).toBeGreaterThanOrEqual(0);
  expect(parseGoDuration(m.executionTime as string)).toBeGreaterThanOrEqual(0);
  expect(m.resultCount).toBe(3);
  expect(m.resultSize).toBe(results.reduce((n, x) => n + Buffer.byteLength(JSON.stringify(x)), 0));
});

test('metrics: false leaves them out; profile adds a profile', async () => {
  const r = await post({ statement: 'SELECT 1', metrics: false, profile: 'timings' });
  expect('metrics' in r.json).toBe(false);
  expect(r.json.profile).toBeDefined();
});

test('form bodies and GET requests work; GET refuses statements that write', async () => {
  const form = await call({ body: new URLSearchParams({ statement: 'SELECT $1 AS v', args: '[7]' }).toString(), contentType: 'application/x-www-form-urlencoded' });
  expect(form.json.results).toEqual([{ v: 7 }]);
  const get = await call({ method: 'GET', path: `/query/service?${new URLSearchParams({ statement: 'SELECT $x AS v', $x: '"hi"' })}` });
  expect(get.json.results).toEqual([{ v: 'hi' }]);
  const dml = await call({ method: 'GET', path: `/query/service?${new URLSearchParams({ statement: 'DELETE FROM `travel-sample` WHERE 1 = 1' })}` });
  expect(dml.status).toBeGreaterThanOrEqual(400);
  expect((dml.json.errors as { code: number }[])[0]!.code).toBe(1000);
  const count = await post({ statement: 'SELECT COUNT(*) AS n FROM `travel-sample`' });
  expect((count.json.results as { n: number }[])[0]!.n).toBe(31558);
});

test.each([
  ['a syntax error', { statement: 'SELEKT 1' }, 3000, 400],
  ['a missing keyspace', { statement: 'SELECT * FROM nope' }, 12003, 404],
  ['an unknown prepared statement', { prepared: 'no-such-plan' }, 4040, 404],
  ['a bad request field', { statement: 'SELECT 1', timeout: 'soon' }, 1065, 400],
  ['a write with readonly', { statement: 'DELETE FROM `travel-sample` USE KEYS "x"', readonly: true }, 1000, 403],
])('%s: error %p, HTTP %p, the error shape the SDKs parse', async (_name, body, code, httpStatus) => {
  const r = await post(body);
  expect(r.status).toBe(httpStatus);
  const errors = r.json.errors as { code: number; msg: string }[];
  expect(errors[0]!.code).toBe(code);
  expect(typeof errors[0]!.msg).toBe('string');
  expect(r.json.requestID).toBeDefined();
  expect(['fatal', 'errors']).toContain(r.json.status);
});

test('a keyspace without a primary index: 4000', async () => {
  const r = await post({ statement: 'SELECT * FROM `default`' });
  expect((r.json.errors as { code: number }[])[0]!.code).toBe(4000);
});

test('a DML failure mid-statement: 12009 in the trailer, with the reason code', async () => {
  await post({ statement: 'CREATE PRIMARY INDEX ON `default`' });
  await post({ statement: 'INSERT INTO `default` (KEY, VALUE) VALUES ("svc-dup", 1)' });
  const r = await post({ statement: 'INSERT INTO `default` (KEY, VALUE) VALUES ("svc-dup", 2)' });
  const errors = r.json.errors as { code: number; reason: { code: number } }[];
  expect(errors[0]!.code).toBe(12009);
  expect(errors[0]!.reason.code).toBe(17012);
  expect(r.json.status).toBe('errors');
});

test('the server waits for drain when the client does not read, and stops when it goes away', async () => {
  await post({ statement: 'UPSERT INTO `default` (KEY, VALUE) VALUES ("svc-seed", {})' });
  const stats = async (): Promise<{ active: number }> => ((await (await fetch(cluster.adminUrl, { headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } })).json()) as { queries: { active: number } }).queries;
  let res!: IncomingMessage;
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/query/service', auth, headers: { 'content-type': 'application/json' } }, (r) => {
    res = r;
    r.pause();
  });
  req.end(JSON.stringify({ statement: 'SELECT RAW {"i": i, "pad": REPEAT("x", 300)} FROM `default` USE KEYS "svc-seed" UNNEST ARRAY_RANGE(0, 500000) AS i' }));
  await new Promise((r) => setTimeout(r, 400));
  expect((await stats()).active).toBe(1);
  res.destroy();
  req.destroy();
  const end = Date.now() + 3000;
  while ((await stats()).active !== 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect((await stats()).active).toBe(0);
});

test('/admin/ping answers', async () => {
  const r = await call({ method: 'GET', path: '/admin/ping' });
  expect(r.status).toBe(200);
});
