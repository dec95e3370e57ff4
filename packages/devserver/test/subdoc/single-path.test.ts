/**
 * Every single-path sub-document command over the raw wire (opcodes 0xc5–0xcf, 0xd2), with
 * the statuses kv_engine gives (docs/SubDocument.md, subjson operations.cc): results,
 * the document afterwards (read back with a plain GET), request validation (EINVAL), and
 * the document-level statuses DOC_NOTJSON, DOC_E2DEEP and VALUE_ETOODEEP.
 */
import { DATATYPE, FEATURES, OPCODES, readMutationExtras } from '@couchts/core/internal';
import type { RawClient } from '../helpers/raw-client';
import { DF, freshKey, keyed, PF, SD_OP, setReq, single, singleExtras, ST, useCluster } from './wire-helpers';

const env = useCluster();

/** Stores `doc` under a fresh key and returns the key. */
async function seed(c: RawClient, doc: unknown, raw?: string): Promise<string> {
  const key = freshKey('single');
  expect((await c.request(setReq(key, raw ?? JSON.stringify(doc)))).status).toBe(ST.SUCCESS);
  return key;
}

/** The body, read with a plain GET. */
async function body(c: RawClient, key: string): Promise<unknown> {
  const r = await c.request(keyed(OPCODES.GET, key));
  expect(r.status).toBe(ST.SUCCESS);
  return JSON.parse(r.value.toString('utf8'));
}

/** Status (and value) of one single-path request. */
async function run(c: RawClient, op: number, key: string, path: string, value?: string, opts: Parameters<typeof single>[4] = {}): Promise<[number, string]> {
  const r = await c.request(single(op, key, path, value, opts));
  return [r.status, r.value.toString('utf8')];
}

describe('lookups', () => {
  test('GET returns the value as JSON text, the document CAS, and datatype JSON only when negotiated', async () => {
    const c = await env.open();
    const key = await seed(c, { a: { b: [1, 'two', { c: null }] } });
    const meta = await c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([2]) }));
    const r = await c.request(single(SD_OP.GET, key, 'a.b'));
    expect(r.status).toBe(ST.SUCCESS);
    expect(r.value.toString()).toBe('[1,"two",{"c":null}]');
    expect(r.cas).toBe(meta.cas);
    expect(r.datatype).toBe(DATATYPE.JSON);
    expect(r.extrasLength).toBe(0);
    const plain = await env.open([FEATURES.XERROR]);
    const r2 = await plain.request(single(SD_OP.GET, key, 'a.b[1]'));
    expect([r2.status, r2.value.toString(), r2.datatype]).toEqual([ST.SUCCESS, '"two"', 0]);
  });

  test('GET keeps the stored text exactly: big integers and escapes come back as written', async () => {
    const c = await env.open();
    const key = await seed(c, null, '{"id": 123456789012345678901234567890, "s": "caf\\u00e9"}');
    expect(await run(c, SD_OP.GET, key, 'id')).toEqual([ST.SUCCESS, '123456789012345678901234567890']);
    expect(await run(c, SD_OP.GET, key, 's')).toEqual([ST.SUCCESS, '"caf\\u00e9"']);
  });

  test('EXISTS: success without a value, PATH_ENOENT when absent', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    expect(await run(c, SD_OP.EXISTS, key, 'a')).toEqual([ST.SUCCESS, '']);
    expect(await run(c, SD_OP.EXISTS, key, 'b')).toEqual([ST.PATH_ENOENT, '']);
  });

  test('GET_COUNT counts array elements and object members (empty path = root); a scalar is PATH_MISMATCH', async () => {
    const c = await env.open();
    const key = await seed(c, { list: [1, 2, 3], obj: { x: 1, y: 2 }, n: 5 });
    expect(await run(c, SD_OP.GET_COUNT, key, 'list')).toEqual([ST.SUCCESS, '3']);
    expect(await run(c, SD_OP.GET_COUNT, key, 'obj')).toEqual([ST.SUCCESS, '2']);
    expect(await run(c, SD_OP.GET_COUNT, key, '')).toEqual([ST.SUCCESS, '3']);
    expect(await run(c, SD_OP.GET_COUNT, key, 'n')).toEqual([ST.PATH_MISMATCH, '']);
    expect(await run(c, SD_OP.GET_COUNT, key, 'nope')).toEqual([ST.PATH_ENOENT, '']);
  });

  test('a missing document is KEY_ENOENT; a body that is not JSON is DOC_NOTJSON', async () => {
    const c = await env.open();
    expect((await run(c, SD_OP.GET, freshKey('missing'), 'a'))[0]).toBe(ST.KEY_ENOENT);
    const key = await seed(c, null, 'plain text, not JSON');
    expect((await run(c, SD_OP.GET, key, 'a'))[0]).toBe(ST.DOC_NOTJSON);
    expect((await run(c, SD_OP.DICT_UPSERT, key, 'a', '1'))[0]).toBe(ST.DOC_NOTJSON);
  });

  test('a document nested deeper than 32 levels is DOC_E2DEEP; 32 levels are fine', async () => {
    const c = await env.open();
    const ok = await seed(c, null, '['.repeat(32) + ']'.repeat(32));
    expect((await run(c, SD_OP.GET, ok, '[0]'))[0]).toBe(ST.SUCCESS);
    const deep = await seed(c, null, '['.repeat(33) + ']'.repeat(33));
    expect((await run(c, SD_OP.GET, deep, '[0]'))[0]).toBe(ST.DOC_E2DEEP);
  });
});

