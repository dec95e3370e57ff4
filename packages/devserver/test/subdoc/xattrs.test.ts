/**
 * Extended attributes over the raw wire (kv_engine docs/ExtendedAttributes.md,
 * daemon/subdocument_validators.cc and subdocument_context.cc): X-Key rules, the XATTR
 * statuses, the virtual xattrs `$document` (checked field by field against GET_META, the
 * mutation token and an independent CRC-32C), `$vbucket` and `$XTOC`, macro expansion,
 * binary values, and how full-document commands treat xattrs (SET keeps them all, DELETE
 * keeps the system ones).
 */
import { FEATURES, OPCODES, readMutationExtras } from '@couchts/core/internal';
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

async function seed(c: RawClient, doc: unknown, opts: { flags?: number; expiry?: number } = {}): Promise<string> {
  const key = freshKey('xattr');
  expect((await c.request(setReq(key, JSON.stringify(doc), opts))).status).toBe(ST.SUCCESS);
  return key;
}

const meta = async (c: RawClient, key: string) => parseMeta(await c.request(keyed(OPCODES.GET_META, key, { extras: Buffer.from([2]) })));
const xget = async (c: RawClient, key: string, path: string, docFlags?: number) => {
  const r = await c.request(single(SD_OP.GET, key, path, undefined, { pathFlags: PF.XATTR, docFlags }));
  return [r.status, r.value.toString('utf8')] as const;
};
const xset = (key: string, path: string, value: string, flags = 0) => single(SD_OP.DICT_UPSERT, key, path, value, { pathFlags: PF.XATTR | PF.MKDIR_P | flags });

/** CRC-32C, bit by bit (independent of the server's table-driven one). */
function crc32c(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const hex16 = (n: bigint) => `0x${n.toString(16).padStart(16, '0')}`;

describe('X-Keys and the XATTR statuses', () => {
  test('xattr paths need HELLO XATTR: NOT_SUPPORTED otherwise', async () => {
    const c = await env.open([FEATURES.XERROR, FEATURES.JSON]);
    const key = await seed(c, {});
    expect((await c.request(xset(key, 'a', '1'))).status).toBe(ST.NOT_SUPPORTED);
  });

  test.each([
    ['!bang', ST.XATTR_EINVAL],
    ['_', ST.XATTR_EINVAL],
    ['$', ST.XATTR_EINVAL],
    ['.lead', ST.XATTR_EINVAL],
    ['sixteen_bytes_ab', ST.XATTR_EINVAL],
    ['fifteen_bytes_a', ST.SUCCESS],
    ['_system', ST.SUCCESS],
    ['\u00e9t\u00e9', ST.SUCCESS],
  ])('X-Key %j → %d', async (path, status) => {
    const c = await env.open();
    const key = await seed(c, {});
    expect((await c.request(xset(key, path, '1'))).status).toBe(status);
  });

  test('flag combinations: EXPAND_MACROS or BINARY_VALUE without XATTR, or both together → XATTR_INVALID_FLAG_COMBO', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'a', '"${Mutation.CAS}"', { pathFlags: PF.EXPAND }))).status).toBe(ST.XATTR_INVALID_FLAG_COMBO);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'a', '1', { pathFlags: PF.BINARY }))).status).toBe(ST.XATTR_INVALID_FLAG_COMBO);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, 'a', '1', { pathFlags: PF.XATTR | PF.BINARY | PF.EXPAND }))).status).toBe(ST.XATTR_INVALID_FLAG_COMBO);
  });

  test('one X-Key per command (virtual xattrs excepted) → XATTR_INVALID_KEY_COMBO otherwise', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    const mm = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'a.x', value: '1', flags: PF.XATTR | PF.MKDIR_P }, { op: SD_OP.DICT_UPSERT, path: 'b', value: '1', flags: PF.XATTR }]));
    expect(mm.status).toBe(ST.XATTR_INVALID_KEY_COMBO);
    const same = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'a.x', value: '1', flags: PF.XATTR | PF.MKDIR_P }, { op: SD_OP.DICT_UPSERT, path: 'a.y', value: '2', flags: PF.XATTR }]));
    expect(same.status).toBe(ST.SUCCESS);
    const ml = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: 'a', flags: PF.XATTR }, { op: SD_OP.GET, path: 'b', flags: PF.XATTR }]));
    expect(ml.status).toBe(ST.XATTR_INVALID_KEY_COMBO);
    const withVattr = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '$document.CAS', flags: PF.XATTR }, { op: SD_OP.GET, path: 'a', flags: PF.XATTR }, { op: SD_OP.GET, path: '$XTOC', flags: PF.XATTR }]));
    expect(withVattr.status).toBe(ST.SUCCESS);
    expect(parseLookupResults(withVattr.value)[1]!.value).toBe('{"x":1,"y":2}');
  });

  test('virtual xattrs: unknown → XATTR_UNKNOWN_VATTR (per spec); writing one → XATTR_CANT_MODIFY_VATTR', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    const r = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '$documents', flags: PF.XATTR }, { op: SD_OP.GET, path: '$document.nope', flags: PF.XATTR }]));
    expect(r.status).toBe(ST.MULTI_PATH_FAILURE);
    expect(parseLookupResults(r.value).map((x) => x.status)).toEqual([ST.XATTR_UNKNOWN_VATTR, ST.PATH_ENOENT]);
    expect((await c.request(single(SD_OP.DICT_UPSERT, key, '$document.CAS', '"x"', { pathFlags: PF.XATTR }))).status).toBe(ST.XATTR_CANT_MODIFY_VATTR);
    expect((await c.request(multiMutation(key, [{ op: SD_OP.DELETE, path: '$XTOC', flags: PF.XATTR }]))).status).toBe(ST.XATTR_CANT_MODIFY_VATTR);
  });

  test('macros: an unknown one → XATTR_UNKNOWN_MACRO; an unknown $document field → XATTR_UNKNOWN_VATTR_MACRO (0xd5)', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    expect((await c.request(xset(key, 'm', '"${Mutation.nope}"', PF.EXPAND))).status).toBe(ST.XATTR_UNKNOWN_MACRO);
    expect((await c.request(xset(key, 'm', '"${$document.nope}"', PF.EXPAND))).status).toBe(ST.XATTR_UNKNOWN_VATTR_MACRO);
  });
});

