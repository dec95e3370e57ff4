/**
 * Sub-document packets for raw wire tests, built byte by byte from protocol.md §6 (not
 * with the server's own code): single-path extras, MULTI_LOOKUP / MULTI_MUTATION specs,
 * and parsers of the response bodies.
 */
import { FEATURES, OPCODES, storeExtras, vbucketOf, type Packet, type PacketInit } from '@couchts/core/internal';
import { startDevCluster, type DevCluster } from '../../src/dev-cluster';
import { RawClient } from '../helpers/raw-client';

/** startDevCluster's default vBucket count. */
export const NUM_VBUCKETS = 1024;

/** Path flags. */
export const PF = { MKDIR_P: 0x01, XATTR: 0x04, EXPAND: 0x10, BINARY: 0x20 } as const;
/** Doc flags. */
export const DF = { MKDOC: 0x01, ADD: 0x02, ACCESS_DELETED: 0x04, CREATE_AS_DELETED: 0x08, REVIVE: 0x10, REPLICA_READ: 0x20 } as const;

/** Sub-document opcodes (typed in from protocol.md §6). */
export const SD_OP = {
  GET: 0xc5,
  EXISTS: 0xc6,
  DICT_ADD: 0xc7,
  DICT_UPSERT: 0xc8,
  DELETE: 0xc9,
  REPLACE: 0xca,
  PUSH_LAST: 0xcb,
  PUSH_FIRST: 0xcc,
  INSERT: 0xcd,
  ADD_UNIQUE: 0xce,
  COUNTER: 0xcf,
  MULTI_LOOKUP: 0xd0,
  MULTI_MUTATION: 0xd1,
  GET_COUNT: 0xd2,
  WHOLE_GET: 0x00,
  WHOLE_SET: 0x01,
  WHOLE_DELETE: 0x04,
} as const;

/** Statuses (typed in from protocol.md §1.5). */
export const ST = {
  SUCCESS: 0x00,
  KEY_ENOENT: 0x01,
  KEY_EEXISTS: 0x02,
  EINVAL: 0x04,
  LOCKED: 0x09,
  NOT_SUPPORTED: 0x83,
  ETMPFAIL: 0x86,
  XATTR_EINVAL: 0x87,
  PATH_ENOENT: 0xc0,
  PATH_MISMATCH: 0xc1,
  PATH_EINVAL: 0xc2,
  PATH_E2BIG: 0xc3,
  DOC_E2DEEP: 0xc4,
  VALUE_CANTINSERT: 0xc5,
  DOC_NOTJSON: 0xc6,
  NUM_ERANGE: 0xc7,
  DELTA_EINVAL: 0xc8,
  PATH_EEXISTS: 0xc9,
  VALUE_ETOODEEP: 0xca,
  INVALID_COMBO: 0xcb,
  MULTI_PATH_FAILURE: 0xcc,
  SUCCESS_DELETED: 0xcd,
  XATTR_INVALID_FLAG_COMBO: 0xce,
  XATTR_INVALID_KEY_COMBO: 0xcf,
  XATTR_UNKNOWN_MACRO: 0xd0,
  XATTR_UNKNOWN_VATTR: 0xd1,
  XATTR_CANT_MODIFY_VATTR: 0xd2,
  MULTI_PATH_FAILURE_DELETED: 0xd3,
  INVALID_XATTR_ORDER: 0xd4,
  XATTR_UNKNOWN_VATTR_MACRO: 0xd5,
  CAN_ONLY_REVIVE_DELETED: 0xd6,
} as const;

/** Features most tests negotiate. */
export const FULL = [FEATURES.XERROR, FEATURES.JSON, FEATURES.MUTATION_SEQNO, FEATURES.SELECT_BUCKET, FEATURES.XATTR];

/** Single-path extras: pathlen u16, path flags u8, [expiry u32], [user flags u32], [doc flags u8]. */
export function singleExtras(pathLen: number, pathFlags: number, opts: { expiry?: number; userFlags?: number; docFlags?: number } = {}): Buffer {
  // The path header, then the same optional fields as a multi-path command.
  return Buffer.concat([Buffer.from([pathLen >> 8, pathLen & 0xff, pathFlags]), multiExtras(opts)]);
}

/** A single-path request. */
export function single(
  opcode: number,
  key: string,
  path: string,
  value?: string,
  opts: { pathFlags?: number; expiry?: number; userFlags?: number; docFlags?: number; cas?: bigint; extras?: Buffer } = {},
): PacketInit {
  const p = Buffer.from(path, 'utf8');
  return {
    opcode,
    key,
    vbucket: vbucketOf(key, NUM_VBUCKETS),
    extras: opts.extras ?? singleExtras(p.byteLength, opts.pathFlags ?? 0, opts),
    value: Buffer.concat([p, Buffer.from(value ?? '', 'utf8')]),
    cas: opts.cas,
  };
}

/** A lookup spec: opcode u8, flags u8, pathlen u16, path. */
export interface LookupSpec {
  op: number;
  path: string;
  flags?: number;
}

/** A mutation spec: opcode u8, flags u8, pathlen u16, valuelen u32, path, value. */
export interface MutationSpec extends LookupSpec {
  value?: string | Buffer;
}

/** The value of a MULTI_LOOKUP. */
export function lookupSpecs(specs: readonly LookupSpec[]): Buffer {
  return Buffer.concat(
    specs.map((s) => {
      const path = Buffer.from(s.path, 'utf8');
      const h = Buffer.alloc(4);
      h[0] = s.op;
      h[1] = s.flags ?? 0;
      h.writeUInt16BE(path.byteLength, 2);
      return Buffer.concat([h, path]);
    }),
  );
}

