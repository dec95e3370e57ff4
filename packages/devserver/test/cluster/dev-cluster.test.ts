/**
 * startDevCluster as a user sees it (API.md "Dev cluster"): defaults, option validation,
 * fixed ports, clusters side by side, stop() releasing every port, timeTravel, dropping
 * connections, and the management REST endpoints of protocol.md §3.4 (Basic auth, shapes,
 * and the same terse config as CCCP).
 */
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { ArgumentError, counterExtras, OPCODES, parseClusterConfig, STATUS, storeExtras, u32Extras, vbucketOf } from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';
import type { DevClusterOptions } from '../../src/options';
import { RawClient } from '../helpers/raw-client';

const started: DevCluster[] = [];
const clients: RawClient[] = [];

/** Starts a cluster that is stopped after the test. */
async function start(options?: DevClusterOptions): Promise<DevCluster> {
  const c = await startDevCluster(options);
  started.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(started.splice(0).map((c) => c.stop()));
});

/** Authenticated raw connection with bucket `default` selected. */
async function open(port: number, bucket = 'default'): Promise<RawClient> {
  const c = await RawClient.open(port, { features: [0x07, 0x0b], bucket });
  clients.push(c);
  return c;
}

function setReq(key: string, value: string, expiry = 0, numVbuckets = 1024) {
  return { opcode: OPCODES.SET, key, vbucket: vbucketOf(key, numVbuckets), extras: storeExtras(0, expiry), value };
}
function getReq(key: string, numVbuckets = 1024) {
  return { opcode: OPCODES.GET, key, vbucket: vbucketOf(key, numVbuckets) };
}

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpGet(url: string, auth?: { user: string; password: string }): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (auth !== undefined) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    const req = httpRequest(url, { method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves when a plain TCP server can listen on `port` (i.e. nobody holds it), then frees it again. */
function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** Starts a cluster on a fixed base port, picking a random free-looking base (retries on a clash). */
async function startOnSomeBasePort(options: DevClusterOptions = {}): Promise<{ cluster: DevCluster; base: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 8; attempt++) {
    // 20000..31990, a multiple of 10: below Linux's ephemeral range, so client sockets never hold it.
    const base = 20_000 + 10 * Math.floor(Math.random() * 1_200);
    try {
      return { cluster: await start({ ...options, port: base }), base };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

describe('defaults (API.md "Dev cluster")', () => {
  test('one node, Administrator/password, connection string with the KV port and no bucket path, management URL', async () => {
    const c = await start();
    expect(c.nodes).toHaveLength(1);
    const node = c.nodes[0]!;
    expect(c.connectionString).toBe(`couchbase://127.0.0.1:${node.kvPort}`);
    expect(c.username).toBe('Administrator');
    expect(c.password).toBe('password');
    expect(c.managementUrl).toBe(`http://127.0.0.1:${node.mgmtPort}`);
    expect(c.caCertificate).toBeUndefined();
    // Four distinct listening ports.
    expect(new Set([node.kvPort, node.mgmtPort, node.capiPort, node.n1qlPort]).size).toBe(4);
    for (const p of [node.kvPort, node.mgmtPort, node.capiPort, node.n1qlPort]) expect(await canListen(p)).toBe(false);
  });

  test('bucket `default`, 1024 vBuckets, 0 replicas', async () => {
    const c = await start();
    const raw = await open(c.nodes[0]!.kvPort);
    const config = parseClusterConfig((await raw.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value, '127.0.0.1');
    expect(config.name).toBe('default');
    expect(config.vbucketMap).toHaveLength(1024);
    expect(config.numReplicas).toBe(0);
  });

  test('several nodes: every KV port in the connection string, in node order; toJSON has no password', async () => {
    const c = await start({ nodes: 3 });
    const ports = c.nodes.map((n) => n.kvPort);
    expect(new Set(ports).size).toBe(3);
    expect(c.connectionString).toBe(`couchbase://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`);
    // No bucket path, no query string.
    expect(c.connectionString.slice('couchbase://'.length)).not.toMatch(/[/?]/);
    expect(c.nodes.map((n) => n.index)).toEqual([0, 1, 2]);
    const json = JSON.stringify(c);
    expect(json).toContain(c.connectionString);
    expect(json).not.toContain(c.password);
  });
});

describe('options', () => {
  test.each<[string, unknown]>([
    ['an unknown option', { bogus: 1 }],
    ['nodes 0', { nodes: 0 }],
    ['nodes 1.5', { nodes: 1.5 }],
    ['replicas 4', { replicas: 4 }],
    ['replicas -1', { replicas: -1 }],
    ['vbuckets 0', { vbuckets: 0 }],
    ['a negative port', { port: -1 }],
    ['an invalid bucket name', { buckets: [{ name: 'no spaces allowed' }] }],
    ['bucket replicas 4', { buckets: [{ name: 'b', replicas: 4 }] }],
    ['no users', { users: [] }],
    ['a negative replication delay', { replicationDelay: -5 }],
    ['a string where a number goes', { nodes: '2' }],
  ])('%s → ArgumentError', async (_name, options) => {
    await expect(startDevCluster(options as DevClusterOptions)).rejects.toBeInstanceOf(ArgumentError);
  });

  test('the error names the offending option', async () => {
    await expect(startDevCluster({ bogus: 1 } as unknown as DevClusterOptions)).rejects.toThrow(/bogus/);
    await expect(startDevCluster({ replicas: 4 })).rejects.toThrow(/replicas/);
  });

  test('vbuckets, buckets with their own replicas, and users are applied', async () => {
    const c = await start({
      nodes: 2,
      replicas: 1,
      vbuckets: 64,
      buckets: [{ name: 'one' }, { name: 'zero', replicas: 0 }],
      users: [{ username: 'dev', password: 's3cret' }],
    });
    expect(c.username).toBe('dev');
    expect(c.password).toBe('s3cret');
    const raw = await RawClient.open(c.nodes[0]!.kvPort, { user: 'dev', password: 's3cret', features: [0x07] });
    clients.push(raw);
    const configOf = async (bucket: string) => {
      expect((await raw.request({ opcode: OPCODES.SELECT_BUCKET, key: bucket })).status).toBe(0);
      return parseClusterConfig((await raw.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value, '127.0.0.1');
    };
    const one = await configOf('one');
    expect(one.vbucketMap).toHaveLength(64);
    expect(one.numReplicas).toBe(1);
    expect(one.vbucketMap!.every((row) => row.length === 2 && row[0] !== row[1])).toBe(true);
    const zero = await configOf('zero');
    expect(zero.numReplicas).toBe(0);
    expect((await raw.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.EACCESS);
  });

  test('`port` gives node i the ports base+10i (KV), +1 (mgmt), +2 (views), +3 (query)', async () => {
    const { cluster, base } = await startOnSomeBasePort({ nodes: 2 });
    expect(cluster.nodes).toEqual([
      { index: 0, kvPort: base, mgmtPort: base + 1, capiPort: base + 2, n1qlPort: base + 3 },
      { index: 1, kvPort: base + 10, mgmtPort: base + 11, capiPort: base + 12, n1qlPort: base + 13 },
    ]);
    expect(cluster.connectionString).toBe(`couchbase://127.0.0.1:${base},127.0.0.1:${base + 10}`);
    // They really serve: KV on base+10, management on base+1.
    const raw = await open(base + 10);
    expect((await raw.request({ opcode: OPCODES.NOOP })).status).toBe(0);
    expect((await httpGet(`http://127.0.0.1:${base + 1}/pools`, { user: 'Administrator', password: 'password' })).status).toBe(200);
  });
});

describe('lifecycle', () => {
  test('two clusters run side by side with their own ports and data', async () => {
    const a = await start();
    const b = await start();
    const portsA = Object.values(a.nodes[0]!).slice(1);
    const portsB = Object.values(b.nodes[0]!).slice(1);
    expect(portsA.filter((p) => portsB.includes(p))).toEqual([]);
    const ca = await open(a.nodes[0]!.kvPort);
    const cb = await open(b.nodes[0]!.kvPort);
    expect((await ca.request(setReq('shared-key', 'in-a'))).status).toBe(0);
    expect((await cb.request(getReq('shared-key'))).status).toBe(STATUS.KEY_ENOENT);
    expect((await ca.request(getReq('shared-key'))).value.toString()).toBe('in-a');
    const uuidOf = async (c: RawClient) => parseClusterConfig((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value, '127.0.0.1').uuid;
    expect(await uuidOf(ca)).not.toBe(await uuidOf(cb));
  });

  test('stop() closes connections and releases every port (listening on them again works)', async () => {
    const { cluster, base } = await startOnSomeBasePort();
    const raw = await open(base);
    const ports = [base, base + 1, base + 2, base + 3];
    for (const p of ports) expect(await canListen(p)).toBe(false);
    await cluster.stop();
    await raw.waitClosed();
    for (const p of ports) expect(await canListen(p)).toBe(true);
    // A new cluster can take the very same ports.
    const again = await start({ port: base });
    expect(again.nodes[0]!.kvPort).toBe(base);
    const raw2 = await open(base);
    expect((await raw2.request(getReq('anything'))).status).toBe(STATUS.KEY_ENOENT);
    // stop() twice is harmless.
    await cluster.stop();
  });

  test('stop() leaves no KV port accepting connections', async () => {
    const c = await start();
    const port = c.nodes[0]!.kvPort;
    await c.stop();
    await expect(RawClient.connect(port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('timeTravel', () => {
  test('moves expiry forward', async () => {
    const c = await start();
    const raw = await open(c.nodes[0]!.kvPort);
    expect((await raw.request(setReq('ttl', 'v', 10))).status).toBe(0);
    c.timeTravel(9_000);
    expect((await raw.request(getReq('ttl'))).status).toBe(0);
    c.timeTravel(1_500);
    expect((await raw.request(getReq('ttl'))).status).toBe(STATUS.KEY_ENOENT);
  });

  test('moves lock expiry forward', async () => {
    const c = await start();
    const raw = await open(c.nodes[0]!.kvPort);
    expect((await raw.request(setReq('lk', 'v'))).status).toBe(0);
    expect((await raw.request({ ...getReq('lk'), opcode: OPCODES.GET_LOCKED, extras: u32Extras(5) })).status).toBe(0);
    expect((await raw.request(setReq('lk', 'w'))).status).toBe(STATUS.LOCKED);
    c.timeTravel(5_000);
    expect((await raw.request(setReq('lk', 'w'))).status).toBe(0);
  });

  test('counters created with a TTL expire too', async () => {
    const c = await start();
    const raw = await open(c.nodes[0]!.kvPort);
    expect((await raw.request({ ...getReq('ctr'), opcode: OPCODES.INCREMENT, extras: counterExtras(1n, 1n, 20) })).status).toBe(0);
    c.timeTravel(21_000);
    expect((await raw.request(getReq('ctr'))).status).toBe(STATUS.KEY_ENOENT);
  });

  test('refuses to go backwards or by a non-number', async () => {
    const c = await start();
    expect(() => c.timeTravel(-1)).toThrow(RangeError);
    expect(() => c.timeTravel(Number.NaN)).toThrow(RangeError);
    expect(() => c.timeTravel(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('dropConnections', () => {
  test('closes every KV connection; new connections are accepted afterwards', async () => {
    const c = await start({ nodes: 2 });
    const r0 = await open(c.nodes[0]!.kvPort);
    const r1 = await open(c.nodes[1]!.kvPort);
    c.dropConnections();
    await Promise.all([r0.waitClosed(), r1.waitClosed()]);
    const fresh = await open(c.nodes[0]!.kvPort);
    expect((await fresh.request({ opcode: OPCODES.NOOP })).status).toBe(0);
  });

  test('with a node index, closes only that node’s connections', async () => {
    const c = await start({ nodes: 2 });
    const r0 = await open(c.nodes[0]!.kvPort);
    const r1 = await open(c.nodes[1]!.kvPort);
    c.dropConnections(1);
    await r1.waitClosed();
    expect(r0.isClosed).toBe(false);
    expect((await r0.request({ opcode: OPCODES.NOOP })).status).toBe(0);
  });

  test('also closes connections that never authenticated', async () => {
    const c = await start();
    const raw = await RawClient.connect(c.nodes[0]!.kvPort);
    clients.push(raw);
    await raw.request({ opcode: OPCODES.NOOP });
    c.dropConnections(0);
    await raw.waitClosed();
  });

  test('an unknown node index is an ArgumentError', async () => {
    const c = await start();
    expect(() => c.dropConnections(5)).toThrow(ArgumentError);
  });
});

describe('management REST (protocol.md §3.4)', () => {
  let c: DevCluster;
  const admin = { user: 'Administrator', password: 'password' };

  beforeEach(async () => {
    c = await start({ nodes: 2 });
  });

  test.each(['/pools', '/pools/default', '/pools/default/b/default', '/pools/default/nodeServices'])('%s needs Basic auth: 401 without, 401 with a wrong password, 200 with', async (path) => {
    const none = await httpGet(c.managementUrl + path);
    expect(none.status).toBe(401);
    expect(String(none.headers['www-authenticate'])).toMatch(/^Basic realm=/);
    expect((await httpGet(c.managementUrl + path, { user: 'Administrator', password: 'nope' })).status).toBe(401);
    expect((await httpGet(c.managementUrl + path, { user: 'nobody', password: 'password' })).status).toBe(401);
    const ok = await httpGet(c.managementUrl + path, admin);
    expect(ok.status).toBe(200);
    expect(String(ok.headers['content-type'])).toMatch(/^application\/json/);
    expect(() => JSON.parse(ok.body)).not.toThrow();
  });

  test('GET /pools', async () => {
    const body = JSON.parse((await httpGet(`${c.managementUrl}/pools`, admin)).body) as Record<string, any>;
    expect(body.isAdminCreds).toBe(true);
    expect(body.isROAdminCreds).toBe(false);
    expect(typeof body.isEnterprise).toBe('boolean');
    expect(body.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof body.implementationVersion).toBe('string');
    expect(body.pools).toEqual([{ name: 'default', uri: `/pools/default?uuid=${body.uuid}`, streamingUri: `/poolsStreaming/default?uuid=${body.uuid}` }]);
  });

  test('GET /pools/default: the cluster object with verbose nodes', async () => {
    const body = JSON.parse((await httpGet(`${c.managementUrl}/pools/default`, admin)).body) as Record<string, any>;
    expect(body.name).toBe('default');
    expect(body.nodes).toHaveLength(2);
    body.nodes.forEach((n: Record<string, any>, i: number) => {
      const info = c.nodes[i]!;
      expect(n.hostname).toBe(`127.0.0.1:${info.mgmtPort}`);
      expect(n.ports.direct).toBe(info.kvPort);
      expect(Array.isArray(n.services)).toBe(true);
      expect(n.services).toContain('kv');
      expect(typeof n.couchApiBase).toBe('string');
      expect(n.thisNode).toBe(i === 0);
      expect(typeof n.version).toBe('string');
      expect(n.status).toBe('healthy');
      expect(n.clusterMembership).toBe('active');
    });
    expect(body.buckets).toMatchObject({ terseBucketsBase: '/pools/default/b/', terseStreamingBucketsBase: '/pools/default/bs/' });
    expect(typeof body.buckets.uri).toBe('string');
    // Asked on node 1, node 1 is thisNode.
    const fromNode1 = JSON.parse((await httpGet(`http://127.0.0.1:${c.nodes[1]!.mgmtPort}/pools/default`, admin)).body) as Record<string, any>;
    expect(fromNode1.nodes.map((n: Record<string, any>) => n.thisNode)).toEqual([false, true]);
  });

  test('GET /pools/default/b/default: the same terse config as GET_CLUSTER_CONFIG on that node', async () => {
    const http = JSON.parse((await httpGet(`${c.managementUrl}/pools/default/b/default`, admin)).body) as Record<string, unknown>;
    const raw = await open(c.nodes[0]!.kvPort);
    const cccp = JSON.parse((await raw.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value.toString('utf8')) as Record<string, unknown>;
    expect(http).toEqual(cccp);
    const parsed = parseClusterConfig(JSON.stringify(http), '127.0.0.1');
    expect(parsed.kvServers.map((s) => s.port)).toEqual(c.nodes.map((n) => n.kvPort));
    expect(parsed.vbucketMap).toHaveLength(1024);
  });

  test('GET /pools/default/b/<missing> is 404', async () => {
    expect((await httpGet(`${c.managementUrl}/pools/default/b/missing`, admin)).status).toBe(404);
  });

  test('GET /pools/default/nodeServices: {rev, nodesExt} with every node’s service ports', async () => {
    const body = JSON.parse((await httpGet(`${c.managementUrl}/pools/default/nodeServices`, admin)).body) as Record<string, any>;
    expect(typeof body.rev).toBe('number');
    expect(body.nodesExt).toHaveLength(2);
    body.nodesExt.forEach((n: Record<string, any>, i: number) => {
      const info = c.nodes[i]!;
      expect(n.services).toMatchObject({ kv: info.kvPort, mgmt: info.mgmtPort, capi: info.capiPort, n1ql: info.n1qlPort });
    });
    expect(body).not.toHaveProperty('vBucketServerMap');
  });
});
