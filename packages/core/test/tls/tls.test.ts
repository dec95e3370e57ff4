/**
 * TLS end to end (`couchbases://`): the dev cluster serves KV, query and views on TLS
 * ports with a CA it makes at start; the client verifies the certificate and the host
 * name by default. An untrusted certificate or a name the certificate does not carry
 * fails the connection with a ConnectError, never silently accepted, never a hang.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { Bucket, ConnectError } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';
import { makeDevCertificates } from '../../../devserver/src/auth/certificates';

describe('couchbases:// against a TLS dev cluster', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startDevCluster({ tls: true, nodes: 2, scramIterations: 1 });
  });
  afterAll(() => cluster.stop());

  test('the cluster advertises couchbases:// with its TLS KV ports and a PEM CA', () => {
    expect(cluster.connectionString).toBe(`couchbases://${cluster.nodes.map((n) => `127.0.0.1:${n.kvTlsPort}`).join(',')}`);
    expect(cluster.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(cluster.nodes.every((n) => n.kvTlsPort! > 0 && n.n1qlTlsPort! > 0 && n.capiTlsPort! > 0 && n.mgmtTlsPort! > 0)).toBe(true);
  });

  test('KV and N1QL work over TLS with the CA as the ca option', async () => {
    const bucket = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password, ca: cluster.caCertificate });
    try {
      await bucket.upsert('tls-1', { secure: true });
      expect((await bucket.get('tls-1')).value).toEqual({ secure: true });
      const rows = await bucket.n1qlQueryAll<{ x: number }>('SELECT 1 AS x');
      expect([...rows]).toEqual([{ x: 1 }]);
    } finally {
      await bucket.close();
    }
  });

  test('trustStorePath reads the CA from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'couchts-tls-'));
    const file = join(dir, 'ca.pem');
    writeFileSync(file, cluster.caCertificate!);
    const bucket = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password, trustStorePath: file });
    try {
      await bucket.upsert('tls-2', 1);
    } finally {
      await bucket.close();
    }
  });

  test('without the CA the certificate is untrusted: ConnectError, and operations fail rather than hang', async () => {
    const bucket = new Bucket(`${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password, bootstrapTimeout: 3000 });
    try {
      const err = await bucket.connect().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ConnectError);
      expect(err!.message).toMatch(/certificate/i);
      await expect(bucket.get('x')).rejects.toBeInstanceOf(ConnectError);
    } finally {
      await bucket.close();
    }
  });

  test('a certificate for another host name fails verification: ConnectError', async () => {
    const certs = makeDevCertificates('db.example.test', 1, false);
    const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const bucket = new Bucket(`couchbases://127.0.0.1:${port}/default`, { username: 'u', password: 'p', ca: certs.caPem, bootstrapTimeout: 3000 });
    try {
      const err = await bucket.connect().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ConnectError);
      expect(err!.message).toMatch(/altnames|host name|hostname|IP/i);
    } finally {
      await bucket.close();
      server.close();
    }
  });
});
