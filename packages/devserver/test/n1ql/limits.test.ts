/**
 * Deadlines (1080), cancellation (5008) and laziness: a plain scan with LIMIT pulls only
 * a handful of documents from the keyspace iterator, and the first row of a large scan
 * arrives without the rest being read; ORDER BY and GROUP BY read everything.
 */
import { QueryEngine } from '../../src/n1ql/engine';
import { MemoryDatastore } from './helpers/memory-datastore';

/** A keyspace of `n` small documents with a primary index. */
function big(n: number): { engine: QueryEngine; ks: ReturnType<MemoryDatastore['add']> } {
  const ds = new MemoryDatastore();
  const ks = ds.add('big');
  for (let i = 0; i < n; i++) ks.put(`k${i}`, { i, even: i % 2 === 0 });
  const engine = new QueryEngine(ds);
  engine.createPrimaryIndex('big');
  return { engine, ks };
}

const { engine, ks } = big(100_000);

beforeEach(() => {
  ks.scanned = 0;
});

describe('laziness', () => {
  test('SELECT … LIMIT 5 over 100 000 documents reads only a few', () => {
    const rows = [...engine.execute({ statement: 'SELECT RAW i FROM big LIMIT 5' }).rows];
    expect(rows).toHaveLength(5);
    expect(ks.scanned).toBeLessThanOrEqual(8);
  });

  test('WHERE … LIMIT reads only until enough rows matched', () => {
    const rows = [...engine.execute({ statement: 'SELECT RAW i FROM big WHERE even LIMIT 5' }).rows];
    expect(rows).toEqual([0, 2, 4, 6, 8]);
    expect(ks.scanned).toBeLessThanOrEqual(12);
  });

  test('the first row of a full scan arrives without reading the rest', () => {
    const it = engine.execute({ statement: 'SELECT * FROM big' }).rows[Symbol.iterator]();
    expect(it.next().done).toBe(false);
    expect(ks.scanned).toBeLessThanOrEqual(3);
    it.next();
    expect(ks.scanned).toBeLessThanOrEqual(4);
    it.return?.();
  });

  test('execute() itself reads nothing', () => {
    engine.execute({ statement: 'SELECT * FROM big WHERE i > 5' });
    expect(ks.scanned).toBe(0);
  });

  test('OFFSET skips without materialising', () => {
    expect([...engine.execute({ statement: 'SELECT RAW i FROM big OFFSET 10 LIMIT 2' }).rows]).toEqual([10, 11]);
    expect(ks.scanned).toBeLessThanOrEqual(14);
  });

  test('ORDER BY and aggregates read everything', () => {
    expect([...engine.execute({ statement: 'SELECT RAW i FROM big ORDER BY i DESC LIMIT 1' }).rows]).toEqual([99_999]);
    expect(ks.scanned).toBe(100_000);
    ks.scanned = 0;
    expect([...engine.execute({ statement: 'SELECT RAW COUNT(*) FROM big' }).rows]).toEqual([100_000]);
    expect(ks.scanned).toBe(100_000);
  });
});

describe('deadline', () => {
  test('a deadline already passed fails execute() with 1080', () => {
    let err: unknown;
    try {
      engine.execute({ statement: 'SELECT 1', deadline: Date.now() - 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 1080, retry: true });
  });

  test('a deadline passing during a scan fails the iteration with 1080', () => {
    // A fake clock that advances 1 ms per reading: the 10 ms budget runs out mid-scan.
    let t = 1_000;
    const now = (): number => t++;
    const exec = engine.execute({ statement: 'SELECT RAW i FROM big', deadline: 1_010, now });
    let count = 0;
    let err: unknown;
    try {
      for (const _ of exec.rows) count++;
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 1080, message: 'Timeout 10ms exceeded', httpStatus: 500 });
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(100_000);
  });

  test('a deadline also stops scans that produce no rows (checked every few hundred documents)', () => {
    let t = 0;
    const now = (): number => (t += 1);
    const exec = engine.execute({ statement: 'SELECT RAW i FROM big WHERE i < 0', deadline: 50, now });
    expect(() => [...exec.rows]).toThrow(expect.objectContaining({ code: 1080 }));
    expect(ks.scanned).toBeLessThan(100_000);
  });
});

describe('cancellation', () => {
  test('an aborted signal stops the iteration with 5008', () => {
    const signal = { aborted: false };
    const it = engine.execute({ statement: 'SELECT RAW i FROM big', signal }).rows[Symbol.iterator]();
    expect(it.next().value).toBe(0);
    signal.aborted = true;
    expect(() => it.next()).toThrow(expect.objectContaining({ code: 5008 }));
    expect(ks.scanned).toBeLessThan(10);
  });

  test('a request aborted before it starts fails at once', () => {
    expect(() => engine.execute({ statement: 'SELECT 1', signal: { aborted: true } })).toThrow(expect.objectContaining({ code: 5008 }));
  });
});

describe('unexpected failures', () => {
  test('an exception from the datastore surfaces as a 5000 QueryError', () => {
    const ds = new MemoryDatastore();
    const broken = ds.add('broken');
    broken.put('a', { x: 1 });
    broken.scan = function* () {
      yield* [];
      throw new Error('disk on fire');
    };
    const e = new QueryEngine(ds);
    e.createPrimaryIndex('broken');
    const exec = e.execute({ statement: 'SELECT * FROM broken' });
    expect(() => [...exec.rows]).toThrow(expect.objectContaining({ code: 5000, httpStatus: 500, message: 'Internal error: disk on fire' }));
  });
});
