/**
 * Streaming of view responses, over raw node:http so the client controls reading.
 *
 * Proves: the exact bytes of the real server's layout (`{"total_rows":N,"rows":[\r\n`,
 * rows joined by `,\r\n`, `\r\n]`, `errors` and `debug_info` placement, `\r\n}`),
 * chunked with a JSON content type; a 100 000-row view (1 000 documents × 100 emits)
 * read by a slow client arrives complete and in order while the server never buffers
 * more than a few write batches and stops producing while the client does not read;
 * a client that goes away mid-stream stops production and the server keeps serving;
 * a response streams the snapshot it started with while the index changes under it.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, ADMIN, basic, type Harness } from './harness';

const DOCS = 1000;
const PER_DOC = 100;
const TOTAL = DOCS * PER_DOC;
const PAD = 'p'.repeat(100);
const MAP = 'function (doc, meta) { for (var i = 0; i < 100; i++) emit([doc.n, i], doc.pad); }';

let h: Harness;
let server: Server;
let port: number;
/** Server-side instrumentation of the current response. */
let written = 0;
let maxBuffered = 0;
let handlerDone: Promise<void> = Promise.resolve();

beforeAll(async () => {
  h = await startHarness();
  for (let n = 0; n < DOCS; n++) h.put(`doc${String(n).padStart(4, '0')}`, { n, pad: PAD });
  await h.putDdoc('s', { views: { big: { map: MAP, reduce: '_count' }, broken: { map: 'function (doc) { if (doc.n === 3) throw new Error("no"); if (doc.n < 5) emit(doc.n, null); }' } } });
  // A server of our own around the same service: it measures what the service writes.
  server = createServer((req, res) => {
    written = 0;
    maxBuffered = 0;
    const write = res.write.bind(res) as (chunk: string) => boolean;
    (res as unknown as { write: (chunk: string) => boolean }).write = (chunk: string) => {
      written += Buffer.byteLength(chunk);
      const ok = write(chunk);
      maxBuffered = Math.max(maxBuffered, res.writableLength);
      return ok;
    };
    handlerDone = h.svc.handleCapi(0, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

/** Starts a GET and resolves with the response (body not read yet). */
function open(path: string): Promise<{ res: IncomingMessage; abort: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { authorization: basic(ADMIN) } }, (res) => resolve({ res, abort: () => req.destroy() }));
    req.on('error', reject);
    req.end();
  });
}

async function text(path: string): Promise<{ res: IncomingMessage; body: string }> {
  const { res } = await open(path);
  let body = '';
  for await (const chunk of res) body += (chunk as Buffer).toString('utf8');
  return { res, body };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rowJson = (n: number, i: number): string => `{"id":"doc${String(n).padStart(4, '0')}","key":[${n},${i}],"value":"${PAD}"}`;

test('the exact layout: map rows, reduced rows, empty results, errors, debug_info; chunked JSON', async () => {
  const map = await text('/b/_design/s/_view/big?reduce=false&limit=2');
  expect(map.res.headers['content-type']).toBe('application/json');
  expect(map.res.headers['transfer-encoding']).toBe('chunked');
  expect(map.res.headers['content-length']).toBeUndefined();
  expect(map.body).toBe(`{"total_rows":${TOTAL},"rows":[\r\n${rowJson(0, 0)},\r\n${rowJson(0, 1)}\r\n]\r\n}`);

  expect((await text('/b/_design/s/_view/big')).body).toBe(`{"rows":[\r\n{"key":null,"value":${TOTAL}}\r\n]\r\n}`);
  expect((await text('/b/_design/s/_view/big?reduce=false&limit=0')).body).toBe(`{"total_rows":${TOTAL},"rows":[\r\n]\r\n}`);
  expect((await text('/b/_design/s/_view/big?startkey=[5000]')).body).toBe('{"rows":[\r\n]\r\n}');

  const broken = await text('/b/_design/s/_view/broken?limit=1');
  expect(broken.body).toBe(`{"total_rows":4,"rows":[\r\n{"id":"doc0000","key":0,"value":null}\r\n],\r\n"errors":[\r\n{"from":"local","reason":"Error: no (doc doc0003)"}\r\n]\r\n}`);

  const debug = await text('/b/_design/s/_view/broken?limit=1&debug=true');
  expect(debug.body.startsWith('{"debug_info":{"local":{')).toBe(true);
  const parsed = JSON.parse(debug.body) as { debug_info: { local: Record<string, unknown> }; total_rows: number; rows: unknown[] };
  expect(Object.keys(parsed)).toEqual(['debug_info', 'total_rows', 'rows', 'errors']);
  expect(parsed.debug_info.local.indexed_rows).toBe(4);
  expect(parsed.rows).toEqual([{ id: 'doc0000', key: 0, partition: expect.any(Number), node: 'local', value: null }]);
});

test('100 000 rows to a slow reader: complete, in order, with bounded server-side buffering', async () => {
  const { res } = await open('/b/_design/s/_view/big?reduce=false');
  const chunks: Buffer[] = [];
  let received = 0;
  let pausedOnce = false;
  let writtenWhilePaused = 0;
  await new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.byteLength;
      if (!pausedOnce && received > 64 * 1024) {
        // One long stall: the server must stop producing and wait for us.
        pausedOnce = true;
        res.pause();
        setTimeout(() => {
          writtenWhilePaused = written;
          res.resume();
        }, 400);
      } else if (received % (512 * 1024) < chunk.byteLength) {
        // Then read slowly: a short pause every 512 KiB or so.
        res.pause();
        setTimeout(() => res.resume(), 5);
      }
    });
    res.on('end', resolve);
    res.on('error', reject);
  });
  await handlerDone;
  const body = Buffer.concat(chunks).toString('utf8');
  expect(received).toBe(written);
  // While we did not read, the server wrote far less than the whole response …
  expect(writtenWhilePaused).toBeLessThan(written / 2);
  // … and never buffered more than a couple of write batches beyond the socket.
  expect(maxBuffered).toBeLessThan(64 * 1024);
  const parsed = JSON.parse(body) as { total_rows: number; rows: { id: string; key: [number, number]; value: string }[] };
  expect(parsed.total_rows).toBe(TOTAL);
  expect(parsed.rows).toHaveLength(TOTAL);
  let k = 0;
  for (let n = 0; n < DOCS; n++) {
    for (let i = 0; i < PER_DOC; i++, k++) {
      const row = parsed.rows[k]!;
      if (row.key[0] !== n || row.key[1] !== i || row.id !== `doc${String(n).padStart(4, '0')}`) throw new Error(`row ${k} out of order: ${JSON.stringify(row.key)}`);
    }
  }
}, 30_000);

