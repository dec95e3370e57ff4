/**
 * Every example runs end to end against an embedded dev cluster, so documentation cannot
 * rot (undici's test/examples.js idea). Each runs in its own process, as a user would
 * run it, from TypeScript source.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function runExample(file: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'examples', file)], {
      cwd: ROOT,
      env: { ...process.env, COUCHBASE_CONNSTR: '', ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('examples', () => {
  test('kv-await.ts', async () => {
    const r = await runExample('kv-await.ts');
    expect(r.out).toContain("get(id) → { some: 'value' }");
    expect(r.out).toContain('stale CAS refused');
    expect(r.out).toContain('counter: 100 → 105');
    expect(r.out).toContain('getMulti: color:1=red, color:2=green, color:3=blue allOk: true');
    expect(r.out).toContain('get(no-such-key): NotFoundError (rc 1)');
    expect(r.code).toBe(0);
  });

  test('kv-subdoc.ts', async () => {
    const r = await runExample('kv-subdoc.ts');
    expect(r.out).toContain('name=Ada hasPhone=false tags=1');
    expect(r.out).toContain('visits after the counter spec: 1');
    expect(r.out).toContain('document now: {"name":"Ada","email":"ada@example.com","tags":["math","engines"],"visits":1,"address":{"city":"London"}}');
    expect(r.out).toContain("at spec 1 (path 'no.such.path')");
    expect(r.out).toContain('cancelled: AbortError');
    expect(r.code).toBe(0);
  });

  test('custom-iops.ts', async () => {
    const r = await runExample('custom-iops.ts');
    expect(r.out).toMatch(/iops: connect 127\.0\.0\.1:\d+/);
    expect(r.out).toContain('get(iops-999) → { i: 999 }');
    // Pipelining and coalesced writes: far fewer watches and timers than operations.
    const m = /1000 upserts \+ 1 get: (\d+) socket\(s\), (\d+) event watches, (\d+) timers armed/.exec(r.out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(1);
    expect(Number(m![2]) + Number(m![3])).toBeLessThan(100);
    expect(r.out).toMatch(/after close: [1-9]\d* event\(s\) cleaned up/);
    expect(r.code).toBe(0);
  });

  test('kv-raw-callbacks.ts', async () => {
    const r = await runExample('kv-raw-callbacks.ts');
    expect(r.out).toContain("I'm connected");
    expect(r.out).toContain("Value is { some: [ 'value' ] }");
    expect(r.out).toContain("getMulti: NotFoundError for 'missing-key'");
    expect(r.code).toBe(0);
  });

  test('kv-defer.ts', async () => {
    const r = await runExample('kv-defer.ts');
    expect(r.out).toMatch(/Result OK\. Cas: \d+/);
    expect(r.out).toContain('Value is bar');
    expect(r.code).toBe(0);
  });

  test('n1ql-for-await.ts', async () => {
    const r = await runExample('n1ql-for-await.ts');
    expect(r.out).toMatch(/10 rows, status success, elapsed [\d.]+(ns|µs|ms|s)/);
    expect(r.out).toMatch(/\(France\)/);
    expect(r.out).toMatch(/first route id: \d+/);
    expect(r.code).toBe(0);
  });

  test('n1ql-query-all.ts', async () => {
    const r = await runExample('n1ql-query-all.ts');
    expect(r.out).toMatch(/10 rows; result size \d+ bytes/);
    expect(r.out).toContain('documents per type: airline=190, airport=1968, hotel=900, landmark=4500, route=24000');
    expect(r.code).toBe(0);
  });

  test('n1ql-query-ex.ts', async () => {
    const r = await runExample('n1ql-query-ex.ts');
    expect(r.out).toContain('Got 10 rows');
    expect(r.out).toContain('Rows complete!');
    expect(r.out).toContain('error: N1QLError code 3000');
    expect(r.code).toBe(0);
  });

  test('views-for-await.ts', async () => {
    const r = await runExample('views-for-await.ts');
    expect(r.out).toContain('aarhus_badger_brewing_company / aarhus_badger_brewing_company-badger_reserve_light_lager → Notes of b...');
    expect(r.out).toContain('7300 rows in the whole view');
    expect(r.code).toBe(0);
  });

  test('views-query-all.ts', async () => {
    const r = await runExample('views-query-all.ts');
    expect(r.out).toContain('20 rows of 7300');
    expect(r.out).toContain('breweries by country (last five): United States=866, United Kingdom=85');
    expect(r.code).toBe(0);
  });

  test('views-query-ex.ts', async () => {
    const r = await runExample('views-query-ex.ts');
    expect(r.out).toContain('** Got row callback!');
    expect(r.out).toContain('done: 7300 rows in the view');
    expect(r.out).toContain('error: ViewEngineError (HTTP 404)');
    expect(r.code).toBe(0);
  });

  test('COUCHBASE_CONNSTR points the examples at another cluster', async () => {
    const { startDevCluster } = await import('@couchts/devserver');
    const cluster = await startDevCluster();
    try {
      const r = await runExample('kv-defer.ts', { COUCHBASE_CONNSTR: `${cluster.connectionString}?operation_timeout=5000` });
      expect(r.out).toContain('Value is bar');
      expect(r.code).toBe(0);
    } finally {
      await cluster.stop();
    }
  });
});
