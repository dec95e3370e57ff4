/**
 * INSERT / UPSERT / UPDATE / DELETE through the Keyspace interface (so their effect is
 * checked on the keyspace itself), RETURNING, mutation counts, and the 12009 failures a
 * real server reports: duplicate key (17012), key not found (17014), CAS mismatch
 * (12033), plus the read-only rule (1000).
 */
import { QueryError } from '../../src/n1ql/engine';
import { harness, sortRows, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = harness(60);
});

/** Runs a DML statement; returns its rows, mutation count and the error thrown while iterating (if any). */
function run(statement: string, params: Record<string, unknown> = {}): { rows: unknown[]; count: number; error?: QueryError } {
  const exec = h.engine.execute({ statement, ...params });
  const rows: unknown[] = [];
  try {
    for (const r of exec.rows) rows.push(r);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    return { rows, count: exec.mutationCount(), error: err };
  }
  return { rows, count: exec.mutationCount() };
}

describe('INSERT', () => {
  test('VALUES rows are written and visible through the keyspace', () => {
    const r = run("INSERT INTO ks (KEY, VALUE) VALUES ('n1', {'a': 1}), ('n2', {'a': 2, 'b': [1, 2]}), VALUES ('n3', 'scalar')");
    expect(r).toEqual({ rows: [], count: 3 });
    expect(h.ks.value('n1')).toEqual({ a: 1 });
    expect(h.ks.value('n2')).toEqual({ a: 2, b: [1, 2] });
    expect(h.ks.value('n3')).toBe('scalar');
    expect(h.rows("SELECT RAW a FROM ks USE KEYS ['n1', 'n2']")).toEqual([1, 2]);
  });

  test('RETURNING projections see the new document and its metadata', () => {
    const r = run("INSERT INTO ks AS d (KEY, VALUE) VALUES ('r1', {'a': 1, 'b': 'x'}) RETURNING d.*, META(d).id AS id, META().cas AS cas");
    expect(r.rows).toEqual([{ a: 1, b: 'x', id: 'r1', cas: Number(h.ks.docs.get('r1')!.meta.cas) }]);
    expect(run("INSERT INTO ks (KEY, VALUE) VALUES ('r2', {'v': 5}) RETURNING RAW ks.v * 2").rows).toEqual([10]);
    expect(run("INSERT INTO ks (KEY, VALUE) VALUES ('r3', {'v': 5}) RETURNING *").rows).toEqual([{ ks: { v: 5 } }]);
  });

  test('the signature follows RETURNING; without it there is none', () => {
    expect(h.engine.execute({ statement: "INSERT INTO ks (KEY, VALUE) VALUES ('s1', 1)" }).signature).toBeUndefined();
    expect(h.engine.execute({ statement: "INSERT INTO ks (KEY, VALUE) VALUES ('s2', 1) RETURNING META().id" }).signature).toEqual({ id: 'json' });
  });

  test('a duplicate key is 12009 with reason 17012; the other rows are still written', () => {
    const r = run("INSERT INTO ks (KEY, VALUE) VALUES ('doc-001', {'x': 1}), ('fresh', {'x': 2}) RETURNING RAW META().id");
    expect(r.rows).toEqual(['fresh']);
    expect(r.count).toBe(1);
    expect(r.error?.code).toBe(12009);
    expect(r.error?.httpStatus).toBe(200);
    expect(r.error?.reason).toMatchObject({ code: 17012 });
    expect(String(r.error?.reason?.message)).toContain('doc-001');
    expect(r.error?.message).toContain('DML Error');
    expect(h.ks.value('doc-001')).toEqual(h.docs.get('doc-001'));
    expect(h.ks.value('fresh')).toEqual({ x: 2 });
  });

  test('INSERT … SELECT copies rows under computed keys', () => {
    const dst = h.ds.add('dst');
    const things = [...h.docs.entries()].filter(([, d]) => d.type === 'thing');
    const r = run("INSERT INTO dst (KEY 'copy::' || k, VALUE v) SELECT META(s).id AS k, s AS v FROM ks s WHERE s.type = 'thing'");
    expect(r.count).toBe(things.length);
    for (const [id, d] of things) expect(dst.value(`copy::${id}`)).toEqual(d);
    expect(dst.docs.size).toBe(things.length);
  });

  test('INSERT … SELECT without VALUE stores the whole row', () => {
    const dst = h.ds.add('dst2');
    run("INSERT INTO dst2 (KEY k) SELECT META().id AS k, seq FROM ks WHERE seq < 3");
    expect(dst.value('doc-002')).toEqual({ k: 'doc-002', seq: 2 });
  });

  test('OPTIONS carry an expiration', () => {
    run("INSERT INTO ks (KEY, VALUE, OPTIONS) VALUES ('ttl', {'a': 1}, {'expiration': 3600})");
    expect(h.ks.docs.get('ttl')!.meta.expiration).toBe(3600);
  });

  test('a non-string key or a MISSING value fails that row', () => {
    expect(run("INSERT INTO ks (KEY, VALUE) VALUES (1, {'a': 1})").error?.code).toBe(5010);
    expect(run("INSERT INTO ks (KEY, VALUE) VALUES ('k', MISSING)").error?.code).toBe(5010);
  });

  test('iterating the rows again does not write again', () => {
    const exec = h.engine.execute({ statement: "INSERT INTO ks (KEY, VALUE) VALUES ('once', 1) RETURNING RAW META().id" });
    expect([...exec.rows]).toEqual(['once']);
    expect([...exec.rows]).toEqual(['once']);
    expect(exec.mutationCount()).toBe(1);
    expect(exec.isWrite).toBe(true);
  });
});

