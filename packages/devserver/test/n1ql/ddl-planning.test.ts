/**
 * Index DDL and the planning rule: a keyspace scan needs a primary index or a secondary
 * index whose leading key the WHERE clause constrains (4000 otherwise, with the real
 * message); USE KEYS needs none; duplicate names are 4300, dropping what is not there
 * 12016; unknown keyspaces 12003. Also the system:indexes / system:keyspaces catalogs.
 */
import { harness, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = harness(40, { primary: false });
});

const NO_INDEX = 'No index available on keyspace `ks` that matches your query. Use CREATE PRIMARY INDEX ON `ks` to create a primary index, or check that your expected index is online.';

describe('the planning rule', () => {
  test('without any index a scan is 4000 with the real message; USE KEYS and no-FROM queries run', () => {
    const e = h.fail('SELECT * FROM ks');
    expect(e.code).toBe(4000);
    expect(e.httpStatus).toBe(404);
    expect(e.message).toBe(NO_INDEX);
    expect(h.fail("SELECT * FROM ks WHERE city = 'Rome'").code).toBe(4000);
    expect(h.rows("SELECT RAW seq FROM ks USE KEYS 'doc-005'")).toEqual([5]);
    expect(h.rows('SELECT RAW 1')).toEqual([1]);
    // Subqueries are planned too.
    expect(h.fail('SELECT (SELECT RAW COUNT(*) FROM ks) AS n').code).toBe(4000);
  });

  test('the error is raised by execute(), before any row', () => {
    expect(() => h.engine.execute({ statement: 'SELECT * FROM ks' })).toThrow(expect.objectContaining({ code: 4000 }));
  });

  test('a primary index allows any scan', () => {
    h.rows('CREATE PRIMARY INDEX ON ks');
    expect(h.rows('SELECT RAW COUNT(*) FROM ks')).toEqual([40]);
    h.rows('DROP PRIMARY INDEX ON ks');
    expect(h.fail('SELECT RAW COUNT(*) FROM ks').code).toBe(4000);
  });

  test('a secondary index serves queries constraining its leading key', () => {
    h.rows('CREATE INDEX by_city ON ks(city, age) USING GSI');
    const served = [
      "SELECT * FROM ks WHERE city = 'Rome'",
      "SELECT * FROM ks WHERE 'Rome' = city",
      "SELECT * FROM ks t WHERE t.city > 'M'",
      "SELECT * FROM ks WHERE city BETWEEN 'A' AND 'M' AND seq > 3",
      "SELECT * FROM ks WHERE city IN ['Rome', 'Oslo']",
      "SELECT * FROM ks WHERE city LIKE 'R%'",
      'SELECT * FROM ks WHERE city IS NOT NULL',
      'SELECT * FROM ks WHERE city IS NOT MISSING',
      'SELECT * FROM ks WHERE city IS VALUED',
      "SELECT * FROM ks WHERE city = 'Rome' OR city = 'Oslo'",
      'SELECT * FROM ks WHERE city = $c',
    ];
    for (const s of served) expect(() => h.rows(s, { named: { c: 'Rome' } })).not.toThrow();
    const refused = [
      'SELECT * FROM ks',
      'SELECT * FROM ks WHERE age = 3',
      "SELECT * FROM ks WHERE city != 'Rome'",
      'SELECT * FROM ks WHERE city IS MISSING',
      "SELECT * FROM ks WHERE city NOT IN ['Rome']",
      "SELECT * FROM ks WHERE city = 'Rome' OR age = 3",
      "SELECT * FROM ks WHERE UPPER(city) = 'ROME'",
    ];
    for (const s of refused) expect(h.fail(s).code).toBe(4000);
  });

  test('results through a secondary index equal a full scan filtered in JavaScript', () => {
    h.rows('CREATE INDEX by_type ON ks(type)');
    const expected = [...h.docs.values()].filter((d) => d.type === 'place').map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE type = 'place' ORDER BY seq")).toEqual(expected);
  });

  test('expression keys and partial indexes', () => {
    h.rows('CREATE INDEX by_lower ON ks(LOWER(name)) WHERE type = "person"');
    expect(() => h.rows("SELECT * FROM ks WHERE LOWER(name) = 'ann a' AND type = 'person'")).not.toThrow();
    expect(h.fail("SELECT * FROM ks WHERE LOWER(name) = 'ann a'").code).toBe(4000);
    h.rows('CREATE INDEX by_zip ON ks(address.zip)');
    expect(() => h.rows("SELECT * FROM ks d WHERE d.address.zip = '1'")).not.toThrow();
    h.rows('CREATE INDEX by_id ON ks(META().id)');
    expect(() => h.rows("SELECT * FROM ks WHERE META().id LIKE 'doc-1%'")).not.toThrow();
  });

  test('array indexes serve ANY … SATISFIES', () => {
    h.rows('CREATE INDEX by_tag ON ks(DISTINCT ARRAY t FOR t IN tags END)');
    const expected = [...h.docs.values()].filter((d) => Array.isArray(d.tags) && d.tags.includes('red')).map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE ANY x IN tags SATISFIES x = 'red' END ORDER BY seq")).toEqual(expected);
    expect(h.fail("SELECT RAW seq FROM ks WHERE EVERY x IN tags SATISFIES x = 'red' END").code).toBe(4000);
  });

  test('an index on another keyspace does not help', () => {
    h.ds.add('other');
    h.rows('CREATE PRIMARY INDEX ON other');
    expect(h.fail('SELECT * FROM ks').code).toBe(4000);
    expect(h.rows('SELECT * FROM other')).toEqual([]);
  });
});

