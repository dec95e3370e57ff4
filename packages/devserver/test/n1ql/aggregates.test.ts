/**
 * Aggregates with and without GROUP BY: COUNT(*) / COUNT(x) / COUNT(DISTINCT x), SUM,
 * AVG, MIN, MAX, ARRAY_AGG (sorted, with DISTINCT), HAVING, LETTING, ORDER BY on
 * aggregates, the one-row result over no input, and the group-key rule (4210).
 * Expected values are computed with plain JavaScript reductions over the documents.
 */
import { harness, sortRows } from './helpers/harness';
import { refCollate, row } from './helpers/reference';

const h = harness(300);
const docs = [...h.docs.values()];
const num = (x: unknown): x is number => typeof x === 'number';
const valued = (x: unknown): boolean => x !== undefined && x !== null;

/** The aggregates of a list of documents, computed independently. */
function aggregates(ds: Record<string, unknown>[]) {
  const ages = ds.map((d) => d.age).filter(num);
  const sum = ages.reduce((a, b) => a + b, 0);
  const valuedAges = ds.map((d) => d.age).filter(valued);
  const sorted = [...valuedAges].sort(refCollate);
  return {
    n: ds.length,
    c: valuedAges.length,
    s: ages.length === 0 ? null : sum,
    a: ages.length === 0 ? null : sum / ages.length,
    lo: sorted[0] ?? null,
    hi: sorted.at(-1) ?? null,
  };
}

describe('aggregates over the whole input', () => {
  test('COUNT / SUM / AVG / MIN / MAX', () => {
    const e = aggregates(docs);
    const [r] = h.rows('SELECT COUNT(*) AS n, COUNT(age) AS c, SUM(age) AS s, AVG(age) AS a, MIN(age) AS lo, MAX(age) AS hi FROM ks') as Record<string, number>[];
    expect(r!.n).toBe(e.n);
    expect(r!.c).toBe(e.c);
    expect(r!.s).toBe(e.s);
    expect(r!.a).toBeCloseTo(e.a!, 10);
    expect(r!.lo).toEqual(e.lo);
    expect(r!.hi).toEqual(e.hi);
  });

  test('DISTINCT variants', () => {
    const cities = new Set(docs.map((d) => d.city));
    const ages = [...new Set(docs.map((d) => d.age).filter(num))];
    expect(h.rows('SELECT COUNT(DISTINCT city) AS c, SUM(DISTINCT age) AS s, AVG(DISTINCT age) AS a FROM ks')).toEqual([
      { c: cities.size, s: ages.reduce((x, y) => x + y, 0), a: ages.reduce((x, y) => x + y, 0) / ages.length },
    ]);
  });

  test('ARRAY_AGG keeps NULL, drops MISSING, and sorts; DISTINCT removes duplicates', () => {
    const names = docs.map((d) => d.name).filter((n) => n !== undefined);
    expect(h.rows('SELECT RAW ARRAY_AGG(name) FROM ks')).toEqual([[...names].sort(refCollate)]);
    const cities = [...new Set(docs.map((d) => d.city as string))].sort();
    expect(h.rows('SELECT RAW ARRAY_AGG(DISTINCT city) FROM ks')).toEqual([cities]);
    const mixed: unknown[] = [];
    for (const d of docs) if (d.mixed !== undefined && !mixed.some((m) => refCollate(m, d.mixed) === 0)) mixed.push(d.mixed);
    expect(h.rows('SELECT RAW ARRAY_AGG(DISTINCT mixed) FROM ks')).toEqual([mixed.sort(refCollate)]);
  });

  test('over no rows: one row, COUNT 0 and the others NULL', () => {
    expect(h.rows('SELECT COUNT(*) AS n, COUNT(age) AS c, SUM(age) AS s, AVG(age) AS a, MIN(age) AS lo, MAX(age) AS hi, ARRAY_AGG(age) AS arr FROM ks WHERE seq < 0')).toEqual([
      { n: 0, c: 0, s: null, a: null, lo: null, hi: null, arr: null },
    ]);
    expect(h.rows('SELECT RAW COUNT(*) FROM ks WHERE seq < 0')).toEqual([0]);
  });

  test('aggregates inside expressions, and HAVING without GROUP BY', () => {
    const e = aggregates(docs);
    expect(h.rows('SELECT COUNT(*) * 2 AS twice, ROUND(AVG(age)) AS r FROM ks')).toEqual([{ twice: e.n * 2, r: Math.round(e.a!) }]);
    expect(h.rows('SELECT COUNT(*) AS n FROM ks HAVING COUNT(*) > 1000')).toEqual([]);
    expect(h.rows('SELECT COUNT(*) AS n FROM ks HAVING COUNT(*) > 10')).toEqual([{ n: e.n }]);
  });

  test('SUM / AVG skip non-numbers; MIN / MAX span types', () => {
    expect(h.rows('SELECT SUM(mixed) AS s, MIN(mixed) AS lo, MAX(mixed) AS hi, COUNT(mixed) AS c FROM ks')).toEqual([
      {
        s: docs.map((d) => d.mixed).filter(num).reduce((a, b) => a + b, 0),
        lo: [...docs.map((d) => d.mixed).filter(valued)].sort(refCollate)[0],
        hi: [...docs.map((d) => d.mixed).filter(valued)].sort(refCollate).at(-1),
        c: docs.filter((d) => valued(d.mixed)).length,
      },
    ]);
  });
});

