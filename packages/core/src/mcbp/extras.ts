/**
 * Builders and parsers for the fixed extras layouts (BinaryProtocol.md, per command).
 * All integers big-endian.
 */

/** SET / ADD / REPLACE request extras: flags u32, expiry u32 (8 bytes). */
export function storeExtras(flags: number, expiry: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(flags >>> 0, 0);
  b.writeUInt32BE(expiry >>> 0, 4);
  return b;
}

/** INCREMENT / DECREMENT request extras: delta u64, initial u64, expiry u32 (20 bytes). */
export function counterExtras(delta: bigint, initial: bigint, expiry: number): Buffer {
  const b = Buffer.allocUnsafe(20);
  b.writeBigUInt64BE(delta, 0);
  b.writeBigUInt64BE(initial, 8);
  b.writeUInt32BE(expiry >>> 0, 16);
  return b;
}

/** TOUCH / GAT / GET_LOCKED request extras: one u32 (expiry or lock time, 4 bytes). */
export function u32Extras(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
}

/** Expiry value meaning "do not create" in counter requests: a missing key is KEY_ENOENT. */
export const COUNTER_NO_CREATE_EXPIRY = 0xffffffff;

/** Reads a u32 from the start of extras (GET flags), 0 when the extras are shorter. */
export function readU32Extras(extras: Uint8Array): number {
  if (extras.byteLength < 4) return 0;
  return ((extras[0]! << 24) | (extras[1]! << 16) | (extras[2]! << 8) | extras[3]!) >>> 0;
}

/** The mutation token carried in 16-byte mutation response extras (vbucket UUID, then seqno). */
export interface RawMutationToken {
  readonly vbuuid: bigint;
  readonly seqno: bigint;
}

/** Parses mutation extras (present once HELLO acked MUTATION_SEQNO); `undefined` when absent. */
export function readMutationExtras(extras: Uint8Array): RawMutationToken | undefined {
  if (extras.byteLength !== 16) return undefined;
  const b = Buffer.from(extras.buffer, extras.byteOffset, 16);
  return { vbuuid: b.readBigUInt64BE(0), seqno: b.readBigUInt64BE(8) };
}

/** Writes mutation response extras: vbucket UUID u64 then seqno u64 (16 bytes). */
export function mutationExtras(vbuuid: bigint, seqno: bigint): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(vbuuid, 0);
  b.writeBigUInt64BE(seqno, 8);
  return b;
}
