/**
 * A hostile or broken query service, over VirtualIOPS: answers that are not HTTP, heads
 * that never end, bodies cut short, chunk framing that lies, a 200 whose body is not
 * JSON. Each case checks that the query settles exactly once with a typed error, that
 * rows received before the break were delivered, that nothing escapes to the process,
 * and that the next query against an honest answer works.
 */
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { CouchbaseError } from '../../src/errors/couchbase-error';
import { AsyncN1QLRequest } from '../../src/query/async-n1ql-request';
import { VirtualIOPS, type VirtualServerSocket } from '../../src/iops/virtual-iops';
import { HostileCluster, listenHttp, watchProcess } from './hostile-kv';

class Capture extends AsyncN1QLRequest {
  rows: unknown[] = [];
  errors: CouchbaseError[] = [];
  settled = 0;
  override onRows(rows: unknown[]): void {
    this.rows.push(...rows);
  }
  override onError(e: CouchbaseError): void {
    this.errors.push(e);
  }
  override onDone(): void {
    this.settled++;
  }
}

type Responder = (request: string, sock: VirtualServerSocket) => void;

let watcher: ReturnType<typeof watchProcess>;
beforeEach(() => (watcher = watchProcess()));
afterEach(() => {
  watcher.stop();
  expect(watcher.errors).toEqual([]);
});

async function withQueryService(responder: { current: Responder }): Promise<{ iops: VirtualIOPS; bucket: AsyncBucket }> {
  const iops = new VirtualIOPS();
  const fake = new HostileCluster(iops, 1);
  listenHttp(iops, fake.host, fake.queryPort, (req, sock) => responder.current(req, sock));
  const bucket = new AsyncBucket(iops, fake.connectionString, { username: 'u', password: 'p', saslMechanism: 'PLAIN', configPollInterval: 0, n1qlTimeout: 3000 });
  await iops.advance(0);
  return { iops, bucket };
}

const honest: Responder = (_req, sock) => {
  const body = '{"requestID":"r","results":[{"ok":true}],"status":"success","metrics":{"resultCount":1}}';
  sock.write(Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`));
};

const cases: [string, Responder, unknown[]][] = [
  ['not HTTP at all, then a close', (_r, s) => (s.write(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), s.destroy()), []],
  ['a 200 whose body is HTML', (_r, s) => s.write(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 13\r\n\r\n<html></html>')), []],
  ['a body cut after one row', (_r, s) => (s.write(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{"requestID":"r","results":[{"a":1},{"a"')), s.destroy()), [{ a: 1 }]],
  ['a content-length of 10¹² and a close', (_r, s) => (s.write(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 1000000000000\r\n\r\n{"results":[')), s.destroy()), []],
  ['a chunk size line that is not hex', (_r, s) => s.write(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{"results":[]}\r\n0\r\n\r\n')), []],
  ['a chunk that claims 4 GB', (_r, s) => s.write(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffff\r\n{"results":[')), []],
  ['a head that never ends (1 MB of headers)', (_r, s) => s.write(Buffer.from('HTTP/1.1 200 OK\r\n' + 'x-pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(16_000))), []],
  ['a status line with no status', (_r, s) => s.write(Buffer.from('HTTP/1.1 \r\ncontent-length: 2\r\n\r\n{}')), []],
  ['rows that are not an array', (_r, s) => s.write(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 25\r\n\r\n{"results":{"a":1},"x":1}')), []],
];

test.each(cases)('%s: one typed error, earlier rows delivered, the next query works', async (_name, bad, rowsBefore) => {
  const responder = { current: bad };
  const { iops, bucket } = await withQueryService(responder);
  const q = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(3600);
  expect(q.settled).toBe(1);
  expect(q.errors).toHaveLength(1);
  expect(q.errors[0]).toBeInstanceOf(CouchbaseError);
  expect(q.errors[0]!.message).not.toMatch(/undefined|\[object Object\]/);
  expect(q.rows).toEqual(rowsBefore);

  responder.current = honest;
  const next = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(100);
  expect(next.errors).toEqual([]);
  expect(next.rows).toEqual([{ ok: true }]);
  bucket.close();
});
