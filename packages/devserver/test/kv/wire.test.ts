/**
 * The dev cluster's KV wire layer, driven byte for byte by a raw MCBP client (no SDK in
 * between): HELLO negotiation, SASL, the bucket/auth gate, the error map and configs
 * (compared with what real 7.x servers send: test-fixtures/gocbcore), NOT_MY_VBUCKET on a
 * 3-node cluster, the XERROR remapping of protocol.md §1.5/§1.11, mutation tokens,
 * collections, GET_META, pipelining, and hostile input (the server drops the offending
 * connection and keeps serving everyone else).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  counterExtras,
  DATATYPE,
  decodeFeatures,
  encodeFeatures,
  encodePacket,
  FEATURES,
  OPCODES,
  parseClusterConfig,
  readMutationExtras,
  readU32Extras,
  STATUS,
  storeExtras,
  u32Extras,
  vbucketOf,
  type Packet,
  type PacketInit,
} from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';
import { HandshakeError, isResponse, RawClient } from '../helpers/raw-client';

const FIXTURES = join(__dirname, '../../../../test-fixtures/gocbcore');
const NUM_VBUCKETS = 1024; // startDevCluster's default

/** HELLO features the dev cluster implements (its documented set, typed in). */
const IMPLEMENTED = [0x03, 0x04, 0x06, 0x07, 0x08, 0x0b, 0x10, 0x12, 0x14, 0x1d];
/** What the tests negotiate unless they say otherwise. */
const FULL = [FEATURES.XERROR, FEATURES.JSON, FEATURES.MUTATION_SEQNO, FEATURES.SELECT_BUCKET, FEATURES.ALT_REQUEST_SUPPORT];

let cluster: DevCluster;
let kvPort: number;
const clients: RawClient[] = [];

beforeAll(async () => {
  cluster = await startDevCluster();
  kvPort = cluster.nodes[0]!.kvPort;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await cluster.stop();
});

/** A raw connection to `port` (default: node 0), closed after the test. */
async function connect(port = kvPort): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.push(c);
  return c;
}

/** Connected, HELLO'd with `features`, authenticated, bucket `default` selected. */
async function open(features: readonly number[] = FULL, port = kvPort, bucket: string | null = 'default'): Promise<RawClient> {
  const c = await connect(port);
  await c.handshake({ features, bucket: bucket ?? undefined });
  return c;
}

let keySeq = 0;
/** A key no other test uses. */
function freshKey(prefix = 'k'): string {
  return `${prefix}-${process.pid}-${++keySeq}`;
}

/** Wire key: with collections, the default collection's LEB128 prefix 0x00 first. */
function wireKey(key: string, collections = false, cid = 0x00): Buffer {
  const bare = Buffer.from(key, 'utf8');
  return collections ? Buffer.concat([Buffer.from([cid]), bare]) : bare;
}

function getReq(key: string, collections = false): PacketInit {
  return { opcode: OPCODES.GET, key: wireKey(key, collections), vbucket: vbucketOf(key, NUM_VBUCKETS) };
}

function setReq(key: string, value: string, opts: { flags?: number; expiry?: number; cas?: bigint; datatype?: number; collections?: boolean; opcode?: number } = {}): PacketInit {
  return {
    opcode: opts.opcode ?? OPCODES.SET,
    key: wireKey(key, opts.collections),
    vbucket: vbucketOf(key, NUM_VBUCKETS),
    extras: storeExtras(opts.flags ?? 0, opts.expiry ?? 0),
    value,
    cas: opts.cas,
    datatype: opts.datatype,
  };
}

function keyed(opcode: number, key: string, extra: Partial<PacketInit> = {}): PacketInit {
  return { opcode, key, vbucket: vbucketOf(key, NUM_VBUCKETS), ...extra };
}

function isJsonText(b: Buffer): boolean {
  try {
    JSON.parse(b.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON type tree of a value, independent of array lengths: 'number' | 'string' | … for
 * scalars, { key: tree } for objects, { '[]': element tree } for arrays (elements must all
 * have one shape; an empty array is { '[]': 'empty' }).
 */
type Shape = string | { [k: string]: Shape };
function shapeOf(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const shapes = new Set(v.map((x) => JSON.stringify(shapeOf(x))));
    if (shapes.size > 1) return { '[]': 'mixed' };
    return { '[]': v.length === 0 ? 'empty' : shapeOf(v[0]) };
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, shapeOf(x)]));
  return typeof v;
}

describe('HELLO', () => {
  test('acknowledges exactly the requested features the server implements, in request order', async () => {
    const c = await connect();
    // What couchnode 4.x requests (protocol.md §1.7).
    const couchnode = [0x03, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x10, 0x0f, 0x11, 0x15, 0x12, 0x17, 0x14, 0x1c, 0x21, 0x0e, 0x0d, 0x1e, 0x0a, 0x04];
    const r1 = await c.request({ opcode: OPCODES.HELLO, key: 'agent', value: encodeFeatures(couchnode) });
    expect(r1.status).toBe(STATUS.SUCCESS);
    expect(r1.opcode).toBe(OPCODES.HELLO);
    expect(r1.keyLength).toBe(0);
    expect(r1.extrasLength).toBe(0);
    expect(decodeFeatures(r1.value)).toEqual([0x03, 0x06, 0x07, 0x08, 0x0b, 0x10, 0x12, 0x14, 0x04]);

    // An arbitrary order, with features the server must not ack (SNAPPY, DUPLEX, pushes, unordered, tracing).
    const shuffled = [0x0a, 0x14, 0x02, 0x12, 0x0e, 0x07, 0x0c, 0x04, 0x0d, 0x1e, 0x0b, 0x10, 0x11, 0x06, 0x15, 0x08, 0x03, 0x1d, 0x13, 0x0f, 0x1f];
    const r2 = await c.request({ opcode: OPCODES.HELLO, key: 'agent', value: encodeFeatures(shuffled) });
    const acked = decodeFeatures(r2.value);
    expect(acked).toEqual([0x14, 0x12, 0x07, 0x04, 0x0b, 0x10, 0x06, 0x08, 0x03, 0x1d]);
    expect(acked).toEqual(shuffled.filter((f) => IMPLEMENTED.includes(f)));
  });

  test('ignores unknown codes and duplicates; an empty request gets an empty answer', async () => {
    const c = await connect();
    const r = await c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures([0x04, 0x99, 0x04, 0xffff, 0x0b, 0x0b]) });
    expect(decodeFeatures(r.value)).toEqual([0x04, 0x0b]);
    const empty = await c.request({ opcode: OPCODES.HELLO, key: 'a' });
    expect(empty.status).toBe(STATUS.SUCCESS);
    expect(empty.value.byteLength).toBe(0);
  });

  test('a second HELLO starts from nothing (features of the first one are dropped)', async () => {
    const c = await connect();
    const hello = (fs: number[]) => c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures(fs) });
    expect(decodeFeatures((await hello([FEATURES.MUTATION_SEQNO, FEATURES.JSON])).value)).toEqual([0x04, 0x0b]);
    await c.authenticate('SCRAM-SHA512', cluster.username, cluster.password);
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(0);
    const key = freshKey();
    const withToken = await c.request(setReq(key, '{"a":1}'));
    expect(withToken.extrasLength).toBe(16);
    expect((await c.request(getReq(key))).datatype).toBe(DATATYPE.JSON);

    expect(decodeFeatures((await hello([FEATURES.XERROR])).value)).toEqual([0x07]);
    const withoutToken = await c.request(setReq(key, '{"a":2}'));
    expect(withoutToken.status).toBe(STATUS.SUCCESS);
    expect(withoutToken.extrasLength).toBe(0);
    expect((await c.request(getReq(key))).datatype).toBe(0);

    expect(decodeFeatures((await hello([FEATURES.MUTATION_SEQNO])).value)).toEqual([0x04]);
    expect((await c.request(setReq(key, '3'))).extrasLength).toBe(16);
  });
});

