/**
 * The logger option: silent by default (no output at all), `console`-shaped loggers work
 * as they are, and consoleLogger(level) filters by level and writes one JSON line per
 * record with structured fields — checked through a real bootstrap and a lost connection.
 */
import { AsyncBucket, consoleLogger, NodeIOPS, type LogRecord } from '../../src/index';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

describe('logging', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startDevCluster({ nodes: 2, scramIterations: 1 });
  });
  afterAll(() => cluster.stop());

  function open(logger?: unknown): Promise<AsyncBucket> {
    const b = new AsyncBucket(new NodeIOPS(), `${cluster.connectionString}/default`, { username: cluster.username, password: cluster.password, ...(logger ? { logger: logger as never } : {}) });
    return new Promise((resolve, reject) => b.registerEvent('connect', { callback: () => resolve(b), errback: reject }));
  }

  test('consoleLogger filters by level and writes JSON lines with the fields', () => {
    const lines: string[] = [];
    const log = consoleLogger('warn', (line) => lines.push(line));
    log.debug?.('hidden');
    log.info?.('hidden too');
    log.warn?.('shown', { node: 'n1:11210', rev: 5n });
    log.error?.('also shown');
    expect(log.debug).toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'shown', node: 'n1:11210', rev: '5' });
    expect(() => consoleLogger('loud' as never)).toThrow(TypeError);
  });

  test('a real bucket: connections at debug, bootstrap at info, a lost connection at warn', async () => {
    const records: LogRecord[] = [];
    const b = await open(consoleLogger('debug', (_line, r) => records.push(r)));
    try {
      // The connect event fires with the first node; give the second a moment.
      await new Promise((r) => setTimeout(r, 100));
      const ready = records.filter((r) => r.message === 'node connection ready');
      expect(ready.length).toBeGreaterThanOrEqual(2);
      expect(ready[0]!.fields).toMatchObject({ mechanism: 'SCRAM-SHA512', tls: false });
      expect(ready[0]!.fields.features).toEqual(expect.arrayContaining(['XERROR', 'SELECT_BUCKET']));
      expect(records.find((r) => r.level === 'info' && r.message === 'bootstrapped')?.fields).toMatchObject({ bucket: 'default', nodes: 2, replicas: 0 });
      cluster.dropConnections(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(records.some((r) => r.level === 'warn' && r.message === 'node connection lost')).toBe(true);
    } finally {
      b.close();
    }
  });

  test('silent by default: nothing reaches the console', async () => {
    const spies = (['log', 'debug', 'info', 'warn', 'error'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    const stderr = jest.spyOn(process.stderr, 'write');
    try {
      const b = await open();
      cluster.dropConnections();
      await new Promise((r) => setTimeout(r, 100));
      b.close();
      for (const s of spies) expect(s).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
      stderr.mockRestore();
    }
  });
});
