/**
 * The official Couchbase Node.js SDK over TLS against a TLS dev cluster: it bootstraps
 * from `couchbases://` with the cluster's CA in a trust store file, runs KV and a query,
 * and refuses the cluster when it is not given the CA — a check, by a client we did not
 * write, that the dev cluster's TLS listeners and certificates are real.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as couchbase from 'couchbase';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

describe('official SDK over TLS', () => {
  let dev: DevCluster;
  let caFile: string;
  beforeAll(async () => {
    dev = await startDevCluster({ tls: true, scramIterations: 1 });
    caFile = join(mkdtempSync(join(tmpdir(), 'couchts-official-tls-')), 'ca.pem');
    writeFileSync(caFile, dev.caCertificate!);
  });
  afterAll(() => dev.stop());

  test('KV and query with the CA as trust store', async () => {
    const cluster = await couchbase.connect(dev.connectionString, {
      username: dev.username,
      password: dev.password,
      security: { trustStorePath: caFile },
      timeouts: { kvTimeout: 5000, connectTimeout: 10_000, queryTimeout: 10_000 },
    });
    try {
      const coll = cluster.bucket('default').defaultCollection();
      await coll.upsert('official-tls', { over: 'tls' });
      expect((await coll.get('official-tls')).content).toEqual({ over: 'tls' });
      expect((await cluster.query('SELECT RAW 1 + 1')).rows).toEqual([2]);
    } finally {
      await cluster.close();
    }
  }, 30_000);

  test('without the CA it does not connect', async () => {
    let failed = false;
    try {
      const cluster = await couchbase.connect(dev.connectionString, { username: dev.username, password: dev.password, timeouts: { kvTimeout: 2000, connectTimeout: 2000, bootstrapTimeout: 2000 } });
      try {
        await cluster.bucket('default').defaultCollection().get('official-tls', { timeout: 2000 });
      } finally {
        await cluster.close();
      }
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
  }, 30_000);
});