test('a client that goes away mid-stream stops production; the server keeps serving', async () => {
  const { res, abort } = await open('/b/_design/s/_view/big?reduce=false');
  await new Promise<void>((resolve) => res.once('data', () => resolve()));
  abort();
  await handlerDone;
  await sleep(50);
  const full = TOTAL * (rowJson(999, 99).length + 3);
  expect(written).toBeLessThan(full / 2);
  const after = await text('/b/_design/s/_view/big?reduce=false&limit=1&skip=99999');
  expect(JSON.parse(after.body).rows).toEqual([JSON.parse(rowJson(999, 99))]);
});

test('a response streams its snapshot while documents change and the index is updated', async () => {
  const { res } = await open('/b/_design/s/_view/big?reduce=false&stale=ok');
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) =>
    res.once('data', (c: Buffer) => {
      chunks.push(c);
      res.pause();
      resolve();
    }),
  );
  // Few enough changes (300 rows) that the index edits its row array in place rather than
  // merging into a new one: copy-on-write must keep this response's rows as they were.
  for (const n of [500, 999]) h.remove(`doc${String(n).padStart(4, '0')}`);
  h.put('new', { n: -1, pad: PAD });
  const updated = await fetch(`${h.base}/b/_design/s/_view/big?stale=false`, { headers: { authorization: basic(ADMIN) } });
  expect(await updated.json()).toEqual({ rows: [{ key: null, value: TOTAL - PER_DOC }] });
  res.on('data', (c: Buffer) => chunks.push(c));
  res.resume();
  await new Promise<void>((resolve, reject) => {
    res.on('end', resolve);
    res.on('error', reject);
    res.on('close', () => (res.complete ? resolve() : reject(new Error('response cut short'))));
  });
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { total_rows: number; rows: { key: [number, number] }[] };
  expect(parsed.total_rows).toBe(TOTAL);
  expect(parsed.rows).toHaveLength(TOTAL);
  expect(parsed.rows[TOTAL - 1]!.key).toEqual([DOCS - 1, PER_DOC - 1]);
  expect(parsed.rows.every((r, k) => r.key[0] === Math.floor(k / PER_DOC) && r.key[1] === k % PER_DOC)).toBe(true);
}, 30_000);
