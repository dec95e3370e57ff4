/**
 * The dev cluster's faults seen from the wire, with a raw MCBP client (no SDK in
 * between): failover and rebalance change the config (new revision, new owners, the
 * failed node answers NOT_MY_VBUCKET), OBSERVE / OBSERVE_SEQNO follow replication and
 * persistence delays and report a failover's history (format 1), injected statuses
 * answer exactly `count` requests, latency delays responses in order, and the admin HTTP
 * API drives every fault with 400s for bad arguments.
 */
import { request } from 'node:http';
import { FEATURES, OPCODES, STATUS, readMutationExtras, storeExtras, vbucketOf, type Packet } from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';
import { RawClient } from '../helpers/raw-client';

const VBUCKETS = 16;
const FULL = [FEATURES.XERROR, FEATURES.JSON, FEATURES.MUTATION_SEQNO, FEATURES.SELECT_BUCKET];

interface TerseConfig {
  rev: number;
  vBucketServerMap: { serverList: string[]; vBucketMap: number[][] };
}

const clients: RawClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

async function open(cluster: DevCluster, node: number): Promise<RawClient> {
  const c = await RawClient.open(cluster.nodes[node]!.kvPort, { features: FULL, bucket: 'default' });
  clients.push(c);
  return c;
}

async function config(c: RawClient): Promise<TerseConfig> {
  return JSON.parse((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value.toString('utf8')) as TerseConfig;
}

/** Node index owning vb as active (or replica `copy`), from a config. */
function nodeOf(cluster: DevCluster, cfg: TerseConfig, vb: number, copy = 0): number {
  const pos = cfg.vBucketServerMap.vBucketMap[vb]![copy]!;
  if (pos < 0) return -1;
  const port = Number(cfg.vBucketServerMap.serverList[pos]!.split(':').pop());
  return cluster.nodes.findIndex((n) => n.kvPort === port);
}

function set(key: string, value: string): { opcode: number; key: string; vbucket: number; extras: Buffer; value: string } {
  return { opcode: OPCODES.SET, key, vbucket: vbucketOf(key, VBUCKETS), extras: storeExtras(0, 0), value };
}

function observeSeqno(vb: number, uuid: bigint): { opcode: number; vbucket: number; value: Buffer } {
  const value = Buffer.alloc(8);
  value.writeBigUInt64BE(uuid);
  return { opcode: OPCODES.OBSERVE_SEQNO, vbucket: vb, value };
}

function observe(vb: number, key: string): { opcode: number; value: Buffer } {
  const k = Buffer.from(key);
  const value = Buffer.alloc(4 + k.length);
  value.writeUInt16BE(vb, 0);
  value.writeUInt16BE(k.length, 2);
  k.copy(value, 4);
  return { opcode: OPCODES.OBSERVE, value };
}

/** Decoded OBSERVE_SEQNO reply, typed in from protocol.md §5.3's table. */
function seqnoReply(p: Packet): { format: number; vb: number; uuid: bigint; persisted: bigint; current: bigint; oldUuid?: bigint; oldSeqno?: bigint } {
  const v = p.value;
  const r = { format: v[0]!, vb: v.readUInt16BE(1), uuid: v.readBigUInt64BE(3), persisted: v.readBigUInt64BE(11), current: v.readBigUInt64BE(19) };
  return v[0] === 1 ? { ...r, oldUuid: v.readBigUInt64BE(27), oldSeqno: v.readBigUInt64BE(35) } : r;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('observe commands follow replication and persistence', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2, replicas: 1, vbuckets: VBUCKETS, replicationDelay: 40, persistDelay: 40, scramIterations: 1 });
  });
  afterAll(() => cluster.stop());

  test('OBSERVE_SEQNO on the active and the replica: current and persisted seqnos advance with the delays', async () => {
    const key = 'obs-seq';
    const vb = vbucketOf(key, VBUCKETS);
    const active = await open(cluster, 0);
    const cfg = await config(active);
    const [a, r] = [nodeOf(cluster, cfg, vb), nodeOf(cluster, cfg, vb, 1)];
    const onActive = await open(cluster, a);
    const onReplica = await open(cluster, r);
    const stored = await onActive.request(set(key, 'v'));
    const token = readMutationExtras(stored.extras)!;
    const now1 = seqnoReply(await onActive.request(observeSeqno(vb, token.vbuuid)));
    expect(now1).toMatchObject({ format: 0, vb, uuid: token.vbuuid, current: token.seqno });
    expect(now1.persisted).toBeLessThan(token.seqno);
    const rep1 = seqnoReply(await onReplica.request(observeSeqno(vb, token.vbuuid)));
    expect(rep1.current).toBeLessThan(token.seqno);
    await sleep(100);
    const rep2 = seqnoReply(await onReplica.request(observeSeqno(vb, token.vbuuid)));
    expect(rep2.current).toBe(token.seqno);
    expect(rep2.persisted).toBe(token.seqno);
    expect(seqnoReply(await onActive.request(observeSeqno(vb, token.vbuuid))).persisted).toBe(token.seqno);
    // An unknown history: KEY_ENOENT; a vBucket the node does not hold: NOT_MY_VBUCKET.
    expect((await onActive.request(observeSeqno(vb, 0x1234n))).status).toBe(STATUS.KEY_ENOENT);
    const other = Array.from({ length: VBUCKETS }, (_, i) => i).find((v) => nodeOf(cluster, cfg, v) !== a && nodeOf(cluster, cfg, v, 1) !== a);
    if (other !== undefined) expect((await onActive.request(observeSeqno(other, 1n))).status).toBe(STATUS.NOT_MY_VBUCKET);
    expect((await onActive.request({ opcode: OPCODES.OBSERVE_SEQNO, vbucket: vb, value: 'short' })).status).toBe(STATUS.EINVAL);
  });

  test('OBSERVE: key state and CAS per node, 0x81 for a fresh delete, 0x80 once persisted', async () => {
    const key = 'obs-key';
    const vb = vbucketOf(key, VBUCKETS);
    const c0 = await open(cluster, 0);
    const a = nodeOf(cluster, await config(c0), vb);
    const active = await open(cluster, a);
    const stored = await active.request(set(key, 'v'));
    const entry = (p: Packet, expectedKey = key): [number, bigint] => {
      const klen = p.value.readUInt16BE(2);
      expect(p.value.readUInt16BE(0)).toBe(vb);
      expect(p.value.subarray(4, 4 + klen).toString()).toBe(expectedKey);
      return [p.value[4 + klen]!, p.value.readBigUInt64BE(5 + klen)];
    };
    expect(entry(await active.request(observe(vb, key)))).toEqual([0x00, stored.cas]);
    await sleep(60);
    expect(entry(await active.request(observe(vb, key)))).toEqual([0x01, stored.cas]);
    await active.request({ opcode: OPCODES.DELETE, key, vbucket: vb });
    expect(entry(await active.request(observe(vb, key)))[0]).toBe(0x81);
    await sleep(60);
    expect(entry(await active.request(observe(vb, key)))[0]).toBe(0x80);
    expect(entry(await active.request(observe(vb, 'never-there')), 'never-there')).toEqual([0x80, 0n]);
    // The header CAS carries the persist and replicate time hints (ms).
    const reply = await active.request(observe(vb, key));
    expect(reply.cas).toBe((40n << 32n) | 40n);
    expect((await active.request({ opcode: OPCODES.OBSERVE, value: Buffer.from([0, 1, 0]) })).status).toBe(STATUS.EINVAL);
  });
});

