/**
 * Flexible framing extras ("frame infos") carried by alt packets (magic 0x08 / 0x18).
 *
 * Encoding (BinaryProtocol.md "Flexible Framing Extras"): first byte = `(id << 4) | len`;
 * an id nibble of 15 means the real id is `15 + next byte`; a len nibble of 15 means the
 * real length is `15 + next byte` (the id escape byte comes first). Then `len` data bytes.
 */

/** One frame info: its id and its data bytes. */
export interface FrameInfo {
  readonly id: number;
  readonly data: Uint8Array;
}

/** Request frame ids (magic 0x08). */
export const REQUEST_FRAME_IDS = {
  BARRIER: 0,
  DURABILITY_REQUIREMENT: 1,
  DCP_STREAM_ID: 2,
  IMPERSONATE_USER: 4,
  PRESERVE_TTL: 5,
} as const;

/** Response frame ids (magic 0x18). */
export const RESPONSE_FRAME_IDS = {
  SERVER_DURATION: 0,
  READ_UNITS: 1,
  WRITE_UNITS: 2,
  THROTTLE_DURATION: 3,
} as const;

/** Encoded size of one frame info. */
function frameInfoSize(f: FrameInfo): number {
  return 1 + (f.id >= 15 ? 1 : 0) + (f.data.byteLength >= 15 ? 1 : 0) + f.data.byteLength;
}

/** Encodes frame infos into one byte string (throws RangeError on ids/lengths that cannot be encoded). */
export function encodeFrameInfos(frames: readonly FrameInfo[]): Uint8Array {
  let size = 0;
  for (const f of frames) {
    if (f.id < 0 || f.id > 15 + 255) throw new RangeError(`frame info id ${f.id} cannot be encoded`);
    if (f.data.byteLength > 15 + 255) throw new RangeError(`frame info data of ${f.data.byteLength} bytes cannot be encoded`);
    size += frameInfoSize(f);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const f of frames) {
    const len = f.data.byteLength;
    out[o++] = ((f.id >= 15 ? 15 : f.id) << 4) | (len >= 15 ? 15 : len);
    if (f.id >= 15) out[o++] = f.id - 15;
    if (len >= 15) out[o++] = len - 15;
    out.set(f.data, o);
    o += len;
  }
  return out;
}

/**
 * Decodes frame infos. Returns `undefined` if the bytes are malformed (a frame that
 * runs past the end), so the caller can report a protocol error with context.
 */
export function decodeFrameInfos(bytes: Uint8Array): FrameInfo[] | undefined {
  const out: FrameInfo[] = [];
  let o = 0;
  while (o < bytes.byteLength) {
    const b = bytes[o++]!;
    let id = b >> 4;
    let len = b & 0x0f;
    if (id === 15) {
      if (o >= bytes.byteLength) return undefined;
      id += bytes[o++]!;
    }
    if (len === 15) {
      if (o >= bytes.byteLength) return undefined;
      len += bytes[o++]!;
    }
    if (o + len > bytes.byteLength) return undefined;
    out.push({ id, data: bytes.subarray(o, o + len) });
    o += len;
  }
  return out;
}

/**
 * Decodes the server-duration frame value (µs): `micros = encoded^1.74 / 2`.
 */
export function decodeServerDuration(encoded: number): number {
  return Math.pow(encoded, 1.74) / 2;
}

/** Encodes a server duration in µs into its u16 wire form: `round((micros * 2)^(1/1.74))`. */
export function encodeServerDuration(micros: number): number {
  return Math.min(0xffff, Math.round(Math.pow(micros * 2, 1 / 1.74)));
}
