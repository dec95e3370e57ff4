/**
 * The client through the dev cluster's faults (issue "a cluster that fails"): failover,
 * rebalance in and out, injected statuses, dropped connections, stopped nodes, latency,
 * and close() in the middle of it. Which node served what is read from the dev
 * cluster's per-node request counters, never from the client under test.
 */
import { DurabilityError, LockedError, NetworkError, ObjectDestroyedError, TimeoutError } from '../../src/errors/classes';
import type { AsyncBucket } from '../../src/bucket/async-bucket';
import { STATUS } from '../../src/mcbp/status';
import { OPCODES } from '../../src/mcbp/opcodes';
import { vbucketOf } from '../../src/routing/crc32';
import { EVACTION_WATCH, type EvAction, type IOConnectOptions, type IOSocket, type TimerEvent } from '../../src/iops/iops';
import { NodeIOPS } from '../../src/iops/node-iops';
import { devCluster, failure, mgmtGet, openBucket, settle, sleep, type DevCluster } from '../helpers/dev';

/** Node index (not config position) holding `key` as active, from the cluster's own config. */
async function ownerNode(cluster: DevCluster, key: string): Promise<number> {
  const config = (await mgmtGet(cluster, '/pools/default/b/default')) as { vBucketServerMap: { serverList: string[]; vBucketMap: number[][] } };
  const map = config.vBucketServerMap;
  const position = map.vBucketMap[vbucketOf(key, map.vBucketMap.length)]![0]!;
  const port = Number(map.serverList[position]!.split(':').pop());
  return cluster.nodes.find((n) => n.kvPort === port)!.index;
}

/** A key whose active copy is on `node`. */
async function keyOn(cluster: DevCluster, node: number, prefix: string): Promise<string> {
  for (let i = 0; i < 10_000; i++) if ((await ownerNode(cluster, `${prefix}-${i}`)) === node) return `${prefix}-${i}`;
  throw new Error(`no key on node ${node}`);
}

const sets = (cluster: DevCluster, node: number): number => cluster.requestCounts(node).SET ?? 0;

