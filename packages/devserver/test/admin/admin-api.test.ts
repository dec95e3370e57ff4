/**
 * The admin API at `adminUrl`: Basic auth required, GET describes the cluster, POST
 * actions drive it (time travel moves expiry; dropping connections closes clients'
 * sockets), bad requests get a 4xx with a reason.
 */
import { request } from 'node:http';
import { AsyncBucket, NodeIOPS, NotFoundError, type AsyncResult } from '@couchts/core';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

function call(url: string, method: string, body?: unknown, auth?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, auth, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

function settle<T>(ar: AsyncResult<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    ar.callback = resolve;
    ar.errback = reject;
  });
}

describe('admin API', () => {
  let cluster: DevCluster;
  let auth: string;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2 });
    auth = `${cluster.username}:${cluster.password}`;
  });
  afterAll(() => cluster.stop());

  test('requires Basic auth', async () => {
    expect((await call(cluster.adminUrl, 'GET')).status).toBe(401);
    expect((await call(cluster.adminUrl, 'GET', undefined, 'Administrator:wrong')).status).toBe(401);
  });

  test('GET describes nodes, ports and buckets', async () => {
    const r = await call(cluster.adminUrl, 'GET', undefined, auth);
    expect(r.status).toBe(200);
    const d = r.json as { nodes: { index: number; ports: { kv: number } }[]; buckets: { name: string }[]; connectionString: string };
    expect(d.nodes.map((n) => n.ports.kv)).toEqual(cluster.nodes.map((n) => n.kvPort));
    expect(d.buckets.map((b) => b.name)).toEqual(['default']);
    expect(d.connectionString).toBe(cluster.connectionString);
    expect(JSON.stringify(d)).not.toContain(cluster.password);
  });

  test('timeTravel moves the cluster clock (a document expires)', async () => {
    const b = new AsyncBucket(new NodeIOPS(), cluster.connectionString, { username: cluster.username, password: cluster.password });
    try {
      await settle(b.upsert('expiring', 1, { ttl: 30 }));
      expect((await call(`${cluster.adminUrl}/timeTravel`, 'POST', { ms: 31_000 }, auth)).status).toBe(200);
      await expect(settle(b.get('expiring'))).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      b.close();
    }
  });

  test('dropConnections closes client connections; the client reconnects', async () => {
    const b = new AsyncBucket(new NodeIOPS(), cluster.connectionString, { username: cluster.username, password: cluster.password });
    try {
      await settle(b.upsert('before-drop', 1));
      expect((await call(`${cluster.adminUrl}/dropConnections`, 'POST', {}, auth)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 700));
      expect((await settle(b.get('before-drop'))).value).toBe(1);
    } finally {
      b.close();
    }
  });

  test('bad requests get a 4xx with a reason', async () => {
    expect((await call(`${cluster.adminUrl}/timeTravel`, 'POST', {}, auth)).status).toBe(400);
    expect((await call(`${cluster.adminUrl}/timeTravel`, 'POST', { ms: -1 }, auth)).status).toBe(400);
    expect((await call(`${cluster.adminUrl}/timeTravel`, 'POST', 'not json', auth)).status).toBe(400);
    expect((await call(`${cluster.adminUrl}/dropConnections`, 'POST', { node: 9 }, auth)).status).toBe(400);
    const unknown = await call(`${cluster.adminUrl}/explode`, 'POST', {}, auth);
    expect(unknown.status).toBe(404);
    expect((unknown.json as { error: string }).error).toContain('explode');
  });
});
