/**
 * HttpRowsRequest (HttpClient over NodeIOPS + RowStreamParser) against node:http.
 *
 * Proves: a N1QL-shaped body streamed in many writes, cut at arbitrary byte positions,
 * arrives as rows in several onRows calls while the server is still writing, the rows
 * concatenate to exactly the rows sent, and onComplete comes last with the trailing
 * metadata, the HTTP status and a snippet of the body; the views shape works with
 * "rows"; a non-JSON 401 / 500 body ends in onComplete with a ProtocolError parseError
 * and the body text as snippet (capped at 4 KiB); a JSON error body ends in onComplete
 * with its metadata; a 200 whose body becomes malformed mid-stream ends in onFailure
 * with ProtocolError (the connection is closed, nothing follows); a truncated 200 body
 * ends in onComplete with a parseError; a dropped connection ends in onFailure with
 * NetworkError; pause()/resume() hold rows back and then deliver them all; abort()
 * silences the request and closes its connection.
 */
import * as http from 'node:http';
import type * as net from 'node:net';
import { NetworkError, ProtocolError } from '../../src/errors/classes';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import { HttpClient } from '../../src/http/http-client';
import type { HttpEndpoint, HttpRequest } from '../../src/http/http-connection';
import type { ResponseHead } from '../../src/http/response-parser';
import { NodeIOPS } from '../../src/iops/node-iops';
import { HttpRowsRequest, type HttpRowsSink } from '../../src/services/http-rows-request';

jest.setTimeout(5000);

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

let server: http.Server;
let endpoint: HttpEndpoint;
let client: HttpClient;
let route: Route;
let connections: net.Socket[];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

beforeEach(async () => {
  connections = [];
  route = (_req, res) => {
    res.end('{}');
  };
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => void route(req, res));
  });
  server.on('connection', (s: net.Socket) => connections.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
  client = new HttpClient(new NodeIOPS());
});

