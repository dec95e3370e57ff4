/**
 * Pure codec of the multi-path sub-document commands (protocol.md §6):
 * - MULTI_LOOKUP (0xd0) specs: `opcode u8, flags u8, path length u16, path`; results:
 *   `status u16, value length u32, value` per spec, in order.
 * - MULTI_MUTATION (0xd1) specs: `opcode u8, flags u8, path length u16, value length
 *   u32, path, value`; results on success: `index u8, status u16, value length u32,
 *   value` for the specs that produce a value; on failure one `index u8, status u16`.
 * - Extras of a mutation: `[expiry u32][doc flags u8]`.
 */
import { ProtocolError } from '../errors/classes';
import type { SubdocSpec } from './sd';

/** Document-level flags (the last byte of the extras). */
export const DOC_FLAGS = {
  /** Create the document if it does not exist (upsert semantics). */
  MKDOC: 0x01,
  /** Create the document; fail if it exists (insert semantics). */
  ADD: 0x02,
} as const;

/** One decoded per-spec result. */
export interface SpecResult {
  readonly status: number;
  readonly value: Buffer | undefined;
}

/** The value of a MULTI_LOOKUP request. */
export function encodeLookupSpecs(specs: readonly SubdocSpec[]): Buffer {
  const parts = specs.map((s) => {
    const path = Buffer.from(s.path, 'utf8');
    const head = Buffer.allocUnsafe(4);
    head[0] = s.opcode;
    head[1] = s.flags;
    head.writeUInt16BE(path.byteLength, 2);
    return Buffer.concat([head, path]);
  });
  return Buffer.concat(parts);
}

/** The value of a MULTI_MUTATION request. */
export function encodeMutationSpecs(specs: readonly SubdocSpec[]): Buffer {
  const parts = specs.map((s) => {
    const path = Buffer.from(s.path, 'utf8');
    const value = s.value === undefined ? Buffer.alloc(0) : Buffer.from(s.value, 'utf8');
    const head = Buffer.allocUnsafe(8);
    head[0] = s.opcode;
    head[1] = s.flags;
    head.writeUInt16BE(path.byteLength, 2);
    head.writeUInt32BE(value.byteLength, 4);
    return Buffer.concat([head, path, value]);
  });
  return Buffer.concat(parts);
}

/** Extras of a MULTI_MUTATION: expiry when set, doc flags when set. */
export function mutationExtras(expiry: number, docFlags: number): Buffer | undefined {
  if (expiry === 0 && docFlags === 0) return undefined;
  const buf = Buffer.alloc((expiry !== 0 ? 4 : 0) + (docFlags !== 0 ? 1 : 0));
  if (expiry !== 0) buf.writeUInt32BE(expiry, 0);
  if (docFlags !== 0) buf[buf.length - 1] = docFlags;
  return buf;
}

function view(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Decodes the `count` results of a MULTI_LOOKUP response. */
export function decodeLookupResults(value: Uint8Array, count: number): SpecResult[] {
  const buf = view(value);
  const out: SpecResult[] = [];
  let o = 0;
  for (let i = 0; i < count; i++) {
    if (o + 6 > buf.length) throw new ProtocolError(`MULTI_LOOKUP response holds ${i} of ${count} results`);
    const status = buf.readUInt16BE(o);
    const len = buf.readUInt32BE(o + 2);
    if (o + 6 + len > buf.length) throw new ProtocolError(`MULTI_LOOKUP result ${i} overruns the response`);
    out.push({ status, value: len === 0 ? undefined : buf.subarray(o + 6, o + 6 + len) });
    o += 6 + len;
  }
  if (o !== buf.length) throw new ProtocolError(`MULTI_LOOKUP response has ${buf.length - o} bytes after its ${count} results`);
  return out;
}

/** Decodes the values of a successful MULTI_MUTATION (index → value). */
export function decodeMutationResults(value: Uint8Array, count: number): Map<number, Buffer> {
  const buf = view(value);
  const out = new Map<number, Buffer>();
  let o = 0;
  while (o < buf.length) {
    if (o + 7 > buf.length) throw new ProtocolError('MULTI_MUTATION result truncated');
    const index = buf[o]!;
    const len = buf.readUInt32BE(o + 3);
    if (index >= count || o + 7 + len > buf.length) throw new ProtocolError(`MULTI_MUTATION result for spec ${index} is out of range`);
    out.set(index, buf.subarray(o + 7, o + 7 + len));
    o += 7 + len;
  }
  return out;
}

/** Decodes the failure of a MULTI_MUTATION: which spec failed, and how. */
export function decodeMutationFailure(value: Uint8Array, count: number): { index: number; status: number } {
  const buf = view(value);
  if (buf.length < 3) throw new ProtocolError(`MULTI_MUTATION failure has ${buf.length} bytes (expected 3)`);
  const index = buf[0]!;
  if (index >= count) throw new ProtocolError(`MULTI_MUTATION failure names spec ${index} of ${count}`);
  return { index, status: buf.readUInt16BE(1) };
}
