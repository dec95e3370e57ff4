/**
 * fast-check arbitraries of a hostile KV client, for the dev cluster's fuzzer
 * (fuzz-runners.ts): requests built from valid templates with the core's `encodePacket`
 * (HELLO, SASL, SELECT_BUCKET, document commands with their extras, OBSERVE,
 * sub-document single-path and multi-path commands, NOOP, unknown opcodes) so that most
 * of them get past the framing and reach the handlers; byte-level mutations of those
 * (header fields included: magic, key / extras / body lengths); pure random chunks. The
 * byte mutations are shared with http-generators.ts.
 *
 * Generators never aim at the health-check keys (`health-*`), so a failed health check
 * means the server broke, not that a fuzz case overwrote its data.
 */
import fc from 'fast-check';
import { counterExtras, encodeFeatures, encodeFrameInfos, encodePacket, FEATURES, OPCODES, plainAuthPayload, storeExtras, u32Extras, vbucketOf, type PacketInit } from '@couchts/core/internal';
import { lookupSpecs, multiExtras, mutationSpecs, NUM_VBUCKETS, singleExtras } from '../subdoc/wire-helpers';

// ---------------------------------------------------------------------------------------
// Byte mutations
// ---------------------------------------------------------------------------------------

/** One mutation of a byte string; positions are taken modulo the length when applied. */
export type Mutation =
  | { kind: 'flip'; pos: number; bit: number }
  | { kind: 'set'; pos: number; byte: number }
  | { kind: 'truncate'; pos: number }
  | { kind: 'insert'; pos: number; bytes: Uint8Array }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'duplicate'; pos: number; len: number }
  | { kind: 'delete'; pos: number; len: number };

/** Mutations that may hit any byte of a request (no knowledge of its layout). */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), pos: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
);

/** Applies mutations in order (each sees the result of the previous ones). */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(input);
  for (const m of mutations) {
    const at = (pos: number): number => (b.length === 0 ? 0 : pos % (b.length + 1));
    switch (m.kind) {
      case 'flip':
        if (b.length > 0) b[m.pos % b.length]! ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length > 0) b[m.pos % b.length] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, at(m.pos));
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at(m.pos)), m.bytes, b.subarray(at(m.pos))]);
        break;
      case 'append':
        b = Buffer.concat([b, m.bytes]);
        break;
      case 'duplicate': {
        const start = at(m.pos);
        b = Buffer.concat([b.subarray(0, start + m.len), b.subarray(start, start + m.len), b.subarray(start + m.len)]);
        break;
      }
      case 'delete':
        b = Buffer.concat([b.subarray(0, at(m.pos)), b.subarray(at(m.pos) + m.len)]);
        break;
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------
// KV
// ---------------------------------------------------------------------------------------

/** The dev node's largest accepted request body (session.ts MAX_REQUEST_BODY): the edge of "too long". */
export const KV_MAX_BODY = 21 * 1024 * 1024 + 64 * 1024;

/** Documents the KV fuzz cluster starts with; fuzz requests aim at these keys most of the time. */
export const FUZZ_DOCS: Readonly<Record<string, string | Buffer>> = {
  'fz-json': JSON.stringify({ a: 1, b: { c: [1, 2, 3], d: 'x' }, s: 'text', n: null, arr: [1, 'two', { three: 3 }] }),
  'fz-num': '42',
  'fz-max': '18446744073709551615',
  'fz-deep': `${'['.repeat(60)}1${']'.repeat(60)}`,
  'fz-arr': '[1,2,3,"a",[4,5],{"k":"v"}]',
  'fz-bin': Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x7b]),
  'fz-text': 'plain text, not JSON {',
};

/** Keys fuzz requests use: the stored ones plus one that never exists. */
export const FUZZ_KEYS = [...Object.keys(FUZZ_DOCS), 'fz-gone'];

const anyKey: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { arbitrary: fc.constantFrom(...FUZZ_KEYS), weight: 12 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s) => `fz-${s}`), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 },
);

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const smallCas = fc.oneof({ arbitrary: fc.constant(0n), weight: 6 }, { arbitrary: u64, weight: 1 });
const datatype = fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 });

const docValue: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('{"a":1}', '[]', '7', '"str"', 'null', '18446744073709551616', '-1', ' 12', '1e3', '', `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`),
  fc.json({ maxDepth: 3 }),
  fc.uint8Array({ maxLength: 256 }),
);

