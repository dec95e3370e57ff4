/**
 * HttpClient + HttpConnection over NodeIOPS against a real node:http server.
 *
 * Proves: GET and POST round-trip (request headers and body reach the server, the body
 * comes back byte-exact); sequential requests reuse one keep-alive TCP connection (the
 * server counts its 'connection' events); concurrent requests use separate connections
 * and the idle pool is capped; pause() really applies TCP back-pressure (a server
 * streaming ~20 MB with drain-aware writes has not finished 300 ms after the client
 * paused, and no data is delivered while paused) and resume() delivers every byte in
 * order; abort() closes the socket (the server sees it) and silences the handler;
 * a refused connection reports ConnectError through onError; a keep-alive connection
 * the server closed while idle does not fail the next request, and a reused connection
 * that fails before any response byte is retried exactly once on a fresh connection
 * (but not a fresh one, not after the head, not twice); `client.close()` closes every
 * connection and refuses new requests; a HEAD response ends at its head and the
 * connection is reused; a `Connection: close` response is not pooled; a close-delimited
 * HTTP/1.0 body ends when the server closes.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { ConnectError, NetworkError, ObjectDestroyedError, ProtocolError } from '../../src/errors/classes';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import { HttpClient, type HttpRequestHandle } from '../../src/http/http-client';
import type { HttpEndpoint, HttpHandler, HttpRequest } from '../../src/http/http-connection';
import type { ResponseHead } from '../../src/http/response-parser';
import { NodeIOPS } from '../../src/iops/node-iops';

jest.setTimeout(5000);

type Route = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void | Promise<void>;

let server: http.Server;
let endpoint: HttpEndpoint;
let client: HttpClient;
let route: Route;
/** TCP connections the server accepted. */
let connections: net.Socket[];
/** Requests the server received (1-based count is passed to the route). */
let requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer; socket: net.Socket }>;

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
  requests = [];
  route = (_req, res) => {
    res.end('default');
  };
  server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(parts), socket: req.socket });
      void route(req, res, requests.length);
    });
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

interface Outcome {
  head: ResponseHead | undefined;
  body: Buffer;
  error: CouchbaseError | undefined;
  events: string[];
}

/** A handler that records everything, and a promise of its end (onEnd or onError). */
function recorder(): { handler: HttpHandler; outcome: Outcome; done: Promise<Outcome> } {
  const outcome: Outcome = { head: undefined, body: Buffer.alloc(0), error: undefined, events: [] };
  const parts: Buffer[] = [];
  let finish!: (o: Outcome) => void;
  const done = new Promise<Outcome>((r) => (finish = r));
  const handler: HttpHandler = {
    onHead: (h) => {
      outcome.events.push('head');
      outcome.head = h;
    },
    onData: (c) => {
      outcome.events.push('data');
      parts.push(Buffer.from(c));
      outcome.body = Buffer.concat(parts);
    },
    onEnd: () => {
      outcome.events.push('end');
      finish(outcome);
    },
    onError: (e) => {
      outcome.events.push('error');
      outcome.error = e;
      finish(outcome);
    },
  };
  return { handler, outcome, done };
}