describe('failover and rebalance change the config', () => {
  let cluster: DevCluster;
  beforeEach(async () => {
    cluster = await startDevCluster({ nodes: 3, replicas: 1, vbuckets: VBUCKETS, replicationDelay: 0, persistDelay: 0, scramIterations: 1 });
  });
  afterEach(() => cluster.stop());

  test('failover: new revision without the node; its vBuckets active on their replica; it answers NOT_MY_VBUCKET; OBSERVE_SEQNO reports format 1', async () => {
    const c0 = await open(cluster, 0);
    const before = await config(c0);
    const vb = before.vBucketServerMap.vBucketMap.findIndex((row) => nodeOf(cluster, before, before.vBucketServerMap.vBucketMap.indexOf(row)) === 1);
    const key = Array.from({ length: 1000 }, (_, i) => `fo-${i}`).find((k) => vbucketOf(k, VBUCKETS) === vb)!;
    const replicaNode = nodeOf(cluster, before, vb, 1);
    const onOld = await open(cluster, 1);
    const token = readMutationExtras((await onOld.request(set(key, 'v'))).extras)!;
    cluster.failover(1);
    const after = await config(c0);
    expect(after.rev).toBeGreaterThan(before.rev);
    expect(after.vBucketServerMap.serverList).toHaveLength(2);
    expect(nodeOf(cluster, after, vb)).toBe(replicaNode);
    const nmvb = await onOld.request({ opcode: OPCODES.GET, key, vbucket: vb });
    expect(nmvb.status).toBe(STATUS.NOT_MY_VBUCKET);
    expect((JSON.parse(nmvb.value.toString()) as TerseConfig).rev).toBe(after.rev);
    const onNew = await open(cluster, replicaNode);
    expect((await onNew.request({ opcode: OPCODES.GET, key, vbucket: vb })).value.toString()).toBe('v');
    const s = seqnoReply(await onNew.request(observeSeqno(vb, token.vbuuid)));
    expect(s.format).toBe(1);
    expect(s.oldUuid).toBe(token.vbuuid);
    expect(s.oldSeqno).toBe(token.seqno);
    expect(s.uuid).not.toBe(token.vbuuid);
    expect(() => cluster.failover(1)).toThrow(/not a member/);
  });

  test('rebalance: add and remove move vBuckets; data moves with them', async () => {
    const c0 = await open(cluster, 0);
    const keys = Array.from({ length: 40 }, (_, i) => `rb-${i}`);
    for (const k of keys) await c0.request(set(k, k)).catch(() => undefined);
    // Write every key through its owner.
    const cfg = await config(c0);
    for (const k of keys) {
      const owner = await open(cluster, nodeOf(cluster, cfg, vbucketOf(k, VBUCKETS)));
      expect((await owner.request(set(k, k))).status).toBe(STATUS.SUCCESS);
    }
    await cluster.rebalance({ add: 1, remove: [0] });
    expect(cluster.nodes).toHaveLength(4);
    const c3 = await open(cluster, 3);
    const next = await config(c3);
    expect(next.rev).toBeGreaterThan(cfg.rev);
    expect(next.vBucketServerMap.serverList.map((s) => Number(s.split(':').pop()))).toEqual([1, 2, 3].map((n) => cluster.nodes[n]!.kvPort));
    for (const k of keys) {
      const owner = await open(cluster, nodeOf(cluster, next, vbucketOf(k, VBUCKETS)));
      expect((await owner.request({ opcode: OPCODES.GET, key: k, vbucket: vbucketOf(k, VBUCKETS) })).value.toString()).toBe(k);
    }
    expect(cluster.connectionString.split(',')).toHaveLength(3);
    await expect(cluster.rebalance({ remove: [1, 2, 3] })).rejects.toThrow(/at least one node/);
  });

  test('stopNode closes its ports; startNode listens on the same ones', async () => {
    const port = cluster.nodes[2]!.kvPort;
    const c = await open(cluster, 2);
    await cluster.stopNode(2);
    await c.waitClosed(1000);
    await expect(RawClient.connect(port)).rejects.toThrow(/ECONNREFUSED/);
    await cluster.startNode(2);
    expect(cluster.nodes[2]!.kvPort).toBe(port);
    const again = await open(cluster, 2);
    expect((await again.request({ opcode: OPCODES.NOOP })).status).toBe(STATUS.SUCCESS);
  });
});

