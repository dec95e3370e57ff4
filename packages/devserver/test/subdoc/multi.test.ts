/**
 * MULTI_LOOKUP (0xd0) and MULTI_MUTATION (0xd1) over the raw wire: every opcode in multi
 * form (whole-document GET/SET/DELETE included), the response layouts of protocol.md §6,
 * atomicity of failed mutations (body, CAS and seqno unchanged), and the combination
 * rules kv_engine's multi validator enforces (INVALID_COMBO, EINVAL, INVALID_XATTR_ORDER).
 */
import { OPCODES, readMutationExtras } from '@couchts/core/internal';
import type { RawClient } from '../helpers/raw-client';
import {
  freshKey,
  keyed,
  multiExtras,
  multiLookup,
  multiMutation,
  parseLookupResults,
  parseMeta,
  parseMutationResults,
  PF,
  SD_OP,
  setReq,
  ST,
  useCluster,
  type MutationSpec,
} from './wire-helpers';

const env = useCluster();

async function seed(c: RawClient, doc: unknown): Promise<string> {
  const key = freshKey('multi');
  expect((await c.request(setReq(key, JSON.stringify(doc)))).status).toBe(ST.SUCCESS);
  return key;
}

async function raw(c: RawClient, key: string): Promise<{ status: number; text: string }> {
  const r = await c.request(keyed(OPCODES.GET, key));
  return { status: r.status, text: r.value.toString('utf8') };
}

const meta = async (c: RawClient, key: string) => parseMeta(await c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([2]) })));

describe('MULTI_LOOKUP', () => {
  test('GET, EXISTS, GET_COUNT and whole-document GET in one request; all succeed → SUCCESS', async () => {
    const c = await env.open();
    const key = await seed(c, { a: [1, 2, 3], b: { c: 'd' } });
    const r = await c.request(
      multiLookup(key, [
        { op: SD_OP.GET, path: 'b.c' },
        { op: SD_OP.EXISTS, path: 'a[2]' },
        { op: SD_OP.GET_COUNT, path: 'a' },
        { op: SD_OP.WHOLE_GET, path: '' },
      ]),
    );
    expect(r.status).toBe(ST.SUCCESS);
    expect(r.datatype).toBe(0);
    expect(r.cas).toBe((await meta(c, key)).cas);
    expect(parseLookupResults(r.value)).toEqual([
      { status: ST.SUCCESS, value: '"d"' },
      { status: ST.SUCCESS, value: '' },
      { status: ST.SUCCESS, value: '3' },
      { status: ST.SUCCESS, value: '{"a":[1,2,3],"b":{"c":"d"}}' },
    ]);
  });

  test('some specs fail → MULTI_PATH_FAILURE with each spec’s own status, in order', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1, list: [] });
    const r = await c.request(
      multiLookup(key, [
        { op: SD_OP.GET, path: 'a' },
        { op: SD_OP.GET, path: 'missing' },
        { op: SD_OP.EXISTS, path: 'a.b' },
        { op: SD_OP.GET, path: 'list[-1]' },
        { op: SD_OP.GET, path: 'bad..path' },
        { op: SD_OP.GET_COUNT, path: 'a' },
      ]),
    );
    expect(r.status).toBe(ST.MULTI_PATH_FAILURE);
    expect(parseLookupResults(r.value).map((x) => x.status)).toEqual([ST.SUCCESS, ST.PATH_ENOENT, ST.PATH_MISMATCH, ST.PATH_ENOENT, ST.PATH_EINVAL, ST.PATH_MISMATCH]);
  });

  test('a missing document is KEY_ENOENT with no results; a stale CAS is KEY_EEXISTS', async () => {
    const c = await env.open();
    const none = await c.request(multiLookup(freshKey('none'), [{ op: SD_OP.GET, path: 'a' }]));
    expect([none.status, none.valueLength]).toEqual([ST.KEY_ENOENT, 0]);
    const key = await seed(c, { a: 1 });
    const stale = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: 'a' }], { cas: 12345n }));
    expect(stale.status).toBe(ST.KEY_EEXISTS);
  });
});

