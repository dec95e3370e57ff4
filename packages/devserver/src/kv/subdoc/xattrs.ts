/**
 * Extended attributes as sub-document paths see them (kv_engine docs/ExtendedAttributes.md,
 * daemon/subdocument_context.cc): the X-Key rules, the JSON object all of a document's
 * xattrs form for path operations (`{"_sync":{…},"meta":…}`, so `_sync.rev` is a path in
 * it), and the virtual xattrs `$document`, `$vbucket` and `$XTOC`, which are built from the
 * document's metadata on each lookup and can never be written.
 */
import { isSystemXattr, makeXattrs, type Xattrs } from '../../store/document';
import { parseJson, serialize, type JsonEntry, type JsonNode, type JsonObject } from './json-tree';
import { MAX_DOC_DEPTH } from './operations';

/** Longest X-Key in bytes is one less than this (SUBDOC_MAX_XATTR_LENGTH). */
const MAX_XATTR_KEY_BYTES = 16;

/** Virtual xattrs kv_engine knows. */
export const VATTRS = ['$document', '$vbucket', '$XTOC'] as const;

const PUNCT = new Set([...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~']);

/**
 * The X-Key of an xattr path (everything before the first `.` or `[`), or undefined when
 * the key breaks the rules: empty, 16 bytes or more, a leading punctuation or control
 * character other than `_` (system) and `$` (virtual), `_` or `$` alone, a NUL byte, or
 * bytes that are not UTF-8 (kv_engine xattr/key_validator.cc).
 */
export function xattrKeyOf(pathBytes: Buffer): string | undefined {
  const path = pathBytes.toString('utf8');
  if (!Buffer.from(path, 'utf8').equals(pathBytes) || path.includes('\0')) return undefined;
  const first = path.charCodeAt(0);
  const leading = path[0] ?? '';
  if ((PUNCT.has(leading) || first < 0x20 || first === 0x7f) && leading !== '_' && leading !== '$') return undefined;
  const cut = path.search(/[.[]/);
  const key = cut < 0 ? path : path.slice(0, cut);
  const bytes = Buffer.byteLength(key);
  if (bytes === 0 || bytes >= MAX_XATTR_KEY_BYTES) return undefined;
  if ((leading === '_' || leading === '$') && bytes === 1) return undefined;
  return key;
}

/** True for a virtual xattr path (`$…`). */
export function isVattrPath(path: string): boolean {
  return path.startsWith('$');
}

/** The xattrs as one JSON object, the document the xattr phase operates on. */
export function xattrObject(xattrs: Xattrs | undefined): JsonObject {
  const entries: JsonEntry[] = [];
  for (const [key, text] of Object.entries(xattrs ?? {})) {
    // Stored values were validated when written; their members sit one level down.
    const value = parseJson(text, MAX_DOC_DEPTH - 1);
    if (typeof value !== 'string') entries.push({ key, value });
  }
  return { kind: 'object', entries };
}

/** Back from the object the xattr phase produced to stored xattrs (keys sorted, as kv_engine rebuilds them). */
export function xattrsFromObject(root: JsonNode): Xattrs | undefined {
  if (root.kind !== 'object') return undefined;
  return makeXattrs(root.entries.map((e): [string, string] => [e.key, serialize(e.value)]));
}

/** User xattrs dropped, system ones kept (what a whole-document delete leaves). */
export function withoutUserXattrs(xattrs: Xattrs | undefined): Xattrs | undefined {
  return makeXattrs(Object.entries(xattrs ?? {}).filter(([k]) => isSystemXattr(k)));
}

/** The metadata `$document` reports, as the command read it. */
export interface DocumentInfo {
  /** CAS as readers see it (all ones while locked). */
  readonly cas: bigint;
  readonly vbucketUuid: bigint;
  readonly seqno: bigint;
  readonly revno: number;
  /** Absolute expiry in Unix seconds, 0 for none. */
  readonly exptime: number;
  readonly flags: number;
  /** The body (xattrs excluded). */
  readonly body: Buffer;
  /** Datatype bits of the stored document, XATTR bit included. */
  readonly datatype: number;
  readonly deleted: boolean;
}

/** `0x` and 16 lowercase hex digits (kv_engine cb::to_hex of a u64). */
export function hex64(n: bigint): string {
  return `0x${n.toString(16).padStart(16, '0')}`;
}

/** `0x` and 8 lowercase hex digits (cb::to_hex of a u32). */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** Datatype names as kv_engine prints them: `raw`, or any of `snappy`, `json`, `xattr`. */
function datatypeNames(datatype: number): string[] {
  if (datatype === 0) return ['raw'];
  const out: string[] = [];
  if (datatype & 0x02) out.push('snappy');
  if (datatype & 0x01) out.push('json');
  if (datatype & 0x04) out.push('xattr');
  return out;
}

/**
 * The `$document` object (without the wrapper). Keys come out in the order nlohmann::json
 * (a sorted map) gives them on a real server.
 */
export function documentVattr(info: DocumentInfo): Record<string, unknown> {
  return {
    CAS: hex64(info.cas),
    datatype: datatypeNames(info.datatype),
    deleted: info.deleted,
    exptime: info.exptime,
    flags: info.flags,
    // The CAS is a hybrid logical clock in nanoseconds: seconds of the last change.
    last_modified: (info.cas / 1_000_000_000n).toString(),
    revid: String(info.revno),
    seqno: hex64(info.seqno),
    value_bytes: info.body.byteLength,
    value_crc32c: hex32(crc32c(info.body)),
    vbucket_uuid: hex64(info.vbucketUuid),
  };
}

/**
 * The document a virtual xattr path is evaluated in (`{"$document":{…}}` and so on), or
 * undefined for an unknown virtual xattr. `xattrs` feed `$XTOC`; `nowSeconds` `$vbucket`.
 */
export function vattrDocument(name: string, info: DocumentInfo, xattrs: Xattrs | undefined, nowSeconds: number): JsonNode | undefined {
  let text: string;
  if (name === '$document') text = JSON.stringify({ $document: documentVattr(info) });
  else if (name === '$vbucket') text = JSON.stringify({ $vbucket: { HLC: { mode: 'real', now: String(nowSeconds) } } });
  else if (name === '$XTOC') text = JSON.stringify({ $XTOC: Object.keys(xattrs ?? {}) });
  else return undefined;
  const node = parseJson(text, MAX_DOC_DEPTH);
  return typeof node === 'string' ? undefined : node;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), the checksum of `value_crc32c` and `${Mutation.value_crc32c}`. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