describe('per-request faults', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 1, vbuckets: VBUCKETS, scramIterations: 1 });
  });
  afterAll(() => cluster.stop());
  afterEach(() => cluster.clearFaults());

  test('injectStatus answers exactly `count` matching requests, never the handshake', async () => {
    cluster.injectStatus({ status: STATUS.ETMPFAIL, count: 2 });
    const c = await open(cluster, 0);
    const replies = await c.requestAll([set('i1', 'a'), set('i2', 'b'), set('i3', 'c')]);
    expect(replies.map((r) => r.status)).toEqual([STATUS.ETMPFAIL, STATUS.ETMPFAIL, STATUS.SUCCESS]);
    cluster.injectStatus({ status: STATUS.EBUSY, count: 1, opcode: OPCODES.GET });
    expect((await c.request(set('i4', 'd'))).status).toBe(STATUS.SUCCESS);
    expect((await c.request({ opcode: OPCODES.GET, key: 'i4', vbucket: vbucketOf('i4', VBUCKETS) })).status).toBe(STATUS.EBUSY);
    expect(cluster.requestCounts(0).SET).toBeGreaterThanOrEqual(4);
  });

  test('an injected NOT_MY_VBUCKET carries the current config', async () => {
    cluster.injectStatus({ status: STATUS.NOT_MY_VBUCKET, count: 1 });
    const c = await open(cluster, 0);
    const r = await c.request(set('n1', 'a'));
    expect(r.status).toBe(STATUS.NOT_MY_VBUCKET);
    expect((JSON.parse(r.value.toString()) as TerseConfig).vBucketServerMap.vBucketMap).toHaveLength(VBUCKETS);
  });

  test('latency delays responses and keeps their order', async () => {
    const c = await open(cluster, 0);
    cluster.setLatency(0, 80);
    const t0 = performance.now();
    const replies = await c.requestAll([set('l1', 'a'), { opcode: OPCODES.NOOP }, set('l2', 'b')]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    expect(replies.every((r) => r.status === STATUS.SUCCESS)).toBe(true);
    expect(c.received.slice(-3).map((p) => p.opcode)).toEqual([OPCODES.SET, OPCODES.NOOP, OPCODES.SET]);
  });

  test('bad arguments are ArgumentErrors', () => {
    expect(() => cluster.injectStatus({ status: 0x00, count: 1 })).toThrow(/cannot be injected/);
    expect(() => cluster.injectStatus({ status: STATUS.ETMPFAIL, count: 0 })).toThrow(/count/);
    expect(() => cluster.injectStatus({ status: STATUS.ETMPFAIL, count: 1, node: 7 })).toThrow(/No node 7/);
    expect(() => cluster.setLatency(0, -1)).toThrow(/ms/);
    expect(() => cluster.failover(0)).toThrow(/last node/);
    expect(() => cluster.setReplicationDelay(-5)).toThrow(/ms/);
  });
});

