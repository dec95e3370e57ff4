/**
 * Bad input, table-driven, across both packages: each case gets a typed error
 * (ArgumentError, or its subclass ValueFormatError, or TooBigError) before anything is
 * sent — thrown synchronously by the core, a rejection from the promise package — and
 * never a crash or a hang.
 */
import { AsyncBucket, AsyncN1QLRequest, NodeIOPS, type IOConnectOptions, type IOSocket } from '@couchts/core';
import { ArgumentError, Bucket, CouchbaseError, N1QLQuery, TooBigError, ValueFormatError } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

class CountingIOPS extends NodeIOPS {
  bytes = 0;
  override connect(o: IOConnectOptions): IOSocket {
    const s = super.connect(o);
    const w = s.write.bind(s);
    s.write = (d) => {
      this.bytes += d.byteLength;
      return w(d);
    };
    return s;
  }
}

const circular: Record<string, unknown> = {};
circular.self = circular;
const longKey = 'k'.repeat(251);
const long4ByteKey = '😀'.repeat(63); // 252 UTF-8 bytes in 126 UTF-16 units

type Call = (b: AsyncBucket | Bucket) => unknown;
const cases: [string, Call, typeof CouchbaseError][] = [
  ['empty key', (b) => b.get(''), ArgumentError],
  ['key over 250 bytes', (b) => b.get(longKey), ArgumentError],
  ['key over 250 UTF-8 bytes but not characters', (b) => b.upsert(long4ByteKey, 1), ArgumentError],
  ['number key', (b) => b.get(42 as never), ArgumentError],
  ['null key', (b) => b.remove(null as never), ArgumentError],
  ['object key', (b) => b.touch({} as never, { ttl: 1 }), ArgumentError],
  ['undefined value', (b) => b.upsert('k', undefined), ValueFormatError],
  ['function value', (b) => b.upsert('k', () => 1), ValueFormatError],
  ['symbol value', (b) => b.insert('k', Symbol('s')), ValueFormatError],
  ['BigInt value', (b) => b.upsert('k', 10n), ValueFormatError],
  ['circular value', (b) => b.replace('k', circular), ValueFormatError],
  ['utf8 format with an object', (b) => b.upsert('k', { a: 1 }, { format: 'utf8' }), ValueFormatError],
  ['bytes format with a string', (b) => b.upsert('k', 'x', { format: 'bytes' }), ValueFormatError],
  ['value over 20 MiB', (b) => b.upsert('k', 'x'.repeat(20 * 1024 * 1024 + 1), { format: 'utf8' }), TooBigError],
  ['unknown format', (b) => b.upsert('k', 1, { format: 'xml' as never }), ArgumentError],
  ['negative ttl', (b) => b.upsert('k', 1, { ttl: -1 }), ArgumentError],
  ['fractional ttl', (b) => b.upsert('k', 1, { ttl: 1.5 }), ArgumentError],
  ['string ttl', (b) => b.touch('k', { ttl: '10' as never }), ArgumentError],
  ['ttl beyond u32', (b) => b.upsert('k', 1, { ttl: 2 ** 32 }), ArgumentError],
  ['number cas', (b) => b.replace('k', 1, { cas: 5 as never }), ArgumentError],
  ['string cas', (b) => b.remove('k', { cas: '5' as never }), ArgumentError],
  ['unlock without cas', (b) => b.unlock('k', undefined as never), ArgumentError],
  ['lock without ttl', (b) => b.lock('k', {} as never), ArgumentError],
  ['lock ttl 31', (b) => b.lock('k', { ttl: 31 }), ArgumentError],
  ['counter fractional delta', (b) => b.counter('k', { delta: 1.5 }), ArgumentError],
  ['counter negative initial', (b) => b.counter('k', { initial: -1 }), ArgumentError],
  ['counter string delta', (b) => b.counter('k', { delta: '1' as never }), ArgumentError],
  ['unknown option', (b) => b.get('k', { ttll: 5 } as never), ArgumentError],
  ['cas on insert', (b) => b.insert('k', 1, { cas: 1n } as never), ArgumentError],
  ['options not an object', (b) => b.get('k', 'quiet' as never), ArgumentError],
  ['quiet not a boolean', (b) => b.get('k', { quiet: 1 as never }), ArgumentError],
  ['replica with ttl', (b) => b.get('k', { replica: true, ttl: 5 }), ArgumentError],
  ['replicaIndex out of range', (b) => b.rget('k', { replicaIndex: 3 }), ArgumentError],
  ['persistTo out of range', (b) => b.upsert('k', 1, { persistTo: 9 }), ArgumentError],
  ['multi with a bad key', (b) => b.getMulti(['a', '']), ArgumentError],
  ['multi with duplicate keys', (b) => b.getMulti(['a', 'a']), ArgumentError],
  ['multi not an array', (b) => b.getMulti('a' as never), ArgumentError],
  ['upsertMulti not an object', (b) => b.upsertMulti(null as never), ArgumentError],
  ['unlockMulti with a bad cas', (b) => b.unlockMulti({ a: 1 as never }), ArgumentError],
  ['counterMulti with a bad delta', (b) => b.counterMulti({ a: 'x' as never }), ArgumentError],
  ['endure persistTo not a number', (b) => b.endure('k', { persistTo: 'x' as never }), ArgumentError],
  ['endure more replicas than the bucket has', (b) => b.endure('k', { replicateTo: 1 }), ArgumentError],
  ['endure asking for nothing', (b) => b.endure('k', { persistTo: 0, replicateTo: 0 }), ArgumentError],
  ['endureMulti of a number', (b) => b.endureMulti(5 as never), ArgumentError],
  ['observe masterOnly not a boolean', (b) => b.observe('k', { masterOnly: 1 as never }), ArgumentError],
];