afterEach(async () => {
  client.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

interface Completion {
  head: ResponseHead;
  meta: Record<string, unknown> | undefined;
  parseError: ProtocolError | undefined;
  snippet: string;
}

interface Run {
  request: HttpRowsRequest;
  batches: unknown[][];
  events: string[];
  completion: Completion | undefined;
  failure: CouchbaseError | undefined;
  /** Resolves at onComplete or onFailure. */
  done: Promise<void>;
}

const QUERY: HttpRequest = { method: 'POST', path: '/query/service', headers: { 'content-type': 'application/json' }, body: '{"statement":"SELECT 1"}' };

function start(rowsKey = 'results', req: HttpRequest = QUERY, extra?: Partial<HttpRowsSink>): Run {
  let finish!: () => void;
  const run: Run = { request: undefined as unknown as HttpRowsRequest, batches: [], events: [], completion: undefined, failure: undefined, done: new Promise((r) => (finish = r)) };
  run.request = new HttpRowsRequest(client, endpoint, req, rowsKey, {
    onRows: (rows) => {
      run.events.push('rows');
      run.batches.push(rows);
      extra?.onRows?.(rows);
    },
    onComplete: (head, meta, parseError, snippet) => {
      run.events.push('complete');
      run.completion = { head, meta, parseError, snippet };
      finish();
    },
    onFailure: (err) => {
      run.events.push('failure');
      run.failure = err;
      finish();
    },
  });
  run.request.start();
  return run;
}

/** Writes `body` in pieces of varying sizes (not aligned with rows), pausing between them. */
async function writeInPieces(res: http.ServerResponse, body: Buffer, sizes: number[], gapMs = 3): Promise<void> {
  let at = 0;
  for (let i = 0; at < body.byteLength; i++) {
    const n = sizes[i % sizes.length]!;
    res.write(body.subarray(at, at + n));
    at += n;
    await sleep(gapMs);
  }
}

function n1qlBody(rows: unknown[], meta: { requestID: string; status: string; metrics: Record<string, unknown> }): Buffer {
  return Buffer.from(
    `{\n"requestID": ${JSON.stringify(meta.requestID)},\n"signature": {"*":"*"},\n"results": [\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n],\n"status": ${JSON.stringify(meta.status)},\n"metrics": ${JSON.stringify(meta.metrics)}\n}\n`,
  );
}

describe('HttpRowsRequest against node:http', () => {
  test('a streamed N1QL body: rows in several onRows calls while the server writes, then onComplete with the metadata', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, name: `user-${i}`, note: i % 7 === 0 ? 'tricky "]}," é😀' : null }));
    const meta = { requestID: 'f3c5-11', status: 'success', metrics: { elapsedTime: '1.2ms', resultCount: 300, resultSize: 12345 } };
    const body = n1qlBody(rows, meta);
    let serverDone = false;
    let serverDoneAtFirstRows: boolean | undefined;
    let method = '';
    route = async (req, res) => {
      method = req.method!;
      res.writeHead(200, { 'content-type': 'application/json' });
      await writeInPieces(res, body, [1, 700, 13, 2048, 5, 999]);
      res.end(() => (serverDone = true));
    };
    const run = start('results', QUERY, {
      onRows: () => {
        serverDoneAtFirstRows ??= serverDone;
      },
    });
    await run.done;
    expect(method).toBe('POST');
    expect(run.failure).toBeUndefined();
    expect(run.batches.length).toBeGreaterThanOrEqual(5);
    expect(run.batches.every((b) => b.length > 0)).toBe(true);
    expect(serverDoneAtFirstRows).toBe(false); // rows were delivered while the body was still coming
    expect(run.batches.flat()).toEqual(rows);
    expect(run.events[run.events.length - 1]).toBe('complete');
    expect(run.events.filter((e) => e === 'complete')).toHaveLength(1);
    const c = run.completion!;
    expect(c.head.status).toBe(200);
    expect(c.parseError).toBeUndefined();
    expect(c.meta).toEqual({ requestID: meta.requestID, signature: { '*': '*' }, status: 'success', metrics: meta.metrics });
    expect(c.snippet).toBe(body.subarray(0, 4096).toString('utf8'));
  });

  test('the views shape with "rows" and a Content-Length body', async () => {
    const rows = [
      { id: 'a', key: 1, value: null },
      { id: 'b', key: [2, ']'], value: { v: '}' } },
    ];
    const body = Buffer.from(JSON.stringify({ total_rows: 2, rows }));
    route = async (_req, res) => {
      res.writeHead(200, { 'content-length': body.byteLength });
      await writeInPieces(res, body, [10]);
      res.end();
    };
    const run = start('rows', { method: 'GET', path: '/default/_design/d/_view/v?stale=false' });
    await run.done;
    expect(run.batches.flat()).toEqual(rows);
    expect(run.completion!.meta).toEqual({ total_rows: 2 });
    expect(run.completion!.parseError).toBeUndefined();
  });

  test.each([
    [401, 'Unauthorized: bad credentials'],
    [500, '<html><body><h1>500 Internal Server Error</h1></body></html>'],
    [503, 'Service Unavailable'],
  ])('a non-JSON %i body: onComplete with a parseError and the body as snippet', async (status, text) => {
    route = async (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      await writeInPieces(res, Buffer.from(text), [4]);
      res.end();
    };
    const run = start();
    await run.done;
    expect(run.events).toEqual(['complete']);
    const c = run.completion!;
    expect(c.head.status).toBe(status);
    expect(c.meta).toBeUndefined();
    expect(c.parseError).toBeInstanceOf(ProtocolError);
    expect(c.snippet).toBe(text);
  });

  test('the snippet of a long error body is capped at 4 KiB', async () => {
    const text = 'E'.repeat(10_000);
    route = (_req, res) => {
      res.writeHead(500);
      res.end(text);
    };
    const run = start();
    await run.done;
    expect(run.completion!.head.status).toBe(500);
    expect(run.completion!.parseError).toBeInstanceOf(ProtocolError);
    expect(run.completion!.snippet).toBe(text.slice(0, 4096));
  });

  test('a JSON error body (HTTP 500): onComplete with its metadata, no parse error', async () => {
    const body = { requestID: 'r', errors: [{ code: 5000, msg: 'Internal error' }], status: 'fatal' };
    route = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const run = start();
    await run.done;
    expect(run.events).toEqual(['complete']);
    expect(run.completion!.head.status).toBe(500);
    expect(run.completion!.parseError).toBeUndefined();
    expect(run.completion!.meta).toEqual(body);
  });

  test('a 200 whose body turns malformed mid-stream: onFailure with ProtocolError, connection closed, nothing after', async () => {
    let serverSawClose = false;
    let writes = 0;
    route = async (_req, res) => {
      res.on('close', () => (serverSawClose = true));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"requestID":"x","results":[{"a":1},');
      await sleep(20);
      res.write('{"b":2} GARBAGE ');
      // keep writing as a broken server would
      while (!serverSawClose && writes < 100) {
        await sleep(5);
        res.write('[1,2,3],');
        writes++;
      }
      res.end();
    };
    const run = start();
    await run.done;
    expect(run.failure).toBeInstanceOf(ProtocolError);
    expect(run.failure!.message).toMatch(/Malformed response body/);
    expect(run.batches.flat()).toEqual([{ a: 1 }]); // the row before the garbage was delivered
    await waitFor(() => serverSawClose, 'the server to see the connection close');
    expect(writes).toBeLessThan(100);
    await sleep(30);
    expect(run.events).toEqual(['rows', 'failure']);
    expect(client.openConnections).toBe(0);
  });

  test('a 200 body cut short (a valid prefix, then the response ends): onComplete with a parseError', async () => {
    route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"requestID":"x","results":[1,2');
    };
    const run = start();
    await run.done;
    expect(run.events[run.events.length - 1]).toBe('complete');
    expect(run.completion!.head.status).toBe(200);
    expect(run.completion!.meta).toBeUndefined();
    expect(run.completion!.parseError).toBeInstanceOf(ProtocolError);
  });

  test('the connection dropped mid-body: onFailure with NetworkError', async () => {
    route = async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"results":[{"a":1},');
      await sleep(20);
      req.socket.destroy();
    };
    const run = start();
    await run.done;
    expect(run.failure).toBeInstanceOf(NetworkError);
    expect(run.completion).toBeUndefined();
    expect(run.batches.flat()).toEqual([{ a: 1 }]);
  });

  test('pause() holds rows back; resume() delivers the rest', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ i, pad: 'p'.repeat(50) }));
    const body = n1qlBody(rows, { requestID: 'p', status: 'success', metrics: { resultCount: 2000 } });
    route = async (_req, res) => {
      res.writeHead(200);
      await writeInPieces(res, body, [4000], 1);
      res.end();
    };
    let paused = false;
    const run: Run = start('results', QUERY, {
      onRows: () => {
        if (!paused) {
          paused = true;
          run.request.pause();
        }
      },
    });
    await waitFor(() => paused, 'the first rows');
    await sleep(10);
    const batchesAtPause = run.batches.length;
    await sleep(150);
    expect(run.batches.length).toBe(batchesAtPause);
    expect(run.completion).toBeUndefined();
    run.request.resume();
    await run.done;
    expect(run.batches.flat()).toEqual(rows);
    expect(run.completion!.meta).toMatchObject({ status: 'success' });
  });

  test('abort(): nothing more is reported and the connection is closed', async () => {
    let serverSawClose = false;
    route = async (_req, res) => {
      res.on('close', () => (serverSawClose = true));
      res.writeHead(200);
      res.write('{"results":[');
      for (let i = 0; !serverSawClose && i < 200; i++) {
        res.write(`${i > 0 ? ',' : ''}{"i":${i}}`);
        await sleep(5);
      }
      res.end(']}');
    };
    let aborted = false;
    const run: Run = start('results', QUERY, {
      onRows: () => {
        if (!aborted) {
          aborted = true;
          run.request.abort();
        }
      },
    });
    await waitFor(() => serverSawClose, 'the server to see the abort');
    await sleep(50);
    expect(run.events).toEqual(['rows']);
    expect(client.openConnections).toBe(0);
    expect(connections).toHaveLength(1);
  });
});