describe('SASL', () => {
  test('SASL_LIST_MECHS works before authentication and lists the four mechanisms', async () => {
    const c = await connect();
    const r = await c.request({ opcode: OPCODES.SASL_LIST_MECHS });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.value.toString()).toBe('SCRAM-SHA512 SCRAM-SHA256 SCRAM-SHA1 PLAIN');
  });

  test.each(['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1', 'PLAIN'] as const)('%s: the right password authenticates (server-final verified)', async (mech) => {
    const c = await connect();
    await c.handshake({ features: [FEATURES.XERROR], mechanism: mech, user: cluster.username, password: cluster.password, bucket: 'default' });
    const r = await c.request(getReq(freshKey()));
    expect(r.status).toBe(STATUS.KEY_ENOENT);
  });

  test.each(['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1', 'PLAIN'] as const)('%s: a wrong password is AUTH_ERROR (0x20), and the connection stays unauthenticated', async (mech) => {
    const c = await connect();
    // With XERROR the refusal below is a status; without it a real server disconnects.
    await c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures([FEATURES.XERROR]) });
    const err = await c.authenticate(mech, cluster.username, 'wrong-password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).status).toBe(STATUS.AUTH_ERROR);
    expect((err as HandshakeError).step).toBe(mech === 'PLAIN' ? 'SASL_AUTH' : 'SASL_STEP');
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.EACCESS);
  });

  test('an unknown user and an unknown mechanism are AUTH_ERROR too', async () => {
    const c = await connect();
    const e1 = await c.authenticate('SCRAM-SHA512', 'nobody', 'password').catch((e: unknown) => e);
    expect((e1 as HandshakeError).status).toBe(STATUS.AUTH_ERROR);
    const e2 = await c.request({ opcode: OPCODES.SASL_AUTH, key: 'CRAM-MD5', value: 'x' });
    expect(e2.status).toBe(STATUS.AUTH_ERROR);
    // The failure body is text: never flagged JSON.
    expect(e2.datatype & DATATYPE.JSON).toBe(0);
  });
});

describe('authentication and bucket gate', () => {
  test('data commands before authentication are refused (NO_BUCKET or EACCESS)', async () => {
    const c = await connect();
    await c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures([FEATURES.XERROR]) });
    const key = freshKey();
    for (const req of [getReq(key), setReq(key, 'v'), keyed(OPCODES.DELETE, key)]) {
      const r = await c.request(req);
      expect([STATUS.NO_BUCKET, STATUS.EACCESS]).toContain(r.status);
    }
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.EACCESS);
    expect((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).status).toBe(STATUS.EACCESS);
    // Nothing was written.
    const reader = await open();
    expect((await reader.request(getReq(key))).status).toBe(STATUS.KEY_ENOENT);
  });

  test('after authentication but before SELECT_BUCKET, data commands are NO_BUCKET', async () => {
    const c = await open(FULL, kvPort, null);
    expect((await c.request(getReq(freshKey()))).status).toBe(STATUS.NO_BUCKET);
    expect((await c.request(setReq(freshKey(), 'v'))).status).toBe(STATUS.NO_BUCKET);
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.SUCCESS);
    expect((await c.request(getReq(freshKey()))).status).toBe(STATUS.KEY_ENOENT);
    // `@no bucket@` deselects.
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: '@no bucket@' })).status).toBe(STATUS.SUCCESS);
    expect((await c.request(getReq(freshKey()))).status).toBe(STATUS.NO_BUCKET);
  });

  test('SELECT_BUCKET of a missing bucket is EACCESS (0x24), as on a real server; the connection stays usable', async () => {
    const c = await open(FULL, kvPort, null);
    const r = await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'no-such-bucket' });
    expect(r.status).toBe(0x24);
    expect((await c.request(getReq(freshKey()))).status).toBe(STATUS.NO_BUCKET);
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.SUCCESS);
  });
});

