/**
 * Rules of a real server that the dev cluster follows (kv_engine; protocol.md §1.5,
 * §1.12, §2.1): roles gate data commands; a failed or restarted SASL exchange drops the
 * connection's authentication and bucket; clients without XERROR are disconnected
 * instead of seeing NO_BUCKET / EACCESS; collection statuses need COLLECTIONS; the
 * error map honours the requested version; malformed HELLO / config requests are EINVAL;
 * an IPv6 cluster advertises bracketed addresses that clients can use.
 */
import { AsyncBucket, NodeIOPS } from '@couchts/core';
import { encodeFeatures, FEATURES, OPCODES, STATUS, storeExtras } from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '@couchts/devserver';
import { RawClient } from '../helpers/raw-client';

const XERROR = [FEATURES.XERROR, FEATURES.SELECT_BUCKET];
const setReq = (key: string): Parameters<RawClient['request']>[0] => ({ opcode: OPCODES.SET, key, extras: storeExtras(0, 0), value: '1' });

describe('real-server rules', () => {
  let cluster: DevCluster;
  let port: number;
  beforeAll(async () => {
    cluster = await startDevCluster({
      vbuckets: 1,
      users: [
        { username: 'Administrator', password: 'password' },
        { username: 'reader', password: 'rpass', roles: [{ role: 'data_reader', bucket: 'default' }] },
        { username: 'writer', password: 'wpass', roles: [{ role: 'data_writer', bucket: 'default' }] },
      ],
    });
    port = cluster.nodes[0]!.kvPort;
  });
  afterAll(() => cluster.stop());

  test('a data_reader may read but not write; a data_writer may write but not read', async () => {
    const admin = await RawClient.open(port, { features: XERROR, user: 'Administrator', password: 'password', bucket: 'default' });
    expect((await admin.request(setReq('roles-doc'))).status).toBe(0);
    const reader = await RawClient.open(port, { features: XERROR, user: 'reader', password: 'rpass', bucket: 'default' });
    expect((await reader.request({ opcode: OPCODES.GET, key: 'roles-doc' })).status).toBe(0);
    expect((await reader.request(setReq('roles-doc'))).status).toBe(STATUS.EACCESS);
    const writer = await RawClient.open(port, { features: XERROR, user: 'writer', password: 'wpass', bucket: 'default' });
    expect((await writer.request(setReq('roles-doc'))).status).toBe(0);
    expect((await writer.request({ opcode: OPCODES.GET, key: 'roles-doc' })).status).toBe(STATUS.EACCESS);
    for (const c of [admin, reader, writer]) c.destroy();
  });

  test('a failed SASL exchange after a good one drops authentication and the bucket', async () => {
    const c = await RawClient.open(port, { features: XERROR, user: 'Administrator', password: 'password', bucket: 'default' });
    expect((await c.request(setReq('sasl-doc'))).status).toBe(0);
    const bad = await c.request({ opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: Buffer.from('\0Administrator\0wrong') });
    expect(bad.status).toBe(STATUS.AUTH_ERROR);
    expect((await c.request(setReq('sasl-doc'))).status).toBe(STATUS.NO_BUCKET);
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'default' })).status).toBe(STATUS.EACCESS);
    c.destroy();
  });

  test('a failed SELECT_BUCKET leaves no bucket selected', async () => {
    const c = await RawClient.open(port, { features: XERROR, user: 'Administrator', password: 'password', bucket: 'default' });
    expect((await c.request({ opcode: OPCODES.SELECT_BUCKET, key: 'nope' })).status).toBe(STATUS.EACCESS);
    expect((await c.request({ opcode: OPCODES.GET, key: 'x' })).status).toBe(STATUS.NO_BUCKET);
    c.destroy();
  });

  test('without XERROR, NO_BUCKET and EACCESS are a disconnect, not a status', async () => {
    const c = await RawClient.open(port, { features: [], user: 'Administrator', password: 'password' });
    c.send({ opcode: OPCODES.GET, key: 'x' });
    await c.waitClosed();
    expect(c.isClosed).toBe(true);
    const d = await RawClient.open(port, { features: [], user: 'Administrator', password: 'password' });
    d.send({ opcode: OPCODES.SELECT_BUCKET, key: 'nope' });
    await d.waitClosed();
    expect(d.isClosed).toBe(true);
  });

  test('without COLLECTIONS, collection statuses become EINVAL', async () => {
    const c = await RawClient.open(port, { features: XERROR, user: 'Administrator', password: 'password', bucket: 'default' });
    expect((await c.request({ opcode: OPCODES.COLLECTIONS_GET_ID, value: 'nope.nope' })).status).toBe(STATUS.EINVAL);
    const col = await RawClient.open(port, { features: [...XERROR, FEATURES.COLLECTIONS], user: 'Administrator', password: 'password', bucket: 'default' });
    expect((await col.request({ opcode: OPCODES.COLLECTIONS_GET_ID, value: 'nope.nope' })).status).toBe(STATUS.UNKNOWN_SCOPE);
    c.destroy();
    col.destroy();
  });

  test('GET_ERROR_MAP serves the requested version (at most 2); a missing version is EINVAL', async () => {
    const c = await RawClient.open(port, { features: XERROR, user: 'Administrator', password: 'password' });
    const v1 = await c.request({ opcode: OPCODES.GET_ERROR_MAP, value: Buffer.from([0, 1]) });
    expect(JSON.parse(v1.value.toString()).version).toBe(1);
    const v9 = await c.request({ opcode: OPCODES.GET_ERROR_MAP, value: Buffer.from([0, 9]) });
    expect(JSON.parse(v9.value.toString()).version).toBe(2);
    expect((await c.request({ opcode: OPCODES.GET_ERROR_MAP })).status).toBe(STATUS.EINVAL);
    c.destroy();
  });

  test('an odd-length HELLO and config extras of a wrong size are EINVAL', async () => {
    const c = await RawClient.connect(port);
    expect((await c.request({ opcode: OPCODES.HELLO, key: 'a', value: Buffer.from([0, 7, 0]) })).status).toBe(STATUS.EINVAL);
    expect((await c.request({ opcode: OPCODES.HELLO, key: 'a', value: encodeFeatures([FEATURES.XERROR]) })).status).toBe(0);
    expect((await c.request({ opcode: OPCODES.GET_CLUSTER_CONFIG, extras: Buffer.alloc(3) })).status).toBe(STATUS.EINVAL);
    c.destroy();
  });
});

describe('an IPv6 dev cluster', () => {
  test('advertises bracketed addresses, and the SDK connects through them', async () => {
    const cluster = await startDevCluster({ host: '::1', nodes: 2 });
    try {
      expect(cluster.connectionString).toMatch(/^couchbase:\/\/\[::1\]:\d+,\[::1\]:\d+$/);
      expect(cluster.managementUrl).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const b = new AsyncBucket(new NodeIOPS(), cluster.connectionString, { username: cluster.username, password: cluster.password });
      await new Promise<void>((resolve, reject) => b.registerEvent('connect', { callback: resolve, errback: reject }));
      await new Promise((resolve, reject) => {
        const ar = b.upsert('v6', 1);
        ar.callback = resolve;
        ar.errback = reject;
      });
      b.close();
    } finally {
      await cluster.stop();
    }
  });
});
