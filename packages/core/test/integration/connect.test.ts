/**
 * Connecting: the `connect` / `destroy` events (late registration gets the real outcome,
 * also a failure), `connected`, operations queued before bootstrap, and every bootstrap
 * failure as a typed error within its timeout — wrong credentials, a missing bucket, a
 * refused port, a server that never answers, a bad connection string — never a hang.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { AsyncBucket } from '../../src/bucket/async-bucket';
import { ArgumentError, AuthError, BucketNotFoundError, ConnectError, ObjectDestroyedError, TimeoutError } from '../../src/errors/classes';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import { NodeIOPS } from '../../src/iops/node-iops';
import { devCluster, failure, settle, type DevCluster } from '../helpers/dev';

/** Resolves with the outcome of the connect event. */
function connectOutcome(b: AsyncBucket): Promise<CouchbaseError | 'ok'> {
  return new Promise((resolve) => b.registerEvent('connect', { callback: () => resolve('ok'), errback: resolve }));
}

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/** A port that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('connecting', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await devCluster({
      nodes: 2,
      buckets: [{ name: 'default' }, { name: 'private' }],
      users: [
        { username: 'Administrator', password: 'password' },
        { username: 'reader', password: 'secret', roles: [{ role: 'data_reader', bucket: 'default' }] },
      ],
    });
  });
  afterAll(() => cluster.stop());

  const open = (connstr: string, opts: Record<string, unknown> = {}): AsyncBucket =>
    new AsyncBucket(new NodeIOPS(), connstr, { username: cluster.username, password: cluster.password, ...opts });

  test('connect fires once; connected flips; a late registration is told asynchronously', async () => {
    const b = open(cluster.connectionString);
    expect(b.connected).toBe(false);
    expect(await connectOutcome(b)).toBe('ok');
    expect(b.connected).toBe(true);
    let sync = true;
    const late = new Promise<boolean>((resolve) => b.registerEvent('connect', { callback: () => resolve(sync) }));
    sync = false;
    expect(await late).toBe(false);
    b.close();
    expect(b.connected).toBe(false);
  });

  test('operations issued before bootstrap completes are queued and then sent', async () => {
    const b = open(cluster.connectionString);
    const stored = b.upsert('early', 'bird');
    const read = b.get('early');
    expect(b.connected).toBe(false);
    await settle(stored);
    expect((await settle(read)).value).toBe('bird');
    b.close();
  });

  test('registerEvent: unknown names are an ArgumentError; _dtor is an alias of destroy', async () => {
    const b = open(cluster.connectionString);
    expect(() => b.registerEvent('blah' as never, {})).toThrow(ArgumentError);
    expect(() => b.registerEvent('connect', null as never)).toThrow(ArgumentError);
    const destroyed = new Promise<void>((resolve) => b.registerEvent('_dtor', { callback: resolve }));
    await connectOutcome(b);
    b.close();
    await destroyed;
  });

  test('wrong password: AuthError from connect, and queued operations fail with it (no hang)', async () => {
    const b = open(cluster.connectionString, { password: 'wrong' });
    const op = b.get('x');
    const outcome = await connectOutcome(b);
    expect(outcome).toBeInstanceOf(AuthError);
    const err = outcome as AuthError;
    expect(err.message).toMatch(/Authentication failed for user 'Administrator'/);
    expect(err.message).not.toMatch(/wrong/);
    expect(await failure(op)).toBeInstanceOf(AuthError);
    expect(await failure(b.get('y'))).toBeInstanceOf(AuthError);
    // A late registration sees the failure, not a success (the txcouchbase bug).
    expect(await connectOutcome(b)).toBeInstanceOf(AuthError);
    expect(b.connected).toBe(false);
    b.close();
  });

  test.each(['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1', 'PLAIN'] as const)('bootstrap with %s forced: the right password connects, a wrong one is AuthError', async (mech) => {
    const ok = open(cluster.connectionString, { saslMechanism: mech });
    expect(await connectOutcome(ok)).toBe('ok');
    await settle(ok.upsert(`sasl-${mech}`, mech));
    ok.close();
    const bad = open(cluster.connectionString, { saslMechanism: mech, password: 'nope' });
    expect(await connectOutcome(bad)).toBeInstanceOf(AuthError);
    bad.close();
  });

  test('an unknown user is an AuthError too', async () => {
    const b = open(cluster.connectionString, { username: 'nobody', password: 'x' });
    expect(await connectOutcome(b)).toBeInstanceOf(AuthError);
    b.close();
  });

  test('a missing bucket, or one the user may not use, is BucketNotFoundError', async () => {
    const missing = open(`${cluster.connectionString}/nosuchbucket`);
    expect(await connectOutcome(missing)).toBeInstanceOf(BucketNotFoundError);
    missing.close();
    const forbidden = open(`${cluster.connectionString}/private`, { username: 'reader', password: 'secret' });
    expect(await connectOutcome(forbidden)).toBeInstanceOf(BucketNotFoundError);
    forbidden.close();
    const allowed = open(`${cluster.connectionString}/default`, { username: 'reader', password: 'secret' });
    expect(await connectOutcome(allowed)).toBe('ok');
    allowed.close();
  });

  test('a refused port is a ConnectError that names the hosts tried', async () => {
    const port = await closedPort();
    const b = open(`couchbase://127.0.0.1:${port}`);
    const err = (await connectOutcome(b)) as ConnectError;
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.cause).toBeInstanceOf(ConnectError);
    b.close();
  });

  test('a server that never answers: TimeoutError after the bootstrap timeout', async () => {
    const silent = await silentServer();
    const started = Date.now();
    const b = open(`couchbase://127.0.0.1:${silent.port}`, { bootstrapTimeout: 300 });
    const op = b.get('x');
    const err = await connectOutcome(b);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await failure(op)).toBeInstanceOf(CouchbaseErrorLike);
    b.close();
    for (const s of silent.sockets) s.destroy();
    await new Promise<void>((r) => silent.server.close(() => r()));
  });

  test('a dead first host does not stop bootstrap from the next one', async () => {
    const port = await closedPort();
    const b = open(`couchbase://127.0.0.1:${port},${cluster.connectionString.slice('couchbase://'.length)}`);
    expect(await connectOutcome(b)).toBe('ok');
    await settle(b.upsert('via-second', 1));
    b.close();
  });

  test('closing while connecting fails connect with ObjectDestroyedError', async () => {
    const b = open(cluster.connectionString);
    const outcome = connectOutcome(b);
    b.close();
    expect(await outcome).toBeInstanceOf(ObjectDestroyedError);
  });

  test('the constructor refuses bad arguments', () => {
    expect(() => new AsyncBucket(undefined as never, cluster.connectionString)).toThrow('Must have IOPS');
    expect(() => new AsyncBucket({} as never, cluster.connectionString)).toThrow(ArgumentError);
    for (const bad of ['', 'http://127.0.0.1', 'couchbase://', 'couchbase://host:abc', 'couchbase://h:70000', 'mongodb://x']) {
      expect(() => new AsyncBucket(new NodeIOPS(), bad)).toThrow(ArgumentError);
    }
    expect(() => new AsyncBucket(new NodeIOPS(), cluster.connectionString, { nope: 1 } as never)).toThrow(/unknown option 'nope'/);
    expect(() => new AsyncBucket(new NodeIOPS(), cluster.connectionString, { operationTimeout: -5 })).toThrow(ArgumentError);
    expect(() => new AsyncBucket(new NodeIOPS(), cluster.connectionString, { saslMechanism: 'MD5' as never })).toThrow(ArgumentError);
  });

  test('an IOPS belongs to one bucket at a time', async () => {
    const iops = new NodeIOPS();
    const first = new AsyncBucket(iops, cluster.connectionString, { username: cluster.username, password: cluster.password });
    expect(() => new AsyncBucket(iops, cluster.connectionString, { username: cluster.username, password: cluster.password })).toThrow(/already owned/);
    first.close();
    const second = new AsyncBucket(iops, cluster.connectionString, { username: cluster.username, password: cluster.password });
    expect(await connectOutcome(second)).toBe('ok');
    second.close();
  });

  test('inspect and JSON never show the password', async () => {
    const b = open(cluster.connectionString, { password: 'password' });
    const { inspect } = await import('node:util');
    expect(inspect(b)).not.toContain('password');
    expect(JSON.stringify(b)).not.toContain('"password"');
    expect(JSON.stringify(b)).toContain('Administrator');
    b.close();
  });
});

/** Any couchts error (the queued op fails with the bootstrap's error). */
const CouchbaseErrorLike = Error;
