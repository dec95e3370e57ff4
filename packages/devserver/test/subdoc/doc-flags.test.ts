/**
 * Document-level rules of sub-document commands over the raw wire: the doc flags (MKDOC,
 * ADD, ACCESS_DELETED, CREATE_AS_DELETED, REVIVE_DOCUMENT), CAS checks, locked documents
 * (with and without XERROR), expiry and user flags from the extras (and the preserve-TTL
 * frame), and the _DELETED statuses on tombstones. Checked against GET / GET_META.
 */
import { FEATURES, OPCODES, u32Extras } from '@couchts/core/internal';
import type { RawClient } from '../helpers/raw-client';
import {
  DF,
  freshKey,
  keyed,
  multiLookup,
  multiMutation,
  parseLookupResults,
  parseMeta,
  PF,
  SD_OP,
  setReq,
  single,
  ST,
  useCluster,
} from './wire-helpers';

const env = useCluster();
const LOCKED_CAS = 0xffffffffffffffffn;

async function seed(c: RawClient, doc: unknown, opts: { flags?: number; expiry?: number } = {}): Promise<string> {
  const key = freshKey('flags');
  expect((await c.request(setReq(key, JSON.stringify(doc), opts))).status).toBe(ST.SUCCESS);
  return key;
}

const meta = async (c: RawClient, key: string) => parseMeta(await c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([2]) })));
const body = async (c: RawClient, key: string) => {
  const r = await c.request(keyed(OPCODES.GET, key));
  return r.status === ST.SUCCESS ? JSON.parse(r.value.toString('utf8')) : r.status;
};

/** Leaves a tombstone carrying the system xattr `_sys` and returns its key. */
async function tombstone(c: RawClient): Promise<string> {
  const key = await seed(c, { body: 1 });
  // One X-Key per command (this server does not announce multiple-xattr-key support).
  expect((await c.request(single(SD_OP.DICT_UPSERT, key, '_sys', '{"keep":true}', { pathFlags: PF.XATTR }))).status).toBe(ST.SUCCESS);
  expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'user', '1', { pathFlags: PF.XATTR }))).status).toBe(ST.SUCCESS);
  expect((await c.request(keyed(OPCODES.DELETE, key))).status).toBe(ST.SUCCESS);
  return key;
}

describe('MKDOC and ADD', () => {
  test('MKDOC creates a missing document from {} (MKDIR_P implied) and works on an existing one', async () => {
    const c = await env.open();
    const key = freshKey('mkdoc');
    const r = await c.request(single(SD_OP.DICT_UPSERT, key, 'a.b.c', '1', { docFlags: DF.MKDOC }));
    expect(r.status).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual({ a: { b: { c: 1 } } });
    expect((await meta(c, key)).datatype & 1).toBe(1);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'd', '2', { docFlags: DF.MKDOC }))).status).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual({ a: { b: { c: 1 } }, d: 2 });
  });

  test('MKDOC picks [] for an array push on the root or a path starting with [', async () => {
    const c = await env.open();
    const k1 = freshKey('mkdoc');
    expect((await c.request(single(SD_OP.PUSH_LAST, k1, '', '1,2', { docFlags: DF.MKDOC }))).status).toBe(ST.SUCCESS);
    expect(await body(c, k1)).toEqual([1, 2]);
    const k2 = freshKey('mkdoc');
    expect((await c.request(multiMutation(k2, [{ op: SD_OP.PUSH_FIRST, path: '', value: '"x"' }], { docFlags: DF.MKDOC }))).status).toBe(ST.SUCCESS);
    expect(await body(c, k2)).toEqual(['x']);
  });

  test('ADD creates only: an existing document is KEY_EEXISTS', async () => {
    const c = await env.open();
    const key = freshKey('add');
    expect((await c.request(multiMutation(key, [{ op: SD_OP.DICT_ADD, path: 'x', value: '1' }], { docFlags: DF.ADD }))).status).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual({ x: 1 });
    expect((await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'y', value: '1' }], { docFlags: DF.ADD }))).status).toBe(ST.KEY_EEXISTS);
  });
});

