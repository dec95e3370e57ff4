/**
 * Regressions found by review of the HTTP layer: a paused connection returned to the
 * pool, stale handles touching a reused connection, a connection leaked by a bad
 * header, limits that depended on how bytes were split, `__proto__` in metadata, and the
 * keep-alive flag of a close-delimited response.
 */
import { createServer, type Server } from 'node:http';
import { ProtocolError } from '../../src/errors/classes';
import { HttpClient } from '../../src/http/http-client';
import type { HttpHandler } from '../../src/http/http-connection';
import { ResponseParser, type ResponseHead } from '../../src/http/response-parser';
import { NodeIOPS } from '../../src/iops/node-iops';
import { MAX_ROW_BYTES, RowStreamParser } from '../../src/services/row-stream-parser';

let server: Server;
let port: number;
let connections = 0;
beforeAll(async () => {
  server = createServer((req, res) => res.end(`hello ${req.url}`));
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(client: HttpClient, path: string, onData?: (h: { pause(): void }) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    let handle: ReturnType<HttpClient['request']> | undefined = undefined;
    const handler: HttpHandler = {
      onHead: () => undefined,
      onData: (c) => {
        body += Buffer.from(c).toString();
        if (onData !== undefined && handle !== undefined) onData(handle);
      },
      onEnd: () => resolve(body),
      onError: reject,
    };
    handle = client.request({ host: '127.0.0.1', port }, { method: 'GET', path }, handler);
  });
}

test('a connection paused during its last chunk serves the next request', async () => {
  const client = new HttpClient(new NodeIOPS());
  expect(await get(client, '/a', (h) => h.pause())).toBe('hello /a');
  expect(await get(client, '/b')).toBe('hello /b');
  client.close();
});

test('a finished request\'s handle cannot pause or abort the next request on the same connection', async () => {
  const client = new HttpClient(new NodeIOPS());
  let first!: ReturnType<HttpClient['request']>;
  await new Promise<void>((resolve, reject) => {
    first = client.request({ host: '127.0.0.1', port }, { method: 'GET', path: '/1' }, { onHead() {}, onData() {}, onEnd: () => resolve(), onError: reject });
  });
  const second = get(client, '/2');
  first.pause();
  first.abort();
  expect(await second).toBe('hello /2');
  client.close();
});

test('a header with a line break is refused before any connection is opened', async () => {
  const client = new HttpClient(new NodeIOPS());
  const before = connections;
  const handler: HttpHandler = { onHead() {}, onData() {}, onEnd() {}, onError() {} };
  expect(() => client.request({ host: '127.0.0.1', port }, { method: 'GET', path: '/', headers: { x: 'a\r\nb' } }, handler)).toThrow(ProtocolError);
  expect(() => client.request({ host: '127.0.0.1', port }, { method: 'GET', path: '/a b' }, handler)).toThrow(ProtocolError);
  await new Promise((r) => setTimeout(r, 50));
  expect(client.openConnections).toBe(0);
  expect(connections).toBe(before);
  client.close();
});

test('chained requests from onEnd reuse the keep-alive connection', async () => {
  const client = new HttpClient(new NodeIOPS());
  const before = connections;
  let remaining = 5;
  await new Promise<void>((resolve, reject) => {
    const next = (): void => {
      client.request({ host: '127.0.0.1', port }, { method: 'GET', path: '/c' }, { onHead() {}, onData() {}, onEnd: () => (--remaining === 0 ? resolve() : next()), onError: reject });
    };
    next();
  });
  expect(connections - before).toBe(1);
  client.close();
});

describe('limits do not depend on chunking', () => {
  const sink = { onHead: () => undefined, onBody: () => undefined, onEnd: () => undefined };
  test('an oversized head in one push', () => {
    const big = `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(70 * 1024)}\r\ncontent-length: 0\r\n\r\n`;
    expect(() => new ResponseParser(sink).push(Buffer.from(big))).toThrow(ProtocolError);
  });
  test('an oversized chunk-size line in one push', () => {
    const big = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1;${'e'.repeat(2000)}\r\nx\r\n0\r\n\r\n`;
    expect(() => new ResponseParser(sink).push(Buffer.from(big))).toThrow(ProtocolError);
  });
  test('a row over the limit in one push', () => {
    const body = Buffer.concat([Buffer.from('{"results":["'), Buffer.alloc(MAX_ROW_BYTES + 10, 0x78), Buffer.from('"]}')]);
    const rows: unknown[] = [];
    expect(() => new RowStreamParser('results', (r) => rows.push(r)).push(body)).toThrow(ProtocolError);
    expect(rows).toHaveLength(0);
  });
});

test('a "__proto__" metadata field is data, not a prototype change', () => {
  const p = new RowStreamParser('results', () => undefined);
  p.push(Buffer.from('{"__proto__":{"polluted":1},"results":[1],"status":"success"}'));
  const meta = p.end();
  expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
  expect(Object.keys(meta)).toEqual(['__proto__', 'status']);
  expect((meta as Record<string, unknown>).polluted).toBeUndefined();
});

test('onHead reports keepAlive false for a close-delimited HTTP/1.1 response', () => {
  let head: ResponseHead | undefined;
  const p = new ResponseParser({ onHead: (h) => (head = h), onBody: () => undefined, onEnd: () => undefined });
  p.push(Buffer.from('HTTP/1.1 200 OK\r\nx: y\r\n\r\nhello'));
  expect(head?.keepAlive).toBe(false);
  expect(p.head?.keepAlive).toBe(false);
});