describe('faults: topology changes', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;

  beforeEach(async () => {
    cluster = await devCluster({ nodes: 3, replicas: 1, replicationDelay: 5, persistDelay: 5, vbuckets: 64, scramIterations: 1 });
    bucket = await openBucket(cluster, { operationTimeout: 2000 });
  });
  afterEach(async () => {
    bucket.close();
    await cluster.stop();
  });

  test('failover: every document stays readable and writable on the new owners', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `fo-${i}`);
    await settle(bucket.upsertMulti(Object.fromEntries(keys.map((k) => [k, k])), { replicateTo: 1 }));
    const onNode1 = [];
    for (const k of keys) if ((await ownerNode(cluster, k)) === 1) onNode1.push(k);
    expect(onNode1.length).toBeGreaterThan(5);
    cluster.failover(1);
    for (const k of onNode1) expect(await ownerNode(cluster, k)).not.toBe(1);
    const got = await settle(bucket.getMulti(keys));
    expect(keys.every((k) => got.get(k)!.value === k)).toBe(true);
    await settle(bucket.upsertMulti(Object.fromEntries(onNode1.map((k) => [k, 'after']))));
    expect((await settle(bucket.get(onNode1[0]!))).value).toBe('after');
  });

  test('rebalance out: NOT_MY_VBUCKET from the old owner reroutes exactly once to the new one', async () => {
    const key = await keyOn(cluster, 2, 'rb');
    await settle(bucket.upsert(key, 1));
    await cluster.rebalance({ remove: [2] });
    const owner = await ownerNode(cluster, key);
    const before = [0, 1, 2].map((n) => sets(cluster, n));
    await settle(bucket.upsert(key, 2));
    const after = [0, 1, 2].map((n) => sets(cluster, n));
    // One SET to the old owner (answered NOT_MY_VBUCKET with the new config), one to the new owner.
    expect(after[2]! - before[2]!).toBe(1);
    expect(after[owner]! - before[owner]!).toBe(1);
    expect(after.reduce((a, b) => a + b) - before.reduce((a, b) => a + b)).toBe(2);
    expect((await settle(bucket.get(key))).value).toBe(2);
  });

  test('rebalance in: a new node takes vBuckets and serves them', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `ri-${i}`);
    await settle(bucket.upsertMulti(Object.fromEntries(keys.map((k) => [k, k]))));
    await cluster.rebalance({ add: 1 });
    expect(cluster.nodes).toHaveLength(4);
    const moved = [];
    for (const k of keys) if ((await ownerNode(cluster, k)) === 3) moved.push(k);
    expect(moved.length).toBeGreaterThan(3);
    const got = await settle(bucket.getMulti(keys));
    expect(keys.every((k) => got.get(k)!.value === k)).toBe(true);
    expect(cluster.requestCounts(3).GET ?? 0).toBeGreaterThanOrEqual(moved.length);
  });

  test('config polling picks up a rebalance with no operation running: the client connects to the new node', async () => {
    bucket.close();
    const polled = await openBucket(cluster, { configPollInterval: 100 });
    try {
      await cluster.rebalance({ add: 1 });
      const hellos = (): number => cluster.requestCounts(3).HELLO ?? 0;
      for (let i = 0; i < 100 && hellos() < 1; i++) await sleep(10);
      // The only client found the new node by itself (no operation, so no NOT_MY_VBUCKET).
      expect(hellos()).toBe(1);
      expect((await settle(polled.get('nothing', { quiet: true }))).success).toBe(false);
    } finally {
      polled.close();
    }
  });

  test('a mutation lost in a failover (not yet replicated) is reported by durability as lost', async () => {
    cluster.setReplicationDelay(60_000);
    const key = await keyOn(cluster, 1, 'lost');
    const m = await settle(bucket.upsertMulti({ [key]: 'gone' }));
    expect(m.get(key)!.mutationToken).toBeDefined();
    cluster.failover(1);
    const err = await failure(bucket.endureMulti(m, { persistTo: 1, replicateTo: 0 }));
    expect(err).toBeInstanceOf(DurabilityError);
    expect(err.message).toMatch(/lost/);
    // Indeed: the new active never had it.
    expect((await settle(bucket.get(key, { quiet: true }))).success).toBe(false);
  });

  test('a stopped node: its operations time out with context, and work again after startNode', async () => {
    const key = await keyOn(cluster, 1, 'stop');
    await settle(bucket.upsert(key, 'v'));
    await cluster.stopNode(1);
    const t0 = performance.now();
    const err = await failure(bucket.get(key));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(err.context).toMatchObject({ key, operation: 'get', node: `127.0.0.1:${cluster.nodes[1]!.kvPort}`, timeout: 2000 });
    expect(err.message).toContain(key);
    // Other nodes keep working meanwhile.
    await settle(bucket.upsert(await keyOn(cluster, 0, 'stop-other'), 1));
    await cluster.startNode(1);
    expect((await settle(bucket.get(key))).value).toBe('v');
  }, 15_000);

  test('a dropped connection reconnects by itself', async () => {
    const key = await keyOn(cluster, 0, 'drop');
    await settle(bucket.upsert(key, 1));
    cluster.dropConnections(0);
    expect((await settle(bucket.get(key))).value).toBe(1);
    cluster.dropConnections();
    // Let the client see the drop first: a write racing it would rightly be ambiguous.
    await sleep(20);
    await settle(bucket.upsert(key, 2));
    expect((await settle(bucket.get(key))).value).toBe(2);
  });

  test('a mutation in flight when its connection drops fails as ambiguous; a read in flight is retried', async () => {
    const key = await keyOn(cluster, 0, 'amb');
    await settle(bucket.upsert(key, 'before'));
    cluster.setLatency(0, 300);
    const write = failure(bucket.upsert(key, 'maybe'));
    const read = settle(bucket.get(key));
    await sleep(100);
    cluster.dropConnections(0);
    cluster.setLatency(0, 0);
    const err = await write;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/outcome is unknown/);
    expect(err.context).toMatchObject({ ambiguous: true, key });
    // The server did apply it (it only answered late): the read sees one of the two values.
    expect(['before', 'maybe']).toContain((await read).value);
  });
});

