/**
 * Views end to end through the promise package and the core's AsyncViewBase, against the
 * dev cluster's views service: beer-sample's `beer/brewery_beers` with `for await`,
 * `includeDocs` (documents checked against KV reads; a document removed after indexing
 * gives `doc.success === false`, not a failed query), totals checked against a N1QL count
 * (another engine), 404s as HTTPError/ViewEngineError, trailing engine errors, `keys`
 * sent in a POST body and answered in their order, stale semantics seen from the client,
 * design documents through the bucket manager, handlers (queryEx) and BatchedView
 * (queryAll), and a 100 000-row view streamed with back-pressure, `break` cancelling it.
 */
import { request } from 'node:http';
import { AsyncViewBase, Bucket, HTTPError, ViewEngineError, type CouchbaseError, type ValueResult, type ViewRow } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

function describeCluster(cluster: DevCluster): Promise<{ views: { activeQueries: number } }> {
  return new Promise((resolve, reject) => {
    request(cluster.adminUrl, { auth: `${cluster.username}:${cluster.password}` }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(JSON.parse(body)));
    })
      .on('error', reject)
      .end();
  });
}

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

class Collector extends AsyncViewBase<unknown, unknown, unknown> {
  readonly events: string[] = [];
  readonly rows: ViewRow[] = [];
  error: CouchbaseError | undefined;
  readonly ended: Promise<void>;
  #done!: () => void;
  constructor(...args: ConstructorParameters<typeof AsyncViewBase>) {
    super(...args);
    this.ended = new Promise((r) => (this.#done = r));
  }
  override onRows(rows: ViewRow[]): void {
    this.events.push('rows');
    this.rows.push(...rows);
  }
  override onError(e: CouchbaseError): void {
    this.events.push('error');
    this.error = e;
  }
  override onDone(): void {
    this.events.push('done');
    this.#done();
  }
}

describe('views', () => {
  let cluster: DevCluster;
  let beer: Bucket;
  let dflt: Bucket;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2, sampleBuckets: ['beer-sample'], scramIterations: 1 });
    beer = new Bucket(`${cluster.connectionString}/beer-sample`, { username: cluster.username, password: cluster.password });
    dflt = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password });
    const items: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) items[`fan-${i}`] = { type: 'fan', n: i };
    await dflt.upsertMulti(items);
    await dflt.bucketManager().designCreate('test', {
      views: {
        // 100 rows per document: 100 000 rows from 1 000 documents.
        fanout: { map: 'function (doc, meta) { if (doc.type === "fan") { for (var j = 0; j < 100; j++) emit([doc.n, j], "' + 'x'.repeat(200) + '"); } }' },
        by_n: { map: 'function (doc, meta) { if (doc.type === "item") emit(doc.n, doc.label); }', reduce: '_count' },
        fragile: { map: 'function (doc, meta) { if (doc.type === "item") { if (doc.n === 3) throw new Error("bad doc"); emit(doc.n, null); } }' },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await beer.close();
    await dflt.close();
    await cluster.stop();
  });

  test('for await over beer/brewery_beers with includeDocs: key, value, id and doc as KV reads them', async () => {
    const rows: ViewRow<string[], null, { name: string; type: string }>[] = [];
    for await (const row of beer.query<string[], null, { name: string; type: string }>('beer', 'brewery_beers', { limit: 20, includeDocs: true })) rows.push(row);
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.key[row.key.length - 1]).toBe(row.id);
      expect(row.value).toBeNull();
      const viaKv = await beer.get(row.id!);
      expect((row.doc as ValueResult).value).toEqual(viaKv.value);
      expect((row.doc as ValueResult).cas).toBe(viaKv.cas);
    }
    expect(rows[0]!.doc!.value.type).toBe('brewery');
  });

  test('every brewery and beer: more than 7 000 rows, as many as a N1QL count says', async () => {
    const all = await beer.queryAll<string[]>('beer', 'brewery_beers');
    const [count] = [...(await beer.n1qlQueryAll<number>('SELECT RAW COUNT(*) FROM `beer-sample` WHERE type = "brewery" OR (type = "beer" AND brewery_id IS VALUED)'))];
    expect(all.length).toBeGreaterThan(7000);
    expect(all.length).toBe(count);
    expect(all.totalRows).toBe(count);
  });

  test('by_location grouped by country sums to the number of breweries with a country', async () => {
    const byCountry = await beer.queryAll<string[], number>('beer', 'by_location', { groupLevel: 1 });
    const [breweries] = [...(await beer.n1qlQueryAll<number>('SELECT RAW COUNT(*) FROM `beer-sample` WHERE type = "brewery" AND country IS VALUED AND country != ""'))];
    expect([...byCountry].reduce((s, r) => s + r.value, 0)).toBe(breweries);
    expect([...byCountry].every((r) => r.id === undefined && r.key.length === 1)).toBe(true);
  });

  test('a document removed after it was indexed: its row has doc.success === false, the query succeeds', async () => {
    await dflt.upsertMulti({ 'item-1': { type: 'item', n: 1, label: 'one' }, 'item-2': { type: 'item', n: 2, label: 'two' }, 'item-4': { type: 'item', n: 4, label: 'four' } });
    await dflt.queryAll('test', 'by_n', { stale: false, reduce: false });
    await dflt.remove('item-2');
    // stale 'ok': the index still lists item-2; the document fetch finds it gone.
    const rows = await dflt.queryAll<number, string, { label: string }>('test', 'by_n', { stale: 'ok', reduce: false, includeDocs: true, startkey: 1, endkey: 4 });
    expect(rows.length).toBe(3);
    const byId = new Map([...rows].map((r) => [r.id, r]));
    expect(byId.get('item-1')!.doc!.value).toEqual({ type: 'item', n: 1, label: 'one' });
    expect(byId.get('item-2')!.doc!.success).toBe(false);
    expect(byId.get('item-4')!.doc!.success).toBe(true);
    // And once the index catches up, the row is gone.
    const fresh = await dflt.queryAll('test', 'by_n', { stale: false, reduce: false, startkey: 1, endkey: 4 });
    expect([...fresh].map((r) => r.id)).toEqual(['item-1', 'item-4']);
  });

  test('stale from the client: ok misses a new document, false sees it', async () => {
    await dflt.queryAll('test', 'by_n', { stale: false });
    await dflt.upsert('item-10', { type: 'item', n: 10, label: 'ten' });
    expect([...(await dflt.queryAll('test', 'by_n', { stale: 'ok', reduce: false, key: 10 }))]).toEqual([]);
    const seen = await dflt.queryAll<number, string>('test', 'by_n', { stale: false, reduce: false, key: 10 });
    expect([...seen].map((r) => [r.key, r.value, r.id])).toEqual([[10, 'ten', 'item-10']]);
  });

  test('keys travel in a POST body and rows come back in their order', async () => {
    const keys = [4, 1, 999, 10, ...Array.from({ length: 300 }, (_, i) => 5000 + i)];
    const rows = await dflt.queryAll<number>('test', 'by_n', { keys, reduce: false, stale: false });
    expect([...rows].map((r) => r.key)).toEqual([4, 1, 10]);
  });

  test('a missing design document or view is an HTTPError with status 404 (a ViewEngineError)', async () => {
    for (const [ddoc, view] of [
      ['beer', 'no_such_view'],
      ['no_such_ddoc', 'brewery_beers'],
    ]) {
      const err = await beer.queryAll(ddoc!, view!).then(
        () => undefined,
        (e: unknown) => e as HTTPError,
      );
      expect(err).toBeInstanceOf(HTTPError);
      expect(err).toBeInstanceOf(ViewEngineError);
      expect(err!.status).toBe(404);
    }
    const bad = await beer.queryAll('beer', 'brewery_beers', { reduce: true }).catch((e: unknown) => e as HTTPError);
    expect(bad).toBeInstanceOf(ViewEngineError);
    expect((bad as HTTPError).status).toBe(400);
  });

  test('engine errors after the rows: a ViewEngineError, unless onError is continue', async () => {
    await dflt.upsert('item-3', { type: 'item', n: 3, label: 'three' });
    const err = await dflt.queryAll('test', 'fragile', { stale: false }).catch((e: unknown) => e as ViewEngineError);
    expect(err).toBeInstanceOf(ViewEngineError);
    expect((err as ViewEngineError).message).toMatch(/bad doc/);
    const rows = await dflt.queryAll<number>('test', 'fragile', { stale: false, onError: 'continue' });
    expect([...rows].map((r) => r.key)).not.toContain(3);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.meta.errors[0]!.reason).toMatch(/bad doc/);
  });

  test('queryEx: the handler gets batches, then exactly one ending', async () => {
    const h = beer.queryEx(Collector, 'beer', 'brewery_beers', { limit: 50 });
    expect(h).toBeInstanceOf(Collector);
    await h.ended;
    expect(h.rows).toHaveLength(50);
    expect(h.events.filter((e) => e === 'done')).toHaveLength(1);
    expect(h.events).not.toContain('error');
    expect(h.meta?.totalRows).toBeGreaterThan(7000);
  });

  test('design documents: create in development, get, publish, query each, delete', async () => {
    const mgr = dflt.bucketManager();
    const ddoc = { views: { labels: { map: 'function (doc, meta) { if (doc.label) emit(doc.label, null); }' } } };
    await mgr.designCreate('labels', ddoc, { useDevmode: true });
    expect((await mgr.designGet('labels', { useDevmode: true })).value).toEqual(ddoc);
    await expect(mgr.designGet('labels')).rejects.toBeInstanceOf(HTTPError);
    // A development view sees a subset unless fullSet is asked for.
    const dev = await dflt.queryAll('labels', 'labels', { useDevmode: true, fullSet: true, stale: false });
    expect([...dev].map((r) => r.key)).toEqual(['four', 'one', 'ten', 'three']);
    await mgr.designPublish('labels');
    expect((await mgr.designGet('labels')).value).toEqual(ddoc);
    const prod = await dflt.queryAll('labels', 'labels', { stale: false });
    expect([...prod].map((r) => r.key)).toEqual(['four', 'one', 'ten', 'three']);
    await mgr.designDelete('labels');
    await expect(mgr.designGet('labels')).rejects.toMatchObject({ status: 404 });
  });

  test('streaming 100 000 rows: bounded buffer while the consumer is slow, every row in order', async () => {
    const stream = dflt.query<[number, number], string>('test', 'fanout', { stale: false, highWaterMark: 200, lowWaterMark: 50 });
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value!.key).toEqual([0, 0]);
    await new Promise((r) => setTimeout(r, 300));
    // The server waits for the reader: its response is still in progress, our buffer is bounded.
    expect((await describeCluster(cluster)).views.activeQueries).toBe(1);
    expect(stream.buffered).toBeLessThan(200 + 1000);
    let n = 1;
    let prev = first.value!.key;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const k = r.value.key;
      expect(k[0] > prev[0] || (k[0] === prev[0] && k[1] === prev[1] + 1)).toBe(true);
      prev = k;
      n++;
      if (n % 997 === 0) await new Promise((res) => setImmediate(res));
    }
    expect(n).toBe(100_000);
    expect((await stream.meta).totalRows).toBe(100_000);
  }, 60_000);

  test('break stops the view response on the server', async () => {
    let n = 0;
    for await (const _ of dflt.query('test', 'fanout', { highWaterMark: 100 })) {
      if (++n === 10) break;
    }
    await until(async () => (await describeCluster(cluster)).views.activeQueries === 0);
  });
});