describe('CAS and locks', () => {
  test('a mismatching CAS is KEY_EEXISTS; the current CAS succeeds and returns a new one', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    const cas = (await meta(c, key)).cas;
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '2', { cas: cas + 1n }))).status).toBe(ST.KEY_EEXISTS);
    const ok = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'v', value: '3' }], { cas }));
    expect(ok.status).toBe(ST.SUCCESS);
    expect(ok.cas).not.toBe(cas);
    expect(await body(c, key)).toEqual({ v: 3 });
  });

  test('a locked document: mutations need the lock CAS (LOCKED, or ETMPFAIL without XERROR); lookups see CAS -1', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    const lock = await c.request(keyed(OPCODES.GET_LOCKED, key, { extras: u32Extras(10) }));
    expect(lock.status).toBe(ST.SUCCESS);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '2'))).status).toBe(ST.LOCKED);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '2', { cas: 42n }))).status).toBe(ST.LOCKED);
    const old = await env.open([FEATURES.JSON]);
    expect((await old.request(single(SD_OP.DICT_UPSERT, key, 'v', '2'))).status).toBe(ST.ETMPFAIL);
    const look = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: 'v' }]));
    expect([look.status, look.cas]).toEqual([ST.SUCCESS, LOCKED_CAS]);
    expect((await c.request(multiLookup(key, [{ op: SD_OP.GET, path: 'v' }], { cas: lock.cas }))).status).toBe(ST.KEY_EEXISTS);
    const unlocked = await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '3', { cas: lock.cas }));
    expect(unlocked.status).toBe(ST.SUCCESS);
    // The mutation with the lock CAS released the lock.
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '4'))).status).toBe(ST.SUCCESS);
    expect(await body(c, key)).toEqual({ v: 4 });
  });
});

describe('expiry and user flags', () => {
  test('expiry and user flags from the extras (single and multi); GET_META shows them', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 }, { flags: 0x11 });
    const now = Math.floor(Date.now() / 1000);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '2', { expiry: 100, userFlags: 0x02000006 }))).status).toBe(ST.SUCCESS);
    let m = await meta(c, key);
    expect(m.flags).toBe(0x02000006);
    expect(m.expiry).toBeGreaterThanOrEqual(now + 99);
    expect(m.expiry).toBeLessThanOrEqual(now + 101);
    expect((await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'v', value: '3' }], { expiry: 2_000_000_000, userFlags: 7 }))).status).toBe(ST.SUCCESS);
    m = await meta(c, key);
    expect([m.flags, m.expiry]).toEqual([7, 2_000_000_000]);
  });

  test('without expiry in the extras a mutation clears the expiry and keeps the flags; preserve-TTL keeps it', async () => {
    const c = await env.open([...(await import('./wire-helpers')).FULL, FEATURES.ALT_REQUEST_SUPPORT, FEATURES.PRESERVE_TTL]);
    const key = await seed(c, { v: 1 }, { flags: 0x55, expiry: 1000 });
    const kept = await c.request({ ...single(SD_OP.DICT_UPSERT, key, 'v', '2'), framingExtras: Buffer.from([0x50]) });
    expect(kept.status).toBe(ST.SUCCESS);
    expect((await meta(c, key)).expiry).toBeGreaterThan(0);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '3'))).status).toBe(ST.SUCCESS);
    const m = await meta(c, key);
    expect([m.flags, m.expiry]).toEqual([0x55, 0]);
  });

  test('the expiry set by a mutation is enforced', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    await c.request(single(SD_OP.DICT_UPSERT, key, 'v', '2', { expiry: 5 }));
    env.cluster.timeTravel(6_000);
    expect((await c.request(single(SD_OP.GET, key, 'v'))).status).toBe(ST.KEY_ENOENT);
  });
});

