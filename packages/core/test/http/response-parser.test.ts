/**
 * ResponseParser against node:http as the peer.
 *
 * Proves that for real responses written by `http.createServer` (Content-Length,
 * chunked with many writes and empty writes, close-delimited, 204, 304, HEAD, trailers,
 * repeated headers) and by a raw `net` server (HTTP/1.0 close-delimited, 1xx before the
 * final response, hand-written trailers and chunk extensions), the parser reports the
 * same status, status text, headers, body bytes and a single end whether the captured
 * bytes arrive in one chunk, one byte at a time or at random split points (fast-check) —
 * and that this equals what node's own client (`http.request`) reports for the same
 * request. Each piece fed to the parser is overwritten after `push()` returns, which
 * proves the parser keeps no view into the caller's buffers. Also proves that malformed
 * responses (status line, header line, chunk size, chunk CRLF, Content-Length, an
 * oversized head arriving in pieces, a connection closed early) raise ProtocolError for
 * every split, that bytes after the end are handed back, and that `reset()` parses a
 * second response on the same parser.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import fc from 'fast-check';
import { ProtocolError } from '../../src/errors/classes';
import { ResponseParser, type ResponseHead } from '../../src/http/response-parser';

// ---------------------------------------------------------------------------------------
// Peers

/** A Content-Length body with every byte value and sequences that look like framing. */
const BINARY_BODY = Buffer.concat([
  Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7 + 3) & 0xff)),
  Buffer.from('\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

/** Pieces written one `res.write` at a time (including empty writes) for the chunked body. */
const CHUNK_PIECES: Array<string | Buffer> = [
  'first',
  '',
  Buffer.from([0, 1, 2, 13, 10, 13, 10]),
  'x'.repeat(300),
  '',
  '\r\n0\r\n\r\n',
  'é✓😀 unicode',
  Buffer.alloc(5000, 0x61),
  '',
  'last',
];
const CHUNKED_BODY = Buffer.concat(CHUNK_PIECES.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
const CLOSE_PIECES = ['close-', 'delimited ', 'body\r\n', 'with\r\n\r\nblank lines'];
const CLOSE_BODY = Buffer.from(CLOSE_PIECES.join(''));

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function nodeHandler(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.sendDate = false; // the two captures of one route must be byte-identical
  switch (req.url) {
    case '/cl':
      res.writeHead(200, 'Fine Thanks', { 'content-type': 'application/octet-stream', 'content-length': BINARY_BODY.byteLength, 'x-route': 'cl' });
      res.end(BINARY_BODY);
      return;
    case '/cl-empty':
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    case '/chunked':
      res.writeHead(201, { 'content-type': 'text/plain; charset=utf-8' });
      for (const piece of CHUNK_PIECES) {
        res.write(piece);
        await tick(); // separate writes, so the chunk framing really varies
      }
      res.end();
      return;
    case '/close':
      // Asked with an HTTP/1.0 request, node:http frames this body by closing the connection.
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      for (const piece of CLOSE_PIECES) res.write(piece);
      res.end();
      return;
    case '/204':
      res.writeHead(204, { 'x-empty': 'yes' });
      res.end();
      return;
    case '/304':
      res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=60' });
      res.end();
      return;
    case '/head':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1234 });
      res.end(); // a HEAD response: no body is sent even though content-length says 1234
      return;
    case '/repeated':
      res.setHeader('x-multi', ['one', 'two', 'three']);
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2']);
      res.setHeader('Warning', ['199 - "first"', '199 - "second"']);
      res.setHeader('x-spaced', '  padded value  ');
      res.setHeader('content-length', 2);
      res.end('ok');
      return;
    case '/trailers':
      res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum, x-count' });
      res.write('abc');
      await tick();
      res.write('def');
      res.addTrailers({ 'x-checksum': 'sha-abc', 'x-count': '2' });
      res.end();
      return;
    default:
      res.writeHead(404, { 'content-length': 0 });
      res.end();
  }
}