const subdocPath = fc.oneof(
  fc.constantFrom('a', 'b.c', 'b.c[0]', 'b.c[-1]', 'arr[99]', 'arr[2].three', 's', '', '$document', '$document.exptime', '$XTOC', '$vbucket', 'x_attr.k'),
  fc.constantFrom('a[', 'a]', 'a..b', '`a`', '`', '[0]', '[-2]', 'a[1x]', `${'a.'.repeat(40)}b`, 'x'.repeat(1100), 'ü.ß', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 16 }),
);
const subdocValue = fc.oneof(fc.constantFrom('1', '"s"', '{"n":1}', '[1,2]', 'null', '', '{', '1e400', '-0', '99999999999999999999', '"\\ud800"', '"${Mutation.CAS}"'), fc.json({ maxDepth: 2 }));
const docFlags = fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom(0, 0x01, 0x02, 0x04, 0x05, 0x08, 0x0d, 0x10, 0x14, 0x20), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 });
const pathFlags = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constantFrom(0x01, 0x04, 0x10, 0x20, 0x14, 0xff), weight: 1 });

/** Correct vBucket for string keys most of the time (so requests reach the engine), else any. */
function withVbucket(init: PacketInit, vb: number | undefined): PacketInit {
  const key = init.key;
  if (vb !== undefined || typeof key !== 'string') return { ...init, vbucket: vb ?? 0 };
  return { ...init, vbucket: vbucketOf(key, NUM_VBUCKETS) };
}
const vbucket = fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 1 });

const features = fc.array(fc.oneof(fc.constantFrom(...Object.values(FEATURES)), fc.integer({ min: 0, max: 0xffff })), { maxLength: 12 });

const keyed = (opcode: number): fc.Arbitrary<PacketInit> => fc.record({ opcode: fc.constant(opcode), key: anyKey, cas: smallCas });

const storeReq = fc
  .record({ opcode: fc.constantFrom(OPCODES.SET, OPCODES.ADD, OPCODES.REPLACE), key: anyKey, flags: u32, expiry: fc.oneof(fc.constant(0), u32), value: docValue, datatype, cas: smallCas })
  .map(({ flags, expiry, ...r }): PacketInit => ({ ...r, extras: storeExtras(flags, expiry) }));
const counterReq = fc
  .record({ opcode: fc.constantFrom(OPCODES.INCREMENT, OPCODES.DECREMENT), key: anyKey, delta: u64, initial: u64, expiry: fc.oneof(fc.constant(0), fc.constant(0xffffffff), u32) })
  .map(({ opcode, key, delta, initial, expiry }): PacketInit => ({ opcode, key, extras: counterExtras(delta, initial, expiry) }));
const singlePath = fc
  .record({ opcode: fc.integer({ min: 0xc5, max: 0xd2 }).filter((op) => op !== 0xd0 && op !== 0xd1), key: anyKey, path: subdocPath, value: subdocValue, pathFlags, docFlags, expiry: fc.option(u32, { nil: undefined }), cas: smallCas })
  .map((r): PacketInit => {
    const path = Buffer.from(r.path, 'utf8');
    return { opcode: r.opcode, key: r.key, cas: r.cas, extras: singleExtras(path.byteLength, r.pathFlags, { expiry: r.expiry, docFlags: r.docFlags }), value: Buffer.concat([path, Buffer.from(r.value)]) };
  });
const lookupOp = fc.constantFrom(0xc5, 0xc6, 0xd2, 0x00, 0xc8, 0x42);
const mutateOp = fc.constantFrom(0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0x01, 0x04, 0xc5);
const multiLookup = fc
  .record({ key: anyKey, specs: fc.array(fc.record({ op: lookupOp, path: subdocPath, flags: pathFlags }), { maxLength: 18 }), docFlags })
  .map((r): PacketInit => ({ opcode: OPCODES.SUBDOC_MULTI_LOOKUP, key: r.key, extras: multiExtras({ docFlags: r.docFlags }), value: lookupSpecs(r.specs) }));
const multiMutation = fc
  .record({ key: anyKey, specs: fc.array(fc.record({ op: mutateOp, path: subdocPath, flags: pathFlags, value: subdocValue }), { maxLength: 18 }), docFlags, expiry: fc.option(u32, { nil: undefined }), cas: smallCas })
  .map((r): PacketInit => ({ opcode: OPCODES.SUBDOC_MULTI_MUTATION, key: r.key, cas: r.cas, extras: multiExtras({ docFlags: r.docFlags, expiry: r.expiry }), value: mutationSpecs(r.specs) }));
