/**
 * A hostile or broken KV server, deterministically over VirtualIOPS with virtual time.
 * After an honest handshake the server answers data requests with scripted raw bytes.
 * Proves, case by case, that the client closes the offending connection (ProtocolError
 * where the bytes are not a valid answer), settles every pending operation within its
 * timeout (a read is retried, a written mutation fails as ambiguous, a bad config is
 * ignored and the operation times out with its retry reasons), never lets an error
 * escape to the process, never allocates for an announced body length, and reconnects
 * and works once the server behaves again.
 */
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { CouchbaseError } from '../../src/errors/couchbase-error';
import { NetworkError, ProtocolError, TimeoutError } from '../../src/errors/classes';
import { VirtualIOPS } from '../../src/iops/virtual-iops';
import { encodeFeatures, encodePacket, MAGIC, OPCODES, STATUS } from '../../src/internal';
import { HostileCluster, rawHeader, recordingLogger, response, track, watchProcess, type DataScript } from './hostile-kv';

const TIMEOUT = 2500;

interface Setup {
  iops: VirtualIOPS;
  fake: HostileCluster;
  bucket: AsyncBucket;
  log: ReturnType<typeof recordingLogger>;
}

let watcher: ReturnType<typeof watchProcess>;
let open: Setup[] = [];

beforeEach(() => {
  watcher = watchProcess();
});

afterEach(() => {
  for (const s of open.splice(0)) s.bucket.close();
  watcher.stop();
  // Nothing escaped to the process during the test.
  expect(watcher.errors).toEqual([]);
});

async function setup(nodes = 1, opts: Record<string, unknown> = {}): Promise<Setup> {
  const iops = new VirtualIOPS();
  const fake = new HostileCluster(iops, nodes);
  const log = recordingLogger();
  const bucket = new AsyncBucket(iops, fake.connectionString, { username: 'u', password: 'p', saslMechanism: 'PLAIN', configPollInterval: 0, logger: log, ...opts });
  const s = { iops, fake, bucket, log };
  open.push(s);
  await iops.advance(0);
  expect(bucket.connected).toBe(true);
  return s;
}

/** Messages the client logged about lost node connections. */
const lostReasons = (s: Setup): string[] => s.log.lines.filter((l) => l.message === 'node connection lost').map((l) => String(l.fields?.error));

/** After the hostile episode: the server behaves, a new write and read succeed. */
async function worksAgain(s: Setup): Promise<void> {
  s.fake.script = undefined;
  const w = track(s.bucket.upsert('after', { ok: true }));
  await s.iops.advance(600);
  expect(w.error).toBeUndefined();
  expect(w.done).toBe(true);
  const r = track(s.bucket.get('after'));
  await s.iops.advance(10);
  expect(r.result?.value).toEqual({ ok: true });
}

/** Runs a script once (the first data request of each connection gets it), then behaves. */
function once(script: DataScript): DataScript {
  let used = false;
  return (req, conn, behave) => {
    if (used) return behave();
    used = true;
    script(req, conn, behave);
  };
}