/** Canned responses of the raw `net` server, by request path. */
const RAW: Record<string, string | Buffer> = {
  '/http10': Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nServer: raw\r\n\r\n'), BINARY_BODY]),
  '/continue':
    'HTTP/1.1 100 Continue\r\n\r\n' +
    'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n' +
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world',
  '/raw-trailers':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum, X-Count\r\nConnection: close\r\n\r\n' +
    '5\r\nhello\r\n' +
    '6;name=value;flag\r\n world\r\n' +
    'A\r\n0123456789\r\n' +
    '0\r\nX-Checksum: abc\r\nX-Count: 3\r\n\r\n',
};

/** A server that reads a request head, writes the canned response for its path, and closes. */
function rawServer(): net.Server {
  return net.createServer((sock) => {
    let got = '';
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      const path = got.split(' ', 2)[1] ?? '';
      sock.end(RAW[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    sock.on('error', () => {});
  });
}

let nodeServer: http.Server;
let raw: net.Server;
let nodePort: number;
let rawPort: number;

const listen = (s: net.Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));

beforeAll(async () => {
  nodeServer = http.createServer((req, res) => void nodeHandler(req, res));
  raw = rawServer();
  nodePort = await listen(nodeServer);
  rawPort = await listen(raw);
});

afterAll(async () => {
  nodeServer.closeAllConnections();
  await new Promise<void>((r) => nodeServer.close(() => r()));
  await new Promise<void>((r) => raw.close(() => r()));
});

/** Writes `request` on a plain socket and returns every byte received until the peer closes. */
function capture(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    s.on('data', (d) => parts.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(parts)));
  });
}

interface NodeView {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  trailers: Record<string, string | undefined>;
  informational: number[];
}

/** What node's own client reports for the same request. */
function nodeClient(port: number, method: string, path: string): Promise<NodeView> {
  return new Promise((resolve, reject) => {
    const informational: number[] = [];
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headersDistinct)) if (v !== undefined) headers[k] = v.join(', ');
        resolve({ status: res.statusCode!, statusText: res.statusMessage!, headers, body: Buffer.concat(parts), trailers: res.trailers, informational });
      });
      res.on('error', reject);
    });
    req.on('information', (info) => informational.push(info.statusCode));
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------
// Feeding the parser

interface Parsed {
  head: ResponseHead;
  body: Buffer;
  /** Event order, e.g. ['head', 'body', 'body', 'end']. */
  events: string[];
  /** `done` before close() was called (false only for close-delimited bodies). */
  doneBeforeClose: boolean;
  readsUntilClose: boolean;
  /** Bytes push() handed back as being after the end. */
  extra: Buffer;
}

/** Feeds `bytes` cut at `cuts` (sorted positions), each piece a fresh buffer overwritten after push(); then close(). */
function feed(bytes: Buffer, cuts: readonly number[], method = 'GET'): Parsed {
  const events: string[] = [];
  const bodyParts: Buffer[] = [];
  let head: ResponseHead | undefined;
  const parser = new ResponseParser(
    {
      onHead: (h) => {
        events.push('head');
        head = h;
      },
      onBody: (c) => {
        events.push('body');
        expect(c.byteLength).toBeGreaterThan(0);
        bodyParts.push(Buffer.from(c));
      },
      onEnd: () => events.push('end'),
    },
    method,
  );
  const extras: Buffer[] = [];
  let prev = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    const piece = Buffer.from(bytes.subarray(prev, cut));
    const extra = parser.push(piece);
    if (extra !== undefined) extras.push(Buffer.from(extra));
    piece.fill(0xee); // the caller reuses its buffer: the parser must not have kept a view
    prev = cut;
  }
  const doneBeforeClose = parser.done;
  const readsUntilClose = parser.readsUntilClose;
  parser.close();
  expect(parser.done).toBe(true);
  if (head === undefined) throw new Error('no head');
  return { head, body: Buffer.concat(bodyParts), events, doneBeforeClose, readsUntilClose, extra: Buffer.concat(extras) };
}

const everyByte = (n: number): number[] => Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1);