describe('UPSERT', () => {
  test('creates and replaces', () => {
    const r = run("UPSERT INTO ks (KEY, VALUE) VALUES ('doc-001', {'replaced': true}), ('up-new', {'n': 1}) RETURNING RAW META().id");
    expect(sortRows(r.rows)).toEqual(['doc-001', 'up-new']);
    expect(r.count).toBe(2);
    expect(h.ks.value('doc-001')).toEqual({ replaced: true });
    expect(h.ks.value('up-new')).toEqual({ n: 1 });
  });
});

describe('UPDATE', () => {
  test('SET and UNSET with WHERE, visible through the keyspace', () => {
    const places = [...h.docs.entries()].filter(([, d]) => d.type === 'place');
    const r = run("UPDATE ks SET visited = TRUE, city = UPPER(city) UNSET tags WHERE type = 'place'");
    expect(r.count).toBe(places.length);
    for (const [id, d] of places) {
      const { tags: _tags, ...rest } = d;
      expect(h.ks.value(id)).toEqual({ ...rest, visited: true, city: (d.city as string).toUpperCase() });
    }
    const other = [...h.docs.entries()].find(([, d]) => d.type !== 'place')!;
    expect(h.ks.value(other[0])).toEqual(other[1]);
  });

  test('nested paths create the objects they need; later SETs see earlier ones', () => {
    run("UPDATE ks USE KEYS 'doc-001' SET a.b.c = 1, a.b.d = a.b.c + 1, address.geo.alt = 5, scores[0] = 'first'");
    type Shape = { a?: unknown; address?: { geo?: Record<string, unknown> }; scores: unknown[] };
    const expected = structuredClone(h.docs.get('doc-001')!) as Shape;
    expected.a = { b: { c: 1, d: 2 } };
    expected.address = { ...(expected.address ?? {}), geo: { ...(expected.address?.geo ?? {}), alt: 5 } };
    expected.scores[0] = 'first';
    expect(h.ks.value('doc-001')).toEqual(expected);
  });

  test('SET to MISSING removes a field; UNSET of an element removes it', () => {
    run("UPDATE ks USE KEYS 'doc-002' SET name = MISSING UNSET scores[0]");
    const d = structuredClone(h.docs.get('doc-002')!) as { name?: unknown; scores: unknown[] };
    delete d.name;
    d.scores.splice(0, 1);
    expect(h.ks.value('doc-002')).toEqual(d);
  });

  test('RETURNING shows the new document and CAS; LIMIT bounds the updates', () => {
    const r = run("UPDATE ks AS d SET d.hits = IFMISSING(d.hits, 0) + 1 WHERE d.type = 'person' LIMIT 3 RETURNING META(d).id AS id, d.hits, META(d).cas AS cas");
    expect(r.count).toBe(3);
    expect(r.rows).toHaveLength(3);
    for (const row of r.rows as { id: string; hits: number; cas: number }[]) {
      expect(row.hits).toBe(1);
      expect(row.cas).toBe(Number(h.ks.docs.get(row.id)!.meta.cas));
    }
    expect(h.rows('SELECT RAW COUNT(*) FROM ks WHERE hits = 1')).toEqual([3]);
  });

  test('USE KEYS of a missing key updates nothing', () => {
    expect(run("UPDATE ks USE KEYS 'nope' SET x = 1")).toEqual({ rows: [], count: 0 });
  });

  test('a CAS mismatch is 12009 with reason 12033', () => {
    h.ks.replaceFailure = { ok: false, reason: 'cas_mismatch', message: 'CAS mismatch' };
    const r = run("UPDATE ks USE KEYS ['doc-001', 'doc-002'] SET x = 1");
    expect(r.count).toBe(0);
    expect(r.error?.code).toBe(12009);
    expect(r.error?.reason).toMatchObject({ code: 12033, message: 'CAS mismatch' });
    expect(r.error?.message).toContain('CAS mismatch');
    expect(h.ks.value('doc-001')).toEqual(h.docs.get('doc-001'));
  });

  test('a document that vanished is 12009 with reason 17014', () => {
    h.ks.replaceFailure = { ok: false, reason: 'not_found', message: 'Key not found' };
    const r = run("UPDATE ks USE KEYS 'doc-003' SET x = 1");
    expect(r.error?.code).toBe(12009);
    expect(r.error?.reason).toMatchObject({ code: 17014 });
  });

  test('a real concurrent change between read and write is a CAS mismatch', () => {
    const exec = h.engine.execute({ statement: "UPDATE ks SET touched = TRUE WHERE seq < 2 RETURNING RAW META().id" });
    const it = exec.rows[Symbol.iterator]();
    // The first write happens when the first row is pulled; the documents were chosen before it.
    const first = it.next();
    expect(first.done).toBe(false);
    const other = first.value === 'doc-000' ? 'doc-001' : 'doc-000';
    h.ks.put(other, { changed: 'by someone else' });
    expect(() => it.next()).toThrow(expect.objectContaining({ code: 12009, reason: expect.objectContaining({ code: 12033 }) }));
    expect(h.ks.value(other)).toEqual({ changed: 'by someone else' });
  });

  test('SET of a non-path is rejected', () => {
    expect(h.fail('UPDATE ks USE KEYS "doc-001" SET 1 = 2').code).toBe(3000);
  });
});

