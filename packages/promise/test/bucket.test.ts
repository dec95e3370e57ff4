/**
 * The promise package: every operation returns a Promise of the core's result objects;
 * connect() is idempotent and late callers see the real outcome; operations before
 * bootstrap are queued; defer() adapts raw AsyncResults; close() rejects pending
 * operations and releases everything; re-exports are the core's objects, not copies.
 */
import * as core from '@couchts/core';
import * as promise from '@couchts/promise';
import { AuthError, Bucket, defer, KeyExistsError, MultiResult, NotFoundError, ObjectDestroyedError, OperationResult, ValueResult } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

describe('Bucket (promise API)', () => {
  let cluster: DevCluster;
  let bucket: Bucket;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 3 });
    bucket = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
  });
  afterAll(async () => {
    await bucket.close();
    await cluster.stop();
  });

  test('re-exports are the very objects of @couchts/core', () => {
    for (const name of Object.keys(core) as (keyof typeof core)[]) {
      expect((promise as Record<string, unknown>)[name]).toBe(core[name]);
    }
    expect(promise.NotFoundError).toBe(core.NotFoundError);
    expect(promise.AsyncResult).toBe(core.AsyncResult);
  });

  test('connect() returns the same promise every time and resolves', async () => {
    const a = bucket.connect();
    expect(bucket.connect()).toBe(a);
    await a;
    expect(bucket.connected).toBe(true);
    expect(bucket.connect()).toBe(a);
  });

  test('operations return promises of the core result classes', async () => {
    const stored = await bucket.upsert('p-1', { a: 1 });
    expect(stored).toBeInstanceOf(OperationResult);
    const got = await bucket.get<{ a: number }>('p-1');
    expect(got).toBeInstanceOf(ValueResult);
    expect(got.value.a).toBe(1);
    await expect(bucket.insert('p-1', 2)).rejects.toBeInstanceOf(KeyExistsError);
    await expect(bucket.get('p-missing')).rejects.toBeInstanceOf(NotFoundError);
    expect((await bucket.get('p-missing', { quiet: true })).success).toBe(false);
    const m = await bucket.getMulti(['p-1']);
    expect(m).toBeInstanceOf(MultiResult);
    expect((await bucket.counter('p-ctr', { initial: 3 })).value).toBe(3);
    const locked = await bucket.lock('p-1', { ttl: 5 });
    await bucket.unlock('p-1', locked.cas);
    await bucket.touch('p-1', { ttl: 100 });
    await bucket.append('p-app', 'x').catch((e: Error) => expect(e.name).toBe('NotStoredError'));
    expect((await bucket.remove('p-1')).success).toBe(true);
  });

  test('a multi failure rejects with the first error, carrying allResults', async () => {
    await bucket.upsert('pm-1', 1);
    const err = await bucket.getMulti(['pm-1', 'pm-2']).catch((e: NotFoundError) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).allResults!.get('pm-1')!.success).toBe(true);
  });

  test('defer() turns a raw AsyncResult into a promise', async () => {
    const r = await defer(bucket.core.upsert('p-defer', 'd'));
    expect(r.key).toBe('p-defer');
    expect((await defer(bucket.core.get('p-defer'))).value).toBe('d');
    await expect(defer(bucket.core.get('p-defer-none'))).rejects.toBeInstanceOf(NotFoundError);
  });

  test('operations issued before connecting are queued, then sent', async () => {
    const b = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
    const p = b.upsert('p-early', 1);
    expect(b.connected).toBe(false);
    await p;
    expect((await b.get('p-early')).value).toBe(1);
    await b.close();
  });

  test('a failed connect rejects connect() and every operation; late callers see the failure', async () => {
    const b = new Bucket(cluster.connectionString, { username: cluster.username, password: 'nope' });
    const op = b.get('x');
    await expect(b.connect()).rejects.toBeInstanceOf(AuthError);
    await expect(op).rejects.toBeInstanceOf(AuthError);
    await expect(b.connect()).rejects.toBeInstanceOf(AuthError);
    await b.close();
  });

  test('an unawaited failing connect does not produce an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const b = new Bucket(cluster.connectionString, { username: 'x', password: 'y' });
      await new Promise((r) => setTimeout(r, 200));
      await b.close();
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('close() rejects pending operations with ObjectDestroyedError; later operations reject too', async () => {
    const b = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
    await b.connect();
    const pending = [b.upsert('pc-1', 1), b.get('pc-1')];
    const closing = b.close();
    expect(b.close()).toBe(closing);
    await closing;
    for (const p of pending) await expect(p).rejects.toBeInstanceOf(ObjectDestroyedError);
    await expect(b.get('pc-1')).rejects.toBeInstanceOf(ObjectDestroyedError);
    expect(b.connected).toBe(false);
  });

  test('Symbol.asyncDispose closes the bucket', async () => {
    const b = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
    await b.connect();
    await (b as unknown as { [Symbol.asyncDispose](): Promise<void> })[Symbol.asyncDispose]();
    expect(b.connected).toBe(false);
  });

  test('inspect and JSON of a Bucket never contain the password', async () => {
    const { inspect } = await import('node:util');
    const b = new Bucket(cluster.connectionString, { username: cluster.username, password: 'sup3r-secret' });
    expect(inspect(b)).not.toContain('sup3r-secret');
    expect(inspect(b, { showHidden: true, depth: 10 })).not.toContain('sup3r-secret');
    expect(JSON.stringify(b)).not.toContain('sup3r-secret');
    await b.close();
  });
});
