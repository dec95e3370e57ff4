/**
 * close(): pending operations fail with ObjectDestroyedError, later ones too (on their
 * errback, never thrown), the destroy event fires, `connected` is false again, and the
 * bucket's sockets and timers are gone.
 */
import { ObjectDestroyedError } from '../../src/errors/classes';
import { devCluster, failure, openBucket, settle, CountingIOPS, type DevCluster } from '../helpers/dev';
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { NodeIOPS } from '../../src/iops/node-iops';

describe('close()', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await devCluster({ nodes: 3 });
  });
  afterAll(() => cluster.stop());

  test('fails pending operations with ObjectDestroyedError and fires destroy', async () => {
    const b = await openBucket(cluster);
    const pending = Array.from({ length: 100 }, (_, i) => b.upsert(`pending-${i}`, i));
    const destroyed = new Promise<void>((resolve) => b.registerEvent('destroy', { callback: resolve }));
    b.close();
    expect(b.connected).toBe(false);
    const errors = await Promise.all(pending.map(failure));
    for (const err of errors) {
      expect(err).toBeInstanceOf(ObjectDestroyedError);
      expect(err.key).toMatch(/^pending-/);
    }
    await destroyed;
  });

  test('operations after close fail on their errback with ObjectDestroyedError, asynchronously', async () => {
    const b = await openBucket(cluster);
    b.close();
    const ar = b.get('after-close');
    expect(ar.done).toBe(false);
    const err = await failure(ar);
    expect(err).toBeInstanceOf(ObjectDestroyedError);
    expect(err.key).toBe('after-close');
    expect(await failure(b.getMulti(['a', 'b']))).toBeInstanceOf(ObjectDestroyedError);
  });

  test('close is idempotent and safe before bootstrap', async () => {
    const b = new AsyncBucket(new NodeIOPS(), cluster.connectionString, { username: cluster.username, password: cluster.password });
    const op = b.get('never');
    b.close();
    b.close();
    expect(await failure(op)).toBeInstanceOf(ObjectDestroyedError);
  });

  test('registering destroy after close still reports it', async () => {
    const b = await openBucket(cluster);
    b.close();
    await new Promise<void>((resolve) => b.registerEvent('destroy', { callback: resolve }));
  });

  test('after close the sockets are closed: the cluster sees no connection from the bucket', async () => {
    const iops = new CountingIOPS();
    const b = await openBucket(cluster, {}, iops);
    await settle(b.upsert('x', 1));
    expect(iops.sockets).toBe(3);
    b.close();
    const writes = iops.writes;
    await new Promise((r) => setTimeout(r, 50));
    expect(iops.writes).toBe(writes);
  });
});