describe('admin HTTP API drives the faults', () => {
  let cluster: DevCluster;
  let auth: string;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2, replicas: 1, vbuckets: VBUCKETS, scramIterations: 1 });
    auth = `${cluster.username}:${cluster.password}`;
  });
  afterAll(() => cluster.stop());

  function post(action: string, body: unknown): Promise<{ status: number; json: { error?: string } }> {
    return new Promise((resolve, reject) => {
      const req = request(`${cluster.adminUrl}/${action}`, { method: 'POST', auth, headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  test('every action answers 200, and the description shows its effect', async () => {
    expect((await post('setLatency', { node: 1, ms: 5 })).status).toBe(200);
    expect((await post('injectStatus', { status: STATUS.ETMPFAIL, count: 2, opcode: OPCODES.GET })).status).toBe(200);
    expect((await post('setReplicationDelay', { ms: 5 })).status).toBe(200);
    expect((await post('setPersistDelay', { ms: 5 })).status).toBe(200);
    expect((await post('clearFaults', {})).status).toBe(200);
    expect((await post('stopNode', { node: 1 })).status).toBe(200);
    expect((await post('startNode', { node: 1 })).status).toBe(200);
    expect((await post('rebalance', { add: 1 })).status).toBe(200);
    expect((await post('failover', { node: 2 })).status).toBe(200);
    const d = await new Promise<{ rev: number; nodes: { member: boolean; running: boolean }[]; faults: Record<string, number> }>((resolve, reject) => {
      request(cluster.adminUrl, { auth }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      })
        .on('error', reject)
        .end();
    });
    expect(d.nodes.map((n) => n.member)).toEqual([true, true, false]);
    expect(d.rev).toBeGreaterThanOrEqual(3);
    expect(d.faults).toMatchObject({ rebalance: 1, failover: 1, stopNode: 1, startNode: 1, setLatency: 1, injectStatus: 1 });
  });

  test('the API has its own listener: stopping node 0 does not take it down', async () => {
    expect((await post('stopNode', { node: 0 })).status).toBe(200);
    expect((await post('startNode', { node: 0 })).status).toBe(200);
    expect(new URL(cluster.adminUrl).port).not.toBe(String(cluster.nodes[0]!.mgmtPort));
  });

  test.each([
    ['failover', {}, /node is required/],
    ['failover', { node: 9 }, /No node 9/],
    ['setLatency', { node: 0 }, /ms is required/],
    ['injectStatus', { status: 1 }, /count is required/],
    ['injectStatus', { status: 0, count: 1 }, /cannot be injected/],
    ['rebalance', { remove: 'all' }, /remove must be an array/],
    ['stopNode', { node: -1 }, /non-negative/],
  ])('%s %j → 400', async (action, body, reason) => {
    const r = await post(action, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(reason);
  });
});