describe('GET_ERROR_MAP', () => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'err_map71_v2.json'), 'utf8')) as {
    version: number;
    revision: number;
    errors: Record<string, { name: string; desc: string; attrs: string[] }>;
  };

  async function fetchMap(features: readonly number[], authenticated = true): Promise<Packet> {
    const c = await connect();
    if (authenticated) await c.handshake({ features });
    else await c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures(features) });
    const version = Buffer.alloc(2);
    version.writeUInt16BE(2);
    return c.request({ opcode: OPCODES.GET_ERROR_MAP, value: version });
  }

  test('answers before authentication too (SDKs pipeline it ahead of SASL)', async () => {
    const r = await fetchMap([FEATURES.XERROR], false);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(isJsonText(r.value)).toBe(true);
  });

  test('has version, revision and errors whose every entry has name, desc and attrs (the official SDK crashes otherwise)', async () => {
    const r = await fetchMap([FEATURES.XERROR, FEATURES.JSON]);
    expect(r.status).toBe(STATUS.SUCCESS);
    const map = JSON.parse(r.value.toString('utf8')) as Record<string, unknown>;
    expect(typeof map.version).toBe('number');
    expect(typeof map.revision).toBe('number');
    expect(map.version).toBe(fixture.version);
    const errors = map.errors as Record<string, Record<string, unknown>>;
    expect(typeof errors).toBe('object');
    expect(Object.keys(errors).length).toBeGreaterThan(20);
    for (const [code, entry] of Object.entries(errors)) {
      // Keys are lowercase hex without 0x or leading zeros, like the server's.
      expect(code).toMatch(/^(0|[1-9a-f][0-9a-f]*)$/);
      expect(typeof entry.name).toBe('string');
      expect(typeof entry.desc).toBe('string');
      expect((entry.desc as string).length).toBeGreaterThan(0);
      expect(Array.isArray(entry.attrs)).toBe(true);
      expect((entry.attrs as unknown[]).length).toBeGreaterThan(0);
      for (const a of entry.attrs as unknown[]) expect(typeof a).toBe('string');
    }
  });

  test('for codes a real 7.1 server also defines: same key spelling, same attributes, same entry shape', async () => {
    const r = await fetchMap([FEATURES.XERROR]);
    const errors = (JSON.parse(r.value.toString('utf8')) as typeof fixture).errors;
    const common = Object.keys(errors).filter((k) => k in fixture.errors);
    expect(common.length).toBeGreaterThan(40);
    for (const code of common) {
      const ours = errors[code]!;
      const real = fixture.errors[code]!;
      expect({ code, attrs: [...ours.attrs].sort() }).toEqual({ code, attrs: [...real.attrs].sort() });
      for (const field of ['name', 'desc', 'attrs'] as const) expect(typeof ours[field]).toBe(typeof real[field]);
    }
    // Names agree below the durability range (see the report for 0xa0–0xa4).
    for (const code of common.filter((k) => parseInt(k, 16) < 0xa0 || parseInt(k, 16) > 0xa4)) {
      expect({ code, name: errors[code]!.name }).toEqual({ code, name: fixture.errors[code]!.name });
    }
  });

  test('covers every status the dev cluster itself sends', async () => {
    const r = await fetchMap([FEATURES.XERROR]);
    const errors = (JSON.parse(r.value.toString('utf8')) as typeof fixture).errors;
    for (const code of [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0e, 0x20, 0x21, 0x24, 0x80, 0x81, 0x83, 0x84, 0x86, 0x88, 0x8c]) {
      expect(errors[code.toString(16)]).toBeDefined();
    }
  });

  test('datatype JSON only when JSON was negotiated', async () => {
    expect((await fetchMap([FEATURES.XERROR, FEATURES.JSON])).datatype).toBe(DATATYPE.JSON);
    expect((await fetchMap([FEATURES.XERROR])).datatype).toBe(0);
  });
});

describe('GET_CLUSTER_CONFIG', () => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'bucket_config_with_rev_epoch.json'), 'utf8')) as Record<string, unknown>;

  async function fetchConfig(features: readonly number[], bucket: string | null, extras?: Buffer): Promise<Packet> {
    const c = await open(features, kvPort, bucket);
    return c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG, extras });
  }

  test('without a bucket: a cluster config whose nodesExt lists the kv, mgmt, capi and n1ql ports', async () => {
    const r = await fetchConfig([FEATURES.XERROR, FEATURES.JSON], null);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.datatype).toBe(DATATYPE.JSON);
    const config = JSON.parse(r.value.toString('utf8')) as Record<string, unknown>;
    const node = cluster.nodes[0]!;
    expect(config.nodesExt).toEqual([
      expect.objectContaining({ services: expect.objectContaining({ kv: node.kvPort, mgmt: node.mgmtPort, capi: node.capiPort, n1ql: node.n1qlPort }), thisNode: true }),
    ]);
    expect(typeof config.rev).toBe('number');
    expect(typeof config.revEpoch).toBe('number');
    // Bucket-less: no bucket fields (protocol.md §3.5).
    for (const field of ['name', 'uuid', 'vBucketServerMap', 'nodes']) expect(config).not.toHaveProperty(field);
    expect(config.clusterCapabilities).toEqual({ n1ql: expect.arrayContaining(['enhancedPreparedStatements']) });
    const parsed = parseClusterConfig(r.value, '127.0.0.1');
    expect(parsed.nodes[0]!.services.n1ql).toBe(node.n1qlPort);
    expect(parsed.uuid).toBeUndefined();
  });

  test('with a bucket: same field names and JSON types as a real 7.x terse config (fixture) for the fields both have', async () => {
    const r = await fetchConfig(FULL, 'default');
    expect(r.status).toBe(STATUS.SUCCESS);
    const ours = JSON.parse(r.value.toString('utf8')) as Record<string, unknown>;
    // Top level: the same key set as the real config.
    expect(Object.keys(ours).sort()).toEqual(Object.keys(fixture).sort());
    // Field by field, recursively: same keys, same JSON types (array lengths aside).
    const fields = ['rev', 'revEpoch', 'name', 'nodeLocator', 'uuid', 'uri', 'streamingUri', 'bucketCapabilitiesVer', 'bucketCapabilities', 'collectionsManifestUid', 'ddocs', 'vBucketServerMap', 'nodes', 'clusterCapabilitiesVer', 'clusterCapabilities'];
    for (const field of fields) expect({ field, shape: shapeOf(ours[field]) }).toEqual({ field, shape: shapeOf(fixture[field]) });
    // Which spells out, for the fields a client routes with:
    expect(shapeOf(ours.vBucketServerMap)).toEqual({ hashAlgorithm: 'string', numReplicas: 'number', serverList: { '[]': 'string' }, vBucketMap: { '[]': { '[]': 'number' } } });
    expect(shapeOf(ours.nodes)).toEqual({ '[]': { couchApiBase: 'string', hostname: 'string', ports: { direct: 'number' } } });
    const map = ours.vBucketServerMap as { hashAlgorithm: string; numReplicas: number; vBucketMap: number[][] };
    expect(map.hashAlgorithm).toBe('CRC');
    expect(map.vBucketMap).toHaveLength(NUM_VBUCKETS);
    for (const row of map.vBucketMap) expect(row).toHaveLength(map.numReplicas + 1);
    expect(ours.nodes as unknown[]).toHaveLength(1);

    const ext = ours.nodesExt as Record<string, unknown>[];
    const realExt = (fixture.nodesExt as Record<string, unknown>[])[0]!;
    expect(Object.keys(ext[0]!).sort()).toEqual(Object.keys(realExt).sort());
    const services = ext[0]!.services as Record<string, unknown>;
    const realServices = realExt.services as Record<string, unknown>;
    for (const s of ['kv', 'mgmt', 'capi', 'n1ql']) expect({ s, type: typeof services[s] }).toEqual({ s, type: typeof realServices[s] });
    // Every service key we send is one a real server uses, with the same type.
    for (const s of Object.keys(services)) expect({ s, type: typeof services[s] }).toEqual({ s, type: typeof realServices[s] });
    expect(ext[0]!.thisNode).toBe(true);
    expect(ours.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(ours.name).toBe('default');
    expect(ours.nodeLocator).toBe('vbucket');
    expect(ours.bucketCapabilities).toEqual(expect.arrayContaining(['collections', 'couchapi', 'xattr', 'cccp', 'nodesExt']));
  });

  test('with a bucket: the core parser accepts it and finds this node', async () => {
    const r = await fetchConfig(FULL, 'default');
    const parsed = parseClusterConfig(r.value, '127.0.0.1');
    const node = cluster.nodes[0]!;
    expect(parsed.name).toBe('default');
    expect(parsed.nodeLocator).toBe('vbucket');
    expect(parsed.numReplicas).toBe(0);
    expect(parsed.vbucketMap).toHaveLength(NUM_VBUCKETS);
    expect(parsed.vbucketMap!.every((row) => row.length === 1 && row[0] === 0)).toBe(true);
    expect(parsed.kvServers.map((s) => [s.hostname, s.port])).toEqual([['127.0.0.1', node.kvPort]]);
    expect(parsed.nodes[0]).toMatchObject({ hostname: '127.0.0.1', thisNode: true, services: { kv: node.kvPort, mgmt: node.mgmtPort, capi: node.capiPort, n1ql: node.n1qlPort } });
  });

  test('datatype JSON only when JSON was negotiated', async () => {
    const withJson = await fetchConfig([FEATURES.XERROR, FEATURES.JSON], 'default');
    const without = await fetchConfig([FEATURES.XERROR], 'default');
    expect(withJson.datatype).toBe(DATATYPE.JSON);
    expect(without.datatype).toBe(0);
    expect(without.value.toString()).toBe(withJson.value.toString());
  });

  test('with the {epoch, rev} extras of the current revision: success with an empty value; an older one gets the config', async () => {
    const current = JSON.parse((await fetchConfig(FULL, 'default')).value.toString('utf8')) as { rev: number; revEpoch: number };
    const known = (epoch: number, rev: number): Buffer => {
      const b = Buffer.alloc(16);
      b.writeBigInt64BE(BigInt(epoch), 0);
      b.writeBigInt64BE(BigInt(rev), 8);
      return b;
    };
    const same = await fetchConfig(FULL, 'default', known(current.revEpoch, current.rev));
    expect(same.status).toBe(STATUS.SUCCESS);
    expect(same.value.byteLength).toBe(0);
    const newer = await fetchConfig(FULL, 'default', known(current.revEpoch + 1, 0));
    expect(newer.status).toBe(STATUS.SUCCESS);
    expect(newer.value.byteLength).toBe(0);
    const older = await fetchConfig(FULL, 'default', known(current.revEpoch, current.rev - 1));
    expect(older.status).toBe(STATUS.SUCCESS);
    expect(JSON.parse(older.value.toString('utf8'))).toMatchObject({ rev: current.rev, revEpoch: current.revEpoch, name: 'default' });
  });
});

