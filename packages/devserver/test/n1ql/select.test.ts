/**
 * SELECT: projections and their names, SELECT * / alias.* / RAW, paths, WHERE with
 * MISSING / NULL, DISTINCT, LIMIT / OFFSET, USE KEYS, LET, META(), SELECT without
 * FROM, keyspace spellings, subqueries and expression terms in FROM. Expected rows are
 * computed in JavaScript over the same documents.
 */
import { harness, sortRows } from './helpers/harness';
import { at, refCollate, row } from './helpers/reference';

const h = harness(300);
const docs = [...h.docs.entries()].map(([id, d]) => ({ id, ...d }));
const plain = [...h.docs.values()];

describe('projection', () => {
  test('unaliased terms are named after their last field; others $1, $2… in order', () => {
    const r = h.rows("SELECT seq, address.city, 1 + 1, t.seq AS s, UPPER('a'), [seq][0] FROM ks t USE KEYS 'doc-004'");
    const d = h.docs.get('doc-004')!;
    expect(r).toEqual([row({ seq: d.seq, city: at(d, 'address', 'city'), $1: 2, s: d.seq, $2: 'A', $3: d.seq })]);
  });

  test('MISSING values are left out of rows, NULL kept', () => {
    const expected = plain.map((d) => row({ name: d.name, age: d.age }));
    expect(h.rows('SELECT name, age FROM ks ORDER BY seq')).toEqual(expected);
  });

  test('SELECT * wraps each document in its alias', () => {
    expect(sortRows(h.rows('SELECT * FROM ks'))).toEqual(sortRows(plain.map((d) => ({ ks: d }))));
    expect(h.rows("SELECT * FROM ks AS d USE KEYS 'doc-001'")).toEqual([{ d: h.docs.get('doc-001') }]);
  });

  test('alias.* merges the document fields; mixing * with other terms', () => {
    expect(h.rows("SELECT d.* FROM ks d USE KEYS 'doc-002'")).toEqual([h.docs.get('doc-002')]);
    expect(h.rows("SELECT address.*, seq FROM ks USE KEYS 'doc-002'")).toEqual([{ ...(h.docs.get('doc-002')!.address as object), seq: 2 }]);
    expect(h.rows("SELECT *, META().id FROM ks USE KEYS 'doc-003'")).toEqual([{ ks: h.docs.get('doc-003'), id: 'doc-003' }]);
    expect(h.rows("SELECT mixed.* FROM ks USE KEYS 'doc-000'")).toEqual([{}]);
  });

  test('RAW / VALUE / ELEMENT return bare values and skip MISSING', () => {
    const names = plain.map((d) => d.name).filter((n) => n !== undefined);
    expect(h.rows('SELECT RAW name FROM ks ORDER BY seq')).toEqual(names);
    expect(h.rows('SELECT VALUE name FROM ks ORDER BY seq')).toEqual(names);
    expect(h.rows('SELECT ELEMENT name FROM ks ORDER BY seq')).toEqual(names);
  });

  test('signatures', () => {
    expect(h.engine.execute({ statement: 'SELECT * FROM ks' }).signature).toEqual({ '*': '*' });
    expect(h.engine.execute({ statement: "SELECT 1, 'a', name, 1 < 2, name || 'x' AS s FROM ks" }).signature).toEqual({ $1: 'number', $2: 'string', name: 'json', $3: 'boolean', s: 'string' });
    expect(h.engine.execute({ statement: 'SELECT COUNT(*) AS n, MAX(seq) FROM ks' }).signature).toEqual({ n: 'number', $1: 'json' });
    expect(h.engine.execute({ statement: 'SELECT RAW 1' }).signature).toBe('number');
    expect(h.engine.execute({ statement: 'SELECT RAW name FROM ks' }).signature).toBe('json');
  });

  test('object and array constructors', () => {
    expect(h.rows("SELECT {'n': name, 'm': nothere, seq} AS o, [name, nothere] AS a FROM ks USE KEYS 'doc-001'")).toEqual([
      { o: row({ n: h.docs.get('doc-001')!.name, seq: 1 }), a: [h.docs.get('doc-001')!.name, null] },
    ]);
  });
});