describe('malformed frames close the connection', () => {
  test('a truncated frame followed by the server closing: a read is retried on a new connection and succeeds', async () => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('"v"'));
    s.fake.script = once((req, conn) => {
      conn.write(response(req, { extras: Buffer.alloc(4), value: '"a long value that never arrives"' }).subarray(0, 30));
      conn.close();
    });
    const get = track(s.bucket.get('k'));
    await s.iops.advance(100);
    expect(get.result?.value).toBe('v');
    expect(s.fake.conns).toHaveLength(2);
    expect(lostReasons(s)[0]).toMatch(/lost: closed by the peer/);
    await worksAgain(s);
  });

  test('a truncated frame then close under a written mutation: NetworkError, ambiguous', async () => {
    const s = await setup();
    s.fake.script = once((req, conn) => {
      conn.write(response(req, { cas: 5n }).subarray(0, 10));
      conn.close();
    });
    const w = track(s.bucket.upsert('m', 1));
    await s.iops.advance(10);
    expect(w.error).toBeInstanceOf(NetworkError);
    expect(w.error!.message).toMatch(/outcome is unknown/);
    expect(w.error!.context.ambiguous).toBe(true);
    await worksAgain(s);
  });

  test.each([
    ['wrong magic 0x42', rawHeader({ magic: 0x42 }), /unknown magic 0x42/],
    ['a request magic (0x80) from the server', rawHeader({ magic: 0x80 }), /Unexpected packet with magic 0x80/],
    ['key + extras longer than the body', Buffer.concat([rawHeader({ keyLen: 300, extLen: 4, bodyLen: 8 }), Buffer.alloc(8)]), /exceed the body length 8/],
  ])('%s: ProtocolError closes the connection; the read is retried and succeeds', async (_name, bytes, message) => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('1'));
    s.fake.script = once((_req, conn) => conn.write(bytes));
    const get = track(s.bucket.get('k'));
    const upsertBefore = s.fake.closedByClient;
    await s.iops.advance(100);
    expect(s.fake.closedByClient).toBe(upsertBefore + 1);
    expect(s.fake.conns[0]!.closedByClient).toBe(true);
    expect(lostReasons(s)[0]).toMatch(message);
    expect(get.result?.value).toBe(1);
    expect(get.error).toBeUndefined();
    await worksAgain(s);
  });

  test('wrong magic under a written mutation: NetworkError (ambiguous) caused by the ProtocolError', async () => {
    const s = await setup();
    s.fake.script = once((_req, conn) => conn.write(rawHeader({ magic: 0x00 })));
    const w = track(s.bucket.upsert('m', 1));
    await s.iops.advance(10);
    expect(w.error).toBeInstanceOf(NetworkError);
    expect(w.error!.cause).toBeInstanceOf(ProtocolError);
    expect((w.error!.cause as Error).message).toMatch(/Malformed packet from peer: unknown magic 0x00/);
    await worksAgain(s);
  });

  test('a 4 GB body length (0xFFFFFFF0) in the header: ProtocolError at once, no allocation of that size, then reconnect', async () => {
    const s = await setup();
    s.fake.script = once((req, conn) => conn.write(rawHeader({ opcode: req.opcode, opaque: req.opaque, bodyLen: 0xfffffff0 })));
    let largest = 0;
    const spies = (['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const).map((name) => {
      const original = Buffer[name].bind(Buffer);
      return jest.spyOn(Buffer, name).mockImplementation(((size: number, ...rest: unknown[]) => {
        largest = Math.max(largest, size);
        return (original as (...a: unknown[]) => Buffer)(size, ...rest);
      }) as never);
    });
    const before = process.memoryUsage().arrayBuffers;
    const w = track(s.bucket.upsert('huge', 1));
    await s.iops.advance(10);
    for (const spy of spies) spy.mockRestore();
    expect(w.error).toBeInstanceOf(NetworkError);
    expect(w.error!.cause).toBeInstanceOf(ProtocolError);
    expect((w.error!.cause as Error).message).toBe('Malformed packet from peer: body length 4294967280 exceeds the limit of 33554432 bytes');
    expect(largest).toBeLessThan(64 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    await worksAgain(s);
  });

  test('a body length just under the limit that never arrives: buffered bytes stay what was sent; the read times out', async () => {
    const s = await setup();
    s.fake.script = (req, conn) => conn.write(Buffer.concat([rawHeader({ opcode: req.opcode, opaque: req.opaque, bodyLen: 32 * 1024 * 1024 }), Buffer.alloc(100)]));
    let largest = 0;
    const original = Buffer.allocUnsafe.bind(Buffer);
    const spy = jest.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
      largest = Math.max(largest, size);
      return original(size);
    });
    const get = track(s.bucket.get('slow'));
    await s.iops.advance(TIMEOUT);
    spy.mockRestore();
    expect(get.error).toBeInstanceOf(TimeoutError);
    expect(largest).toBeLessThan(64 * 1024);
  });
});