const observe = fc
  .array(fc.record({ vb: fc.oneof(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 0xffff })), key: fc.constantFrom(...FUZZ_KEYS), lie: fc.integer({ min: -2, max: 2 }) }), { maxLength: 4 })
  .map((entries): PacketInit => ({
    opcode: OPCODES.OBSERVE,
    // Entries whose key length may lie by a byte or two.
    value: Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from([e.vb >> 8, e.vb & 0xff, 0, Math.max(0, Buffer.byteLength(e.key) + e.lie)]), Buffer.from(e.key)]))),
  }));

/** A request as a client may send it (mostly valid; fields drawn from interesting values). */
export const kvRequest: fc.Arbitrary<PacketInit> = fc
  .tuple(
    fc.oneof(
      fc.record({ opcode: fc.constant(OPCODES.HELLO), key: fc.string({ maxLength: 30 }), value: features.map(encodeFeatures) }),
      fc.constant({ opcode: OPCODES.SASL_LIST_MECHS }),
      fc.record({ opcode: fc.constant(OPCODES.SASL_AUTH), key: fc.constantFrom('PLAIN', 'SCRAM-SHA512', 'SCRAM-SHA1', 'NOPE', ''), value: fc.oneof(fc.constant(plainAuthPayload('Administrator', 'password')), fc.uint8Array({ maxLength: 64 })) }),
      fc.record({ opcode: fc.constant(OPCODES.SASL_STEP), key: fc.constantFrom('SCRAM-SHA512', 'PLAIN'), value: fc.uint8Array({ maxLength: 64 }) }),
      fc.record({ opcode: fc.constant(OPCODES.SELECT_BUCKET), key: fc.oneof(fc.constantFrom('default', '@no bucket@', 'nope', ''), fc.string({ maxLength: 8 })) }),
      keyed(OPCODES.GET),
      storeReq,
      storeReq,
      keyed(OPCODES.DELETE),
      counterReq,
      fc.record({ opcode: fc.constantFrom(OPCODES.APPEND, OPCODES.PREPEND), key: anyKey, value: docValue }),
      fc.record({ opcode: fc.constantFrom(OPCODES.TOUCH, OPCODES.GAT, OPCODES.GET_LOCKED), key: anyKey, extras: u32.map(u32Extras) }),
      fc.record({ opcode: fc.constantFrom(OPCODES.UNLOCK_KEY, OPCODES.GET_META, OPCODES.GET_REPLICA), key: anyKey, cas: smallCas, extras: fc.constantFrom(Buffer.alloc(0), Buffer.from([2]), Buffer.from([1])) }),
      fc.record({ opcode: fc.constant(OPCODES.GET_CLUSTER_CONFIG), extras: fc.oneof(fc.constant(Buffer.alloc(0)), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 20 })) }),
      observe,
      fc.record({ opcode: fc.constant(OPCODES.OBSERVE_SEQNO), value: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
      singlePath,
      singlePath,
      multiLookup,
      multiMutation,
      fc.record({ opcode: fc.constantFrom(OPCODES.COLLECTIONS_GET_ID, OPCODES.COLLECTIONS_GET_MANIFEST), key: fc.constantFrom('', '_default._default', 'x.y', '.'), value: fc.constantFrom('', '_default.c', 'a.b.c') }),
      fc.record({ opcode: fc.constant(OPCODES.GET_ERROR_MAP), value: fc.uint8Array({ maxLength: 3 }) }),
      fc.constant({ opcode: OPCODES.NOOP }),
      fc.constant({ opcode: OPCODES.VERSION }),
      // Opcodes nobody implements, with random parts.
      fc.record({ opcode: fc.integer({ min: 0, max: 255 }), key: fc.uint8Array({ maxLength: 20 }), extras: fc.uint8Array({ maxLength: 24 }), value: fc.uint8Array({ maxLength: 64 }) }),
    ),
    vbucket,
    fc.integer({ min: 0, max: 0xffffffff }),
    // Alt requests: valid frames (durability, preserve TTL, barrier) or garbage ones.
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 8 },
      fc.constantFrom(encodeFrameInfos([{ id: 5, data: new Uint8Array(0) }]), encodeFrameInfos([{ id: 1, data: Uint8Array.of(1) }]), encodeFrameInfos([{ id: 0, data: new Uint8Array(0) }])),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
    ),
  )
  .map(([init, vb, opaque, framingExtras]) => {
    const p = withVbucket(init, vb);
    const alt = framingExtras !== undefined && (typeof p.key === 'string' ? Buffer.byteLength(p.key) : (p.key?.byteLength ?? 0)) <= 255;
    return { ...p, opaque, ...(alt ? { framingExtras, magic: 0x08 } : {}) };
  });

