/**
 * Unsigned LEB128, used for collection ids in front of keys once HELLO acked COLLECTIONS
 * (kv_engine docs/Collections.md): 7 bits per byte, low group first, high bit =
 * continuation, at most 5 bytes for a u32, only canonical (shortest) encodings.
 */

/** Encodes a u32 as unsigned LEB128. */
export function encodeLeb128(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`LEB128 value out of u32 range: ${value}`);
  }
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return Uint8Array.from(out);
}

/**
 * Decodes an unsigned LEB128 u32 at the start of `bytes`. Returns the value and the
 * number of bytes it took, or `undefined` when the encoding is truncated, longer than
 * 5 bytes, beyond u32, or not the shortest form.
 */
export function decodeLeb128(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5 && i < bytes.byteLength; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) {
      // A trailing zero group (other than a lone 0x00) means a non-canonical encoding.
      if (i > 0 && b === 0) return undefined;
      if (value > 0xffffffff) return undefined;
      return { value, length: i + 1 };
    }
    scale *= 128;
  }
  return undefined;
}
