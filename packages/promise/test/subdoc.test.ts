/**
 * Sub-documents end to end: the promise Bucket's lookupIn / mutateIn against the dev
 * cluster. Expected documents are written out by hand or computed with plain JS over the
 * same starting document, then compared with a whole-document get.
 */
import {
  Bucket,
  KeyExistsError,
  NotFoundError,
  SD,
  SubdocError,
  SubdocPathExistsError,
  SubdocPathMismatchError,
  SubdocPathNotFoundError,
  SubdocResult,
  ArgumentError,
} from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

let cluster: DevCluster;
let bucket: Bucket;
let n = 0;
const key = (): string => `sd-${++n}`;

const USER = { name: 'Ada', email: 'ada@example.com', tags: ['math', 'engines'], address: { city: 'London' }, visits: 10 };

beforeAll(async () => {
  cluster = await startDevCluster();
  bucket = new Bucket(cluster.connectionString, { username: cluster.username, password: cluster.password });
  await bucket.connect();
});
afterAll(async () => {
  await bucket.close();
  await cluster.stop();
});

describe('lookupIn', () => {
  test('get, exists, getCount and the whole document, by index and by path', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    const r = await bucket.lookupIn(k, SD.get('name'), SD.exists('email'), SD.exists('phone'), SD.getCount('tags'), SD.get('address.city'), SD.get(''));
    expect(r).toBeInstanceOf(SubdocResult);
    expect(r.length).toBe(6);
    expect(r.get(0)).toBe('Ada');
    expect(r.get('name')).toBe('Ada');
    expect(r.exists(1)).toBe(true);
    expect(r.exists(2)).toBe(false);
    expect(r.get(3)).toBe(USER.tags.length);
    expect(r.get('address.city')).toBe('London');
    expect(r.get(5)).toEqual(USER);
    expect(typeof r.cas).toBe('bigint');
  });

  test('a missing path is not an error: the entry carries it, the others are values', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    const r = await bucket.lookupIn(k, SD.get('name'), SD.get('nope.deeper'), SD.get('tags[0]'));
    const entries = [...r];
    expect(entries[0]).toEqual({ value: 'Ada', error: undefined });
    expect(entries[1]!.value).toBeUndefined();
    expect(entries[1]!.error).toBeInstanceOf(SubdocPathNotFoundError);
    expect(entries[2]).toEqual({ value: 'math', error: undefined });
    expect(r.exists(1)).toBe(false);
    expect(() => r.get(1)).toThrow(SubdocPathNotFoundError);
  });

  test('a path through a scalar is a mismatch; a missing document is NotFoundError', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    const r = await bucket.lookupIn(k, SD.get('name.first'));
    expect([...r][0]!.error).toBeInstanceOf(SubdocPathMismatchError);
    await expect(bucket.lookupIn(key(), SD.get('name'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('mutateIn', () => {
  test('every mutation helper in one atomic call, checked against the same changes in plain JS', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    const r = await bucket.mutateIn(
      k,
      SD.upsert('address.zip', 'NW1'),
      SD.insert('phone', '+44'),
      SD.replace('email', 'ada@lovelace.org'),
      SD.remove('visits'),
      SD.arrayAppend('tags', 'poetry'),
      SD.arrayPrepend('tags', 'logic'),
      SD.arrayInsert('tags[1]', 'analysis'),
      SD.arrayAddUnique('tags', 'music'),
      SD.counter('stats.logins', 5, { createParents: true }),
      SD.upsert('deep.a.b', true, { createParents: true }),
    );
    expect(r.get(8)).toBe(5);
    const expected = structuredClone(USER) as Record<string, unknown> & typeof USER;
    (expected.address as Record<string, unknown>).zip = 'NW1';
    expected.phone = '+44';
    expected.email = 'ada@lovelace.org';
    delete (expected as Record<string, unknown>).visits;
    expected.tags.push('poetry');
    expected.tags.unshift('logic');
    expected.tags.splice(1, 0, 'analysis');
    expected.tags.push('music');
    expected.stats = { logins: 5 };
    expected.deep = { a: { b: true } };
    const doc = (await bucket.get(k)).value;
    expect(doc).toEqual(expected);
    expect(r.cas).toBe((await bucket.get(k)).cas);
  });

  test('a failing spec rejects with its typed error and changes nothing', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    await expect(bucket.mutateIn(k, SD.upsert('ok', 1), SD.replace('missing', 2))).rejects.toBeInstanceOf(SubdocPathNotFoundError);
    await expect(bucket.mutateIn(k, SD.insert('name', 'x'))).rejects.toBeInstanceOf(SubdocPathExistsError);
    await expect(bucket.mutateIn(k, SD.arrayAddUnique('tags', 'math'))).rejects.toBeInstanceOf(SubdocPathExistsError);
    await expect(bucket.mutateIn(k, SD.arrayAppend('name', 'x'))).rejects.toBeInstanceOf(SubdocPathMismatchError);
    await expect(bucket.mutateIn(k, SD.counter('name', 1))).rejects.toBeInstanceOf(SubdocError);
    expect((await bucket.get(k)).value).toEqual(USER);
  });

  test('the failing spec is named in the error', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    const err = (await bucket.mutateIn(k, SD.upsert('a', 1), SD.upsert('b', 2), SD.remove('nope')).catch((e: unknown) => e)) as SubdocPathNotFoundError;
    expect(err).toBeInstanceOf(SubdocPathNotFoundError);
    expect(err.message).toMatch(/at spec 2 \(path 'nope'\)$/);
    expect(err.context).toMatchObject({ specIndex: 2, path: 'nope' });
    expect(err.key).toBe(k);
  });

  test('cas: a stale CAS is KeyExistsError (the seeds\' CAS mismatch), the current one works', async () => {
    const k = key();
    const first = await bucket.upsert(k, USER);
    await bucket.upsert(k, { ...USER, visits: 11 });
    await expect(bucket.mutateIn(k, SD.upsert('x', 1), { cas: first.cas })).rejects.toBeInstanceOf(KeyExistsError);
    const current = await bucket.get(k);
    const ok = await bucket.mutateIn(k, SD.upsert('x', 1), { cas: current.cas });
    expect(ok.cas).not.toBe(current.cas);
  });

  test('upsertDoc creates a missing document, insertDoc refuses an existing one; without either a missing document is NotFoundError', async () => {
    const k = key();
    await expect(bucket.mutateIn(k, SD.upsert('a', 1))).rejects.toBeInstanceOf(NotFoundError);
    await bucket.mutateIn(k, SD.upsert('a.b', 1, { createParents: true }), { upsertDoc: true });
    expect((await bucket.get(k)).value).toEqual({ a: { b: 1 } });
    await expect(bucket.mutateIn(k, SD.upsert('c', 1), { insertDoc: true })).rejects.toBeInstanceOf(KeyExistsError);
    const fresh = key();
    await bucket.mutateIn(fresh, SD.upsert('only', true), { insertDoc: true });
    expect((await bucket.get(fresh)).value).toEqual({ only: true });
  });

  test('ttl sets the expiry: the document is gone after the cluster clock passes it', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    await bucket.mutateIn(k, SD.upsert('t', 1), { ttl: 10 });
    expect((await bucket.get(k)).value).toMatchObject({ t: 1 });
    await cluster.timeTravel(11_000);
    await expect(bucket.get(k)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('xattrs: written next to the body, read back with xattr, invisible to a plain get; $document is readable', async () => {
    const k = key();
    await bucket.upsert(k, USER);
    await bucket.mutateIn(k, SD.upsert('meta.owner', 'ada', { xattr: true, createParents: true }), SD.upsert('visits', 11));
    const r = await bucket.lookupIn(k, SD.get('meta', { xattr: true }), SD.get('$document.exptime', { xattr: true }), SD.get('visits'));
    expect(r.get(0)).toEqual({ owner: 'ada' });
    expect(r.get(1)).toBe(0);
    expect(r.get(2)).toBe(11);
    expect((await bucket.get(k)).value).toEqual({ ...USER, visits: 11 });
  });

  test('bad specs are ArgumentErrors before anything is sent', async () => {
    const k = key();
    expect(() => SD.counter('n', 0)).toThrow(ArgumentError);
    expect(() => SD.arrayAddUnique('tags', { a: 1 })).toThrow(ArgumentError);
    await expect(bucket.lookupIn(k)).rejects.toBeInstanceOf(ArgumentError);
    await expect(bucket.mutateIn(k, ...Array.from({ length: 17 }, (_, i) => SD.upsert(`f${i}`, i)))).rejects.toBeInstanceOf(ArgumentError);
  });
});