describe('xattrs live next to the body', () => {
  test('stored with the document, read back by path; a plain GET returns the body only; GET_META shows the XATTR datatype bit', async () => {
    const c = await env.open();
    const key = await seed(c, { body: 1 });
    expect((await c.request(xset(key, 'meta.owner', '"ann"'))).status).toBe(ST.SUCCESS);
    expect(await xget(c, key, 'meta')).toEqual([ST.SUCCESS, '{"owner":"ann"}']);
    expect(await xget(c, key, 'meta.owner')).toEqual([ST.SUCCESS, '"ann"']);
    expect(await xget(c, key, 'meta.none')).toEqual([ST.PATH_ENOENT, '']);
    expect(await xget(c, key, 'other')).toEqual([ST.PATH_ENOENT, '']);
    expect((await c.request(keyed(OPCODES.GET, key))).value.toString()).toBe('{"body":1}');
    expect((await meta(c, key)).datatype).toBe(0x05);
  });

  test('a failing body spec leaves the xattrs unchanged too (atomic)', async () => {
    const c = await env.open();
    const key = await seed(c, { a: 1 });
    await c.request(xset(key, 'x', '1'));
    const r = await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'x', value: '2', flags: PF.XATTR }, { op: SD_OP.REPLACE, path: 'missing', value: '1' }]));
    expect([r.status, [...r.value]]).toEqual([ST.MULTI_PATH_FAILURE, [1, 0, ST.PATH_ENOENT]]);
    expect(await xget(c, key, 'x')).toEqual([ST.SUCCESS, '1']);
  });

  test('a full-document SET keeps every xattr (kv_engine preserves them); APPEND and TOUCH too', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    await c.request(xset(key, 'user', '1'));
    await c.request(xset(key, '_sys', '2'));
    expect((await c.request(setReq(key, '{"v":2}'))).status).toBe(ST.SUCCESS);
    expect(await xget(c, key, '$XTOC')).toEqual([ST.SUCCESS, '["_sys","user"]']);
    await c.request(keyed(OPCODES.TOUCH, key, { extras: Buffer.from([0, 0, 0, 100]) }));
    expect(await xget(c, key, 'user')).toEqual([ST.SUCCESS, '1']);
  });

  test('a whole-document DELETE in a multi keeps the system xattrs only; without any, nothing is left', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    await c.request(xset(key, 'user', '1'));
    await c.request(xset(key, '_sys', '2'));
    expect((await c.request(multiMutation(key, [{ op: SD_OP.WHOLE_DELETE, path: '' }]))).status).toBe(ST.SUCCESS);
    expect(await xget(c, key, '$XTOC', DF.ACCESS_DELETED)).toEqual([ST.SUCCESS_DELETED, '["_sys"]']);
    const plain = await seed(c, { v: 1 });
    await c.request(xset(plain, 'user', '1'));
    await c.request(multiMutation(plain, [{ op: SD_OP.WHOLE_DELETE, path: '' }]));
    expect(await xget(c, plain, '$XTOC', DF.ACCESS_DELETED)).toEqual([ST.SUCCESS_DELETED, '[]']);
  });

  test('binary values: stored base64-encoded, returned as bytes with BINARY_VALUE; a plain value is FIELD_NOT_BINARY_VALUE', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const r = await c.request({ ...single(SD_OP.DICT_UPSERT, key, 'bin', undefined, { pathFlags: PF.XATTR | PF.BINARY }), value: Buffer.concat([Buffer.from('bin'), bytes]) });
    expect(r.status).toBe(ST.SUCCESS);
    const back = await c.request(single(SD_OP.GET, key, 'bin', undefined, { pathFlags: PF.XATTR | PF.BINARY }));
    expect([back.status, Buffer.from(back.value)]).toEqual([ST.SUCCESS, bytes]);
    expect(await xget(c, key, 'bin')).toEqual([ST.SUCCESS, `"cb-content-base64-encoded:${bytes.toString('base64')}"`]);
    await c.request(xset(key, 'bin', '"plain"'));
    expect((await c.request(single(SD_OP.GET, key, 'bin', undefined, { pathFlags: PF.XATTR | PF.BINARY }))).status).toBe(0xd8);
  });
});