describe('DELETE', () => {
  test('WHERE, RETURNING the old documents, effect on the keyspace', () => {
    const victims = [...h.docs.entries()].filter(([, d]) => d.city === 'Berlin');
    const r = run("DELETE FROM ks d WHERE d.city = 'Berlin' RETURNING META(d).id AS id, d.seq");
    expect(sortRows(r.rows)).toEqual(sortRows(victims.map(([id, d]) => ({ id, seq: d.seq }))));
    expect(r.count).toBe(victims.length);
    for (const [id] of victims) expect(h.ks.value(id)).toBeUndefined();
    expect(h.ks.docs.size).toBe(60 - victims.length);
  });

  test('USE KEYS and LIMIT', () => {
    expect(run("DELETE FROM ks USE KEYS ['doc-001', 'missing'] RETURNING RAW META().id").rows).toEqual(['doc-001']);
    expect(run('DELETE FROM ks LIMIT 5').count).toBe(5);
    expect(h.ks.docs.size).toBe(60 - 6);
  });

  test('a failed remove is 12009 with its reason', () => {
    h.ks.removeFailure = { ok: false, reason: 'not_found', message: 'Key not found' };
    const r = run("DELETE FROM ks USE KEYS 'doc-004'");
    expect(r.error?.reason).toMatchObject({ code: 17014 });
    h.ks.removeFailure = { ok: false, reason: 'cas_mismatch', message: 'CAS mismatch' };
    expect(run("DELETE FROM ks USE KEYS 'doc-004'").error?.reason).toMatchObject({ code: 12033 });
    h.ks.removeFailure = { ok: false, reason: 'locked', message: 'Document is locked: doc-004' };
    const locked = run("DELETE FROM ks USE KEYS 'doc-004'").error!;
    expect(locked.code).toBe(12009);
    expect(locked.reason).toMatchObject({ mc_status: 'LOCKED' });
  });
});

describe('read-only requests and planning', () => {
  test('readonly rejects DML and DDL with 1000 before anything runs', () => {
    for (const s of ["INSERT INTO ks (KEY, VALUE) VALUES ('ro', 1)", "UPSERT INTO ks (KEY, VALUE) VALUES ('ro', 1)", 'UPDATE ks SET x = 1', 'DELETE FROM ks', 'CREATE INDEX ro ON ks(x)', 'DROP PRIMARY INDEX ON ks']) {
      let err: unknown;
      try {
        h.engine.execute({ statement: s, readonly: true });
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 1000, httpStatus: 403, message: 'The server or request is read-only and cannot accept this write statement.' });
    }
    expect(h.ks.value('ro')).toBeUndefined();
    expect(h.rows('SELECT RAW COUNT(*) FROM ks', { readonly: true })).toEqual([60]);
  });

  test('UPDATE / DELETE scans need an index; USE KEYS does not', () => {
    const bare = harness(5, { primary: false });
    expect(bare.fail('UPDATE ks SET x = 1').code).toBe(4000);
    expect(bare.fail("DELETE FROM ks WHERE type = 'thing'").code).toBe(4000);
    expect(bare.rows("UPDATE ks USE KEYS 'doc-001' SET x = 1 RETURNING RAW x")).toEqual([1]);
    expect(bare.rows("INSERT INTO ks (KEY, VALUE) VALUES ('i', 1) RETURNING RAW META().id")).toEqual(['i']);
  });

  test('DML on an unknown keyspace is 12003', () => {
    expect(h.fail("INSERT INTO nope (KEY, VALUE) VALUES ('a', 1)").code).toBe(12003);
    expect(h.fail('DELETE FROM nope').code).toBe(12003);
  });
});
