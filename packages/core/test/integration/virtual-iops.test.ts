/**
 * The IOPS seam is real: the same AsyncBucket runs over VirtualIOPS (in-memory sockets,
 * virtual time). With virtual time, timing rules are checked exactly: an operation
 * times out at its deadline and not a microsecond earlier, bootstrap gives up at its
 * timeout, retries back off; and the dev cluster serves virtual sockets too.
 */
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { TimeoutError } from '../../src/errors/classes';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import { EVACTION_UNWATCH, EVACTION_WATCH, IOEvent, READ_EVENT } from '../../src/iops/iops';
import { VirtualIOPS } from '../../src/iops/virtual-iops';
import { STATUS } from '../../src/mcbp/status';
import type { AsyncResult } from '../../src/results/async-result';
import { FakeCluster } from '../helpers/fake-server';
import { devCluster, settle } from '../helpers/dev';

function track<T>(ar: AsyncResult<T>): { done: boolean; result?: T; error?: CouchbaseError } {
  const state: { done: boolean; result?: T; error?: CouchbaseError } = { done: false };
  ar.callback = (r) => Object.assign(state, { done: true, result: r });
  ar.errback = (e) => Object.assign(state, { done: true, error: e });
  return state;
}

function open(iops: VirtualIOPS, connstr: string, opts: Record<string, unknown> = {}): AsyncBucket {
  return new AsyncBucket(iops, connstr, { username: 'u', password: 'p', saslMechanism: 'PLAIN', configPollInterval: 0, ...opts });
}

