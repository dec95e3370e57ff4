/**
 * The N1QL client over VirtualIOPS against a scripted query endpoint: the client's own
 * timeout in exact virtual time when the service never answers, a 401 with errors (an
 * N1QLError that is also an AuthError) and without (an AuthError), a non-JSON 500 (an
 * HTTPError with the status and body), and errors in a 200's trailer (an N1QLError).
 */
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { AuthError, HTTPError, N1QLError, TimeoutError } from '../../src/errors/classes';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import { VirtualIOPS } from '../../src/iops/virtual-iops';
import { AsyncN1QLRequest } from '../../src/query/async-n1ql-request';
import { N1QLQuery } from '../../src/query/n1ql-query';
import { FakeCluster } from '../helpers/fake-server';

class Capture extends AsyncN1QLRequest {
  rows: unknown[] = [];
  error: CouchbaseError | undefined;
  ended = false;
  override onRows(rows: unknown[]): void {
    this.rows.push(...rows);
  }
  override onError(e: CouchbaseError): void {
    this.error = e;
  }
  override onDone(): void {
    this.ended = true;
  }
}

function setup(): { iops: VirtualIOPS; fake: FakeCluster; bucket: AsyncBucket } {
  const iops = new VirtualIOPS();
  const fake = new FakeCluster(iops);
  const bucket = new AsyncBucket(iops, fake.connectionString, { username: 'u', password: 'p', saslMechanism: 'PLAIN', configPollInterval: 0, n1qlTimeout: 10_000 });
  return { iops, fake, bucket };
}

const http = (status: number, body: string, extra = ''): string => `HTTP/1.1 ${status} X\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

test('a query service that never answers: TimeoutError at the timeout (plus the grace for the server\'s own), not before', async () => {
  const { iops, fake, bucket } = setup();
  fake.queryResponder = () => undefined;
  await iops.advance(0);
  const q = new N1QLQuery('SELECT 1');
  q.timeout = 1000;
  const h = bucket.n1qlQuery(q, { itercls: Capture }).start();
  await iops.advance(1499);
  expect(h.ended).toBe(false);
  await iops.advance(1);
  expect(h.ended).toBe(true);
  expect(h.error).toBeInstanceOf(TimeoutError);
  expect(fake.queryRequests[0]).toContain('"timeout":"1000ms"');
  expect(fake.queryRequests[0]).toMatch(/authorization: Basic /);
  bucket.close();
  expect(iops.pendingTimers).toBe(0);
});

test('401 with errors: an N1QLError that is also an AuthError; 401 without a body: an AuthError', async () => {
  const { iops, fake, bucket } = setup();
  await iops.advance(0);
  fake.queryResponder = () => http(401, '{"errors":[{"code":10000,"msg":"Authentication failure"}],"status":"fatal"}');
  const a = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(10);
  expect(a.error).toBeInstanceOf(N1QLError);
  expect(a.error).toBeInstanceOf(AuthError);
  expect(a.error!.code).toBe(10000);
  fake.queryResponder = () => http(401, '');
  const b = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(10);
  expect(b.error).toBeInstanceOf(AuthError);
  expect(b.error).not.toBeInstanceOf(N1QLError);
  bucket.close();
});

test('a non-JSON 500 is an HTTPError with the status and the body', async () => {
  const { iops, fake, bucket } = setup();
  await iops.advance(0);
  fake.queryResponder = () => http(500, '<html>Internal Server Error</html>');
  const h = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(10);
  expect(h.error).toBeInstanceOf(HTTPError);
  expect((h.error as HTTPError).status).toBe(500);
  expect((h.error as HTTPError).body).toContain('Internal Server Error');
  bucket.close();
});

test('errors in the trailer of a 200 (after rows) are an N1QLError; the rows before still arrive', async () => {
  const { iops, fake, bucket } = setup();
  await iops.advance(0);
  const body = '{"requestID":"r1","results":[1,2],"errors":[{"code":12009,"msg":"DML Error"}],"status":"errors"}';
  fake.queryResponder = () => `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  const h = bucket.n1qlQuery('SELECT 1', { itercls: Capture }).start();
  await iops.advance(10);
  expect(h.rows).toEqual([1, 2]);
  expect(h.error).toBeInstanceOf(N1QLError);
  expect((h.error as N1QLError).requestId).toBe('r1');
  expect(h.ended).toBe(true);
  bucket.close();
});