/** The value of a MULTI_MUTATION. */
export function mutationSpecs(specs: readonly MutationSpec[]): Buffer {
  return Buffer.concat(
    specs.map((s) => {
      const path = Buffer.from(s.path, 'utf8');
      const value = typeof s.value === 'string' ? Buffer.from(s.value, 'utf8') : (s.value ?? Buffer.alloc(0));
      const h = Buffer.alloc(8);
      h[0] = s.op;
      h[1] = s.flags ?? 0;
      h.writeUInt16BE(path.byteLength, 2);
      h.writeUInt32BE(value.byteLength, 4);
      return Buffer.concat([h, path, value]);
    }),
  );
}

/** Multi extras: [expiry u32] [user flags u32] [doc flags u8]. */
export function multiExtras(opts: { expiry?: number; userFlags?: number; docFlags?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  if (opts.expiry !== undefined || opts.userFlags !== undefined) {
    const e = Buffer.alloc(4);
    e.writeUInt32BE(opts.expiry ?? 0);
    parts.push(e);
  }
  if (opts.userFlags !== undefined) {
    const f = Buffer.alloc(4);
    f.writeUInt32BE(opts.userFlags);
    parts.push(f);
  }
  if (opts.docFlags !== undefined) parts.push(Buffer.from([opts.docFlags]));
  return Buffer.concat(parts);
}

/** A MULTI_LOOKUP request. */
export function multiLookup(key: string, specs: readonly LookupSpec[], opts: { docFlags?: number; cas?: bigint; extras?: Buffer } = {}): PacketInit {
  return {
    opcode: SD_OP.MULTI_LOOKUP,
    key,
    vbucket: vbucketOf(key, NUM_VBUCKETS),
    extras: opts.extras ?? multiExtras({ docFlags: opts.docFlags }),
    value: lookupSpecs(specs),
    cas: opts.cas,
  };
}

/** A MULTI_MUTATION request. */
export function multiMutation(
  key: string,
  specs: readonly MutationSpec[],
  opts: { docFlags?: number; expiry?: number; userFlags?: number; cas?: bigint; extras?: Buffer } = {},
): PacketInit {
  return {
    opcode: SD_OP.MULTI_MUTATION,
    key,
    vbucket: vbucketOf(key, NUM_VBUCKETS),
    extras: opts.extras ?? multiExtras(opts),
    value: mutationSpecs(specs),
    cas: opts.cas,
  };
}

/** One parsed lookup result. */
export interface LookupResult {
  status: number;
  value: string;
}

/** Parses a MULTI_LOOKUP response body: {status u16, len u32, value}*. */
export function parseLookupResults(value: Buffer): LookupResult[] {
  const out: LookupResult[] = [];
  let o = 0;
  while (o < value.byteLength) {
    const status = value.readUInt16BE(o);
    const len = value.readUInt32BE(o + 2);
    out.push({ status, value: value.subarray(o + 6, o + 6 + len).toString('utf8') });
    o += 6 + len;
  }
  return out;
}

/** One parsed mutation result. */
export interface MutationResult {
  index: number;
  status: number;
  value?: string;
}

/** Parses a MULTI_MUTATION response body (success: index, status, len, value; failure: index, status). */
export function parseMutationResults(value: Buffer): MutationResult[] {
  const out: MutationResult[] = [];
  let o = 0;
  while (o < value.byteLength) {
    const index = value[o]!;
    const status = value.readUInt16BE(o + 1);
    if (status !== 0) {
      out.push({ index, status });
      o += 3;
      continue;
    }
    const len = value.readUInt32BE(o + 3);
    out.push({ index, status, value: value.subarray(o + 7, o + 7 + len).toString('utf8') });
    o += 7 + len;
  }
  return out;
}

/** A SET request. */
export function setReq(key: string, value: string, opts: { flags?: number; expiry?: number; cas?: bigint } = {}): PacketInit {
  return { opcode: OPCODES.SET, key, vbucket: vbucketOf(key, NUM_VBUCKETS), extras: storeExtras(opts.flags ?? 0, opts.expiry ?? 0), value, cas: opts.cas };
}

/** A keyed request without extras (GET, DELETE, GET_META …). */
export function keyed(opcode: number, key: string, extra: Partial<PacketInit> = {}): PacketInit {
  return { opcode, key, vbucket: vbucketOf(key, NUM_VBUCKETS), ...extra };
}

/** GET_META version 2: deleted, flags, expiry, seqno, datatype. */
export function parseMeta(p: Packet): { deleted: number; flags: number; expiry: number; seqno: bigint; datatype: number; cas: bigint } {
  const e = Buffer.from(p.extras);
  return { deleted: e.readUInt32BE(0), flags: e.readUInt32BE(4), expiry: e.readUInt32BE(8), seqno: e.readBigUInt64BE(12), datatype: e[20]!, cas: p.cas };
}

/** A dev cluster and raw clients for one test file; clients are closed after each test. */
export function useCluster(): { readonly cluster: DevCluster; open(features?: readonly number[]): Promise<RawClient> } {
  let cluster: DevCluster | undefined;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    cluster = await startDevCluster();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    get cluster() {
      return cluster!;
    },
    async open(features: readonly number[] = FULL) {
      const c = await RawClient.connect(cluster!.nodes[0]!.kvPort);
      clients.push(c);
      await c.handshake({ features, bucket: 'default' });
      return c;
    },
  };
}

let seq = 0;
/** A key no other test uses. */
export function freshKey(prefix = 'sd'): string {
  return `${prefix}-${process.pid}-${++seq}`;
}