describe('NOT_MY_VBUCKET on a 3-node cluster', () => {
  let three: DevCluster;
  let map: number[][];
  let serverList: string[];

  beforeAll(async () => {
    three = await startDevCluster({ nodes: 3 });
    const c = await open(FULL, three.nodes[0]!.kvPort);
    const config = JSON.parse((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value.toString('utf8')) as {
      vBucketServerMap: { vBucketMap: number[][]; serverList: string[] };
    };
    map = config.vBucketServerMap.vBucketMap;
    serverList = config.vBucketServerMap.serverList;
    c.destroy();
  });

  afterAll(async () => {
    await three.stop();
  });

  /** KV port of the node that owns `key` according to the config. */
  function ownerPort(key: string): number {
    const vb = vbucketOf(key, map.length);
    return Number(serverList[map[vb]![0]!]!.split(':')[1]);
  }

  test('the config lists every node, index-aligned in serverList, nodes and nodesExt', async () => {
    const c = await open(FULL, three.nodes[1]!.kvPort);
    const config = JSON.parse((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG })).value.toString('utf8')) as Record<string, any>;
    const kvPorts = three.nodes.map((n) => n.kvPort);
    expect(config.vBucketServerMap.serverList).toEqual(kvPorts.map((p) => `127.0.0.1:${p}`));
    expect(config.nodes.map((n: any) => n.ports.direct)).toEqual(kvPorts);
    expect(config.nodesExt.map((n: any) => n.services.kv)).toEqual(kvPorts);
    expect(config.nodesExt.map((n: any) => n.thisNode === true)).toEqual([false, true, false]);
    expect(map).toHaveLength(NUM_VBUCKETS);
    // Every node owns some vBuckets.
    expect(new Set(map.map((row) => row[0])).size).toBe(3);
  });

  test('a GET sent to a node that does not own the vBucket: 0x07, the config as body, datatype JSON', async () => {
    const key = freshKey('nmvb');
    const wrong = three.nodes.find((n) => n.kvPort !== ownerPort(key))!;
    const c = await open(FULL, wrong.kvPort);
    const r = await c.request(getReq(key));
    expect(r.status).toBe(0x07);
    expect(r.datatype).toBe(DATATYPE.JSON);
    const config = parseClusterConfig(r.value, '127.0.0.1');
    expect(config.name).toBe('default');
    expect(config.vbucketMap).toEqual(map);
    expect(config.nodes.find((n) => n.thisNode)!.services.kv).toBe(wrong.kvPort);
  });

  test('without JSON negotiated the NOT_MY_VBUCKET body is the same config, without the JSON bit', async () => {
    const key = freshKey('nmvb');
    const wrong = three.nodes.find((n) => n.kvPort !== ownerPort(key))!;
    const c = await open([FEATURES.XERROR], wrong.kvPort);
    const r = await c.request(getReq(key));
    expect(r.status).toBe(0x07);
    expect(r.datatype).toBe(0);
    expect(parseClusterConfig(r.value, '127.0.0.1').vbucketMap).toEqual(map);
  });

  test('for many keys exactly one node serves each, and it is the owner named by the map', async () => {
    const conns = await Promise.all(three.nodes.map((n) => open(FULL, n.kvPort)));
    for (let i = 0; i < 30; i++) {
      const key = freshKey('route');
      const statuses = await Promise.all(conns.map((c) => c.request(setReq(key, 'v')).then((r) => r.status)));
      const served = three.nodes.filter((_, idx) => statuses[idx] === STATUS.SUCCESS).map((n) => n.kvPort);
      expect(served).toEqual([ownerPort(key)]);
      expect(statuses.filter((s) => s === 0x07)).toHaveLength(2);
    }
  });

  test('a vBucket id beyond the map is NOT_MY_VBUCKET too', async () => {
    const c = await open(FULL, three.nodes[0]!.kvPort);
    const r = await c.request({ opcode: OPCODES.GET, key: 'x', vbucket: NUM_VBUCKETS });
    expect(r.status).toBe(0x07);
  });
});