describe('paths', () => {
  test('nested fields, elements, negative indexes, slices', () => {
    const rows = h.rows('SELECT RAW [address.geo.lat, scores[0], scores[-1], items[0].sku, scores[1:], scores[0:1], tags[5]] FROM ks ORDER BY seq');
    const expected = plain.map((d) => {
      const scores = d.scores as unknown[];
      return [at(d, 'address', 'geo', 'lat') ?? null, scores[0], scores[scores.length - 1], at(d, 'items', 0, 'sku') ?? null, scores.slice(1), scores.slice(0, 1), null];
    });
    expect(rows).toEqual(expected);
  });

  test('field access on non-objects and elements of non-arrays are MISSING', () => {
    expect(h.rows("SELECT name.first, seq.x, tags[0].y, scores.z FROM ks USE KEYS 'doc-001'")).toEqual([{}]);
    expect(h.value('[1, 2][1.5]')).toBeNull();
    expect(h.rows('SELECT RAW [1, 2][5]')).toEqual([]);
    expect(h.value('{"a": {"b": 1}}.a.b')).toBe(1);
    expect(h.value('{"a b": 1}.`a b`')).toBe(1);
    expect(h.value('{"k": 2}.["k"]')).toBe(2);
  });
});

describe('names that exist on Object.prototype', () => {
  test('are read as fields only when the document has them', () => {
    h.ks.put('proto', JSON.parse('{"constructor": 1, "__proto__": {"x": 2}, "plain": 3}'));
    expect(h.rows("SELECT d.`constructor`, d.`__proto__`, d.toString, d.hasOwnProperty FROM ks d USE KEYS 'proto'")).toEqual([
      JSON.parse('{"constructor": 1, "__proto__": {"x": 2}}'),
    ]);
    expect(h.rows("SELECT RAW toString FROM ks USE KEYS 'doc-001'")).toEqual([]);
    expect(h.value('{"__proto__": 5}.`__proto__`')).toBe(5);
  });

  test('UPDATE cannot reach a prototype', () => {
    h.rows("UPDATE ks USE KEYS 'doc-001' UNSET `__proto__`.toString, `constructor`.name");
    expect(typeof Object.prototype.toString).toBe('function');
    h.rows("UPDATE ks USE KEYS 'doc-001' SET `__proto__`.polluted = 1");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(h.rows("SELECT RAW d.`__proto__`.polluted FROM ks d USE KEYS 'doc-001'")).toEqual([1]);
    h.ks.put('doc-001', h.docs.get('doc-001'));
    h.ks.docs.delete('proto');
  });
});

describe('WHERE', () => {
  test('keeps TRUE rows only (MISSING and NULL drop)', () => {
    // Strings collate above numbers, so "21" >= 40 is TRUE.
    const valued = plain.filter((d) => d.age !== undefined && d.age !== null);
    expect(h.rows('SELECT RAW seq FROM ks WHERE age >= 40 ORDER BY seq')).toEqual(valued.filter((d) => refCollate(d.age, 40) >= 0).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE NOT (age >= 40) ORDER BY seq')).toEqual(valued.filter((d) => refCollate(d.age, 40) < 0).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE IS_NUMBER(age) AND age >= 40 ORDER BY seq')).toEqual(plain.filter((d) => typeof d.age === 'number' && d.age >= 40).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE name IS NULL ORDER BY seq')).toEqual(plain.filter((d) => d.name === null).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE name IS MISSING ORDER BY seq')).toEqual(plain.filter((d) => d.name === undefined).map((d) => d.seq));
    expect(h.rows('SELECT RAW seq FROM ks WHERE age IS NOT VALUED ORDER BY seq')).toEqual(plain.filter((d) => d.age === undefined || d.age === null).map((d) => d.seq));
  });

  test('combined conditions', () => {
    const expected = plain
      .filter((d) => (d.type === 'person' && d.city === 'Paris') || (typeof d.price === 'number' && d.price > 900 && d.price < 990))
      .map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE (type = 'person' AND city = 'Paris') OR price BETWEEN 900.0001 AND 989.9999 ORDER BY seq")).toEqual(expected);
    const inCities = plain.filter((d) => ['Rome', 'Oslo'].includes(d.city as string) && d.active === true).map((d) => d.seq);
    expect(h.rows("SELECT RAW seq FROM ks WHERE city IN ['Rome', 'Oslo'] AND active ORDER BY seq")).toEqual(inCities);
  });

  test('on META()', () => {
    expect(h.rows("SELECT RAW META().id FROM ks WHERE META().id LIKE 'doc-00%' ORDER BY META().id")).toEqual(docs.map((d) => d.id).filter((id) => id.startsWith('doc-00')));
  });
});

