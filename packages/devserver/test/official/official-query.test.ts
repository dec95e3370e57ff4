/**
 * The official Couchbase Node.js SDK's `cluster.query()` against the dev cluster's query
 * service: positional and named parameters, metadata, and a syntax error mapped to the
 * SDK's own error class — a check, by a client we did not write, that the service speaks
 * the real protocol (protocol.md §4.1).
 */
import * as couchbase from 'couchbase';
import { useOfficialSdk } from '../helpers/official';

describe('official SDK cluster.query() against the dev cluster', () => {
  const env = useOfficialSdk({ nodes: 2, sampleBuckets: ['travel-sample'] }, { queryTimeout: 20_000 });

  test('positional parameters', async () => {
    const r = await env.cluster.query('SELECT RAW name FROM `travel-sample` WHERE type = $1 AND country = $2 ORDER BY name LIMIT 3', { parameters: ['airline', 'France'] });
    expect(r.rows).toHaveLength(3);
    expect([...r.rows].sort()).toEqual(r.rows);
    expect(r.meta.status).toBe('success');
    expect(r.meta.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('named parameters', async () => {
    const r = await env.cluster.query('SELECT COUNT(*) AS n FROM `travel-sample` WHERE type = $type', { parameters: { type: 'hotel' } });
    expect(r.rows).toEqual([{ n: 900 }]);
  });

  test('metrics, when asked for, parse in the SDK (Go durations, counts)', async () => {
    const r = await env.cluster.query('SELECT RAW 1', { metrics: true });
    expect(r.rows).toEqual([1]);
    expect(r.meta.metrics?.resultCount).toBe(1);
    expect(r.meta.metrics?.elapsedTime).toBeGreaterThanOrEqual(0);
  });

  test('a syntax error is the SDK\'s ParsingFailureError; a missing keyspace fails too', async () => {
    await expect(env.cluster.query('SELEKT 1')).rejects.toBeInstanceOf(couchbase.ParsingFailureError);
    await expect(env.cluster.query('SELECT * FROM nosuchkeyspace')).rejects.toThrow();
  });
});