describe('error bodies and the JSON datatype bit', () => {
  test('several error replies: text bodies never carry the JSON bit; JSON bodies parse', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    const key = freshKey('err');
    const num = freshKey('err');
    expect((await c.request(setReq(key, '{"json":true}', { collections: true }))).status).toBe(0);
    expect((await c.request(setReq(num, 'text', { collections: true }))).status).toBe(0);
    const lockKey = freshKey('err');
    expect((await c.request(setReq(lockKey, 'v', { collections: true }))).status).toBe(0);
    expect((await c.request({ ...keyed(OPCODES.GET_LOCKED, lockKey), key: wireKey(lockKey, true), extras: u32Extras(10) })).status).toBe(0);
    const missing = freshKey('err');

    const replies: [string, Packet][] = [];
    const ask = async (name: string, req: PacketInit): Promise<void> => {
      replies.push([name, await c.request(req)]);
    };
    await ask('KEY_ENOENT', getReq(missing, true));
    await ask('KEY_EEXISTS', setReq(key, '{}', { collections: true, opcode: OPCODES.ADD }));
    await ask('NOT_STORED', { ...keyed(OPCODES.APPEND, missing), key: wireKey(missing, true), value: 'x' });
    await ask('DELTA_BADVAL', { ...keyed(OPCODES.INCREMENT, num), key: wireKey(num, true), extras: counterExtras(1n, 0n, 0) });
    await ask('EINVAL extras', { ...setReq(key, 'v', { collections: true }), extras: Buffer.alloc(3) });
    await ask('EINVAL empty key', { opcode: OPCODES.GET, key: Buffer.from([0]) });
    await ask('LOCKED', { ...keyed(OPCODES.GET_LOCKED, lockKey), key: wireKey(lockKey, true), extras: u32Extras(10) });
    await ask('NOT_LOCKED', { ...keyed(OPCODES.UNLOCK_KEY, key), key: wireKey(key, true), cas: 1n });
    await ask('UNKNOWN_COMMAND', { opcode: 0xee });
    await ask('UNKNOWN_COLLECTION', { ...getReq(missing), key: wireKey(missing, true, 0x09) });
    await ask('UNKNOWN_SCOPE', { opcode: OPCODES.COLLECTIONS_GET_ID, value: 'nope.nope' });
    // Last: a failed SELECT_BUCKET leaves the connection without a bucket.
    await ask('EACCESS', { opcode: OPCODES.SELECT_BUCKET, key: 'nope' });

    for (const [name, r] of replies) {
      expect({ name, failed: r.status !== 0 }).toEqual({ name, failed: true });
      if (r.datatype & DATATYPE.JSON) expect({ name, parses: isJsonText(r.value) }).toEqual({ name, parses: true });
      if (r.value.byteLength > 0 && !isJsonText(r.value)) expect({ name, datatype: r.datatype }).toEqual({ name, datatype: 0 });
    }
    const byName = new Map(replies);
    expect(byName.get('KEY_ENOENT')!.status).toBe(0x01);
    expect(byName.get('KEY_EEXISTS')!.status).toBe(0x02);
    expect(byName.get('NOT_STORED')!.status).toBe(0x05);
    expect(byName.get('DELTA_BADVAL')!.status).toBe(0x06);
    expect(byName.get('EINVAL extras')!.status).toBe(0x04);
    expect(byName.get('EINVAL empty key')!.status).toBe(0x04);
    expect(byName.get('LOCKED')!.status).toBe(0x09);
    expect(byName.get('NOT_LOCKED')!.status).toBe(0x0e);
    expect(byName.get('UNKNOWN_COMMAND')!.status).toBe(0x81);
    expect(byName.get('EACCESS')!.status).toBe(0x24);
    expect(byName.get('UNKNOWN_COLLECTION')!.status).toBe(0x88);
    expect(byName.get('UNKNOWN_SCOPE')!.status).toBe(0x8c);
    // Text bodies that exist must be plain.
    for (const name of ['EINVAL extras', 'EINVAL empty key', 'UNKNOWN_COMMAND']) {
      const r = byName.get(name)!;
      expect(r.value.byteLength).toBeGreaterThan(0);
      expect(r.datatype & DATATYPE.JSON).toBe(0);
    }
  });
});

describe('XERROR remapping (protocol.md §1.5, §1.11)', () => {
  async function lockedFixture(): Promise<{ x: RawClient; plain: RawClient; key: string; lockCas: bigint; docCas: bigint }> {
    const x = await open([FEATURES.XERROR, FEATURES.JSON]);
    const plain = await open([FEATURES.JSON]);
    const key = freshKey('lock');
    const set = await x.request(setReq(key, 'v'));
    const locked = await x.request(keyed(OPCODES.GET_LOCKED, key, { extras: u32Extras(10) }));
    expect(locked.status).toBe(0);
    expect(locked.value.toString()).toBe('v');
    expect(locked.cas).not.toBe(set.cas);
    return { x, plain, key, lockCas: locked.cas, docCas: set.cas };
  }

  test('mutating a locked document: LOCKED (0x09) with XERROR, KEY_EEXISTS (0x02) without', async () => {
    const { x, plain, key, docCas } = await lockedFixture();
    expect((await x.request(setReq(key, 'w'))).status).toBe(0x09);
    expect((await plain.request(setReq(key, 'w'))).status).toBe(0x02);
    expect((await x.request(setReq(key, 'w', { cas: docCas }))).status).toBe(0x09);
    expect((await plain.request(setReq(key, 'w', { cas: docCas }))).status).toBe(0x02);
    expect((await x.request(keyed(OPCODES.DELETE, key))).status).toBe(0x09);
    expect((await plain.request(keyed(OPCODES.DELETE, key))).status).toBe(0x02);
  });

  test('GET_LOCKED on a locked document: LOCKED with XERROR, ETMPFAIL (0x86) without', async () => {
    const { x, plain, key } = await lockedFixture();
    expect((await x.request(keyed(OPCODES.GET_LOCKED, key, { extras: u32Extras(5) }))).status).toBe(0x09);
    expect((await plain.request(keyed(OPCODES.GET_LOCKED, key, { extras: u32Extras(5) }))).status).toBe(0x86);
  });

  test('UNLOCK with a wrong CAS: LOCKED with XERROR, ETMPFAIL without', async () => {
    const { x, plain, key, lockCas } = await lockedFixture();
    expect((await x.request(keyed(OPCODES.UNLOCK_KEY, key, { cas: lockCas + 1n }))).status).toBe(0x09);
    expect((await plain.request(keyed(OPCODES.UNLOCK_KEY, key, { cas: lockCas + 1n }))).status).toBe(0x86);
  });

  test('UNLOCK of a document that is not locked: NOT_LOCKED (0x0e) with XERROR, ETMPFAIL without', async () => {
    const { x, plain, key, lockCas } = await lockedFixture();
    expect((await x.request(keyed(OPCODES.UNLOCK_KEY, key, { cas: lockCas }))).status).toBe(0);
    expect((await x.request(keyed(OPCODES.UNLOCK_KEY, key, { cas: lockCas }))).status).toBe(0x0e);
    expect((await plain.request(keyed(OPCODES.UNLOCK_KEY, key, { cas: lockCas }))).status).toBe(0x86);
  });

  test('a locked document shows CAS 0xFFFFFFFFFFFFFFFF to readers; the lock CAS mutates and unlocks', async () => {
    const { x, plain, key, lockCas } = await lockedFixture();
    const read = await plain.request(getReq(key));
    expect(read.status).toBe(0);
    expect(read.cas).toBe(0xffffffffffffffffn);
    const m = await plain.request(setReq(key, 'new', { cas: lockCas }));
    expect(m.status).toBe(0);
    expect((await x.request(getReq(key))).cas).toBe(m.cas);
    expect((await x.request(setReq(key, 'free'))).status).toBe(0);
  });
});