/** A header-field overwrite of one packet: the fields whose lies a server must survive. */
export type HeaderMutation = { field: 'magic' | 'opcode' | 'keylen' | 'extlen' | 'datatype' | 'vbucket' | 'bodylen'; value: number };

const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  fc.record({ field: fc.constant('magic' as const), value: fc.oneof(fc.constantFrom(0x80, 0x81, 0x08, 0x18, 0x82, 0x83, 0x00, 0xff), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ field: fc.constantFrom('opcode' as const, 'extlen' as const, 'datatype' as const), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ field: fc.constantFrom('keylen' as const, 'vbucket' as const), value: fc.oneof(fc.constantFrom(0, 1, 250, 251, 255, 256, 0xffff), fc.integer({ min: 0, max: 0xffff })) }),
  fc.record({ field: fc.constant('bodylen' as const), value: fc.oneof(fc.constantFrom(0, 1, 23, 24, 255, 0x7fffffff, 0xffffffff, KV_MAX_BODY, KV_MAX_BODY + 1), u32) }),
);

/** Overwrites a field of the header at the start of `packet` (a copy). */
export function mutateHeader(packet: Uint8Array, m: HeaderMutation): Buffer {
  const b = Buffer.from(packet);
  if (b.length < 24) return b;
  const at: Record<HeaderMutation['field'], [number, number]> = { magic: [0, 1], opcode: [1, 1], keylen: [2, 2], extlen: [4, 1], datatype: [5, 1], vbucket: [6, 2], bodylen: [8, 4] };
  const [offset, size] = at[m.field];
  b.writeUIntBE(m.value % 2 ** (8 * size), offset, size);
  return b;
}

/** Overwrites bytes of a packet's body only: the framing stays valid, the fields the handler reads do not. */
function mutateBody(packet: Buffer, ms: readonly { pos: number; byte: number }[]): Buffer {
  const b = Buffer.from(packet);
  if (b.length > 24) for (const m of ms) b[24 + (m.pos % (b.length - 24))] = m.byte;
  return b;
}

/** One item of a fuzz payload: a valid request, a mutated one, or random bytes. */
export const kvItem: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: kvRequest.map(encodePacket), weight: 10 },
  { arbitrary: fc.tuple(kvRequest, fc.array(fc.record({ pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 })).map(([p, ms]) => mutateBody(encodePacket(p), ms)), weight: 4 },
  { arbitrary: fc.tuple(kvRequest, fc.array(headerMutation, { maxLength: 2 }), fc.array(mutation, { maxLength: 3 })).map(([p, hs, ms]) => applyMutations(hs.reduce(mutateHeader, encodePacket(p)), ms)), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 96 }).map((b) => Buffer.from(b)), weight: 1 },
  // A request magic in front of random bytes: a "header" with random lengths.
  { arbitrary: fc.uint8Array({ minLength: 23, maxLength: 80 }).map((b) => Buffer.concat([Buffer.of(0x80), b])), weight: 1 },
);

/** A KV fuzz case: whether to authenticate first, HELLO features, and the hostile bytes. */
export interface KvCase {
  readonly handshake: boolean;
  readonly features: readonly number[];
  readonly fuzz: Buffer;
}

/** KV fuzz cases: most authenticate first so the bytes reach the document commands. */
export const kvCase: fc.Arbitrary<KvCase> = fc
  .record({
    handshake: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
    // XERROR mostly (without it an access failure is a disconnect); COLLECTIONS rarely (keys then need a collection prefix).
    features: fc
      .tuple(fc.subarray([FEATURES.JSON, FEATURES.MUTATION_SEQNO, FEATURES.XATTR, FEATURES.SELECT_BUCKET, FEATURES.ALT_REQUEST_SUPPORT]), fc.integer({ min: 0, max: 11 }))
      .map(([f, dice]) => [...(dice < 10 ? [FEATURES.XERROR] : []), ...f, ...(dice === 0 || dice === 11 ? [FEATURES.COLLECTIONS] : [])]),
    items: fc.array(kvItem, { minLength: 1, maxLength: 8 }),
    whole: fc.oneof({ arbitrary: fc.constant([] as Mutation[]), weight: 7 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }), weight: 1 }),
  })
  .map(({ handshake, features: f, items, whole }) => {
    const fuzz = applyMutations(Buffer.concat(items), whole);
    return { handshake, features: f, fuzz, [fc.toStringMethod]: () => `{handshake: ${handshake}, features: [${f.join(',')}], fuzz: ${fuzz.toString('hex')}}` };
  });
