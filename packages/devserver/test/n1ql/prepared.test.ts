/**
 * Prepared statements: PREPARE (named and generated names, FROM / AS), the plan row,
 * EXECUTE with USING, the `prepared` request field, `autoExecute`, 4040 for unknown
 * names, 4060 for a name reused with other text, clearPrepared(), planning at PREPARE
 * time, isReadOnly() and read-only requests.
 */
import { harness, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = harness(50);
});
const docs = () => [...h.docs.values()];

describe('PREPARE', () => {
  test('returns a plan row and reports the name', () => {
    const exec = h.engine.execute({ statement: 'PREPARE p1 FROM SELECT RAW seq FROM ks WHERE seq < $1 ORDER BY seq' });
    const [plan] = [...exec.rows] as Record<string, unknown>[];
    expect(exec.prepared).toBe('p1');
    expect(exec.isWrite).toBe(false);
    expect(plan).toMatchObject({ name: 'p1', text: 'PREPARE p1 FROM SELECT RAW seq FROM ks WHERE seq < $1 ORDER BY seq', signature: 'json', reqType: 'SELECT', namespace: 'default' });
    expect(typeof plan!.encoded_plan).toBe('string');
    expect(plan!.operator).toMatchObject({ '#operator': 'Sequence' });
  });

  test('unnamed statements get generated UUID-like names', () => {
    const a = h.engine.execute({ statement: 'PREPARE SELECT 1' });
    const b = h.engine.execute({ statement: 'PREPARE SELECT 2' });
    expect(a.prepared).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.prepared).not.toBe(b.prepared);
    expect([...h.engine.execute({ statement: `EXECUTE \`${a.prepared}\`` }).rows]).toEqual([{ $1: 1 }]);
  });

  test('AS is accepted like FROM; names may be strings', () => {
    h.rows("PREPARE p2 AS SELECT RAW 'two'");
    expect(h.rows('EXECUTE p2')).toEqual(['two']);
    h.rows("PREPARE 'p 3' FROM SELECT RAW 3");
    expect(h.rows("EXECUTE 'p 3'")).toEqual([3]);
  });

  test('planning happens at PREPARE: syntax, keyspace and index errors', () => {
    expect(h.fail('PREPARE bad FROM SELEC 1').code).toBe(3000);
    expect(h.fail('PREPARE bad FROM SELECT * FROM nope').code).toBe(12003);
    const bare = harness(3, { primary: false });
    expect(bare.fail('PREPARE bad FROM SELECT * FROM ks').code).toBe(4000);
    // Parameters get their values at EXECUTE, so PREPARE does not need them.
    expect(() => h.rows('PREPARE withparams FROM SELECT $x')).not.toThrow();
  });

  test('re-preparing a name: same text is fine, other text is 4060', () => {
    h.rows('PREPARE same FROM SELECT 1');
    expect(() => h.rows('PREPARE same FROM SELECT 1')).not.toThrow();
    expect(h.fail('PREPARE same FROM SELECT 2').code).toBe(4060);
  });
});