describe('MUTATION_SEQNO', () => {
  test('mutation replies carry 16-byte {vbuuid, seqno} extras only when negotiated, seqnos increasing per vBucket', async () => {
    const c = await open([FEATURES.XERROR, FEATURES.MUTATION_SEQNO]);
    // Two keys in different vBuckets, written alternately.
    const a = freshKey('tok');
    let b = freshKey('tok');
    while (vbucketOf(b, NUM_VBUCKETS) === vbucketOf(a, NUM_VBUCKETS)) b = freshKey('tok');
    const tokens: { key: string; vbuuid: bigint; seqno: bigint }[] = [];
    for (const req of [setReq(a, '1'), setReq(b, '1'), setReq(a, '2'), keyed(OPCODES.APPEND, b, { value: '2' }), keyed(OPCODES.INCREMENT, a + 'n', { extras: counterExtras(1n, 5n, 0) }), keyed(OPCODES.DELETE, a)]) {
      const r = await c.request(req);
      expect(r.status).toBe(0);
      expect(r.extrasLength).toBe(16);
      const t = readMutationExtras(r.extras)!;
      tokens.push({ key: r.opaque.toString(), ...t });
    }
    const [a1, b1, a2, b2, , a3] = tokens;
    expect(a2!.vbuuid).toBe(a1!.vbuuid);
    expect(a2!.seqno).toBe(a1!.seqno + 1n);
    expect(b2!.seqno).toBe(b1!.seqno + 1n);
    expect(a3!.seqno).toBeGreaterThan(a2!.seqno);
    expect(a1!.vbuuid).not.toBe(0n);

    const plain = await open([FEATURES.XERROR]);
    for (const req of [setReq(a, '3'), keyed(OPCODES.APPEND, b, { value: '3' }), keyed(OPCODES.DELETE, b)]) {
      const r = await plain.request(req);
      expect(r.status).toBe(0);
      expect(r.extrasLength).toBe(0);
    }
    // Reads never carry a token.
    const g = await c.request(getReq(a));
    expect(g.extrasLength).toBe(4);
  });
});

describe('collections', () => {
  test('with COLLECTIONS, keys carry the LEB128 prefix (0x00 = default collection), the same documents as without', async () => {
    const coll = await open([...FULL, FEATURES.COLLECTIONS]);
    const legacy = await open(FULL);
    const key = freshKey('coll');
    expect((await coll.request(setReq(key, 'via-collections', { collections: true }))).status).toBe(0);
    const viaLegacy = await legacy.request(getReq(key));
    expect(viaLegacy.status).toBe(0);
    expect(viaLegacy.value.toString()).toBe('via-collections');
    const viaColl = await coll.request(getReq(key, true));
    expect(viaColl.value.toString()).toBe('via-collections');
    expect(viaColl.keyLength).toBe(0);
  });

  test('a non-zero collection id is UNKNOWN_COLLECTION (0x88) with {"manifest_uid":…}', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    const key = freshKey('coll');
    for (const prefix of [[0x08], [0x80, 0x01], [0xff, 0xff, 0xff, 0xff, 0x0f]]) {
      const r = await c.request({ ...getReq(key), key: Buffer.concat([Buffer.from(prefix), Buffer.from(key)]) });
      expect(r.status).toBe(0x88);
      expect(r.datatype).toBe(DATATYPE.JSON);
      const body = JSON.parse(r.value.toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['manifest_uid']);
      expect(typeof body.manifest_uid).toBe('string');
    }
  });

  test('a malformed LEB128 prefix is EINVAL', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    // Non-canonical (0x80 0x00 = 0 in two bytes) and truncated (continuation bit, then nothing).
    for (const key of [Buffer.from([0x80, 0x00, 0x61]), Buffer.from([0x80])]) {
      const r = await c.request({ opcode: OPCODES.GET, key, vbucket: 0 });
      expect(r.status).toBe(STATUS.EINVAL);
    }
  });

  test('COLLECTIONS_GET_ID: `_default._default` → 12-byte extras {manifest uid u64, cid u32 = 0}', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    for (const path of ['_default._default', '.']) {
      const r = await c.request({ opcode: OPCODES.COLLECTIONS_GET_ID, value: path });
      expect(r.status).toBe(0);
      expect(r.extrasLength).toBe(12);
      expect(r.extras.readUInt32BE(8)).toBe(0);
      expect(typeof r.extras.readBigUInt64BE(0)).toBe('bigint');
    }
  });

  test('COLLECTIONS_GET_ID: unknown scope → 0x8c, unknown collection → 0x88, both with {"manifest_uid":…}', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    const scope = await c.request({ opcode: OPCODES.COLLECTIONS_GET_ID, value: 'noscope.c1' });
    expect(scope.status).toBe(0x8c);
    expect(JSON.parse(scope.value.toString('utf8'))).toHaveProperty('manifest_uid');
    const coll = await c.request({ opcode: OPCODES.COLLECTIONS_GET_ID, value: '_default.nocoll' });
    expect(coll.status).toBe(0x88);
    expect(JSON.parse(coll.value.toString('utf8'))).toHaveProperty('manifest_uid');
  });

  test('COLLECTIONS_GET_MANIFEST lists the default scope and collection', async () => {
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    const r = await c.request({ opcode: OPCODES.COLLECTIONS_GET_MANIFEST });
    expect(r.status).toBe(0);
    const manifest = JSON.parse(r.value.toString('utf8')) as { uid: string; scopes: { name: string; uid: string; collections: { name: string; uid: string }[] }[] };
    expect(typeof manifest.uid).toBe('string');
    expect(manifest.scopes).toEqual([expect.objectContaining({ name: '_default', uid: '0', collections: [expect.objectContaining({ name: '_default', uid: '0' })] })]);
  });
});