describe('faults: injected statuses and latency', () => {
  let cluster: DevCluster;
  let bucket: AsyncBucket;

  beforeAll(async () => {
    cluster = await devCluster({ nodes: 2, vbuckets: 64, scramIterations: 1 });
    bucket = await openBucket(cluster, { operationTimeout: 1000 });
  });
  afterAll(async () => {
    bucket.close();
    await cluster.stop();
  });

  test.each([
    ['TMPFAIL', STATUS.ETMPFAIL],
    ['EBUSY', STATUS.EBUSY],
    ['ENOMEM', STATUS.ENOMEM],
  ])('%s is retried with backoff until it succeeds', async (_name, status) => {
    const key = await keyOn(cluster, 1, `inj-${status}`);
    const before = sets(cluster, 1);
    cluster.injectStatus({ status, count: 3, opcode: OPCODES.SET, node: 1 });
    const r = await settle(bucket.upsert(key, 1));
    expect(r.success).toBe(true);
    expect(sets(cluster, 1) - before).toBe(4);
  });

  test('an injected NOT_MY_VBUCKET with an unchanged config is retried once, to the same node', async () => {
    const key = await keyOn(cluster, 0, 'inj-nmvb');
    const before = sets(cluster, 0);
    cluster.injectStatus({ status: STATUS.NOT_MY_VBUCKET, count: 1, opcode: OPCODES.SET, node: 0 });
    await settle(bucket.upsert(key, 1));
    expect(sets(cluster, 0) - before).toBe(2);
  });

  test('TMPFAIL that never ends: TimeoutError after the timeout, with the retries and their reason', async () => {
    const key = await keyOn(cluster, 0, 'inj-forever');
    cluster.injectStatus({ status: STATUS.ETMPFAIL, count: 1_000_000, opcode: OPCODES.GET, node: 0 });
    try {
      const err = await failure(bucket.get(key));
      expect(err).toBeInstanceOf(TimeoutError);
      const ctx = err.context as { retries: number; retryReasons: string[] };
      expect(ctx.retries).toBeGreaterThan(5);
      expect(ctx.retryReasons.join()).toMatch(/TMPFAIL|TemporaryFailure/i);
    } finally {
      cluster.clearFaults();
    }
  });

  test('LOCKED is not retried: LockedError at once, one request', async () => {
    const key = await keyOn(cluster, 1, 'inj-locked');
    const before = sets(cluster, 1);
    cluster.injectStatus({ status: STATUS.LOCKED, count: 1, opcode: OPCODES.SET, node: 1 });
    expect(await failure(bucket.upsert(key, 1))).toBeInstanceOf(LockedError);
    expect(sets(cluster, 1) - before).toBe(1);
  });

  test('latency below the timeout slows operations down; above it they time out', async () => {
    const key = await keyOn(cluster, 1, 'lat');
    await settle(bucket.upsert(key, 1));
    cluster.setLatency(1, 150);
    try {
      const t0 = performance.now();
      await settle(bucket.get(key));
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      cluster.setLatency(1, 1500);
      expect(await failure(bucket.get(key))).toBeInstanceOf(TimeoutError);
    } finally {
      cluster.setLatency(1, 0);
    }
  });
});

/** A NodeIOPS that knows which of its timers are armed and which sockets it opened. */
class TrackingIOPS extends NodeIOPS {
  readonly armed = new Set<TimerEvent>();
  readonly sockets: IOSocket[] = [];
  override timerEventFactory(): TimerEvent {
    const t = super.timerEventFactory();
    const ready = t.ready.bind(t);
    t.ready = (flags: number) => {
      this.armed.delete(t);
      ready(flags);
    };
    return t;
  }
  override updateTimer(t: TimerEvent, action: EvAction, usecs: number): void {
    super.updateTimer(t, action, usecs);
    if (action === EVACTION_WATCH) this.armed.add(t);
    else this.armed.delete(t);
  }
  override connect(options: IOConnectOptions): IOSocket {
    const s = super.connect(options);
    this.sockets.push(s);
    return s;
  }
}

describe('close() in the middle of faults', () => {
  test('settles every pending operation and leaves no socket or timer of the bucket behind', async () => {
    const cluster = await devCluster({ nodes: 2, vbuckets: 64, scramIterations: 1 });
    try {
      const key = await keyOn(cluster, 1, 'close');
      const other = await keyOn(cluster, 0, 'close-other');
      const durable = await keyOn(cluster, 0, 'close-durable');
      const iops = new TrackingIOPS();
      const bucket = await openBucket(cluster, { operationTimeout: 60_000 }, iops);
      await cluster.stopNode(1);
      cluster.injectStatus({ status: STATUS.ETMPFAIL, count: 1_000_000, opcode: OPCODES.GET, node: 0 });
      cluster.setPersistDelay(60_000);
      const pending = [failure(bucket.get(key)), failure(bucket.upsert(key, 1)), failure(bucket.get(other)), failure(bucket.upsert(durable, 1, { persistTo: 1 }))];
      await sleep(200);
      // Something is in flight everywhere: a retry backoff, a reconnect, a durability poll.
      expect(iops.armed.size).toBeGreaterThan(0);
      bucket.close();
      const errors = await Promise.all(pending);
      expect(errors.every((e) => e instanceof ObjectDestroyedError)).toBe(true);
      expect(iops.armed.size).toBe(0);
      expect(iops.sockets.length).toBeGreaterThan(1);
      expect(iops.sockets.every((s) => s.closed)).toBe(true);
      // And nothing re-arms later.
      await sleep(600);
      expect(iops.armed.size).toBe(0);
    } finally {
      await cluster.stop();
    }
  });
});