describe('EXPLAIN', () => {
  test('shows the scan the planning rule chose', () => {
    h.rows('CREATE INDEX by_city ON ks(city)');
    const plan = (s: string): Record<string, unknown>[] => ((h.rows(`EXPLAIN ${s}`)[0] as { plan: { '~children': Record<string, unknown>[] } }).plan['~children']);
    expect(plan("SELECT * FROM ks WHERE city = 'Rome'")[0]).toMatchObject({ '#operator': 'IndexScan3', index: 'by_city' });
    expect(plan("SELECT * FROM ks USE KEYS 'a'")[0]).toMatchObject({ '#operator': 'KeyScan' });
    expect(plan('SELECT 1')[0]).toMatchObject({ '#operator': 'DummyScan' });
    expect(h.fail('EXPLAIN SELECT * FROM ks').code).toBe(4000);
    h.engine.createPrimaryIndex('ks');
    expect(plan('SELECT * FROM ks')[0]).toMatchObject({ '#operator': 'PrimaryScan3', index: '#primary' });
    expect(plan('SELECT city, COUNT(*) FROM ks GROUP BY city ORDER BY city LIMIT 2').map((o) => o['#operator'])).toEqual([
      'PrimaryScan3',
      'Fetch',
      'InitialGroup',
      'FinalGroup',
      'InitialProject',
      'Order',
      'Limit',
      'Stream',
    ]);
  });
});

describe('index DDL', () => {
  test('duplicate names are 4300; IF NOT EXISTS tolerates them', () => {
    h.rows('CREATE INDEX i1 ON ks(city)');
    const e = h.fail('CREATE INDEX i1 ON ks(age)');
    expect(e.code).toBe(4300);
    expect(e.httpStatus).toBe(409);
    expect(e.message).toBe('The index i1 already exists.');
    expect(() => h.rows('CREATE INDEX i1 IF NOT EXISTS ON ks(age)')).not.toThrow();
    h.rows('CREATE PRIMARY INDEX ON ks');
    expect(h.fail('CREATE PRIMARY INDEX ON ks').message).toBe('The index #primary already exists.');
    h.rows('CREATE PRIMARY INDEX `named_primary` ON ks');
  });

  test('DROP INDEX in both spellings; a missing index is 12016', () => {
    h.rows('CREATE INDEX i2 ON ks(city)');
    h.rows('DROP INDEX ks.i2');
    expect(h.fail("SELECT * FROM ks WHERE city = 'x'").code).toBe(4000);
    h.rows('CREATE INDEX i3 ON ks(city)');
    h.rows('DROP INDEX i3 ON ks USING GSI');
    const e = h.fail('DROP INDEX ks.i3');
    expect(e.code).toBe(12016);
    expect(e.message).toContain('Index Not Found');
    expect(h.fail('DROP PRIMARY INDEX ON ks').code).toBe(12016);
    expect(() => h.rows('DROP INDEX IF EXISTS ks.i3')).not.toThrow();
    h.rows('CREATE INDEX i4 ON `ks`(city)');
    h.rows('DROP INDEX `ks`.`i4`');
    h.rows('CREATE INDEX i5 ON default:ks(city)');
    h.rows('DROP INDEX default:ks.i5');
  });

  test('DDL takes effect in execute() and is a write with no rows', () => {
    const exec = h.engine.execute({ statement: 'CREATE PRIMARY INDEX ON ks' });
    expect(exec.isWrite).toBe(true);
    expect(exec.signature).toBeUndefined();
    expect(h.rows('SELECT RAW COUNT(*) FROM ks')).toEqual([40]);
    expect([...exec.rows]).toEqual([]);
  });

  test('DDL options are accepted', () => {
    expect(() => h.rows('CREATE INDEX opt ON ks(city DESC, age ASC) WHERE seq > 1 USING GSI WITH {"defer_build": true}')).not.toThrow();
  });

  test('createPrimaryIndex() is the programmatic form', () => {
    h.engine.createPrimaryIndex('ks');
    h.engine.createPrimaryIndex('ks');
    expect(h.rows('SELECT RAW COUNT(*) FROM ks')).toEqual([40]);
  });
});

describe('keyspaces', () => {
  test('an unknown keyspace is 12003 with the real message', () => {
    const e = h.fail('SELECT * FROM nope');
    expect(e.code).toBe(12003);
    expect(e.httpStatus).toBe(404);
    expect(e.message).toBe('Keyspace not found in CB datastore: default:nope');
    expect(h.fail('CREATE PRIMARY INDEX ON nope').code).toBe(12003);
    expect(h.fail("SELECT * FROM nope USE KEYS 'a'").code).toBe(12003);
  });

  test('system:keyspaces and system:indexes', () => {
    h.rows('CREATE INDEX by_city ON ks(city) WHERE seq > 1');
    h.engine.createPrimaryIndex('ks');
    expect(h.rows('SELECT RAW name FROM system:keyspaces')).toEqual(['ks']);
    const idx = h.rows('SELECT name, keyspace_id, is_primary, index_key, `condition`, state FROM system:indexes ORDER BY name');
    expect(idx).toEqual([
      { name: '#primary', keyspace_id: 'ks', is_primary: true, index_key: [], state: 'online' },
      { name: 'by_city', keyspace_id: 'ks', index_key: ['`city`'], condition: '(`seq` > 1)', state: 'online' },
    ]);
  });
});
