/**
 * The query service honours the users' bucket roles, as query_select / query_insert /
 * query_update / query_delete / query_manage_index would on a real server: a statement
 * touching a keyspace the user may not read or write fails with 13014 and HTTP 401
 * before any row; the client sees an N1QLError that is also an AuthError.
 */
import { AuthError, Bucket, N1QLError } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';

describe('query access control', () => {
  let cluster: DevCluster;
  let url: string;
  beforeAll(async () => {
    cluster = await startDevCluster({
      buckets: [{ name: 'default' }, { name: 'other' }],
      scramIterations: 1,
      users: [
        { username: 'Administrator', password: 'password' },
        { username: 'reader', password: 'pw-reader', roles: [{ role: 'data_reader', bucket: 'default' }] },
        { username: 'writer', password: 'pw-writer', roles: [{ role: 'data_writer', bucket: 'default' }] },
        { username: 'stranger', password: 'pw-stranger', roles: [{ role: 'bucket_full_access', bucket: 'other' }] },
      ],
    });
    url = `http://127.0.0.1:${cluster.nodes[0]!.n1qlPort}/query/service`;
    const admin = new Bucket(`${cluster.connectionString}/default`, { username: 'Administrator', password: 'password' });
    await admin.upsert('doc-1', { v: 1 });
    await (await admin.n1qlQueryAll('CREATE PRIMARY INDEX ON `default`')).meta;
    await admin.close();
  });
  afterAll(() => cluster.stop());

  async function query(user: string, password: string, statement: string): Promise<{ status: number; body: { status: string; errors?: { code: number; msg: string }[]; results?: unknown[] } }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ statement }),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  test.each([
    ['reader', 'SELECT META().id FROM `default`', 200, 'pw-reader'],
    ['reader', 'SELECT d.v FROM `default` d USE KEYS "doc-1"', 200, 'pw-reader'],
    ['reader', 'INSERT INTO `default` (KEY, VALUE) VALUES ("r-1", 1)', 401, 'pw-reader'],
    ['reader', 'DELETE FROM `default` USE KEYS "doc-1"', 401, 'pw-reader'],
    ['reader', 'CREATE INDEX ix_r ON `default`(v)', 401, 'pw-reader'],
    ['writer', 'UPSERT INTO `default` (KEY, VALUE) VALUES ("w-1", 1)', 200, 'pw-writer'],
    ['writer', 'SELECT * FROM `default`', 401, 'pw-writer'],
    ['stranger', 'SELECT * FROM `default`', 401, 'pw-stranger'],
    ['stranger', 'SELECT 1 + 1 AS two', 200, 'pw-stranger'],
    ['stranger', 'SELECT (SELECT RAW v FROM `default` USE KEYS "doc-1") AS sub', 401, 'pw-stranger'],
  ])('%s runs %s → %i', async (user, statement, status, password) => {
    const r = await query(user, password, statement);
    expect(r.status).toBe(status);
    if (status === 401) {
      expect(r.body.errors?.[0]?.code).toBe(13014);
      expect(r.body.errors?.[0]?.msg).toMatch(/User does not have credentials to run .* queries on the default bucket/);
      expect(r.body.results ?? []).toEqual([]);
    }
  });

  test('the data a denied statement would have written was not written', async () => {
    await query('reader', 'pw-reader', 'INSERT INTO `default` (KEY, VALUE) VALUES ("r-2", 1)');
    const r = await query('Administrator', 'password', 'SELECT RAW META().id FROM `default` USE KEYS "r-2"');
    expect(r.body.results).toEqual([]);
  });

  test('the client reports a denied query as an N1QLError that is an AuthError', async () => {
    const b = new Bucket(`${cluster.connectionString}/other`, { username: 'stranger', password: 'pw-stranger' });
    try {
      const err = await b.n1qlQueryAll('SELECT * FROM `default`').then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(N1QLError);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as N1QLError).code).toBe(13014);
    } finally {
      await b.close();
    }
  });
});