describe('MULTI_MUTATION', () => {
  test('every mutation opcode in one command; only COUNTER results come back, with their index', async () => {
    const c = await env.open();
    const key = await seed(c, { add: {}, up: 0, del: 1, rep: 'x', list: [2], set: [1], n: 1 });
    const r = await c.request(
      multiMutation(key, [
        { op: SD_OP.DICT_ADD, path: 'add.new', value: '"added"' },
        { op: SD_OP.DICT_UPSERT, path: 'up', value: '1' },
        { op: SD_OP.DELETE, path: 'del' },
        { op: SD_OP.REPLACE, path: 'rep', value: '"y"' },
        { op: SD_OP.PUSH_LAST, path: 'list', value: '4' },
        { op: SD_OP.PUSH_FIRST, path: 'list', value: '1' },
        { op: SD_OP.INSERT, path: 'list[2]', value: '3' },
        { op: SD_OP.ADD_UNIQUE, path: 'set', value: '2' },
        { op: SD_OP.COUNTER, path: 'n', value: '41' },
        { op: SD_OP.COUNTER, path: 'm', value: '-1' },
      ]),
    );
    expect(r.status).toBe(ST.SUCCESS);
    expect(readMutationExtras(r.extras)?.seqno).toBe((await meta(c, key)).seqno);
    expect(r.cas).toBe((await meta(c, key)).cas);
    expect(parseMutationResults(r.value)).toEqual([
      { index: 8, status: ST.SUCCESS, value: '42' },
      { index: 9, status: ST.SUCCESS, value: '-1' },
    ]);
    expect(JSON.parse((await raw(c, key)).text)).toEqual({ add: { new: 'added' }, up: 1, rep: 'y', list: [1, 2, 3, 4], set: [1, 2], n: 42, m: -1 });
  });

  test('a success without values has an empty body', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    const r = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'a', value: '1' }]));
    expect([r.status, r.valueLength, r.extrasLength]).toEqual([ST.SUCCESS, 0, 16]);
  });

  test.each<[string, MutationSpec, number]>([
    ['PATH_ENOENT', { op: SD_OP.REPLACE, path: 'nope', value: '1' }, ST.PATH_ENOENT],
    ['PATH_EEXISTS', { op: SD_OP.DICT_ADD, path: 'a', value: '1' }, ST.PATH_EEXISTS],
    ['PATH_MISMATCH', { op: SD_OP.PUSH_LAST, path: 'a', value: '1' }, ST.PATH_MISMATCH],
    ['PATH_EINVAL', { op: SD_OP.DICT_UPSERT, path: 'a[', value: '1' }, ST.PATH_EINVAL],
    ['VALUE_CANTINSERT', { op: SD_OP.DICT_UPSERT, path: 'z', value: '{oops' }, ST.VALUE_CANTINSERT],
    ['DELTA_EINVAL', { op: SD_OP.COUNTER, path: 'a', value: '0' }, ST.DELTA_EINVAL],
  ])('failure (%s) at spec 2: nothing applied, body, CAS and seqno unchanged; body = {index, status}', async (_n, bad, status) => {
    const c = await env.open();
    const key = await seed(c, { a: 1, list: [1] });
    const before = await meta(c, key);
    const beforeBody = (await raw(c, key)).text;
    const r = await c.request(
      multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'first', value: '1' }, { op: SD_OP.PUSH_LAST, path: 'list', value: '2' }, bad, { op: SD_OP.DICT_UPSERT, path: 'last', value: '1' }]),
    );
    expect(r.status).toBe(ST.MULTI_PATH_FAILURE);
    expect([...r.value]).toEqual([2, status >> 8, status & 0xff]);
    expect([r.cas, r.extrasLength]).toEqual([0n, 0]);
    expect((await raw(c, key)).text).toBe(beforeBody);
    const after = await meta(c, key);
    expect([after.cas, after.seqno]).toEqual([before.cas, before.seqno]);
  });

  test('whole-document SET (0x01) replaces the body; later specs see the new body', async () => {
    const c = await env.open();
    const key = await seed(c, { old: true });
    const r = await c.request(
      multiMutation(key, [
        { op: SD_OP.WHOLE_SET, path: '', value: '{"fresh":1}' },
        { op: SD_OP.DICT_UPSERT, path: 'more', value: '2' },
      ]),
    );
    expect(r.status).toBe(ST.SUCCESS);
    expect(JSON.parse((await raw(c, key)).text)).toEqual({ fresh: 1, more: 2 });
    // A non-JSON body can be set, but then path specs have no JSON to work on.
    const bad = await c.request(multiMutation(key, [{ op: SD_OP.WHOLE_SET, path: '', value: 'text' }, { op: SD_OP.DICT_UPSERT, path: 'x', value: '1' }]));
    expect([...bad.value]).toEqual([1, 0, ST.DOC_NOTJSON]);
    await c.request(multiMutation(key, [{ op: SD_OP.WHOLE_SET, path: '', value: 'text' }]));
    expect(await raw(c, key)).toEqual({ status: ST.SUCCESS, text: 'text' });
    expect((await meta(c, key)).datatype & 1).toBe(0);
  });

  test('whole-document DELETE (0x04) deletes the document (a tombstone, as DELETE leaves)', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    const r = await c.request(multiMutation(key, [{ op: SD_OP.WHOLE_DELETE, path: '' }]));
    expect(r.status).toBe(ST.SUCCESS);
    expect(readMutationExtras(r.extras)).toBeDefined();
    expect((await raw(c, key)).status).toBe(ST.KEY_ENOENT);
    expect((await meta(c, key)).deleted).toBe(1);
  });
});