describe('VirtualIOPS', () => {
  test('an operation times out at exactly its timeout, with context', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops);
    fake.responder = () => undefined; // never answers data requests
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    expect(b.connected).toBe(true);
    const op = track(b.get('slow-key'));
    await iops.advance(2499);
    expect(op.done).toBe(false);
    await iops.advance(1);
    expect(op.done).toBe(true);
    expect(op.error).toBeInstanceOf(TimeoutError);
    expect(op.error!.message).toContain("get 'slow-key' timed out after 2500 ms");
    expect(op.error!.context).toMatchObject({ key: 'slow-key', node: '10.0.0.1:11210', timeout: 2500 });
    expect(fake.seen).toHaveLength(1);
    b.close();
    expect(iops.pendingTimers).toBe(0);
  });

  test('bootstrap against a silent server fails at the bootstrap timeout; queued operations time out first', async () => {
    const iops = new VirtualIOPS();
    iops.listen('10.9.9.9', 11210, () => undefined);
    const b = open(iops, 'couchbase://10.9.9.9:11210', { bootstrapTimeout: 10_000 });
    const events: string[] = [];
    b.registerEvent('connect', { callback: () => events.push('ok'), errback: (e) => events.push(e.name) });
    const op = track(b.get('k'));
    await iops.advance(2500);
    expect(op.error).toBeInstanceOf(TimeoutError);
    expect(op.error!.message).toContain('node a cluster config');
    await iops.advance(7499);
    expect(events).toEqual([]);
    await iops.advance(1);
    expect(events).toEqual(['TimeoutError']);
    b.close();
    expect(iops.pendingTimers).toBe(0);
  });

  test('TMPFAIL is retried with backoff until it succeeds; the retries are in the context of a later timeout', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops);
    let fails = 3;
    fake.responder = (req) => (fails-- > 0 ? { status: STATUS.ETMPFAIL } : { status: STATUS.SUCCESS, extras: Buffer.alloc(4), value: '"v"' });
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    const op = track(b.get('k'));
    await iops.advance(1);
    expect(fake.seen).toHaveLength(2);
    await iops.advance(20);
    expect(fake.seen).toHaveLength(4);
    expect(op.result?.value).toBe('v');
    fake.responder = () => ({ status: STATUS.ETMPFAIL });
    const op2 = track(b.get('k2'));
    await iops.advance(2500);
    expect(op2.error).toBeInstanceOf(TimeoutError);
    expect(op2.error!.context.retryReasons).toEqual(['ETMPFAIL']);
    expect(op2.error!.context.retries).toBeGreaterThan(10);
    b.close();
  });

  test('LOCKED is not retried: it fails at once with LockedError', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops);
    fake.responder = () => ({ status: STATUS.LOCKED });
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    const op = track(b.upsert('k', 1));
    await iops.advance(0);
    expect(op.error?.name).toBe('LockedError');
    expect(fake.seen).toHaveLength(1);
    b.close();
  });

  test('a mutation whose connection dies after it was written fails as ambiguous; a read is retried', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops);
    let answer = false;
    fake.responder = () => (answer ? { status: STATUS.SUCCESS, extras: Buffer.alloc(4), value: '1' } : undefined);
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    const write = track(b.upsert('k', 1));
    const read = track(b.get('k'));
    await iops.advance(0);
    expect(fake.seen).toHaveLength(2);
    answer = true;
    fake.dropAll();
    await iops.advance(600);
    expect(write.error?.name).toBe('NetworkError');
    expect(write.error!.message).toMatch(/outcome is unknown/);
    expect(write.error!.context.ambiguous).toBe(true);
    expect(read.result?.value).toBe(1);
    expect(fake.seen.filter((s) => s.key === 'k')).toHaveLength(3);
    b.close();
  });

  test('NOT_MY_VBUCKET with a newer config in the body re-routes once to the new owner', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops, 2);
    fake.responder = (req, node) => {
      const owner = fake.vbmap[req.vbucket]![0]!;
      if (node !== owner) return { status: STATUS.NOT_MY_VBUCKET, value: fake.config(), datatype: 1 };
      return { status: STATUS.SUCCESS, extras: Buffer.alloc(4), value: `"node${node}"` };
    };
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    // Move every vBucket to the other node behind the client's back.
    fake.vbmap = fake.vbmap.map(([n]) => [1 - n!]);
    fake.rev = 2;
    const op = track(b.get('moved'));
    await iops.advance(5);
    const seen = fake.seen.filter((s) => s.key === 'moved');
    expect(seen).toHaveLength(2);
    expect(seen[0]!.node).not.toBe(seen[1]!.node);
    expect(op.result?.value).toBe(`node${seen[1]!.node}`);
    b.close();
  });

  test('operations on one key keep their order across a retry', async () => {
    const iops = new VirtualIOPS();
    const fake = new FakeCluster(iops);
    let first = true;
    fake.responder = (req) => {
      if (first && req.opcode === 0x01) {
        first = false;
        return { status: STATUS.ETMPFAIL };
      }
      return { status: STATUS.SUCCESS, extras: req.opcode === 0x00 ? Buffer.alloc(4) : undefined, value: req.opcode === 0x00 ? '1' : undefined };
    };
    const b = open(iops, fake.connectionString);
    await iops.advance(0);
    const a = track(b.upsert('ordered', 1));
    await iops.advance(0);
    // The upsert is now backing off; these must not overtake it.
    const c = track(b.replace('ordered', 2));
    const d = track(b.get('ordered'));
    await iops.advance(50);
    expect([a.done, c.done, d.done]).toEqual([true, true, true]);
    expect(fake.seen.map((s) => s.opcode)).toEqual([0x01, 0x01, 0x03, 0x00]);
    b.close();
  });

  test('back-pressure: an unwatched reader makes the server write() report congestion, then drain', async () => {
    const iops = new VirtualIOPS({ highWaterMark: 1024 });
    let server: import('../../src/iops/virtual-iops').VirtualServerSocket | undefined;
    iops.listen('h', 1, (s) => (server = s));
    const sock = iops.connect({ host: 'h', port: 1 });
    const ev = new IOEvent();
    ev.socket = sock;
    let reads = 0;
    ev._onReady = () => reads++;
    iops.updateEvent(ev, EVACTION_UNWATCH, 0);
    await iops.settle();
    expect(server).toBeDefined();
    expect(server!.write(Buffer.alloc(1000))).toBe(true);
    expect(server!.write(Buffer.alloc(1000))).toBe(false);
    let drained = false;
    server!.on('drain', () => (drained = true));
    await iops.settle();
    expect(reads).toBe(0);
    iops.updateEvent(ev, EVACTION_WATCH, READ_EVENT);
    await iops.settle();
    expect(reads).toBe(1);
    expect(sock.read()!.byteLength).toBe(2000);
    await iops.settle();
    expect(drained).toBe(true);
  });

  test('the dev cluster serves VirtualIOPS clients: bootstrap, SCRAM and operations', async () => {
    const cluster = await devCluster({ nodes: 2 });
    try {
      const iops = new VirtualIOPS();
      cluster.attachVirtual(iops);
      const b = new AsyncBucket(iops, cluster.connectionString, { username: cluster.username, password: cluster.password, configPollInterval: 0 });
      await new Promise<void>((resolve, reject) => b.registerEvent('connect', { callback: resolve, errback: reject }));
      await settle(b.upsert('virtual', { over: 'memory' }));
      expect((await settle(b.get('virtual'))).value).toEqual({ over: 'memory' });
      b.close();
    } finally {
      await cluster.stop();
    }
  });
});