describe('EXECUTE and the prepared field', () => {
  test('EXECUTE with request parameters and with USING', () => {
    h.rows('PREPARE lt FROM SELECT RAW seq FROM ks WHERE seq < $1 ORDER BY seq');
    expect(h.rows('EXECUTE lt', { args: [3] })).toEqual([0, 1, 2]);
    expect(h.rows('EXECUTE lt USING [2]')).toEqual([0, 1]);
    h.rows('PREPARE named FROM SELECT RAW seq FROM ks WHERE city = $city ORDER BY seq');
    const rome = docs().filter((d) => d.city === 'Rome').map((d) => d.seq);
    expect(h.rows('EXECUTE named USING {"city": "Rome"}')).toEqual(rome);
    expect(h.rows('EXECUTE named', { named: { city: 'Rome' } })).toEqual(rome);
    expect(h.fail('EXECUTE lt').code).toBe(5010);
  });

  test('the prepared request field runs a prepared statement', () => {
    h.rows('PREPARE byseq FROM SELECT name FROM ks USE KEYS $1');
    const exec = h.engine.execute({ prepared: 'byseq', args: ['doc-001'] });
    expect([...exec.rows]).toEqual([{ name: h.docs.get('doc-001')!.name }]);
    expect(exec.signature).toEqual({ name: 'json' });
    expect(exec.prepared).toBeUndefined();
  });

  test('unknown names are 4040', () => {
    let err: unknown;
    try {
      h.engine.execute({ prepared: 'ghost' });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 4040, httpStatus: 404, message: 'No such prepared statement: ghost' });
    expect(h.fail('EXECUTE ghost').code).toBe(4040);
  });

  test('autoExecute prepares and runs in one request, reporting the name', () => {
    const exec = h.engine.execute({ statement: 'PREPARE SELECT RAW seq FROM ks WHERE seq = $1', autoExecute: true, args: [7] });
    expect([...exec.rows]).toEqual([7]);
    expect(exec.prepared).toBeDefined();
    // The SDK then sends only the name.
    expect([...h.engine.execute({ prepared: exec.prepared!, args: [8] }).rows]).toEqual([8]);
    const named = h.engine.execute({ statement: 'PREPARE auto1 FROM SELECT RAW 1', autoExecute: true });
    expect(named.prepared).toBe('auto1');
    expect([...named.rows]).toEqual([1]);
  });

  test('a prepared statement is planned again at each run (index changes count)', () => {
    h.rows('PREPARE scan FROM SELECT RAW COUNT(*) FROM ks');
    expect(h.rows('EXECUTE scan')).toEqual([50]);
    h.rows('DROP PRIMARY INDEX ON ks');
    expect(h.fail('EXECUTE scan').code).toBe(4000);
  });

  test('clearPrepared() forgets everything', () => {
    h.rows('PREPARE gone FROM SELECT 1');
    h.engine.clearPrepared();
    expect(h.fail('EXECUTE gone').code).toBe(4040);
  });

  test('prepared DML runs, and a read-only request may not execute it', () => {
    h.rows("PREPARE ins FROM INSERT INTO ks (KEY, VALUE) VALUES ($1, {'v': $2})");
    h.rows('EXECUTE ins', { args: ['pd1', 5] });
    expect(h.ks.value('pd1')).toEqual({ v: 5 });
    expect(h.fail('EXECUTE ins', { args: ['pd2', 6], readonly: true }).code).toBe(1000);
    let err: unknown;
    try {
      h.engine.execute({ prepared: 'ins', args: ['pd3', 1], readonly: true });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 1000 });
  });
});

describe('isReadOnly', () => {
  test('classifies statements', () => {
    const e = h.engine;
    expect(e.isReadOnly('SELECT * FROM ks')).toBe(true);
    expect(e.isReadOnly('EXPLAIN DELETE FROM ks')).toBe(true);
    expect(e.isReadOnly('PREPARE SELECT 1')).toBe(true);
    expect(e.isReadOnly('PREPARE DELETE FROM ks')).toBe(false);
    for (const s of ["INSERT INTO ks (KEY, VALUE) VALUES ('a', 1)", "UPSERT INTO ks (KEY, VALUE) VALUES ('a', 1)", 'UPDATE ks SET a = 1', 'DELETE FROM ks', 'CREATE PRIMARY INDEX ON ks', 'DROP INDEX ks.x']) {
      expect(e.isReadOnly(s)).toBe(false);
    }
    h.rows('PREPARE r FROM SELECT 1');
    h.rows('PREPARE w FROM DELETE FROM ks WHERE seq < 0');
    expect(e.isReadOnly('EXECUTE r')).toBe(true);
    expect(e.isReadOnly('EXECUTE w')).toBe(false);
    // Unparseable text is left to execute(), which reports the syntax error.
    expect(e.isReadOnly('SELEC')).toBe(true);
  });
});