describe('well-framed but wrong answers', () => {
  test('a response with an opaque nobody asked for is dropped; the connection and the real answer survive', async () => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('2'));
    s.fake.script = (req, conn, behave) => {
      conn.write(response(req, { opaque: 0xdeadbeef, extras: Buffer.alloc(4), value: '"forged"' }));
      behave();
    };
    const get = track(s.bucket.get('k'));
    await s.iops.advance(10);
    expect(get.result?.value).toBe(2);
    expect(s.fake.conns).toHaveLength(1);
    expect(s.log.lines.some((l) => l.message === 'dropping unmatched response' && l.fields?.opaque === 0xdeadbeef)).toBe(true);
  });

  test('only answers with unknown opaques: the read times out (TimeoutError), the connection stays', async () => {
    const s = await setup();
    s.fake.script = (req, conn) => conn.write(response(req, { opaque: (req.opaque + 1000) >>> 0 }));
    const get = track(s.bucket.get('k'));
    await s.iops.advance(TIMEOUT - 1);
    expect(get.done).toBe(false);
    await s.iops.advance(1);
    expect(get.error).toBeInstanceOf(TimeoutError);
    expect(s.fake.closedByClient).toBe(0);
  });

  test('a response whose opcode does not match the request: ProtocolError closes the connection', async () => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('3'));
    s.fake.script = once((req, conn) => conn.write(response(req, { opcode: OPCODES.DELETE })));
    const get = track(s.bucket.get('k'));
    await s.iops.advance(100);
    expect(lostReasons(s)[0]).toMatch(/Response opcode DELETE does not match request GET/);
    expect(get.result?.value).toBe(3);
  });

  test('an unknown status (0x7777) to a GET: a CouchbaseError naming the status, no retry, connection kept', async () => {
    const s = await setup();
    s.fake.script = (req, conn) => conn.reply(req, { status: 0x7777, value: 'what?' });
    const get = track(s.bucket.get('k'));
    await s.iops.advance(10);
    expect(get.error).toBeInstanceOf(CouchbaseError);
    expect(get.error!.message).toBe("get 'k' failed: unknown status 0x7777 (0x7777)");
    expect(get.error!.rc).toBe(0x7777);
    expect(s.fake.seen.filter((x) => x.key === 'k')).toHaveLength(1);
    expect(s.fake.closedByClient).toBe(0);
  });

  test('a server request (magic 0x82) is ignored; the real answer still completes the read', async () => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('4'));
    s.fake.script = (req, conn, behave) => {
      conn.write(encodePacket({ magic: MAGIC.SERVER_REQUEST, opcode: 0x01, extras: Buffer.alloc(4), key: 'default', value: '{"rev":999}' }));
      behave();
    };
    const get = track(s.bucket.get('k'));
    await s.iops.advance(10);
    expect(get.result?.value).toBe(4);
    expect(s.fake.closedByClient).toBe(0);
  });
});