describe('virtual xattrs', () => {
  test('$document: every field matches GET_META, the mutation token and the body', async () => {
    const c = await env.open();
    const key = await seed(c, { other: 1 });
    await c.request(xset(key, 'x', '1'));
    // A full SET keeps the xattr and sets flags and expiry.
    const up = await c.request(setReq(key, '{"hello":"world"}', { flags: 0x02000000, expiry: 3600 }));
    const token = readMutationExtras(up.extras)!;
    const m = await meta(c, key);
    const r = await c.request(multiLookup(key, [{ op: SD_OP.GET, path: '$document', flags: PF.XATTR }, { op: SD_OP.GET, path: '$document.exptime', flags: PF.XATTR }, { op: SD_OP.GET, path: '$document.CAS', flags: PF.XATTR }]));
    const [whole, exptime, cas] = parseLookupResults(r.value);
    const body = Buffer.from('{"hello":"world"}');
    const doc = JSON.parse(whole!.value) as Record<string, unknown>;
    expect(doc).toEqual({
      CAS: hex16(m.cas),
      vbucket_uuid: hex16(token.vbuuid),
      seqno: hex16(m.seqno),
      revid: '3',
      exptime: m.expiry,
      flags: 0x02000000,
      value_bytes: body.byteLength,
      datatype: ['json', 'xattr'],
      deleted: false,
      last_modified: String(m.cas / 1_000_000_000n),
      value_crc32c: `0x${crc32c(body).toString(16).padStart(8, '0')}`,
    });
    // kv_engine writes the object with nlohmann::json, whose keys are sorted.
    expect(Object.keys(doc)).toEqual(Object.keys(doc).sort());
    expect(exptime!.value).toBe(String(m.expiry));
    expect(cas!.value).toBe(`"${hex16(m.cas)}"`);
    expect(m.expiry).toBeGreaterThan(Math.floor(Date.now() / 1000) + 3590);
  });

  test('$document of a document without expiry: exptime 0, datatype ["json"]', async () => {
    const c = await env.open();
    const key = await seed(c, [1]);
    expect(await xget(c, key, '$document.exptime')).toEqual([ST.SUCCESS, '0']);
    expect(await xget(c, key, '$document.datatype')).toEqual([ST.SUCCESS, '["json"]']);
    expect(await xget(c, key, '$document.deleted')).toEqual([ST.SUCCESS, 'false']);
  });

  test('$vbucket: the HLC in seconds, mode real; $XTOC lists the X-Keys', async () => {
    const c = await env.open();
    const key = await seed(c, {});
    const [status, hlc] = await xget(c, key, '$vbucket');
    expect(status).toBe(ST.SUCCESS);
    const parsed = JSON.parse(hlc) as { HLC: { now: string; mode: string } };
    expect(parsed.HLC.mode).toBe('real');
    expect(Math.abs(Number(parsed.HLC.now) - Date.now() / 1000)).toBeLessThan(5);
    expect(await xget(c, key, '$vbucket.HLC.mode')).toEqual([ST.SUCCESS, '"real"']);
    expect(await xget(c, key, '$XTOC')).toEqual([ST.SUCCESS, '[]']);
    await c.request(xset(key, 'b', '1'));
    await c.request(xset(key, 'a', '1'));
    expect(await xget(c, key, '$XTOC')).toEqual([ST.SUCCESS, '["a","b"]']);
  });
});