describe('mutations', () => {
  test('DICT_ADD adds; an existing path is PATH_EEXISTS; a missing parent PATH_ENOENT unless MKDIR_P', async () => {
    const c = await env.open();
    const key = await seed(c, { a: {} });
    expect(await run(c, SD_OP.DICT_ADD, key, 'a.b', '"x"')).toEqual([ST.SUCCESS, '']);
    expect((await run(c, SD_OP.DICT_ADD, key, 'a.b', '"y"'))[0]).toBe(ST.PATH_EEXISTS);
    expect((await run(c, SD_OP.DICT_ADD, key, 'p.q.r', '1'))[0]).toBe(ST.PATH_ENOENT);
    expect((await run(c, SD_OP.DICT_ADD, key, 'p.q.r', '1', { pathFlags: PF.MKDIR_P }))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DICT_ADD, key, 'list[0]', '1'))[0]).toBe(ST.PATH_EINVAL);
    expect(await body(c, key)).toEqual({ a: { b: 'x' }, p: { q: { r: 1 } } });
  });

  test('DICT_UPSERT replaces or adds; the value must be exactly one JSON value (VALUE_CANTINSERT)', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    expect((await run(c, SD_OP.DICT_UPSERT, key, 'a', '{"n":[1,2]}'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DICT_UPSERT, key, 'b', 'true'))[0]).toBe(ST.SUCCESS);
    for (const bad of ['1,2', '{', 'nope', '"unterminated', '[1]]']) {
      expect((await run(c, SD_OP.DICT_UPSERT, key, 'c', bad))[0]).toBe(ST.VALUE_CANTINSERT);
    }
    expect(await body(c, key)).toEqual({ a: { n: [1, 2] }, b: true });
  });

  test('a value that would nest the document deeper than 32 levels is VALUE_ETOODEEP', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    // At path `a` (depth 2) a value may be 31 levels deep.
    expect((await run(c, SD_OP.DICT_UPSERT, key, 'a', '['.repeat(31) + ']'.repeat(31)))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DICT_UPSERT, key, 'b', '['.repeat(32) + ']'.repeat(32)))[0]).toBe(ST.VALUE_ETOODEEP);
  });

  test('DELETE removes a member or an element ([-1] = last); a missing path is PATH_ENOENT', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1, b: 2, list: [1, 2, 3] });
    expect((await run(c, SD_OP.DELETE, key, 'a'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DELETE, key, 'list[-1]'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DELETE, key, 'list[0]'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.DELETE, key, 'a'))[0]).toBe(ST.PATH_ENOENT);
    expect(await body(c, key)).toEqual({ b: 2, list: [2] });
  });

  test('REPLACE needs the path (PATH_ENOENT otherwise) and may name an array element', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1, list: [1, 2] });
    expect((await run(c, SD_OP.REPLACE, key, 'a', '"one"'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.REPLACE, key, 'list[1]', '20'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.REPLACE, key, 'list[2]', '30'))[0]).toBe(ST.PATH_ENOENT);
    expect((await run(c, SD_OP.REPLACE, key, 'zz', '0'))[0]).toBe(ST.PATH_ENOENT);
    expect(await body(c, key)).toEqual({ a: 'one', list: [1, 20] });
  });

  test('ARRAY_PUSH_LAST / PUSH_FIRST take several comma-separated values; MKDIR_P creates the array', async () => {
    const c = await env.open();
    const key = await seed(c, { list: [3], empty: [], obj: {} });
    expect((await run(c, SD_OP.PUSH_LAST, key, 'list', '4, "five"'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.PUSH_FIRST, key, 'list', '1,2'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.PUSH_FIRST, key, 'empty', '"x"'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.PUSH_LAST, key, 'obj', '1'))[0]).toBe(ST.PATH_MISMATCH);
    expect((await run(c, SD_OP.PUSH_LAST, key, 'new.list', '1'))[0]).toBe(ST.PATH_ENOENT);
    expect((await run(c, SD_OP.PUSH_LAST, key, 'new.list', '1', { pathFlags: PF.MKDIR_P }))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.PUSH_LAST, key, 'list', '1],[2'))[0]).toBe(ST.VALUE_CANTINSERT);
    expect((await run(c, SD_OP.PUSH_LAST, key, '', '1'))[0]).toBe(ST.PATH_MISMATCH); // the root is an object
    expect(await body(c, key)).toEqual({ list: [1, 2, 3, 4, 'five'], empty: ['x'], obj: {}, new: { list: [1] } });
  });

  test('array pushes with an empty path work on a root array', async () => {
    const c = await env.open();
    const key = await seed(c, [2]);
    expect((await run(c, SD_OP.PUSH_LAST, key, '', '3'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.PUSH_FIRST, key, '', '1'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, '', '4'))[0]).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual([1, 2, 3, 4]);
  });

  test('ARRAY_INSERT: before an element or at the end; past the end PATH_ENOENT; negative or no index PATH_EINVAL', async () => {
    const c = await env.open();
    const key = await seed(c, { list: [1, 4], empty: [] });
    expect((await run(c, SD_OP.INSERT, key, 'list[1]', '2,3'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.INSERT, key, 'list[4]', '5'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.INSERT, key, 'empty[0]', '"e"'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.INSERT, key, 'list[9]', '9'))[0]).toBe(ST.PATH_ENOENT);
    expect((await run(c, SD_OP.INSERT, key, 'list[-1]', '9'))[0]).toBe(ST.PATH_EINVAL);
    expect((await run(c, SD_OP.INSERT, key, 'list', '9'))[0]).toBe(ST.PATH_EINVAL);
    expect(await body(c, key)).toEqual({ list: [1, 2, 3, 4, 5], empty: ['e'] });
  });

  test('ARRAY_ADD_UNIQUE: one primitive; a duplicate is PATH_EEXISTS, compared as JSON text (1.0 is not 1)', async () => {
    const c = await env.open();
    const key = await seed(c, { set: [1, 'a', true], mixed: [1, { o: 1 }], n: 3 });
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', '2'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', '"a"'))[0]).toBe(ST.PATH_EEXISTS);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', 'true'))[0]).toBe(ST.PATH_EEXISTS);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', '1.0'))[0]).toBe(ST.SUCCESS);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', '[1]'))[0]).toBe(ST.VALUE_CANTINSERT);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'set', '3,4'))[0]).toBe(ST.VALUE_CANTINSERT);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'mixed', '2'))[0]).toBe(ST.PATH_MISMATCH);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'n', '2'))[0]).toBe(ST.PATH_MISMATCH);
    expect((await run(c, SD_OP.ADD_UNIQUE, key, 'fresh', '2', { pathFlags: PF.MKDIR_P }))[0]).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual({ set: [1, 'a', true, 2, 1.0], mixed: [1, { o: 1 }], n: 3, fresh: [2] });
    expect((await c.request(keyed(OPCODES.GET, key))).value.toString()).toContain('[1,"a",true,2,1.0]');
  });

  test('COUNTER adds a signed 64-bit delta and returns the new value; creates a missing member', async () => {
    const c = await env.open();
    // Raw text: JSON.stringify would round the 64-bit numbers.
    const key = await seed(c, null, '{"n":10,"f":1.5,"s":"1","big":99999999999999999999,"max":9223372036854775807}');
    const r = await c.request(single(SD_OP.COUNTER, key, 'n', '5'));
    expect([r.status, r.value.toString(), r.datatype]).toEqual([ST.SUCCESS, '15', DATATYPE.JSON]);
    const token = readMutationExtras(r.extras);
    expect(token?.seqno).toBeGreaterThan(0n);
    expect(await run(c, SD_OP.COUNTER, key, 'n', '-20')).toEqual([ST.SUCCESS, '-5']);
    expect(await run(c, SD_OP.COUNTER, key, 'created', '7')).toEqual([ST.SUCCESS, '7']);
    expect(await run(c, SD_OP.COUNTER, key, 'deep.er', '1', { pathFlags: PF.MKDIR_P })).toEqual([ST.SUCCESS, '1']);
    expect((await run(c, SD_OP.COUNTER, key, 'no.parent', '1'))[0]).toBe(ST.PATH_ENOENT);
    for (const bad of ['0', '-0', '01', '1.5', '+1', ' 1', 'x', '9223372036854775808']) {
      expect((await run(c, SD_OP.COUNTER, key, 'n', bad))[0]).toBe(ST.DELTA_EINVAL);
    }
    expect((await run(c, SD_OP.COUNTER, key, 'f', '1'))[0]).toBe(ST.PATH_MISMATCH);
    expect((await run(c, SD_OP.COUNTER, key, 's', '1'))[0]).toBe(ST.PATH_MISMATCH);
    expect((await run(c, SD_OP.COUNTER, key, 'big', '1'))[0]).toBe(ST.NUM_ERANGE);
    expect((await run(c, SD_OP.COUNTER, key, 'max', '1'))[0]).toBe(ST.VALUE_CANTINSERT);
    expect(await run(c, SD_OP.COUNTER, key, 'max', '-9223372036854775807')).toEqual([ST.SUCCESS, '0']);
  });

  test('mutations answer with the new CAS and, with MUTATION_SEQNO, the vbucket uuid and seqno of GET_META', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    const r = await c.request(single(SD_OP.DICT_UPSERT, key, 'a', '2'));
    const meta = await c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([2]) }));
    expect(r.cas).toBe(meta.cas);
    expect(readMutationExtras(r.extras)?.seqno).toBe(Buffer.from(meta.extras).readBigUInt64BE(12));
    expect(r.valueLength).toBe(0);
    const noSeqno = await env.open([FEATURES.XERROR, FEATURES.JSON]);
    expect((await noSeqno.request(single(SD_OP.DICT_UPSERT, key, 'a', '3'))).extrasLength).toBe(0);
  });

  test('a mutation of a missing document is KEY_ENOENT without MKDOC or ADD', async () => {
    const c = await env.open();
    expect((await run(c, SD_OP.DICT_UPSERT, freshKey('none'), 'a', '1'))[0]).toBe(ST.KEY_ENOENT);
  });
});