describe('bad cluster configs and endless NOT_MY_VBUCKET', () => {
  const nmvb = (body: string): DataScript => (req, conn) => conn.reply(req, { status: STATUS.NOT_MY_VBUCKET, value: body, datatype: body.startsWith('{') ? 1 : 0 });
  const warnings = (s: Setup): string[] => s.log.lines.filter((l) => l.message === 'ignoring an invalid config from the server').map((l) => String(l.fields?.reason));

  test.each<[string, (s: Setup) => string]>([
    ['not JSON', () => '{"rev": 9, "vBucketServerMap": '],
    ['a vbucket owned by node 99', (s) => s.fake.config({ rev: 9, vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: ['10.0.0.1:11210'], vBucketMap: s.fake.vbmap.map(() => [99]) } })],
    ['an empty vBucketMap', (s) => s.fake.config({ rev: 9, vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: ['10.0.0.1:11210'], vBucketMap: [] } })],
    ['a negative revision', (s) => s.fake.config({ rev: -5 })],
    ['a string where the map should be', (s) => s.fake.config({ rev: 9, vBucketServerMap: 'everything' })],
    ['100 000 nodes', (s) => s.fake.config({ rev: 9, nodesExt: Array.from({ length: 100_000 }, (_, i) => ({ hostname: `10.9.${i >> 8}.${i & 255}`, services: { kv: 11210 } })) })],
    ['a 100 000-server serverList', (s) => s.fake.config({ rev: 9, vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: Array.from({ length: 100_000 }, (_, i) => `10.9.${i >> 8}.${i & 255}:11210`), vBucketMap: s.fake.vbmap } })],
    ['70 000 vBuckets', (s) => s.fake.config({ rev: 9, vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: ['10.0.0.1:11210'], vBucketMap: Array.from({ length: 70_000 }, () => [0]) } })],
  ])('NOT_MY_VBUCKET carrying %s: the config is ignored with a warning, the read retries and succeeds', async (_name, body) => {
    const s = await setup();
    s.fake.store.set('k', Buffer.from('5'));
    s.fake.script = once(nmvb(body(s)));
    const get = track(s.bucket.get('k'));
    await s.iops.advance(500);
    expect(get.result?.value).toBe(5);
    // The client still routes by the honest map and opened no connection to invented nodes.
    expect(s.fake.conns.every((c) => c.node === 0)).toBe(true);
    expect(s.fake.closedByClient).toBe(0);
    expect(warnings(s)).toHaveLength(1);
    expect(warnings(s)[0]).toMatch(/^invalid cluster config: /);
  });

  test('endless NOT_MY_VBUCKET: the read times out with its retry reasons, the retries are bounded by backoff', async () => {
    const s = await setup();
    s.fake.script = nmvb('');
    const get = track(s.bucket.get('k'));
    await s.iops.advance(TIMEOUT);
    expect(get.error).toBeInstanceOf(TimeoutError);
    expect(get.error!.message).toMatch(/retried \d+ times: .*NOT_MY_VBUCKET/);
    const attempts = s.fake.seen.filter((x) => x.key === 'k').length;
    expect(attempts).toBeGreaterThan(3);
    // Backoff, not a busy loop: far fewer attempts than milliseconds.
    expect(attempts).toBeLessThan(TIMEOUT / 10);
    expect(s.fake.closedByClient).toBe(0);
    await worksAgain(s);
  });

  test('endless NOT_MY_VBUCKET to a mutation: it times out, never reported as done', async () => {
    const s = await setup();
    s.fake.script = nmvb('');
    const put = track(s.bucket.upsert('k', { v: 1 }));
    await s.iops.advance(TIMEOUT);
    expect(put.error).toBeInstanceOf(TimeoutError);
    expect(s.fake.store.has('k')).toBe(false);
  });
});

describe('bad configs at bootstrap', () => {
  test.each<[string, string]>([
    ['garbage', 'not a config'],
    ['an empty object', '{}'],
    ['a memcached bucket (ketama, no vBucketServerMap)', '{"rev":1,"name":"default","nodeLocator":"ketama","nodes":[]}'],
  ])('GET_CLUSTER_CONFIG answering %s: connect fails with a clear error, nothing hangs', async (_name, body) => {
    const iops = new VirtualIOPS();
    const fake = new HostileCluster(iops, 1);
    fake.config = () => body;
    const bucket = new AsyncBucket(iops, fake.connectionString, { username: 'u', password: 'p', saslMechanism: 'PLAIN', configPollInterval: 0, bootstrapTimeout: 1000 });
    let error: CouchbaseError | undefined;
    bucket.registerEvent('connect', { callback: () => undefined, errback: (e) => (error = e as CouchbaseError) });
    const get = track(bucket.get('k'));
    await iops.advance(5000);
    expect(error).toBeInstanceOf(CouchbaseError);
    expect(error!.message.length).toBeGreaterThan(10);
    expect(get.error).toBeInstanceOf(CouchbaseError);
    expect(bucket.connected).toBe(false);
    bucket.close();
  });
});