describe('GET_META', () => {
  test('extras 0x02 → 21-byte extras {deleted, flags, expiry, seqno, datatype}, the deleted flag set once removed', async () => {
    const c = await open([FEATURES.XERROR, FEATURES.MUTATION_SEQNO, FEATURES.JSON]);
    const key = freshKey('meta');
    const meta = (): Promise<Packet> => c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([0x02]) }));
    expect((await meta()).status).toBe(STATUS.KEY_ENOENT);

    const set = await c.request(setReq(key, '{"a":1}', { flags: 0x02000000 }));
    const setSeqno = readMutationExtras(set.extras)!.seqno;
    const live = await meta();
    expect(live.status).toBe(0);
    expect(live.extrasLength).toBe(21);
    expect(live.extras.readUInt32BE(0)).toBe(0);
    expect(live.extras.readUInt32BE(4)).toBe(0x02000000);
    expect(live.extras.readUInt32BE(8)).toBe(0);
    expect(live.extras.readBigUInt64BE(12)).toBe(setSeqno);
    expect(live.extras[20]).toBe(DATATYPE.JSON);
    expect(live.cas).toBe(set.cas);

    const del = await c.request(keyed(OPCODES.DELETE, key));
    const gone = await meta();
    expect(gone.status).toBe(0);
    expect(gone.extras.readUInt32BE(0)).toBe(1);
    expect(gone.extras.readBigUInt64BE(12)).toBe(readMutationExtras(del.extras)!.seqno);
    expect(gone.cas).toBe(del.cas);
    // A plain GET does not see the tombstone.
    expect((await c.request(getReq(key))).status).toBe(STATUS.KEY_ENOENT);
  });

  test('without the version byte the extras are 20 bytes; expiry is reported as an absolute Unix time', async () => {
    const c = await open([FEATURES.XERROR]);
    const key = freshKey('meta');
    const before = Math.floor(Date.now() / 1000);
    expect((await c.request(setReq(key, 'v', { expiry: 3600 }))).status).toBe(0);
    const r = await c.request(keyed(OPCODES.GET_META, key));
    expect(r.extrasLength).toBe(20);
    const expiry = r.extras.readUInt32BE(8);
    expect(expiry).toBeGreaterThanOrEqual(before + 3600);
    expect(expiry).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3601);
  });
});

describe('GET / counters / touch over the wire', () => {
  test('GET returns flags in 4-byte extras, the value, the CAS of the last mutation', async () => {
    const c = await open();
    const key = freshKey();
    const set = await c.request(setReq(key, 'hello', { flags: 0xdeadbeef }));
    const r = await c.request(getReq(key));
    expect(r.status).toBe(0);
    expect(r.extrasLength).toBe(4);
    expect(readU32Extras(r.extras)).toBe(0xdeadbeef);
    expect(r.value.toString()).toBe('hello');
    expect(r.cas).toBe(set.cas);
    expect(r.datatype).toBe(0);
  });

  test('INCREMENT returns the new value as an 8-byte u64; no-create expiry on a missing key is KEY_ENOENT', async () => {
    const c = await open();
    const key = freshKey('ctr');
    const noCreate = await c.request(keyed(OPCODES.INCREMENT, key, { extras: counterExtras(1n, 0n, 0xffffffff) }));
    expect(noCreate.status).toBe(STATUS.KEY_ENOENT);
    const created = await c.request(keyed(OPCODES.INCREMENT, key, { extras: counterExtras(1n, 10n, 0) }));
    expect(created.value.readBigUInt64BE(0)).toBe(10n);
    const next = await c.request(keyed(OPCODES.DECREMENT, key, { extras: counterExtras(3n, 0n, 0) }));
    expect(next.value.readBigUInt64BE(0)).toBe(7n);
    expect((await c.request(getReq(key))).value.toString()).toBe('7');
  });
});

describe('pipelining', () => {
  test('1000 requests in one write come back in order, each with its opaque echoed', async () => {
    const c = await open();
    const base = freshKey('pipe');
    const inits: PacketInit[] = [];
    for (let i = 0; i < 1000; i++) {
      const opaque = ((i * 2654435761) ^ 0xdeadbeef) >>> 0; // distinct, scrambled, all four bytes used
      const key = `${base}-${i >> 2}`;
      switch (i % 4) {
        case 0:
          inits.push({ ...setReq(key, `value-${i}`), opaque });
          break;
        case 1:
          inits.push({ ...getReq(key), opaque });
          break;
        case 2:
          inits.push({ opcode: OPCODES.NOOP, opaque });
          break;
        default:
          inits.push({ ...getReq(`${key}-missing`), opaque });
      }
    }
    c.writeRaw(Buffer.concat(inits.map((p) => encodePacket(p))));
    const replies: Packet[] = [];
    for (let i = 0; i < inits.length; i++) replies.push(await c.next());
    replies.forEach((r, i) => {
      const req = inits[i]!;
      expect([i, r.opaque, r.opcode]).toEqual([i, req.opaque, req.opcode]);
      expect(isResponse(r)).toBe(true);
      if (i % 4 === 3) expect(r.status).toBe(STATUS.KEY_ENOENT);
      else expect(r.status).toBe(STATUS.SUCCESS);
      if (i % 4 === 1) expect(r.value.toString()).toBe(`value-${i - 1}`);
    });
  });
});

describe('pipelined handshakes (SASL is answered asynchronously, yet in order)', () => {
  test('HELLO, LIST_MECHS, SASL_AUTH(PLAIN), SELECT_BUCKET, GET_CLUSTER_CONFIG, GET in one write', async () => {
    const c = await connect();
    const key = freshKey('pipe-hs');
    const replies = await c.requestAll([
      { opcode: OPCODES.HELLO, key: 'agent', value: encodeFeatures(FULL) },
      { opcode: OPCODES.SASL_LIST_MECHS },
      { opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: `\0${cluster.username}\0${cluster.password}` },
      { opcode: OPCODES.SELECT_BUCKET, key: 'default' },
      { opcode: OPCODES.GET_CLUSTER_CONFIG },
      getReq(key),
    ]);
    expect(replies.map((r) => [r.opcode, r.status])).toEqual([
      [OPCODES.HELLO, 0],
      [OPCODES.SASL_LIST_MECHS, 0],
      [OPCODES.SASL_AUTH, 0],
      [OPCODES.SELECT_BUCKET, 0],
      [OPCODES.GET_CLUSTER_CONFIG, 0],
      [OPCODES.GET, STATUS.KEY_ENOENT],
    ]);
    // Arrival order is request order.
    expect(c.received.map((r) => r.opcode)).toEqual(replies.map((r) => r.opcode));
  });

  test('what the official SDK writes first: HELLO, LIST_MECHS, SASL_AUTH(SCRAM-SHA512) → 0, 0, AUTH_CONTINUE', async () => {
    const c = await connect();
    const replies = await c.requestAll([
      { opcode: OPCODES.HELLO, key: '{"a":"nodejs/4.7.1"}', value: encodeFeatures(FULL) },
      { opcode: OPCODES.SASL_LIST_MECHS },
      { opcode: OPCODES.SASL_AUTH, key: 'SCRAM-SHA512', value: `n,,n=${cluster.username},r=0xffffff8d 0x33 0xffffffde` },
    ]);
    expect(replies.map((r) => r.status)).toEqual([0, 0, STATUS.AUTH_CONTINUE]);
    // server-first holds exactly r, s, i and extends the client nonce as sent (spaces included).
    expect(replies[2]!.value.toString()).toMatch(/^r=0xffffff8d 0x33 0xffffffde[^,]+,s=[A-Za-z0-9+/=]+,i=\d+$/);
  });
});

