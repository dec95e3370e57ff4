/**
 * Design-document management over HTTP (protocol.md §4.3) and access control of the
 * views port.
 *
 * Proves: PUT → 201 `{"ok":true,"id":"_design/<name>"}`, GET → the stored JSON with
 * `X-Couchbase-Meta` (`id`, `rev` `<n>-<hex>` bumped by every write, `type`), DELETE →
 * 200 then 404; an encoded `_design%2F` path works; every kind of invalid design
 * document is refused with 400 `invalid_design_document` and the real server's reason,
 * leaving what was stored untouched; replacing a design document rebuilds its indexes;
 * the management port's ddoc list has the shape cxx reads; 401 without or with wrong
 * credentials, 403 for a user without access to the bucket, 404 for an unknown bucket,
 * design document or view; 405 for other methods; putDesignDoc, stats.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OUTSIDER, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (let i = 0; i < 10; i++) h.put(`doc${i}`, { a: i, b: `s${i}` });
});
afterAll(() => h.close());

const MAP_A = 'function (doc, meta) { emit(doc.a, null); }';

async function json(r: Response): Promise<Record<string, unknown>> {
  return (await r.json()) as Record<string, unknown>;
}

test('PUT, GET (with X-Couchbase-Meta), replace (rev bumped), DELETE', async () => {
  const ddoc = { views: { by_a: { map: MAP_A, reduce: '_count' } }, language: 'javascript' };
  const put = await h.req('/b/_design/dev_mgmt', { method: 'PUT', body: JSON.stringify(ddoc), headers: { 'content-type': 'application/json' } });
  expect(put.status).toBe(201);
  expect(await json(put)).toEqual({ ok: true, id: '_design/dev_mgmt' });

  const get = await h.req('/b/_design/dev_mgmt');
  expect(get.status).toBe(200);
  expect(await json(get)).toEqual(ddoc);
  const meta = JSON.parse(get.headers.get('x-couchbase-meta')!) as { id: string; rev: string; type: string };
  expect(meta.id).toBe('_design/dev_mgmt');
  expect(meta.type).toBe('json');
  expect(meta.rev).toMatch(/^1-[0-9a-f]+$/);

  await h.putDdoc('dev_mgmt', { views: { by_b: { map: 'function (doc) { emit(doc.b); }' } } });
  const again = await h.req('/b/_design/dev_mgmt');
  expect(JSON.parse(again.headers.get('x-couchbase-meta')!).rev).toMatch(/^2-[0-9a-f]+$/);
  expect(await json(again)).toEqual({ views: { by_b: { map: 'function (doc) { emit(doc.b); }' } } });

  const del = await h.req('/b/_design/dev_mgmt', { method: 'DELETE' });
  expect(del.status).toBe(200);
  expect(await json(del)).toEqual({ ok: true, id: '_design/dev_mgmt' });
  const gone = await h.req('/b/_design/dev_mgmt');
  expect(gone.status).toBe(404);
  expect(await json(gone)).toEqual({ error: 'not_found', reason: 'missing' });
  expect((await h.req('/b/_design/dev_mgmt', { method: 'DELETE' })).status).toBe(404);
});

test('an encoded slash in `_design%2F<name>` addresses the same document', async () => {
  await h.putDdoc('enc', { views: { v: { map: MAP_A } } });
  const r = await h.req('/b/_design%2Fenc');
  expect(r.status).toBe(200);
  const q = await h.req('/b/_design%2Fenc/_view/v?limit=1');
  expect(((await json(q)).rows as unknown[]).length).toBe(1);
});

test.each([
  ['invalid JSON', '{"views":', 'invalid UTF-8 JSON'],
  ['a body that is not an object', '[1]', 'Document must be a JSON object'],
  ['views not an object', '{"views":[]}', "The field `views' is not a json object."],
  ['an empty view name', '{"views":{"":{"map":"function(d){}"}}}', 'View name cannot be an empty string'],
  ['a view name with trailing space', '{"views":{"v ":{"map":"function(d){}"}}}', 'View name `v ` cannot have leading or trailing whitespace'],
  ['a view that is not an object', '{"views":{"v":"function(d){}"}}', "Value for view `v' is not a json object."],
  ['a missing map', '{"views":{"v":{"reduce":"_count"}}}', "The `map' field for the view `v' is missing."],
  ['a map that is not a string', '{"views":{"v":{"map":42}}}', "The `map' field of the view `v' is not a json string."],
  ['a map with a syntax error', '{"views":{"v":{"map":"function (doc) { emit(doc.a; }"}}}', "Syntax error in the map function of the view `v':"],
  ['a map that is no function', '{"views":{"v":{"map":"1 + 1"}}}', "Syntax error in the map function of the view `v': Invalid function: 1 + 1"],
  ['a reduce that is not a string', '{"views":{"v":{"map":"function(d){}","reduce":7}}}', "The `reduce' field of the view `v' is not a json string."],
  ['an unknown built-in reduce', '{"views":{"v":{"map":"function(d){}","reduce":"_median"}}}', "Invalid built-in reduce function for view `v': _median"],
  ['a reduce with a syntax error', '{"views":{"v":{"map":"function(d){}","reduce":"function (k, v) { return }}"}}}', "Syntax error in the reduce function of the view `v':"],
])('400 invalid_design_document for %s; nothing stored, the old version kept', async (_name, body, reason) => {
  await h.putDdoc('keep', { views: { v: { map: MAP_A } } });
  for (const name of ['keep', 'fresh']) {
    const r = await h.req(`/b/_design/${name}`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    const b = await json(r);
    expect(b.error).toBe('invalid_design_document');
    expect(b.reason).toContain(reason);
  }
  expect((await h.req('/b/_design/fresh')).status).toBe(404);
  expect(await json(await h.req('/b/_design/keep'))).toEqual({ views: { v: { map: MAP_A } } });
});

test('a trailing semicolon and a design document without views are accepted', async () => {
  await h.putDdoc('semi', { views: { v: { map: `${MAP_A};\n` } } });
  expect((await h.view('semi', 'v')).body.total_rows).toBe(10);
  await h.putDdoc('empty', { language: 'javascript' });
  expect((await h.req('/b/_design/empty')).status).toBe(200);
});

test('replacing a design document rebuilds its index with the new map function', async () => {
  await h.putDdoc('rebuild', { views: { v: { map: MAP_A } } });
  expect((await h.view('rebuild', 'v', 'limit=2')).body.rows.map((r) => r.key)).toEqual([0, 1]);
  await h.putDdoc('rebuild', { views: { v: { map: 'function (doc, meta) { emit(doc.b, doc.a); }' } } });
  const r = await h.view('rebuild', 'v', 'limit=2');
  expect(r.body.rows).toEqual([
    { id: 'doc0', key: 's0', value: 0 },
    { id: 'doc1', key: 's1', value: 1 },
  ]);
});

test('the management ddoc list: rows with meta, json and controllers; 404 for an unknown or inaccessible bucket', async () => {
  await h.putDdoc('dev_listed', { views: { v: { map: MAP_A, reduce: '_count' } } });
  const server: Server = createServer((req, res) => {
    const [, user, bucket] = (req.url ?? '').split('/');
    h.svc.handleDdocList(user!, bucket!, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const r = await fetch(`http://127.0.0.1:${port}/admin/b`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { rows: { doc: { meta: { id: string; rev: string }; json: unknown }; controllers: Record<string, string> }[] };
    const row = body.rows.find((x) => x.doc.meta.id === '_design/dev_listed')!;
    expect(row.doc.meta.rev).toMatch(/^1-[0-9a-f]+$/);
    expect(row.doc.json).toEqual({ views: { v: { map: MAP_A, reduce: '_count' } } });
    expect(row.controllers).toEqual({
      compact: '/pools/default/buckets/b/ddocs/_design%2Fdev_listed/controller/compactView',
      setUpdateMinChanges: '/pools/default/buckets/b/ddocs/_design%2Fdev_listed/controller/setUpdateMinChanges',
    });
    expect((await fetch(`http://127.0.0.1:${port}/admin/nope`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/${OUTSIDER.user}/b`)).status).toBe(404);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('access: 401 without or with wrong credentials, 403 without access to the bucket, 404 for unknown things', async () => {
  await h.putDdoc('acl', { views: { v: { map: MAP_A } } });
  const none = await h.req('/b/_design/acl/_view/v', { auth: null });
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toContain('Basic');
  expect((await h.req('/b/_design/acl/_view/v', { auth: { user: 'admin', password: 'wrong' } })).status).toBe(401);
  expect((await h.req('/b/_design/acl', { auth: { user: 'nobody', password: 'x' } })).status).toBe(401);

  const forbidden = await h.req('/b/_design/acl/_view/v', { auth: OUTSIDER });
  expect(forbidden.status).toBe(403);
  expect(await json(forbidden)).toEqual({
    error: 'forbidden',
    reason: 'Forbidden. User needs one of the following permissions',
    permissions: ['cluster.bucket[b].views!read'],
  });
  const put = await h.req('/b/_design/acl', { method: 'PUT', body: '{}', auth: OUTSIDER });
  expect(put.status).toBe(403);
  expect((await json(put)).permissions).toEqual(['cluster.bucket[b].views!write']);
  expect((await h.req('/nobucket/_design/acl', { auth: OUTSIDER })).status).toBe(403);

  const noBucket = await h.req('/nobucket/_design/acl/_view/v');
  expect(noBucket.status).toBe(404);
  expect(await json(noBucket)).toEqual({ error: 'not_found', reason: 'no_couchbase_bucket_exists' });
  const noDdoc = await h.req('/b/_design/nope/_view/v');
  expect(noDdoc.status).toBe(404);
  expect(await json(noDdoc)).toEqual({ error: 'not_found', reason: 'Design document _design/nope not found' });
  const noView = await h.req('/b/_design/acl/_view/nope');
  expect(noView.status).toBe(404);
  expect(await json(noView)).toEqual({ error: 'not_found', reason: 'missing_named_view' });
  expect((await h.req('/b/_design/acl/_info')).status).toBe(404);
});

test('405 for methods a resource does not support; HEAD like GET without a body', async () => {
  await h.putDdoc('methods', { views: { v: { map: MAP_A } } });
  const r = await h.req('/b/_design/methods/_view/v', { method: 'DELETE' });
  expect(r.status).toBe(405);
  expect((await json(r)).error).toBe('method_not_allowed');
  expect((await h.req('/b/_design/methods', { method: 'POST', body: '{}' })).status).toBe(405);
  // HEAD: the status and headers of a GET, no body.
  const head = await h.req('/b/_design/methods/_view/v', { method: 'HEAD' });
  expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'application/json', '']);
  expect((await h.req('/b/_design/methods', { method: 'HEAD' })).headers.get('x-couchbase-meta')).toContain('_design/methods');
});

test('putDesignDoc stores directly (dev_ and _design/ prefixes), refuses invalid ones and unknown buckets; stats count', async () => {
  h.svc.putDesignDoc('b', '_design/dev_direct', { views: { v: { map: MAP_A, reduce: '_count' } } });
  expect((await h.view('dev_direct', 'v', 'full_set=true')).body.rows).toEqual([{ key: null, value: 10 }]);
  expect(() => h.svc.putDesignDoc('b', 'bad', { views: { v: { map: 'nope(' } } })).toThrow(/Syntax error in the map function/);
  expect(() => h.svc.putDesignDoc('nobucket', 'x', { views: {} })).toThrow(/nobucket/);
  const stats = h.svc.stats();
  expect(stats.designDocs).toBeGreaterThanOrEqual(1);
  expect(stats.views).toBeGreaterThanOrEqual(1);
  expect(stats.indexedRows).toBeGreaterThanOrEqual(10);
  expect(stats.queriesServed).toBeGreaterThan(0);
});