describe('combination rules', () => {
  const up = (path = 'a'): MutationSpec => ({ op: SD_OP.DICT_UPSERT, path, value: '1' });

  test.each<[string, () => ReturnType<typeof multiMutation>, number]>([
    ['no specs', () => multiMutation('k', []), ST.INVALID_COMBO],
    ['17 specs', () => multiMutation('k', Array.from({ length: 17 }, (_, i) => up(`p${i}`))), ST.INVALID_COMBO],
    ['a lookup opcode in a mutation', () => multiMutation('k', [{ op: SD_OP.GET, path: 'a' }]), ST.INVALID_COMBO],
    ['an unknown opcode', () => multiMutation('k', [{ op: 0x42, path: 'a' }]), ST.INVALID_COMBO],
    ['a spec after a whole-document DELETE', () => multiMutation('k', [{ op: SD_OP.WHOLE_DELETE, path: '' }, up()]), ST.INVALID_COMBO],
    ['a whole-document DELETE after a body spec', () => multiMutation('k', [up(), { op: SD_OP.WHOLE_DELETE, path: '' }]), ST.INVALID_COMBO],
    ['an xattr spec after a body spec', () => multiMutation('k', [up(), { op: SD_OP.DICT_UPSERT, path: 'x', value: '1', flags: PF.XATTR }]), ST.INVALID_XATTR_ORDER],
    ['a whole-document SET with a path', () => multiMutation('k', [{ op: SD_OP.WHOLE_SET, path: 'a', value: '{}' }]), ST.EINVAL],
    ['extras of 2 bytes', () => multiMutation('k', [up()], { extras: Buffer.from([0, 0]) }), ST.EINVAL],
    ['a truncated spec', () => ({ ...multiMutation('k', [up()]), value: Buffer.from([SD_OP.DICT_UPSERT, 0, 0, 1, 0, 0, 0, 5, 0x61]) }), ST.EINVAL],
    ['a spec with a path but no value', () => multiMutation('k', [{ op: SD_OP.DICT_UPSERT, path: 'a' }]), ST.EINVAL],
  ])('MULTI_MUTATION with %s', async (_n, build, status) => {
    const c = await env.open();
    expect((await c.request(build())).status).toBe(status);
  });

  test.each<[string, () => ReturnType<typeof multiLookup>, number]>([
    ['a mutation opcode in a lookup', () => multiLookup('k', [{ op: SD_OP.DICT_UPSERT, path: 'a' }]), ST.INVALID_COMBO],
    ['17 specs', () => multiLookup('k', Array.from({ length: 17 }, () => ({ op: SD_OP.GET, path: 'a' }))), ST.INVALID_COMBO],
    ['expiry extras', () => multiLookup('k', [{ op: SD_OP.GET, path: 'a' }], { extras: multiExtras({ expiry: 5 }) }), ST.EINVAL],
    ['a whole-document GET with a path', () => multiLookup('k', [{ op: SD_OP.WHOLE_GET, path: 'a' }]), ST.EINVAL],
    ['a body GET before an xattr GET', () => multiLookup('k', [{ op: SD_OP.GET, path: 'a' }, { op: SD_OP.GET, path: 'x', flags: PF.XATTR }]), ST.INVALID_XATTR_ORDER],
  ])('MULTI_LOOKUP with %s', async (_n, build, status) => {
    const c = await env.open();
    expect((await c.request(build())).status).toBe(status);
  });

  test('16 specs are fine', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    const r = await c.request(multiLookup(key, Array.from({ length: 16 }, () => ({ op: SD_OP.GET, path: 'a' }))));
    expect(r.status).toBe(ST.SUCCESS);
    expect(parseLookupResults(r.value)).toHaveLength(16);
  });
});