describe('hostile input', () => {
  /** A second client can still connect, authenticate and read. */
  async function serverStillServes(): Promise<void> {
    const c = await open();
    const key = freshKey('alive');
    expect((await c.request(setReq(key, 'ok'))).status).toBe(0);
    const r = await c.request(getReq(key));
    expect(r.status).toBe(0);
    expect(r.value.toString()).toBe('ok');
  }

  function header(fields: { magic?: number; opcode?: number; keyLen?: number; extLen?: number; bodyLen?: number }): Buffer {
    const h = Buffer.alloc(24);
    h[0] = fields.magic ?? 0x80;
    h[1] = fields.opcode ?? OPCODES.GET;
    h.writeUInt16BE(fields.keyLen ?? 0, 2);
    h[4] = fields.extLen ?? 0;
    h.writeUInt32BE(fields.bodyLen ?? 0, 8);
    return h;
  }

  /** Deterministic pseudo-random bytes (mulberry32). */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const cases: [string, () => Buffer][] = [
    ['a wrong magic byte', () => header({ magic: 0x42 })],
    ['a header claiming a 4 GiB body', () => header({ bodyLen: 0xffffffff })],
    ['a response magic sent by a client', () => header({ magic: 0x81 })],
    ['key and extras longer than the body', () => header({ keyLen: 100, extLen: 8, bodyLen: 10 })],
    ['a good request followed by a bad magic', () => Buffer.concat([encodePacket({ opcode: OPCODES.NOOP, opaque: 1 }), header({ magic: 0x00 })])],
    [
      'random garbage',
      () => {
        const next = prng(0xc0ffee);
        const b = Buffer.alloc(64 * 1024);
        for (let i = 0; i < b.length; i++) b[i] = Math.floor(next() * 256);
        b[0] = 0x5a; // never a valid magic, so the outcome is certain
        return b;
      },
    ],
  ];

  test.each(cases)('%s: the server closes that connection and keeps serving others', async (_name, bytes) => {
    const bystander = await open();
    const bad = await connect();
    bad.writeRaw(bytes());
    await bad.waitClosed();
    // A good request before the bad bytes was still answered.
    for (const p of bad.received) {
      expect(isResponse(p)).toBe(true);
      expect(p.opcode).toBe(OPCODES.NOOP);
    }
    await serverStillServes();
    // A connection that was open all along is unaffected.
    expect((await bystander.request({ opcode: OPCODES.NOOP })).status).toBe(0);
  });

  test('the same after authentication: a bad header closes only that connection', async () => {
    const bad = await open();
    bad.writeRaw(header({ bodyLen: 0xfffffff0 }));
    await bad.waitClosed();
    await serverStillServes();
  });

  test('truncated frames then close: no reply, no crash, the server goes on', async () => {
    const partialHeader = await connect();
    partialHeader.writeRaw(encodePacket(getReq('k')).subarray(0, 10));
    const partialBody = await connect();
    const full = encodePacket(setReq('truncated', 'x'.repeat(200)));
    partialBody.writeRaw(full.subarray(0, 24 + 50));
    await new Promise((r) => setTimeout(r, 50));
    expect(partialHeader.received).toHaveLength(0);
    expect(partialBody.received).toHaveLength(0);
    partialHeader.end();
    partialBody.end();
    await Promise.all([partialHeader.waitClosed(), partialBody.waitClosed()]);
    await serverStillServes();
    // The truncated SET stored nothing.
    const c = await open();
    expect((await c.request(getReq('truncated'))).status).toBe(STATUS.KEY_ENOENT);
  });

  test('well-framed requests with random opcodes, extras, keys and values: one well-formed reply each, no crash', async () => {
    const next = prng(1234);
    const c = await open([...FULL, FEATURES.COLLECTIONS]);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
    const inits: PacketInit[] = [];
    const opcodes = Object.values(OPCODES).filter((op) => op !== OPCODES.QUIT);
    for (let i = 0; i < 400; i++) {
      const opcode = next() < 0.7 ? opcodes[Math.floor(next() * opcodes.length)]! : Math.floor(next() * 256);
      if (opcode === OPCODES.QUIT || opcode === OPCODES.SASL_AUTH || opcode === OPCODES.SASL_STEP) continue;
      const alt = next() < 0.2;
      inits.push({
        magic: alt ? 0x08 : 0x80,
        opcode,
        vbucket: Math.floor(next() * 1100),
        datatype: Math.floor(next() * 8),
        cas: next() < 0.3 ? BigInt(Math.floor(next() * 2 ** 32)) : 0n,
        framingExtras: alt ? bytes(Math.floor(next() * 4)) : undefined,
        extras: bytes([0, 1, 4, 8, 16, 20][Math.floor(next() * 6)]!),
        key: bytes(Math.floor(next() * (alt ? 40 : 300))),
        value: bytes(Math.floor(next() * 64)),
        opaque: i + 1,
      });
    }
    c.writeRaw(Buffer.concat(inits.map((p) => encodePacket(p))));
    // Every request gets exactly one reply, in order, unless the server decides to close.
    const replies: Packet[] = [];
    for (let i = 0; i < inits.length; i++) {
      try {
        replies.push(await c.next(3_000));
      } catch {
        break;
      }
    }
    replies.forEach((r, i) => {
      expect(isResponse(r)).toBe(true);
      expect([r.opaque, r.opcode]).toEqual([inits[i]!.opaque, inits[i]!.opcode]);
      if (r.status !== 0 && r.datatype & DATATYPE.JSON) expect(isJsonText(r.value)).toBe(true);
    });
    if (replies.length < inits.length) expect(c.isClosed).toBe(true);
    await serverStillServes();
  });

  test('an unknown opcode is UNKNOWN_COMMAND (0x81) and the connection goes on', async () => {
    const c = await open();
    for (const opcode of [0xee, 0x7f, 0xf0]) {
      const r = await c.request({ opcode, key: 'x', value: 'y' });
      expect(r.status).toBe(0x81);
      expect(r.opcode).toBe(opcode);
    }
    expect((await c.request({ opcode: OPCODES.NOOP })).status).toBe(0);
  });
});
