/**
 * Value formats and their "common flags" (sdk-rfcs 0020; the seeds' FMT_JSON, FMT_UTF8,
 * FMT_BYTES). The top byte of the 32-bit item flags names the format; the low byte
 * repeats the legacy (couchnode 2.x / Python 2.x) format code, so documents written by
 * couchts read back correctly in those SDKs and in today's official ones.
 */
import { TooBigError, ValueFormatError } from '../errors/classes';

/** How a value is encoded on the wire. */
export type Format = 'json' | 'utf8' | 'bytes';

/** Every format name, for validation messages. */
export const FORMATS: readonly Format[] = ['json', 'utf8', 'bytes'];

/** Item flags written for each format (common flags | legacy low byte). */
export const FORMAT_FLAGS = {
  json: 0x02000000,
  utf8: 0x04000004,
  bytes: 0x03000002,
} as const;

/** Largest encoded document the server accepts (20 MiB). */
export const MAX_VALUE_BYTES = 20 * 1024 * 1024;

/** A value ready for the wire. `data` is a string (written as UTF-8) or bytes. */
export interface EncodedValue {
  readonly data: string | Buffer;
  /** Encoded length in bytes. */
  readonly length: number;
  readonly flags: number;
  /** True when the bytes are JSON (the JSON datatype bit may be set if negotiated). */
  readonly isJson: boolean;
}

/** Which format item flags say a stored value has (legacy low-byte rules when the top byte is 0). */
export function formatOfFlags(flags: number): Format | undefined {
  switch ((flags >>> 24) & 0x0f) {
    case 2:
      return 'json';
    case 3:
      return 'bytes';
    case 4:
      return 'utf8';
    case 0:
      // Legacy flags (no common-flags byte): 0 is JSON, 2 raw bytes, 4 UTF-8.
      switch (flags & 0xff) {
        case 0:
          return 'json';
        case 2:
          return 'bytes';
        case 4:
          return 'utf8';
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Encodes a value in a format. Throws {@link ValueFormatError} when the value cannot be
 * represented (undefined, a function, a BigInt, a circular structure for `json`; a
 * non-string for `utf8`; non-bytes for `bytes`) and {@link TooBigError} past 20 MiB.
 */
export function encodeValue(value: unknown, format: Format, key?: string): EncodedValue {
  let data: string | Buffer;
  let length: number;
  if (format === 'json') {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (cause) {
      throw new ValueFormatError(`Value cannot be serialised as JSON: ${(cause as Error).message}`, { cause, key, context: { format } });
    }
    if (text === undefined) {
      throw new ValueFormatError(`Value cannot be serialised as JSON: ${describe(value)} has no JSON form`, { key, context: { format } });
    }
    data = text;
    length = Buffer.byteLength(text, 'utf8');
  } else if (format === 'utf8') {
    if (typeof value !== 'string') {
      throw new ValueFormatError(`Format 'utf8' needs a string value, got ${describe(value)}`, { key, context: { format } });
    }
    data = value;
    length = Buffer.byteLength(value, 'utf8');
  } else {
    if (!(value instanceof Uint8Array)) {
      throw new ValueFormatError(`Format 'bytes' needs a Buffer or Uint8Array value, got ${describe(value)}`, { key, context: { format } });
    }
    data = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    length = value.byteLength;
  }
  if (length > MAX_VALUE_BYTES) {
    throw new TooBigError(`Value of ${length} bytes exceeds the ${MAX_VALUE_BYTES}-byte document limit`, {
      key,
      context: { format, bytes: length, limit: MAX_VALUE_BYTES },
    });
  }
  return { data, length, flags: FORMAT_FLAGS[format], isJson: format === 'json' };
}

/**
 * Decodes stored bytes according to their flags, or as `forced` when given.
 * JSON that does not parse is a {@link ValueFormatError} (with the raw bytes in
 * `context.raw`), as in the seeds. Bytes are copied out of the network buffer so a
 * returned Buffer never pins a socket chunk.
 */
export function decodeValue(bytes: Buffer, flags: number, forced?: Format, key?: string): unknown {
  const format = forced ?? formatOfFlags(flags) ?? 'bytes';
  if (format === 'bytes') return Buffer.from(bytes);
  const text = bytes.toString('utf8');
  if (format === 'utf8') return text;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValueFormatError(`Stored value is not valid JSON (flags 0x${flags.toString(16)}); read it with format 'bytes' or 'utf8'`, {
      cause,
      key,
      context: { flags, raw: Buffer.from(bytes) },
    });
  }
}
