/**
 * N1QL end to end through the promise package and the core handlers, against the dev
 * cluster's query service: rows and meta, parameters, errors as N1QLError with code and
 * requestId, handler contract (batches, exactly one ending, onRows throwing, close()),
 * itercls checks, prepared statements (re-prepared transparently after the service
 * forgot them), consistency (request_plus and consistentWith), DML visible to KV and KV
 * visible to queries, streaming (first row before the last is produced), cancellation on
 * break, and bounded buffering.
 */
import { request } from 'node:http';
import {
  ArgumentError,
  AsyncN1QLRequest,
  Bucket,
  MutationState,
  N1QLError,
  N1QLQuery,
  NotFoundError,
  ObjectDestroyedError,
  type CouchbaseError,
} from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

function admin(cluster: DevCluster): Promise<{ queries: { active: number; completed: number } }> {
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

class Recorder extends AsyncN1QLRequest {
  readonly events: string[] = [];
  readonly batches: unknown[][] = [];
  error: CouchbaseError | undefined;
  readonly ended: Promise<void>;
  #done!: () => void;
  constructor(...args: ConstructorParameters<typeof AsyncN1QLRequest>) {
    super(...args);
    this.ended = new Promise((r) => (this.#done = r));
  }
  override onRows(rows: unknown[]): void {
    this.events.push('rows');
    this.batches.push(rows);
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

describe('N1QL', () => {
  let cluster: DevCluster;
  let travel: Bucket;
  let dflt: Bucket;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2, sampleBuckets: ['travel-sample'] });
    travel = new Bucket(`${cluster.connectionString}/travel-sample`, { username: cluster.username, password: cluster.password });
    dflt = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
    await dflt.n1qlQueryAll('CREATE PRIMARY INDEX ON `default`');
    await dflt.upsert('seed', { x: 1 });
  }, 60_000);
  afterAll(async () => {
    await travel.close();
    await dflt.close();
    await cluster.stop();
  });

  test('for await yields the rows; meta carries requestId, clientContextId, status, signature and metrics', async () => {
    const q = new N1QLQuery('SELECT RAW faa FROM `travel-sample` WHERE type = "airport" ORDER BY faa LIMIT 5');
    q.clientContextId = 'my-context';
    const stream = travel.n1qlQuery<string>(q);
    const rows: string[] = [];
    for await (const row of stream) rows.push(row);
    expect(rows).toHaveLength(5);
    expect([...rows].sort()).toEqual(rows);
    const meta = await stream.meta;
    expect(meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.clientContextId).toBe('my-context');
    expect(meta.status).toBe('success');
    expect(meta.signature).toBeDefined();
    expect(meta.metrics?.resultCount).toBe(5);
    expect(meta.metrics?.elapsedTime).toMatch(/^\d+(\.\d+)?(ns|µs|ms|s)$/);
    expect(meta.warnings).toEqual([]);
  });

  test('positional and named parameters', async () => {
    const q = new N1QLQuery('SELECT COUNT(*) AS n FROM `travel-sample` WHERE type = $1 AND country = $country', 'airport').setNamedParams({ country: 'France' });
    const [row] = await (await travel.n1qlQueryAll<{ n: number }>(q)).rows;
    expect(row!.n).toBe(222);
  });

  test('a syntax error is an N1QLError with code, msg, requestId and every error; it is thrown from the loop', async () => {
    const stream = travel.n1qlQuery('SELEKT 1');
    let err: unknown;
    try {
      for await (const _ of stream) void _;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(N1QLError);
    const e = err as N1QLError;
    expect(e.code).toBe(3000);
    expect(e.msg).toMatch(/syntax error/);
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.errors[0]!.code).toBe(3000);
    expect(e.status).toBe(400);
    await expect(stream.meta).rejects.toBe(err);
  });

  test('a missing keyspace (12003) and a keyspace without a primary index (4000)', async () => {
    await expect(travel.n1qlQueryAll('SELECT * FROM nosuch')).rejects.toMatchObject({ code: 12003 });
    const fresh = await startDevCluster();
    const b = new Bucket(fresh.connectionString, { username: fresh.username, password: fresh.password });
    try {
      await expect(b.n1qlQueryAll('SELECT * FROM `default`')).rejects.toMatchObject({ code: 4000 });
      await expect(b.n1qlQueryAll('SELECT * FROM `default` USE KEYS "x"')).resolves.toHaveLength(0);
    } finally {
      await b.close();
      await fresh.stop();
    }
  });

  test('handlers: batches, then exactly one ending; errors go to onError then onDone', async () => {
    const ok = travel.core.n1qlQuery('SELECT RAW id FROM `travel-sample` WHERE type = "route" LIMIT 3000', { itercls: Recorder });
    ok.rowsPerCall = 500;
    ok.start();
    await ok.ended;
    expect(ok.events.filter((e) => e === 'done')).toHaveLength(1);
    expect(ok.events).not.toContain('error');
    expect(ok.batches.every((b) => b.length <= 500)).toBe(true);
    expect(ok.batches.flat()).toHaveLength(3000);
    expect(ok.meta?.status).toBe('success');
    const bad = travel.core.n1qlQuery('SELECT FROM', { itercls: Recorder }).start();
    await bad.ended;
    expect(bad.events).toEqual(['error', 'done']);
    expect(bad.error).toBeInstanceOf(N1QLError);
  });

  test('rowsPerCall -1 delivers every row in one call at the end', async () => {
    const h = travel.core.n1qlQuery('SELECT RAW id FROM `travel-sample` WHERE type = "airline"', { itercls: Recorder });
    h.rowsPerCall = -1;
    h.start();
    await h.ended;
    expect(h.batches).toHaveLength(1);
    expect(h.batches[0]).toHaveLength(190);
  });

  test('an exception in onRows ends the request through onError, then onDone', async () => {
    class Throwing extends Recorder {
      override onRows(): void {
        throw new Error('user bug');
      }
    }
    const h = travel.core.n1qlQuery('SELECT RAW id FROM `travel-sample` LIMIT 10', { itercls: Throwing }).start();
    await h.ended;
    expect(h.events).toEqual(['error', 'done']);
    expect((h.error!.cause as Error).message).toBe('user bug');
  });

  test('itercls is required and must derive from AsyncN1QLRequest', () => {
    expect(() => travel.core.n1qlQuery('SELECT 1', {} as never)).toThrow(ArgumentError);
    expect(() => travel.core.n1qlQuery('SELECT 1', { itercls: class {} as never })).toThrow(ArgumentError);
    expect(() => travel.core.n1qlQuery('SELECT 1', { itercls: Recorder, other: 1 } as never)).toThrow(ArgumentError);
    const h = travel.core.n1qlQuery('SELECT 1', { itercls: Recorder });
    expect(h.started).toBe(false);
  });

  test('n1qlQueryEx starts the handler at once, even before the bucket is connected', async () => {
    const b = new Bucket(`${cluster.connectionString}/travel-sample`, { username: cluster.username, password: cluster.password });
    const h = b.n1qlQueryEx(Recorder, 'SELECT 1 AS one');
    expect(h.started).toBe(true);
    await h.ended;
    expect(h.batches.flat()).toEqual([{ one: 1 }]);
    await b.close();
  });

  test('close() ends running queries with ObjectDestroyedError', async () => {
    const b = new Bucket(`${cluster.connectionString}/travel-sample`, { username: cluster.username, password: cluster.password });
    const stream = b.n1qlQuery('SELECT * FROM `travel-sample`', { highWaterMark: 10 });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await b.close();
    await expect(stream.meta).rejects.toBeInstanceOf(ObjectDestroyedError);
  });

  test('adhoc = false prepares once, then executes the plan; a forgotten plan is prepared again transparently', async () => {
    const q = new N1QLQuery('SELECT RAW name FROM `travel-sample` WHERE type = "airline" AND country = $1 ORDER BY name LIMIT 5', 'France');
    q.adhoc = false;
    const first = await travel.n1qlQueryAll(q);
    expect(first.length).toBe(5);
    const name = first.meta.prepared;
    expect(name).toBeDefined();
    // Executed by name: the response prepares nothing new.
    const second = await travel.n1qlQueryAll(q);
    expect([...second]).toEqual([...first]);
    expect(second.meta.prepared).toBeUndefined();
    // The service forgot the plan: 4040, then prepared again transparently, under the same name.
    cluster.clearPreparedStatements();
    const third = await travel.n1qlQueryAll(q);
    expect([...third]).toEqual([...first]);
    expect(third.meta.prepared).toBeDefined();
  });

  test('DML through queries is visible to KV at once, and KV writes to queries (request_plus, at_plus)', async () => {
    await dflt.n1qlQueryAll(new N1QLQuery('INSERT INTO `default` (KEY, VALUE) VALUES ($1, $2)', 'dml-1', { n: 1 }));
    expect((await dflt.get('dml-1')).value).toEqual({ n: 1 });
    const written = await dflt.upsert('kv-1', { kind: 'kv', n: 7 });
    const plus = new N1QLQuery('SELECT RAW n FROM `default` WHERE kind = "kv"');
    plus.consistency = 'request_plus';
    expect([...(await dflt.n1qlQueryAll(plus))]).toEqual([7]);
    await dflt.upsert('kv-2', { kind: 'kv', n: 8 });
    const at = new N1QLQuery('SELECT RAW n FROM `default` WHERE kind = "kv" ORDER BY n').consistentWith(new MutationState(written));
    expect([...(await dflt.n1qlQueryAll(at))]).toEqual([7, 8]);
    const removed = await dflt.n1qlQueryAll<{ id: string }>('DELETE FROM `default` WHERE kind = "kv" RETURNING META().id AS id');
    expect(removed.length).toBe(2);
    await expect(dflt.get('kv-1')).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a duplicate INSERT is N1QLError 12009 with the reason 17012', async () => {
    await dflt.upsert('dup-1', 1);
    const err = await dflt.n1qlQueryAll('INSERT INTO `default` (KEY, VALUE) VALUES ("dup-1", 2)').catch((e: N1QLError) => e);
    expect(err).toBeInstanceOf(N1QLError);
    expect((err as N1QLError).code).toBe(12009);
    expect((err as N1QLError).errors[0]!.reason).toMatchObject({ code: 17012 });
  });

  test('a server-side timeout is N1QLError 1080', async () => {
    // A full scan with a sort over the 31 558 sample documents: far longer than 2 ms, and
    // the engine checks its deadline while scanning.
    const q = new N1QLQuery('SELECT name FROM `travel-sample` ORDER BY name');
    q.timeout = 2;
    const err = await travel.n1qlQueryAll(q).catch((e: N1QLError) => e);
    expect(err).toBeInstanceOf(N1QLError);
    expect((err as N1QLError).code).toBe(1080);
  });

  test('streaming: the first row arrives while the server is still producing a 100 000-row result', async () => {
    // ~300-byte rows (30 MB): more than socket buffers hold, so the server cannot finish early.
    const stream = dflt.n1qlQuery<{ i: number }>('SELECT RAW {"i": i, "pad": REPEAT("x", 280)} FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 100000) AS i', {
      highWaterMark: 100,
    });
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ i: 0 });
    let metaDone = false;
    stream.meta.then(
      () => (metaDone = true),
      () => (metaDone = true),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(metaDone).toBe(false);
    expect((await admin(cluster)).queries.active).toBe(1);
    let n = 1;
    for (let r = await it.next(); !r.done; r = await it.next()) n++;
    expect(n).toBe(100000);
    expect((await stream.meta).metrics?.resultCount).toBe(100000);
  });

  test('break cancels the query on the server', async () => {
    for await (const row of dflt.n1qlQuery<number>('SELECT RAW i FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 1000000) AS i', { highWaterMark: 100 })) {
      if (row === 10) break;
    }
    await until(async () => (await admin(cluster)).queries.active === 0);
  });

  test('a slow consumer pauses the socket: the buffer stays bounded and the server waits', async () => {
    // ~300-byte rows: 90 MB in all, far more than socket buffers can hold.
    const stream = dflt.n1qlQuery<{ i: number }>('SELECT RAW {"i": i, "pad": REPEAT("x", 280)} FROM `default` USE KEYS "seed" UNNEST ARRAY_RANGE(0, 300000) AS i', {
      highWaterMark: 200,
      lowWaterMark: 50,
    });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.buffered).toBeLessThan(200 + 1000);
    expect((await admin(cluster)).queries.active).toBe(1);
    let n = 1;
    for (let r = await it.next(); !r.done; r = await it.next()) n++;
    expect(n).toBe(300000);
  });
});