describe('request validation (EINVAL before the document is read)', () => {
  test.each<[string, Parameters<typeof single>]>([
    ['extras of 5 bytes', [SD_OP.GET, 'k', 'a', undefined, { extras: Buffer.from([0, 1, 0, 0, 0]) }]],
    ['a lookup with expiry extras', [SD_OP.GET, 'k', 'a', undefined, { expiry: 10 }]],
    ['a lookup with a value', [SD_OP.GET, 'k', 'a', '1']],
    ['a mutation without a value', [SD_OP.DICT_UPSERT, 'k', 'a', '']],
    ['DELETE with a value', [SD_OP.DELETE, 'k', 'a', '1']],
    ['MKDIR_P on a lookup', [SD_OP.GET, 'k', 'a', undefined, { pathFlags: PF.MKDIR_P }]],
    ['an unused path flag (0x02)', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { pathFlags: 0x02 }]],
    ['an empty path on GET', [SD_OP.GET, 'k', '']],
    ['an empty path on DICT_UPSERT', [SD_OP.DICT_UPSERT, 'k', '', '1']],
    ['MKDOC on a lookup', [SD_OP.GET, 'k', 'a', undefined, { docFlags: DF.MKDOC }]],
    ['MKDOC with REPLACE', [SD_OP.REPLACE, 'k', 'a', '1', { docFlags: DF.MKDOC }]],
    ['ADD with MKDOC', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { docFlags: DF.ADD | DF.MKDOC }]],
    ['ADD with a CAS', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { docFlags: DF.ADD, cas: 5n }]],
    ['an unknown doc flag (0x40)', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { docFlags: 0x40 }]],
    ['CREATE_AS_DELETED without MKDOC or ADD', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { docFlags: DF.CREATE_AS_DELETED, pathFlags: PF.XATTR }]],
    ['CREATE_AS_DELETED on a body path', [SD_OP.DICT_UPSERT, 'k', 'a', '1', { docFlags: DF.CREATE_AS_DELETED | DF.MKDOC }]],
    ['a path length beyond the value', [SD_OP.GET, 'k', 'a', undefined, { extras: singleExtras(9, 0) }]],
  ])('%s', async (_name, args) => {
    const c = await env.open();
    const r = await c.request(single(...args));
    expect(r.status).toBe(ST.EINVAL);
  });

  test('an empty path is allowed where kv_engine allows it (array pushes, GET_COUNT)', async () => {
    const c = await env.open();
    const key = await seed(c, []);
    expect((await run(c, SD_OP.PUSH_LAST, key, '', '1'))[0]).toBe(ST.SUCCESS);
    expect(await run(c, SD_OP.GET_COUNT, key, '')).toEqual([ST.SUCCESS, '1']);
  });
});