function send(req: HttpRequest): Promise<Outcome> {
  const r = recorder();
  client.request(endpoint, req, r.handler);
  return r.done;
}

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('HttpClient over NodeIOPS against node:http', () => {
  test('GET: status, headers and body; request headers reach the server', async () => {
    route = (req, res) => {
      res.writeHead(200, 'All Good', { 'content-type': 'application/json', 'x-echo': String(req.headers['x-test']) });
      res.end(JSON.stringify({ path: req.url }));
    };
    const o = await send({ method: 'GET', path: '/some/path?q=1%202', headers: { 'x-test': 'hello', authorization: 'Basic abc' } });
    expect(o.error).toBeUndefined();
    expect(o.events[0]).toBe('head');
    expect(o.events[o.events.length - 1]).toBe('end');
    expect(o.head!.status).toBe(200);
    expect(o.head!.statusText).toBe('All Good');
    expect(o.head!.headers['x-echo']).toBe('hello');
    expect(o.head!.keepAlive).toBe(true);
    expect(JSON.parse(o.body.toString())).toEqual({ path: '/some/path?q=1%202' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe('Basic abc');
    expect(requests[0]!.headers.host).toBe(`127.0.0.1:${endpoint.port}`);
  });

  test('POST: a string body and a binary body are echoed byte-exact; an empty POST sends content-length 0', async () => {
    route = (req, res) => {
      const body = requests[requests.length - 1]!.body;
      res.writeHead(200, { 'content-length': body.byteLength, 'x-len': String(req.headers['content-length']) });
      res.end(body);
    };
    const text = JSON.stringify({ statement: 'SELECT "é✓😀" AS x', args: [1, 2, 3] });
    const a = await send({ method: 'POST', path: '/query/service', headers: { 'content-type': 'application/json' }, body: text });
    expect(a.body.toString('utf8')).toBe(text);
    expect(a.head!.headers['x-len']).toBe(String(Buffer.byteLength(text)));

    const binary = new Uint8Array(70_000).map((_, i) => (i * 13) & 0xff);
    const b = await send({ method: 'PUT', path: '/bin', body: binary });
    expect(Buffer.compare(b.body, Buffer.from(binary))).toBe(0);

    const c = await send({ method: 'POST', path: '/empty' });
    expect(c.head!.headers['x-len']).toBe('0');
    expect(c.body.byteLength).toBe(0);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PUT', 'POST']);
  });

  test('keep-alive: sequential requests share one TCP connection', async () => {
    route = (req, res) => {
      res.end(`reply to ${req.url}`);
    };
    for (let i = 0; i < 6; i++) {
      const o = await send({ method: i % 2 === 0 ? 'GET' : 'POST', path: `/r${i}`, body: i % 2 === 0 ? undefined : `body ${i}` });
      expect(o.body.toString()).toBe(`reply to /r${i}`);
    }
    expect(connections).toHaveLength(1);
    expect(new Set(requests.map((r) => r.socket)).size).toBe(1);
    expect(client.openConnections).toBe(1);
  });

  test('concurrent requests use separate connections; the idle pool is capped', async () => {
    client.close();
    client = new HttpClient(new NodeIOPS(), { maxIdlePerEndpoint: 2 });
    const held: http.ServerResponse[] = [];
    route = (req, res) => {
      held.push(res);
      // Answer only once all three are in: they must be in flight at the same time.
      if (held.length === 3) for (const r of held) r.end(`ok ${requests.find((q) => q.socket === r.socket)!.url}`);
    };
    const outs = await Promise.all([send({ method: 'GET', path: '/a' }), send({ method: 'GET', path: '/b' }), send({ method: 'GET', path: '/c' })]);
    expect(outs.map((o) => o.body.toString()).sort()).toEqual(['ok /a', 'ok /b', 'ok /c']);
    expect(connections).toHaveLength(3);
    expect(new Set(requests.map((r) => r.socket)).size).toBe(3);
    expect(client.openConnections).toBe(2); // one of the three was closed: maxIdlePerEndpoint 2
    await waitFor(() => connections.filter((s) => s.destroyed).length === 1, 'the surplus connection to close');

    // Two more concurrent requests reuse the two pooled connections.
    route = (_req, res) => {
      res.end('again');
    };
    const again = await Promise.all([send({ method: 'GET', path: '/d' }), send({ method: 'GET', path: '/e' })]);
    expect(again.map((o) => o.body.toString())).toEqual(['again', 'again']);
    expect(connections).toHaveLength(3);
  });

  test('back-pressure: pause() blocks the server, resume() delivers every byte in order', async () => {
    const BLOCK = Buffer.from(Array.from({ length: 251 * 256 }, (_, j) => j % 251)); // 64256 bytes
    const BLOCKS = 326; // ~20.9 MB
    const TOTAL = BLOCK.byteLength * BLOCKS;
    let serverSent = 0;
    let serverFinished = false;
    route = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': TOTAL });
      for (let i = 0; i < BLOCKS; i++) {
        serverSent += BLOCK.byteLength;
        if (!res.write(BLOCK)) {
          const gone = await new Promise<boolean>((resolve) => {
            const onDrain = (): void => {
              res.off('close', onClose);
              resolve(false);
            };
            const onClose = (): void => {
              res.off('drain', onDrain);
              resolve(true);
            };
            res.once('drain', onDrain);
            res.once('close', onClose);
          });
          if (gone) return;
        }
      }
      res.end(() => {
        serverFinished = true;
      });
    };

    let received = 0;
    let mismatches = 0;
    let dataCalls = 0;
    let handle: HttpRequestHandle | undefined;
    let pausedAt = -1;
    const r = recorder();
    const inner = r.handler;
    handle = client.request(
      endpoint,
      { method: 'GET', path: '/big' },
      {
        ...inner,
        onData: (c) => {
          dataCalls++;
          for (let k = 0; k < c.byteLength; k++) if (c[k] !== (received + k) % 251) mismatches++;
          received += c.byteLength;
          if (pausedAt < 0) {
            pausedAt = received;
            handle!.pause();
          }
        },
      },
    );
    await waitFor(() => pausedAt >= 0, 'the first chunk');
    await new Promise((res) => setImmediate(res));
    const callsAtPause = dataCalls;
    const receivedAtPause = received;
    await sleep(300);
    expect(dataCalls).toBe(callsAtPause); // nothing delivered while paused
    expect(received).toBe(receivedAtPause);
    expect(serverFinished).toBe(false); // the server is blocked on drain
    expect(serverSent).toBeLessThan(TOTAL);

    handle.resume();
    const o = await r.done;
    expect(o.error).toBeUndefined();
    expect(received).toBe(TOTAL);
    expect(mismatches).toBe(0);
    expect(dataCalls).toBeGreaterThan(callsAtPause);
    await waitFor(() => serverFinished, 'the server to finish');
    // The connection survives for the next request.
    route = (_req, res) => {
      res.end('after');
    };
    expect((await send({ method: 'GET', path: '/after' })).body.toString()).toBe('after');
    expect(connections).toHaveLength(1);
  });

  test('abort(): the server sees the socket close and the handler hears nothing more', async () => {
    let serverSawClose = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      timer = setInterval(() => res.write('tick\n'), 5);
      res.on('close', () => {
        clearInterval(timer);
        serverSawClose = true;
      });
    };
    const r = recorder();
    let handle: HttpRequestHandle | undefined;
    let eventsAtAbort = -1;
    handle = client.request(endpoint, { method: 'GET', path: '/stream' }, {
      ...r.handler,
      onData: (c) => {
        r.handler.onData(c);
        if (eventsAtAbort < 0) {
          handle!.abort();
          eventsAtAbort = r.outcome.events.length;
        }
      },
    });
    try {
      await waitFor(() => serverSawClose, 'the server to see the close');
    } finally {
      clearInterval(timer);
    }
    await sleep(50);
    expect(eventsAtAbort).toBeGreaterThan(0);
    expect(r.outcome.events).toEqual(['head', 'data']);
    expect(r.outcome.events).toHaveLength(eventsAtAbort);
    expect(client.openConnections).toBe(0);
    handle.abort(); // twice is harmless
  });

  test('abort() before the connection is even established', async () => {
    const r = recorder();
    const handle = client.request(endpoint, { method: 'GET', path: '/never' }, r.handler);
    handle.abort();
    await sleep(100);
    expect(r.outcome.events).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(client.openConnections).toBe(0);
  });

  test('a refused connection reports ConnectError through onError', async () => {
    const port = await closedPort();
    const r = recorder();
    client.request({ host: '127.0.0.1', port }, { method: 'GET', path: '/' }, r.handler);
    const o = await r.done;
    expect(o.events).toEqual(['error']);
    expect(o.error).toBeInstanceOf(ConnectError);
    expect(o.error!.message).toContain(`127.0.0.1:${port}`);
    expect(client.openConnections).toBe(0);
  });

  test('the server closing an idle keep-alive connection does not fail the next request', async () => {
    route = (req, res) => {
      // Close the connection shortly after the response, while it sits idle in the pool.
      res.end(`r ${req.url}`, () => setTimeout(() => req.socket.end(), 20));
    };
    expect((await send({ method: 'GET', path: '/1' })).body.toString()).toBe('r /1');
    await waitFor(() => connections[0]!.destroyed, 'the server to close the idle connection');
    await sleep(20);
    const o = await send({ method: 'GET', path: '/2' });
    expect(o.error).toBeUndefined();
    expect(o.body.toString()).toBe('r /2');
    expect(connections).toHaveLength(2);
  });

  test('a reused connection dropped before any response byte is retried once on a fresh connection', async () => {
    route = (req, res, n) => {
      if (n === 2) req.socket.destroy(); // the keep-alive race: the request is lost
      else res.end(`answer ${n} to ${req.url}`);
    };
    expect((await send({ method: 'GET', path: '/first' })).body.toString()).toBe('answer 1 to /first');
    const o = await send({ method: 'POST', path: '/second', body: 'payload' });
    expect(o.error).toBeUndefined();
    expect(o.events).toEqual(['head', 'data', 'end']);
    expect(o.body.toString()).toBe('answer 3 to /second');
    expect(requests.map((q) => q.url)).toEqual(['/first', '/second', '/second']);
    expect(requests[2]!.body.toString()).toBe('payload');
    expect(requests[2]!.socket).not.toBe(requests[1]!.socket);
    expect(connections).toHaveLength(2);
  });

  test('no retry when a fresh connection fails', async () => {
    route = (req) => {
      req.socket.destroy();
    };
    const o = await send({ method: 'GET', path: '/x' });
    expect(o.events).toEqual(['error']);
    expect(o.error).toBeInstanceOf(NetworkError);
    expect(o.error).not.toBeInstanceOf(ConnectError);
    expect(o.error!.context).toMatchObject({ headReceived: false, reusedConnection: false });
    await sleep(50);
    expect(requests).toHaveLength(1);
  });

  test('no retry once the head was received', async () => {
    route = (req, res, n) => {
      if (n === 1) {
        res.end('ok');
        return;
      }
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
    };
    await send({ method: 'GET', path: '/1' });
    const o = await send({ method: 'GET', path: '/2' });
    expect(o.events).toEqual(['head', 'data', 'error']);
    expect(o.body.toString()).toBe('partial');
    expect(o.error).toBeInstanceOf(NetworkError);
    expect(o.error!.context).toMatchObject({ headReceived: true, reusedConnection: true });
    await sleep(50);
    expect(requests).toHaveLength(2);
  });

  test('the retry happens at most once', async () => {
    route = (req, res, n) => {
      if (n === 1) res.end('ok');
      else req.socket.destroy();
    };
    await send({ method: 'GET', path: '/1' });
    const o = await send({ method: 'GET', path: '/2' });
    expect(o.events).toEqual(['error']);
    expect(o.error).toBeInstanceOf(NetworkError);
    await sleep(50);
    expect(requests.map((q) => q.url)).toEqual(['/1', '/2', '/2']);
  });

  test('client.close() closes idle and busy connections and refuses later requests', async () => {
    let held: http.ServerResponse | undefined;
    route = (req, res) => {
      if (req.url === '/hold') held = res;
      else res.end('done');
    };
    const busy = recorder();
    client.request(endpoint, { method: 'GET', path: '/hold' }, busy.handler);
    await send({ method: 'GET', path: '/quick' }); // a second connection, left idle
    await waitFor(() => held !== undefined, 'the held request');
    expect(client.openConnections).toBe(2);
    expect(connections).toHaveLength(2);

    client.close();
    expect(client.openConnections).toBe(0);
    await waitFor(() => connections.every((s) => s.destroyed), 'the server to see both connections close');
    held!.write('late'); // nothing may reach the closed request's handler
    await sleep(50);
    expect(busy.outcome.events).toEqual([]);

    const after = recorder();
    client.request(endpoint, { method: 'GET', path: '/after' }, after.handler);
    expect(after.outcome.events).toEqual([]); // reported asynchronously
    const o = await after.done;
    expect(o.error).toBeInstanceOf(ObjectDestroyedError);
    expect(connections).toHaveLength(2);
  });

  test('a HEAD response ends at its head and the connection is reused', async () => {
    route = (req, res) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
        res.end();
      } else {
        res.end('body of GET');
      }
    };
    const h = await send({ method: 'HEAD', path: '/doc' });
    expect(h.events).toEqual(['head', 'end']);
    expect(h.head!.headers['content-length']).toBe('5000');
    const g = await send({ method: 'GET', path: '/doc' });
    expect(g.body.toString()).toBe('body of GET');
    expect(connections).toHaveLength(1);
  });

  test('a Connection: close response is not pooled', async () => {
    route = (_req, res) => {
      res.setHeader('connection', 'close');
      res.end('bye');
    };
    const o = await send({ method: 'GET', path: '/' });
    expect(o.head!.keepAlive).toBe(false);
    expect(o.body.toString()).toBe('bye');
    expect(client.openConnections).toBe(0);
    await send({ method: 'GET', path: '/' });
    expect(connections).toHaveLength(2);
  });

  test('a close-delimited HTTP/1.0 body ends when the server closes', async () => {
    const body = Buffer.from('x'.repeat(100_000) + 'END');
    const raw = net.createServer((s) => {
      s.once('data', () => s.end(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n'), body])));
      s.on('error', () => {});
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const r = recorder();
      client.request({ host: '127.0.0.1', port: (raw.address() as net.AddressInfo).port }, { method: 'GET', path: '/' }, r.handler);
      const o = await r.done;
      expect(o.error).toBeUndefined();
      expect(o.head!.keepAlive).toBe(false);
      expect(o.body.equals(body)).toBe(true);
      expect(client.openConnections).toBe(0);
    } finally {
      await new Promise<void>((r) => raw.close(() => r()));
    }
  });

  test('a header value with a line break is refused with ProtocolError', () => {
    expect(() => client.request(endpoint, { method: 'GET', path: '/', headers: { 'x-evil': 'a\r\nx-injected: 1' } }, recorder().handler)).toThrow(ProtocolError);
  });
});