/** Sorted, distinct cut positions strictly inside a buffer of length `n`. */
const cutsArb = (n: number): fc.Arbitrary<number[]> =>
  n < 2 ? fc.constant([]) : fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: Math.min(60, n - 1) }).map((a) => a.sort((x, y) => x - y));

/** Structural shape of events: one head, then body pieces, then exactly one end. */
function expectWellOrdered(events: string[]): void {
  expect(events[0]).toBe('head');
  expect(events[events.length - 1]).toBe('end');
  expect(events.filter((e) => e === 'head')).toHaveLength(1);
  expect(events.filter((e) => e === 'end')).toHaveLength(1);
}

function comparable(p: Parsed): unknown {
  return { head: p.head, body: p.body.toString('hex'), doneBeforeClose: p.doneBeforeClose, extra: p.extra.byteLength };
}

/** One chunk, byte by byte, and 150 random splits all agree; returns the one-chunk result. */
function parseEveryWay(bytes: Buffer, method = 'GET'): Parsed {
  const whole = feed(bytes, [], method);
  expectWellOrdered(whole.events);
  expect(comparable(feed(bytes, everyByte(bytes.byteLength), method))).toEqual(comparable(whole));
  fc.assert(
    fc.property(cutsArb(bytes.byteLength), (cuts) => {
      const p = feed(bytes, cuts, method);
      expectWellOrdered(p.events);
      expect(comparable(p)).toEqual(comparable(whole));
    }),
    { numRuns: 150 },
  );
  return whole;
}