describe('META()', () => {
  test('id, cas, expiration, flags, type', () => {
    h.ks.put('m1', { a: 1 }, { cas: 123456789n, expiration: 1_900_000_000, flags: 0x02000006 });
    expect(h.rows("SELECT META().id, META().cas, META().expiration, META().flags, META().type, META(d) AS m FROM ks d USE KEYS 'm1'")).toEqual([
      { id: 'm1', cas: 123456789, expiration: 1_900_000_000, flags: 0x02000006, type: 'json', m: { id: 'm1', cas: 123456789, expiration: 1_900_000_000, flags: 0x02000006, type: 'json' } },
    ]);
    h.ks.docs.delete('m1');
  });
  test('META() without FROM is MISSING', () => {
    expect(h.rows('SELECT META().id')).toEqual([{}]);
  });
});

describe('DISTINCT, LIMIT, OFFSET', () => {
  test('DISTINCT over one and several terms', () => {
    const cities = [...new Set(plain.map((d) => d.city as string))].sort();
    expect(h.rows('SELECT DISTINCT RAW city FROM ks ORDER BY city')).toEqual(cities);
    const pairs = new Map<string, Record<string, unknown>>();
    for (const d of plain) pairs.set(JSON.stringify([d.type, d.city]), { type: d.type, city: d.city });
    expect(sortRows(h.rows('SELECT DISTINCT type, city FROM ks'))).toEqual(sortRows([...pairs.values()]));
  });

  test('LIMIT and OFFSET after ORDER BY', () => {
    const seqs = plain.map((d) => d.seq as number);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq LIMIT 5')).toEqual(seqs.slice(0, 5));
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq LIMIT 5 OFFSET 10')).toEqual(seqs.slice(10, 15));
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq OFFSET 295')).toEqual(seqs.slice(295));
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq OFFSET 290 LIMIT 3')).toEqual(seqs.slice(290, 293));
    expect(h.rows('SELECT RAW seq FROM ks LIMIT 0')).toEqual([]);
    expect(h.rows('SELECT RAW seq FROM ks ORDER BY seq DESC LIMIT 1 + 1')).toEqual([299, 298]);
    expect(h.rows('SELECT RAW seq FROM ks LIMIT 7')).toHaveLength(7);
  });

  test('invalid LIMIT / OFFSET values', () => {
    expect(h.fail("SELECT RAW seq FROM ks LIMIT 'x'").code).toBe(5010);
    expect(h.fail('SELECT RAW seq FROM ks OFFSET 1.5').code).toBe(5010);
    expect(h.rows('SELECT RAW seq FROM ks LIMIT -1')).toEqual([]);
  });
});

describe('USE KEYS', () => {
  test('a single key, several keys (in order), missing keys skipped', () => {
    expect(h.rows("SELECT RAW seq FROM ks USE KEYS 'doc-010'")).toEqual([10]);
    expect(h.rows("SELECT RAW seq FROM ks USE KEYS ['doc-012', 'nope', 'doc-003']")).toEqual([12, 3]);
    expect(h.rows("SELECT RAW seq FROM ks USE PRIMARY KEYS ['doc-001'] WHERE seq > 5")).toEqual([]);
    expect(h.rows('SELECT RAW seq FROM ks USE KEYS [1, 2]')).toEqual([]);
  });
  test('keys computed by an expression', () => {
    expect(h.rows("SELECT RAW seq FROM ks USE KEYS ARRAY 'doc-00' || TOSTRING(i) FOR i IN [1, 2, 3] END")).toEqual([1, 2, 3]);
  });
});