describe('GROUP BY', () => {
  /** Documents grouped by a key function (keys compared by JSON text). */
  const groupBy = (key: (d: Record<string, unknown>) => unknown): Map<string, Record<string, unknown>[]> => {
    const m = new Map<string, Record<string, unknown>[]>();
    for (const d of docs) {
      const k = JSON.stringify(key(d) ?? null);
      m.set(k, [...(m.get(k) ?? []), d]);
    }
    return m;
  };

  test('one key, several aggregates, ORDER BY the key', () => {
    const groups = groupBy((d) => d.city);
    const expected = [...groups.entries()]
      .map(([k, ds]) => {
        const e = aggregates(ds);
        return { city: JSON.parse(k), n: e.n, s: e.s, lo: e.lo };
      })
      .sort((a, b) => refCollate(a.city, b.city));
    expect(h.rows('SELECT city, COUNT(*) AS n, SUM(age) AS s, MIN(age) AS lo FROM ks GROUP BY city ORDER BY city')).toEqual(expected);
  });

  test('two keys, one of them sometimes MISSING or NULL', () => {
    const m = new Map<string, Record<string, unknown>>();
    for (const d of docs) {
      const k = JSON.stringify([d.type, d.active === undefined ? '<missing>' : d.active]);
      const r = m.get(k) ?? row({ type: d.type, active: d.active, n: 0 });
      r.n = (r.n as number) + 1;
      m.set(k, r);
    }
    expect(sortRows(h.rows('SELECT type, active, COUNT(*) AS n FROM ks GROUP BY type, active'))).toEqual(sortRows([...m.values()]));
  });

  test('HAVING filters groups; ORDER BY an aggregate and by an alias', () => {
    const groups = groupBy((d) => d.city);
    const expected = [...groups.entries()]
      .map(([k, ds]) => ({ city: JSON.parse(k) as string, n: ds.length }))
      .filter((g) => g.n > 45)
      .sort((a, b) => b.n - a.n || refCollate(a.city, b.city));
    expect(h.rows('SELECT city, COUNT(*) AS n FROM ks GROUP BY city HAVING COUNT(*) > 45 ORDER BY COUNT(*) DESC, city')).toEqual(expected);
    expect(h.rows('SELECT city, COUNT(*) AS n FROM ks GROUP BY city HAVING COUNT(*) > 45 ORDER BY n DESC, city')).toEqual(expected);
  });

  test('LETTING names an aggregate for HAVING and the projection', () => {
    const groups = groupBy((d) => d.type);
    const expected = [...groups.entries()]
      .map(([k, ds]) => ({ type: JSON.parse(k) as string, avg: aggregates(ds).a }))
      .filter((g) => g.avg! > 0)
      .sort((a, b) => refCollate(a.type, b.type));
    const rows = h.rows('SELECT type, a AS avg FROM ks GROUP BY type LETTING a = AVG(age) HAVING a > 0 ORDER BY type') as { type: string; avg: number }[];
    expect(rows.map((r) => r.type)).toEqual(expected.map((e) => e.type));
    rows.forEach((r, i) => expect(r.avg).toBeCloseTo(expected[i]!.avg!, 10));
  });

  test('group keys are expressions; projections may use them', () => {
    const m = new Map<number, number>();
    for (const d of docs) m.set((d.seq as number) % 4, (m.get((d.seq as number) % 4) ?? 0) + 1);
    expect(h.rows('SELECT seq % 4 AS bucket, COUNT(*) AS n FROM ks GROUP BY seq % 4 ORDER BY seq % 4')).toEqual([...m.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, n]) => ({ bucket, n })));
    expect(h.rows("SELECT UPPER(t.city) || '!' AS c FROM ks t GROUP BY t.city ORDER BY t.city LIMIT 2")).toEqual(
      [...new Set(docs.map((d) => d.city as string))].sort().slice(0, 2).map((c) => ({ c: `${c.toUpperCase()}!` })),
    );
  });

  test('GROUP BY over no rows yields no rows', () => {
    expect(h.rows('SELECT city, COUNT(*) AS n FROM ks WHERE seq < 0 GROUP BY city')).toEqual([]);
  });

  test('ARRAY_AGG per group and COUNT(DISTINCT) per group', () => {
    const groups = groupBy((d) => d.type);
    const expected = [...groups.entries()]
      .map(([k, ds]) => ({ type: JSON.parse(k) as string, cities: [...new Set(ds.map((d) => d.city as string))].sort(), n: new Set(ds.map((d) => d.city)).size }))
      .sort((a, b) => refCollate(a.type, b.type));
    expect(h.rows('SELECT type, ARRAY_AGG(DISTINCT city) AS cities, COUNT(DISTINCT city) AS n FROM ks GROUP BY type ORDER BY type')).toEqual(expected);
  });

  test('a projection that is neither a group key nor an aggregate is 4210', () => {
    const e = h.fail('SELECT name, COUNT(*) FROM ks GROUP BY city');
    expect(e.code).toBe(4210);
    expect(e.message).toContain('must depend only on group keys or aggregates');
    expect(h.fail('SELECT name, COUNT(*) FROM ks').code).toBe(4210);
    expect(h.fail('SELECT city FROM ks GROUP BY city HAVING age > 3').code).toBe(4210);
    expect(h.fail('SELECT META().id FROM ks GROUP BY city').code).toBe(4210);
  });

  test('aggregates are not allowed in WHERE or nested', () => {
    expect(h.fail('SELECT * FROM ks WHERE COUNT(*) > 1').code).toBe(4210);
    expect(h.fail('SELECT SUM(COUNT(*)) FROM ks').code).toBe(4210);
  });
});