const get = (path: string, method = 'GET'): string => `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;

function expectSameAsNode(p: Parsed, n: NodeView): void {
  expect(p.head.status).toBe(n.status);
  expect(p.head.statusText).toBe(n.statusText);
  expect(p.head.headers).toEqual(n.headers);
  expect(p.body.equals(n.body)).toBe(true);
}

// ---------------------------------------------------------------------------------------
// Well-formed responses

describe('ResponseParser on responses written by node:http', () => {
  test('Content-Length body (binary, with bytes that look like framing)', async () => {
    const bytes = await capture(nodePort, get('/cl'));
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(200);
    expect(p.head.statusText).toBe('Fine Thanks');
    expect(p.head.headers['content-length']).toBe(String(BINARY_BODY.byteLength));
    expect(p.head.headers['x-route']).toBe('cl');
    expect(p.head.keepAlive).toBe(false); // we asked for connection: close
    expect(p.body.equals(BINARY_BODY)).toBe(true);
    expect(p.doneBeforeClose).toBe(true);
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/cl'));
  });

  test('Content-Length: 0 ends at the head, with no body call', async () => {
    const bytes = await capture(nodePort, get('/cl-empty'));
    const p = parseEveryWay(bytes);
    expect(p.events).toEqual(['head', 'end']);
    expect(p.doneBeforeClose).toBe(true);
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/cl-empty'));
  });

  test('chunked body from many writes, including empty ones', async () => {
    const bytes = await capture(nodePort, get('/chunked'));
    expect(bytes.toString('latin1')).toMatch(/transfer-encoding: chunked/i);
    // the framing really has many chunks
    expect(bytes.toString('latin1').match(/\r\n[0-9a-f]+\r\n/gi)!.length).toBeGreaterThanOrEqual(6);
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(201);
    expect(p.body.equals(CHUNKED_BODY)).toBe(true);
    expect(p.doneBeforeClose).toBe(true);
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/chunked'));
  });

  test('close-delimited body (node:http answering an HTTP/1.0 request)', async () => {
    const bytes = await capture(nodePort, 'GET /close HTTP/1.0\r\n\r\n');
    expect(bytes.toString('latin1')).not.toMatch(/content-length|transfer-encoding/i);
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(200);
    expect(p.body.equals(CLOSE_BODY)).toBe(true);
    expect(p.readsUntilClose).toBe(true);
    expect(p.doneBeforeClose).toBe(false); // only the close ends it
    expect(p.head.keepAlive).toBe(false);
    // node's client asks with HTTP/1.1 and so gets the same body chunked: compare status and body.
    const n = await nodeClient(nodePort, 'GET', '/close');
    expect(p.head.status).toBe(n.status);
    expect(p.body.equals(n.body)).toBe(true);
  });

  test('204: no body, ends at the head even without length or close', async () => {
    const bytes = await capture(nodePort, get('/204'));
    const p = parseEveryWay(bytes);
    expect(p.events).toEqual(['head', 'end']);
    expect(p.doneBeforeClose).toBe(true);
    expect(p.head.headers['x-empty']).toBe('yes');
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/204'));
  });

  test('304: no body, ends at the head', async () => {
    const bytes = await capture(nodePort, get('/304'));
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(304);
    expect(p.events).toEqual(['head', 'end']);
    expect(p.doneBeforeClose).toBe(true);
    expect(p.head.headers.etag).toBe('"v1"');
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/304'));
  });

  test('response to HEAD: content-length is not a body length', async () => {
    const bytes = await capture(nodePort, get('/head', 'HEAD'));
    const p = parseEveryWay(bytes, 'HEAD');
    expect(p.head.headers['content-length']).toBe('1234');
    expect(p.events).toEqual(['head', 'end']);
    expect(p.doneBeforeClose).toBe(true);
    expectSameAsNode(p, await nodeClient(nodePort, 'HEAD', '/head'));
    // The same bytes parsed as a GET response are a body cut short.
    const asGet = new ResponseParser({ onHead() {}, onBody() {}, onEnd() {} }, 'GET');
    asGet.push(bytes);
    expect(asGet.done).toBe(false);
    expect(() => asGet.close()).toThrow(ProtocolError);
  });

  test('repeated headers are joined with ", " as node reports them (headersDistinct)', async () => {
    const bytes = await capture(nodePort, get('/repeated'));
    const p = parseEveryWay(bytes);
    expect(p.head.headers['x-multi']).toBe('one, two, three');
    expect(p.head.headers['set-cookie']).toBe('a=1; Path=/, b=2');
    expect(p.head.headers.warning).toBe('199 - "first", 199 - "second"');
    expect(p.head.headers['x-spaced']).toBe('padded value');
    expect(p.body.toString()).toBe('ok');
    expectSameAsNode(p, await nodeClient(nodePort, 'GET', '/repeated'));
  });

  test('trailers (res.addTrailers) are consumed and end the body; they do not leak into the head', async () => {
    const bytes = await capture(nodePort, get('/trailers'));
    expect(bytes.toString('latin1')).toContain('x-checksum: sha-abc');
    const p = parseEveryWay(bytes);
    expect(p.body.toString()).toBe('abcdef');
    expect(p.head.headers['x-checksum']).toBeUndefined();
    expect(p.doneBeforeClose).toBe(true);
    const n = await nodeClient(nodePort, 'GET', '/trailers');
    expect(n.trailers['x-checksum']).toBe('sha-abc');
    expectSameAsNode(p, n);
  });
});

describe('ResponseParser on responses written by a raw net server', () => {
  test('HTTP/1.0 response delimited by the connection closing', async () => {
    const bytes = await capture(rawPort, 'GET /http10 HTTP/1.0\r\n\r\n');
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(200);
    expect(p.head.keepAlive).toBe(false);
    expect(p.readsUntilClose).toBe(true);
    expect(p.doneBeforeClose).toBe(false);
    expect(p.body.equals(BINARY_BODY)).toBe(true);
    expectSameAsNode(p, await nodeClient(rawPort, 'GET', '/http10'));
  });

  test('100 Continue and 103 Early Hints before the 200 are skipped', async () => {
    const bytes = await capture(rawPort, get('/continue'));
    const p = parseEveryWay(bytes);
    expect(p.head.status).toBe(200);
    expect(p.head.headers.link).toBeUndefined(); // the 103's header is not the response's
    expect(p.body.toString()).toBe('hello world');
    const n = await nodeClient(rawPort, 'GET', '/continue');
    expect(n.informational).toEqual([100, 103]);
    expectSameAsNode(p, n);
  });

  test('chunk extensions, upper-case hex sizes, and several trailer fields', async () => {
    const bytes = await capture(rawPort, get('/raw-trailers'));
    const p = parseEveryWay(bytes);
    expect(p.body.toString()).toBe('hello world0123456789');
    expect(p.head.headers['x-checksum']).toBeUndefined();
    expect(p.doneBeforeClose).toBe(true);
    const n = await nodeClient(rawPort, 'GET', '/raw-trailers');
    expect(n.trailers).toEqual({ 'x-checksum': 'abc', 'x-count': '3' });
    expectSameAsNode(p, n);
  });
});

describe('ResponseParser framing details', () => {
  test('keep-alive: HTTP/1.1 by default, HTTP/1.0 only when asked, "close" turns it off', () => {
    const keepAlive = (text: string): boolean => feed(Buffer.from(text), []).head.keepAlive;
    expect(keepAlive('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(keepAlive('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(keepAlive('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(keepAlive('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')).toBe(true);
  });

  test('a status line without reason phrase is accepted', () => {
    const p = feed(Buffer.from('HTTP/1.1 418\r\nContent-Length: 2\r\n\r\nhi'), []);
    expect(p.head.status).toBe(418);
    expect(p.head.statusText).toBe('');
    expect(p.body.toString()).toBe('hi');
  });

  test('Transfer-Encoding chunked wins over Content-Length', () => {
    const p = parseEveryWay(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
    expect(p.body.toString()).toBe('abc');
    expect(p.doneBeforeClose).toBe(true);
  });

  test('bytes after the end are handed back, in every split', () => {
    for (const [text, body] of [
      ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE', 'ok'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nGARBAGE', 'ok'],
      ['HTTP/1.1 204 No Content\r\n\r\nGARBAGE', ''],
    ] as const) {
      const bytes = Buffer.from(text);
      const p = parseEveryWay(bytes);
      expect(p.body.toString()).toBe(body);
      expect(p.extra.toString()).toBe('GARBAGE');
      expect(feed(bytes, everyByte(bytes.byteLength)).extra.toString()).toBe('GARBAGE');
    }
  });

  test('reset() parses the next response of a keep-alive connection (method-aware)', () => {
    const first = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst';
    const second = 'HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n';
    const third = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nthird\r\n0\r\n\r\n';
    const bodies: string[] = [];
    let ends = 0;
    const parser = new ResponseParser({ onHead() {}, onBody: (c) => bodies.push(Buffer.from(c).toString()), onEnd: () => ends++ }, 'GET');
    let rest = parser.push(Buffer.from(first + second + third));
    expect(ends).toBe(1);
    parser.reset('HEAD');
    rest = parser.push(rest!);
    expect(ends).toBe(2);
    parser.reset('GET');
    rest = parser.push(rest!);
    expect(rest).toBeUndefined();
    expect(ends).toBe(3);
    expect(bodies.join('|')).toBe('first|third');
  });
});

// ---------------------------------------------------------------------------------------
// Malformed responses

/** Feeds `bytes` cut at `cuts`, then close(); returns the error thrown (or undefined). */
function feedForError(bytes: Buffer, cuts: readonly number[]): unknown {
  const parser = new ResponseParser({ onHead() {}, onBody() {}, onEnd() {} });
  try {
    let prev = 0;
    for (const cut of [...cuts, bytes.byteLength]) {
      parser.push(bytes.subarray(prev, cut));
      prev = cut;
    }
    parser.close();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectProtocolErrorEveryWay(bytes: Buffer, message: RegExp, randomRuns = 100): void {
  const check = (err: unknown): void => {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(message);
  };
  check(feedForError(bytes, []));
  if (bytes.byteLength <= 4096) check(feedForError(bytes, everyByte(bytes.byteLength)));
  fc.assert(
    fc.property(cutsArb(bytes.byteLength), (cuts) => check(feedForError(bytes, cuts))),
    { numRuns: randomRuns },
  );
}

describe('ResponseParser on malformed responses', () => {
  test.each([
    ['not HTTP', 'HTTX/1.1 200 OK\r\n\r\n'],
    ['HTTP/2 status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['two-digit status', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['no status code', 'HTTP/1.1 OK\r\n\r\n'],
    ['garbage instead of a response', '<html>hello</html>\r\n\r\n'],
  ])('bad status line: %s', (_name, text) => {
    expectProtocolErrorEveryWay(Buffer.from(text), /status line/);
  });

  test.each([
    ['no colon', 'HTTP/1.1 200 OK\r\nContent-Length 0\r\n\r\n'],
    ['empty name', 'HTTP/1.1 200 OK\r\n: value\r\nContent-Length: 0\r\n\r\n'],
  ])('bad header line: %s', (_name, text) => {
    expectProtocolErrorEveryWay(Buffer.from(text), /header line/);
  });

  test.each([
    ['not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n'],
    ['negative', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nab\r\n0\r\n\r\n'],
    ['empty line', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nab\r\n0\r\n\r\n'],
    ['too many digits', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000\r\nab\r\n0\r\n\r\n'],
  ])('bad chunk size: %s', (_name, text) => {
    expectProtocolErrorEveryWay(Buffer.from(text), /chunk size/);
  });

  test('a chunk-size line over 1 KiB arriving in pieces is refused', () => {
    // (Delivered in one piece the same line is accepted: see the report of this suite.)
    const bytes = Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(2000)}\r\na\r\n0\r\n\r\n`);
    for (const size of [1, 7, 64, 512]) {
      const cuts = Array.from({ length: Math.ceil(bytes.byteLength / size) - 1 }, (_, i) => (i + 1) * size);
      const err = feedForError(bytes, cuts);
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as Error).message).toMatch(/chunk-size line too long/);
    }
  });

  test('missing CRLF after a chunk', () => {
    expectProtocolErrorEveryWay(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n'), /not followed by CRLF/);
    expectProtocolErrorEveryWay(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n'), /not followed by CRLF/);
  });

  test.each([['abc'], ['-1'], ['1.5'], ['0x10']])('malformed Content-Length %s', (cl) => {
    expectProtocolErrorEveryWay(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${cl}\r\n\r\nbody`), /Content-Length/);
  });

  test('a head over 64 KiB arriving in pieces is refused before it is complete', () => {
    const parser = new ResponseParser({ onHead() {}, onBody() {}, onEnd() {} });
    const piece = Buffer.from(`x-filler: ${'a'.repeat(1000)}\r\n`);
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    let thrown: unknown;
    let fed = 0;
    try {
      for (let i = 0; i < 200; i++) {
        parser.push(piece);
        fed += piece.byteLength;
      }
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as Error).message).toMatch(/exceeds 65536/);
    expect(fed).toBeLessThanOrEqual(64 * 1024); // it stopped at the limit, not at the end of the stream
    // The same head, split at random points (never delivering the terminator with an
    // oversized pending head in one piece), is refused as well.
    const head = Buffer.from(`HTTP/1.1 200 OK\r\n${`x-filler: ${'a'.repeat(1000)}\r\n`.repeat(80)}`);
    fc.assert(
      fc.property(cutsArb(head.byteLength), (cuts) => {
        const err = feedForError(head, cuts);
        expect(err).toBeInstanceOf(ProtocolError);
      }),
      { numRuns: 30 },
    );
  });

  test.each([
    ['before any byte', ''],
    ['inside the head', 'HTTP/1.1 200 OK\r\nContent-Le'],
    ['inside a Content-Length body', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf'],
    ['inside a chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhalf'],
    ['between chunks', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf\r\n'],
    ['before the last chunk CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf'],
    ['inside the trailers', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n'],
    ['after a 100 Continue', 'HTTP/1.1 100 Continue\r\n\r\n'],
  ])('connection closed %s: close() throws ProtocolError', (_name, text) => {
    expectProtocolErrorEveryWay(Buffer.from(text), /Connection closed/);
  });

  test('a response cut short by a real server closing mid-body', async () => {
    const srv = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a little'));
    });
    const port = await listen(srv);
    try {
      const bytes = await capture(port, get('/'));
      expectProtocolErrorEveryWay(bytes, /middle of the HTTP response body/);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