describe('tombstones: ACCESS_DELETED, CREATE_AS_DELETED, REVIVE_DOCUMENT', () => {
  test('a delete keeps only the system xattrs; ACCESS_DELETED reads them with the _DELETED statuses', async () => {
    const c = await env.open();
    const key = await tombstone(c);
    expect((await c.request(single(SD_OP.GET, key, '_sys', undefined, { pathFlags: PF.XATTR }))).status).toBe(ST.KEY_ENOENT);
    const one = await c.request(single(SD_OP.GET, key, '_sys', undefined, { pathFlags: PF.XATTR, docFlags: DF.ACCESS_DELETED }));
    expect([one.status, one.value.toString()]).toEqual([ST.SUCCESS_DELETED, '{"keep":true}']);
    const all = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '_sys.keep', flags: PF.XATTR }, { op: SD_OP.GET, path: '$document.deleted', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED }));
    expect(all.status).toBe(ST.SUCCESS_DELETED);
    expect(parseLookupResults(all.value).map((r) => r.value)).toEqual(['true', 'true']);
    const partial = await c.request(
      multiLookup(key, [{ op: SD_OP.GET, path: 'user', flags: PF.XATTR }, { op: SD_OP.WHOLE_GET, path: '' }], { docFlags: DF.ACCESS_DELETED }),
    );
    expect(partial.status).toBe(ST.MULTI_PATH_FAILURE_DELETED);
    expect(parseLookupResults(partial.value).map((r) => r.status)).toEqual([ST.PATH_ENOENT, ST.PATH_ENOENT]);
  });

  test('mutations with ACCESS_DELETED keep the document deleted (SUCCESS_DELETED); body paths have no JSON', async () => {
    const c = await env.open();
    const key = await tombstone(c);
    const r = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: '_sys.more', value: '2', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED }));
    expect(r.status).toBe(ST.SUCCESS_DELETED);
    expect((await meta(c, key)).deleted).toBe(1);
    expect(await body(c, key)).toBe(ST.KEY_ENOENT);
    const bodyPath = await c.request(single(SD_OP.DICT_UPSERT, key, 'x', '1', { docFlags: DF.ACCESS_DELETED }));
    expect(bodyPath.status).toBe(ST.DOC_NOTJSON);
  });

  test('CREATE_AS_DELETED creates a tombstone that only ACCESS_DELETED sees', async () => {
    const c = await env.open();
    const key = freshKey('cad');
    const r = await c.request(single(SD_OP.DICT_UPSERT, key, '_txn', '{"id":1}', { pathFlags: PF.XATTR, docFlags: DF.MKDOC | DF.CREATE_AS_DELETED }));
    expect(r.status).toBe(ST.SUCCESS_DELETED);
    expect(await body(c, key)).toBe(ST.KEY_ENOENT);
    expect((await meta(c, key)).deleted).toBe(1);
    const look = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '_txn.id', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED }));
    expect([look.status, parseLookupResults(look.value)[0]!.value]).toEqual([ST.SUCCESS_DELETED, '1']);
  });

  test('REVIVE_DOCUMENT brings a tombstone back to life; on a live document it is refused (0xd6)', async () => {
    const c = await env.open();
    const key = await tombstone(c);
    const r = await c.request(
      multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: '_sys.revived', value: 'true', flags: PF.XATTR }, { op: SD_OP.WHOLE_SET, path: '', value: '{"back":1}' }], {
        docFlags: DF.ACCESS_DELETED | DF.REVIVE,
      }),
    );
    // WHOLE_SET does not allow ACCESS_DELETED (kv_engine traits): EINVAL. Revive with xattrs only.
    expect(r.status).toBe(ST.EINVAL);
    const ok = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: '_sys.revived', value: 'true', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED | DF.REVIVE }));
    expect(ok.status).toBe(ST.SUCCESS);
    expect((await meta(c, key)).deleted).toBe(0);
    const again = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: '_sys.x', value: '1', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED | DF.REVIVE }));
    expect(again.status).toBe(ST.CAN_ONLY_REVIVE_DELETED);
  });

  test('expiry, like a delete, leaves the system xattrs on the tombstone', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    await c.request(single(SD_OP.DICT_UPSERT, key, 'u', '1', { pathFlags: PF.XATTR }));
    expect((await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: '_meta', value: '1', flags: PF.XATTR }], { expiry: 3 }))).status).toBe(ST.SUCCESS);
    env.cluster.timeTravel(4_000);
    expect(await body(c, key)).toBe(ST.KEY_ENOENT);
    const look = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '$XTOC', flags: PF.XATTR }], { docFlags: DF.ACCESS_DELETED }));
    expect(parseLookupResults(look.value)[0]!.value).toBe('["_meta"]');
  });
});