/** N1QL and view input, through the promise package (rejections, or the first iteration step). */
const queryCases: [string, (b: Bucket) => Promise<unknown>][] = [
  ['N1QL statement that is not a string', (b) => b.n1qlQueryAll(5 as never)],
  ['N1QL empty statement', (b) => b.n1qlQueryAll('  ')],
  ['N1QL named parameter undefined', async (b) => b.n1qlQueryAll(new N1QLQuery('SELECT $a').setNamedParams({ a: undefined }))],
  ['N1QL positional parameter that is a function', async (b) => b.n1qlQueryAll(new N1QLQuery('SELECT $1', () => 1))],
  ['N1QL negative timeout', async (b) => {
    const q = new N1QLQuery('SELECT 1');
    q.timeout = -1;
    return b.n1qlQueryAll(q);
  }],
  ['view limit as a string', (b) => b.queryAll('d', 'v', { limit: '5' as never })],
  ['view negative skip', (b) => b.queryAll('d', 'v', { skip: -1 })],
  ['view unknown option', (b) => b.queryAll('d', 'v', { limitt: 5 } as never)],
  ['view includeDocs with reduce', (b) => b.queryAll('d', 'v', { includeDocs: true, reduce: true })],
  ['view stale of another kind', (b) => b.queryAll('d', 'v', { stale: 'sometimes' as never })],
  ['view key without a JSON form', (b) => b.queryAll('d', 'v', { key: () => 1 } as never)],
  ['view onError of another kind', (b) => b.queryAll('d', 'v', { onError: 'ignore' as never })],
  ['view descending as an object', async (b) => {
    for await (const _ of b.query('d', 'v', { descending: {} as never })) void _;
  }],
];

const badConnstrs = [
  '',
  'http://127.0.0.1:8091',
  'couchbase://',
  'couchbase://host:notaport',
  'couchbase://host:0',
  'couchbase://host:99999',
  'couchbase://user:pass@host',
  'couchbase://host:8091',
  'couchbase://h1,,h2',
  'couchbase://[::1',
  'couchbase://host/bad bucket name',
];

describe('bad input', () => {
  let cluster: DevCluster;
  let core: AsyncBucket;
  let promised: Bucket;
  const coreIops = new CountingIOPS();
  const promiseIops = new CountingIOPS();

  beforeAll(async () => {
    cluster = await startDevCluster();
    core = new AsyncBucket(coreIops, cluster.connectionString, { username: cluster.username, password: cluster.password });
    promised = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password, iops: promiseIops });
    await promised.connect();
    await new Promise<void>((resolve) => core.registerEvent('connect', { callback: resolve }));
    await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    core.close();
    await promised.close();
    await cluster.stop();
  });

  test(`there are at least 40 bad inputs in the tables (${cases.length + badConnstrs.length + queryCases.length})`, () => {
    expect(cases.length + badConnstrs.length + queryCases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(queryCases)('query input rejects with ArgumentError, nothing sent: %s', async (_name, call) => {
    const before = promiseIops.bytes;
    await expect(call(promised)).rejects.toBeInstanceOf(ArgumentError);
    expect(promiseIops.bytes).toBe(before);
  });

  test('core: a query handler class that is not an AsyncN1QLRequest / AsyncViewBase is thrown at once', () => {
    expect(() => core.n1qlQuery('SELECT 1', { itercls: class {} as never })).toThrow(ArgumentError);
    expect(() => core.query('d', 'v', { itercls: AsyncN1QLRequest as never })).toThrow(ArgumentError);
  });

  test.each(cases)('core throws synchronously: %s', (_name, call, cls) => {
    const before = coreIops.bytes;
    let thrown: unknown;
    try {
      call(core);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(cls);
    expect((thrown as CouchbaseError).stack).toBeDefined();
    expect(coreIops.bytes).toBe(before);
  });

  test.each(cases)('promise rejects: %s', async (_name, call, cls) => {
    const before = promiseIops.bytes;
    const result = call(promised);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toBeInstanceOf(cls);
    expect(promiseIops.bytes).toBe(before);
  });

  test.each(badConnstrs)('connection string %j is an ArgumentError from the constructor', (connstr) => {
    expect(() => new AsyncBucket(new NodeIOPS(), connstr)).toThrow(ArgumentError);
    expect(() => new Bucket(connstr)).toThrow(ArgumentError);
  });

  test('an ArgumentError from a connection string never echoes a password', () => {
    try {
      new Bucket('couchbase://admin:hunter2@host');
      throw new Error('not thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ArgumentError);
      expect(String((err as Error).message)).not.toContain('hunter2');
      expect(JSON.stringify((err as ArgumentError).context)).not.toContain('hunter2');
    }
  });

  test('after all that, both buckets still work', async () => {
    await promised.upsert('still-fine', 1);
    expect((await promised.get('still-fine')).value).toBe(1);
  });
});
