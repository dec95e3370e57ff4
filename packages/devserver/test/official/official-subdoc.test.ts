/**
 * The official Couchbase Node.js SDK (couchbase@4, C++ core) against the dev cluster's
 * sub-document commands: lookupIn (get, exists, count, the `$document` virtual xattr),
 * mutateIn with every mutation spec, createPath, store semantics, CAS, expiry and xattrs,
 * the SDK's error classes for sub-document failures, and the two `get` options that the SDK
 * implements with MULTI_LOOKUP (withExpiry, project). The official client parses our
 * responses with its own decoder, so a layout mistake shows up here as a crash or a
 * wrong value.
 */
import * as couchbase from 'couchbase';
import { LookupInSpec, MutateInSpec, StoreSemantics } from 'couchbase';
import { useOfficialSdk } from '../helpers/official';

describe('official SDK sub-document API against the dev cluster', () => {
  const env = useOfficialSdk();

  test('lookupIn: get, exists (true and false), count, and $document.exptime as an xattr', async () => {
    const up = await env.coll.upsert('osd-look', { name: 'ann', tags: ['a', 'b', 'c'], nested: { x: 1 } }, { expiry: 3600 });
    const res = await env.coll.lookupIn('osd-look', [
      LookupInSpec.get('name'),
      LookupInSpec.exists('nested.x'),
      LookupInSpec.exists('nope'),
      LookupInSpec.count('tags'),
      LookupInSpec.get('$document.exptime', { xattr: true }),
    ]);
    expect(res.cas.toString()).toBe(up.cas.toString());
    expect(res.content[0]!.value).toBe('ann');
    expect(res.content[1]!.value).toBe(true);
    expect(res.content[2]!.value).toBe(false);
    expect(res.content[3]!.value).toBe(3);
    const exptime = res.content[4]!.value as number;
    const now = Math.floor(Date.now() / 1000);
    expect(exptime).toBeGreaterThanOrEqual(now + 3590);
    expect(exptime).toBeLessThanOrEqual(now + 3601);
  });

  test('lookupIn: a missing path is a per-spec PathNotFoundError; a missing document is DocumentNotFoundError', async () => {
    await env.coll.upsert('osd-miss', { a: 1 });
    const res = await env.coll.lookupIn('osd-miss', [LookupInSpec.get('a'), LookupInSpec.get('b.c')]);
    expect(res.content[0]!.value).toBe(1);
    expect(res.content[1]!.error).toBeInstanceOf(couchbase.PathNotFoundError);
    await expect(env.coll.lookupIn('osd-none', [LookupInSpec.get('a')])).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('mutateIn: upsert, insert, replace, remove, array ops, increment and decrement in one atomic call', async () => {
    await env.coll.upsert('osd-mut', { a: 1, list: [2], set: [1], gone: true, count: 10 });
    const res = await env.coll.mutateIn('osd-mut', [
      MutateInSpec.upsert('a', 100),
      MutateInSpec.insert('b', 'new'),
      MutateInSpec.replace('list[0]', 20),
      MutateInSpec.remove('gone'),
      MutateInSpec.arrayAppend('list', 30),
      MutateInSpec.arrayPrepend('list', 10),
      MutateInSpec.arrayInsert('list[1]', 15),
      MutateInSpec.arrayAddUnique('set', 2),
      MutateInSpec.increment('count', 5),
      MutateInSpec.decrement('count', 2),
      MutateInSpec.arrayAppend('list', [40, 50], { multi: true }),
    ]);
    expect(res.content[8]!.value).toBe(15);
    expect(res.content[9]!.value).toBe(13);
    const got = await env.coll.get('osd-mut');
    expect(got.cas.toString()).toBe(res.cas.toString());
    expect(got.content).toEqual({ a: 100, list: [10, 15, 20, 30, 40, 50], set: [1, 2], count: 13, b: 'new' });
  });

  test('mutateIn errors: PathNotFoundError, PathExistsError, DocumentNotFoundError; a failed mutateIn changes nothing', async () => {
    const before = await env.coll.upsert('osd-err', { a: 1, list: [1] });
    await expect(env.coll.mutateIn('osd-err', [MutateInSpec.upsert('x', 1), MutateInSpec.replace('missing', 2)])).rejects.toBeInstanceOf(couchbase.PathNotFoundError);
    await expect(env.coll.mutateIn('osd-err', [MutateInSpec.insert('a', 2)])).rejects.toBeInstanceOf(couchbase.PathExistsError);
    await expect(env.coll.mutateIn('osd-err', [MutateInSpec.arrayAddUnique('list', 1)])).rejects.toBeInstanceOf(couchbase.PathExistsError);
    await expect(env.coll.mutateIn('osd-err-none', [MutateInSpec.upsert('a', 1)])).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
    const after = await env.coll.get('osd-err');
    expect(after.content).toEqual({ a: 1, list: [1] });
    expect(after.cas.toString()).toBe(before.cas.toString());
  });

  test('createPath makes intermediate objects; without it the parent must exist', async () => {
    await env.coll.upsert('osd-mkdir', {});
    await expect(env.coll.mutateIn('osd-mkdir', [MutateInSpec.upsert('p.q.r', 1)])).rejects.toBeInstanceOf(couchbase.PathNotFoundError);
    await env.coll.mutateIn('osd-mkdir', [MutateInSpec.upsert('p.q.r', 1, { createPath: true }), MutateInSpec.arrayAppend('p.list', 'x', { createPath: true })]);
    expect((await env.coll.get('osd-mkdir')).content).toEqual({ p: { q: { r: 1 }, list: ['x'] } });
  });

  test('storeSemantics: Upsert creates the document, Insert refuses an existing one', async () => {
    await env.coll.mutateIn('osd-store', [MutateInSpec.upsert('a.b', 1)], { storeSemantics: StoreSemantics.Upsert });
    expect((await env.coll.get('osd-store')).content).toEqual({ a: { b: 1 } });
    await env.coll.mutateIn('osd-store-ins', [MutateInSpec.insert('x', 'y')], { storeSemantics: StoreSemantics.Insert });
    expect((await env.coll.get('osd-store-ins')).content).toEqual({ x: 'y' });
    await expect(env.coll.mutateIn('osd-store-ins', [MutateInSpec.insert('z', 1)], { storeSemantics: StoreSemantics.Insert })).rejects.toBeInstanceOf(
      couchbase.DocumentExistsError,
    );
  });

  test('cas: a stale CAS is CasMismatchError; the current one works', async () => {
    const first = await env.coll.upsert('osd-cas', { v: 1 });
    const second = await env.coll.mutateIn('osd-cas', [MutateInSpec.upsert('v', 2)], { cas: first.cas });
    await expect(env.coll.mutateIn('osd-cas', [MutateInSpec.upsert('v', 3)], { cas: first.cas })).rejects.toBeInstanceOf(couchbase.CasMismatchError);
    await env.coll.mutateIn('osd-cas', [MutateInSpec.upsert('v', 4)], { cas: second.cas });
    expect((await env.coll.get('osd-cas')).content).toEqual({ v: 4 });
  });

  test('expiry on mutateIn is enforced by the cluster clock; get withExpiry reports it', async () => {
    await env.coll.upsert('osd-exp', { v: 1 });
    await env.coll.mutateIn('osd-exp', [MutateInSpec.upsert('v', 2)], { expiry: 100 });
    const got = await env.coll.get('osd-exp', { withExpiry: true });
    expect(got.content).toEqual({ v: 2 });
    const expiryTime = got.expiryTime as number;
    const now = Math.floor(Date.now() / 1000);
    expect(expiryTime).toBeGreaterThanOrEqual(now + 95);
    expect(expiryTime).toBeLessThanOrEqual(now + 101);
    env.dev.timeTravel(101_000);
    await expect(env.coll.get('osd-exp')).rejects.toBeInstanceOf(couchbase.DocumentNotFoundError);
  });

  test('xattrs: upsert an xattr next to the body, read it back; a plain get returns the body only', async () => {
    await env.coll.upsert('osd-x', { body: true });
    await env.coll.mutateIn('osd-x', [MutateInSpec.upsert('meta.owner', 'ann', { xattr: true, createPath: true }), MutateInSpec.upsert('edited', true)]);
    const res = await env.coll.lookupIn('osd-x', [LookupInSpec.get('meta', { xattr: true }), LookupInSpec.get('edited'), LookupInSpec.get('$document.value_bytes', { xattr: true })]);
    expect(res.content[0]!.value).toEqual({ owner: 'ann' });
    expect(res.content[1]!.value).toBe(true);
    const got = await env.coll.get('osd-x');
    expect(got.content).toEqual({ body: true, edited: true });
    expect(res.content[2]!.value).toBe(JSON.stringify(got.content).length);
    // A full-document replace keeps the xattrs (kv_engine preserves them).
    await env.coll.replace('osd-x', { replaced: 1 });
    expect((await env.coll.lookupIn('osd-x', [LookupInSpec.get('meta', { xattr: true })])).content[0]!.value).toEqual({ owner: 'ann' });
  });

  test('get with withExpiry and with project use MULTI_LOOKUP and come back right', async () => {
    await env.coll.upsert('osd-proj', { a: { b: 1, c: 2 }, d: [1, 2, 3], e: 'x' }, { expiry: 1000 });
    const projected = await env.coll.get('osd-proj', { project: ['a.b', 'e', 'missing'] });
    expect(projected.content).toEqual({ a: { b: 1 }, e: 'x' });
    const withExpiry = await env.coll.get('osd-proj', { withExpiry: true });
    expect(withExpiry.content).toEqual({ a: { b: 1, c: 2 }, d: [1, 2, 3], e: 'x' });
    const expiryTime = withExpiry.expiryTime as number;
    expect(expiryTime).toBeGreaterThan(Math.floor(Date.now() / 1000) + 990);
  });
});