describe('FROM variants', () => {
  test('SELECT without FROM', () => {
    expect(h.rows('SELECT 1 AS one, "x" AS x')).toEqual([{ one: 1, x: 'x' }]);
    expect(h.rows('SELECT *')).toEqual([{}]);
    expect(h.rows('SELECT RAW MISSING')).toEqual([]);
  });

  test('keyspace spellings: backquotes, default: prefix, default collection path', () => {
    const t = h.ds.add('travel-sample');
    t.put('a', { x: 1 });
    h.engine.createPrimaryIndex('travel-sample');
    expect(h.rows('SELECT RAW x FROM `travel-sample`')).toEqual([1]);
    expect(h.rows('SELECT RAW x FROM default:`travel-sample`')).toEqual([1]);
    expect(h.rows('SELECT RAW t.x FROM `default`:`travel-sample` AS t')).toEqual([1]);
    expect(h.rows('SELECT RAW x FROM `travel-sample`._default._default')).toEqual([1]);
    expect(h.rows('SELECT * FROM `travel-sample` t')).toEqual([{ t: { x: 1 } }]);
  });

  test('expression terms and subqueries in FROM', () => {
    expect(h.rows('SELECT RAW x * 2 FROM [1, 2, 3] AS x')).toEqual([2, 4, 6]);
    expect(h.rows('SELECT x FROM [1, 2] AS x')).toEqual([{ x: 1 }, { x: 2 }]);
    const expected = plain.filter((d) => d.type === 'thing').map((d) => d.seq).filter((s) => (s as number) < 30);
    expect(h.rows("SELECT RAW s.seq FROM (SELECT seq, type FROM ks WHERE seq < 30) AS s WHERE s.type = 'thing' ORDER BY s.seq")).toEqual(expected);
  });

  test('LET binds names per row', () => {
    const expected = plain.filter((d) => typeof d.price === 'number' && d.price * 2 > 1900).map((d) => ({ seq: d.seq, dbl: (d.price as number) * 2 }));
    expect(h.rows('SELECT seq, dbl FROM ks LET dbl = price * 2, big = dbl > 1900 WHERE big ORDER BY seq')).toEqual(expected);
  });
});

describe('subqueries', () => {
  test('a scalar subquery and a correlated one', () => {
    expect(h.rows('SELECT (SELECT RAW COUNT(*) FROM ks)[0] AS n')).toEqual([{ n: plain.length }]);
    const expected = plain.slice(0, 6).map((d) => ({ seq: d.seq, skus: (d.items as { sku: string }[]).map((i) => i.sku).sort() }));
    expect(h.rows('SELECT t.seq, (SELECT RAW i.sku FROM t.items AS i ORDER BY i.sku) AS skus FROM ks t WHERE t.seq < 6 ORDER BY t.seq')).toEqual(expected);
  });

  test('IN and EXISTS over subqueries', () => {
    const parisSeqs = new Set(plain.filter((d) => d.city === 'Paris').map((d) => d.seq));
    expect(h.rows("SELECT RAW seq FROM ks WHERE seq IN (SELECT RAW seq FROM ks WHERE city = 'Paris') ORDER BY seq")).toEqual([...parisSeqs].sort((a, b) => (a as number) - (b as number)));
    expect(h.value("EXISTS (SELECT 1 FROM ks WHERE city = 'Lima')")).toBe(plain.some((d) => d.city === 'Lima'));
    expect(h.value("EXISTS (SELECT 1 FROM ks WHERE city = 'Atlantis')")).toBe(false);
  });

  test('ordered results of a projection over the whole keyspace', () => {
    const expected = [...plain].sort((a, b) => refCollate(a.name, b.name) || (a.seq as number) - (b.seq as number)).map((d) => row({ name: d.name }));
    expect(h.rows('SELECT name FROM ks ORDER BY name, seq')).toEqual(expected);
  });
});