describe('macro expansion (EXPAND_MACROS)', () => {
  test('${Mutation.CAS} (little-endian hex, as kv_engine writes it), ${Mutation.seqno}, ${Mutation.value_crc32c} take the new version’s values', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    const r = await c.request(
      multiMutation(key, [
        { op: SD_OP.DICT_UPSERT, path: 'txn.cas', value: '"${Mutation.CAS}"', flags: PF.XATTR | PF.EXPAND | PF.MKDIR_P },
        { op: SD_OP.DICT_UPSERT, path: 'txn.seqno', value: '"${Mutation.seqno}"', flags: PF.XATTR | PF.EXPAND },
        { op: SD_OP.DICT_UPSERT, path: 'txn.crc', value: '"${Mutation.value_crc32c}"', flags: PF.XATTR | PF.EXPAND },
        { op: SD_OP.DICT_UPSERT, path: 'v', value: '2' },
      ]),
    );
    expect(r.status).toBe(ST.SUCCESS);
    const le = Buffer.alloc(8);
    le.writeBigUInt64LE(r.cas);
    const txn = JSON.parse((await xget(c, key, 'txn'))[1]) as Record<string, string>;
    expect(txn).toEqual({
      cas: `0x${le.toString('hex')}`,
      seqno: hex16(readMutationExtras(r.extras)!.seqno),
      crc: `0x${crc32c(Buffer.from('{"v":2}')).toString(16).padStart(8, '0')}`,
    });
  });

  test('${$document.CAS} and ${$document} take the document as it was read; without EXPAND_MACROS the text is stored as is', async () => {
    const c = await env.open();
    const key = await seed(c, { v: 1 });
    const before = await meta(c, key);
    await c.request(multiMutation(key, [{ op: SD_OP.DICT_UPSERT, path: 'in.cas', value: '"${$document.CAS}"', flags: PF.XATTR | PF.EXPAND | PF.MKDIR_P }, { op: SD_OP.DICT_UPSERT, path: 'in.doc', value: '"${$document}"', flags: PF.XATTR | PF.EXPAND }]));
    const saved = JSON.parse((await xget(c, key, 'in'))[1]) as { cas: string; doc: { CAS: string; revid: string } };
    expect(saved.cas).toBe(hex16(before.cas));
    expect(saved.doc.CAS).toBe(hex16(before.cas));
    await c.request(xset(key, 'raw', '"${Mutation.CAS}"'));
    expect(await xget(c, key, 'raw')).toEqual([ST.SUCCESS, '"${Mutation.CAS}"']);
  });
});
