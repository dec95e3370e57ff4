/**
 * Packet encoding and decoding. Pure: bytes in, bytes out.
 *
 * Encoding writes straight into a caller-provided buffer (`writePacket`) so that a
 * connection can encode every request of one tick into a single allocation and hand the
 * socket one write; `encodePacket` is the convenience form.
 *
 * Decoding (`Packet`) keeps the frame buffer and exposes its parts as lazy views: the hot
 * path reads only what it needs (a GET response: flags and value; a mutation: CAS and
 * token) and never copies a body.
 */
import { HEADER_SIZE, MAX_ALT_KEY_LENGTH, MAX_KEY_LENGTH } from './header';
import { isAltMagic, isResponseMagic, MAGIC } from './magic';

/** What to encode. Strings are written as UTF-8. */
export interface PacketInit {
  /** Magic byte; default 0x80 (request), or 0x08 when `framingExtras` is non-empty. */
  magic?: number;
  opcode: number;
  datatype?: number;
  /** Request: vbucket id (header bytes 6–7). */
  vbucket?: number;
  /** Response: status (header bytes 6–7). */
  status?: number;
  opaque?: number;
  cas?: bigint;
  framingExtras?: Uint8Array;
  extras?: Uint8Array;
  key?: string | Uint8Array;
  /**
   * Exact UTF-8 byte length of `key` when it is a string and the caller already computed
   * it (validation does). Trusted, to avoid measuring every key twice on the hot path: a
   * wrong value that is too long is caught, one that is too short may truncate the last
   * field of a buffer.
   */
  keyLength?: number;
  value?: string | Uint8Array;
  /** Exact UTF-8 byte length of `value` when it is a string (trusted, like `keyLength`). */
  valueLength?: number;
}

const EMPTY = new Uint8Array(0);

function byteLength(data: string | Uint8Array | undefined, known: number | undefined): number {
  if (data === undefined) return 0;
  if (typeof data === 'string') return known ?? Buffer.byteLength(data, 'utf8');
  return data.byteLength;
}

function magicOf(p: PacketInit): number {
  if (p.magic !== undefined) return p.magic;
  return p.framingExtras !== undefined && p.framingExtras.byteLength > 0 ? MAGIC.ALT_REQUEST : MAGIC.REQUEST;
}

/** Total encoded size of a packet, header included. */
export function packetSize(p: PacketInit): number {
  return (
    HEADER_SIZE +
    (p.framingExtras?.byteLength ?? 0) +
    (p.extras?.byteLength ?? 0) +
    byteLength(p.key, p.keyLength) +
    byteLength(p.value, p.valueLength)
  );
}

function writeBytes(buf: Buffer, data: string | Uint8Array | undefined, offset: number, known: number | undefined): number {
  if (data === undefined) return offset;
  if (typeof data === 'string') {
    const written = buf.write(data, offset, 'utf8');
    if (known !== undefined && written !== known) throw new RangeError('stated UTF-8 length does not match the string');
    return offset + written;
  }
  buf.set(data, offset);
  return offset + data.byteLength;
}

/**
 * Writes one packet into `buf` at `offset` and returns the offset after it. `buf` must
 * have room for {@link packetSize} bytes. Throws RangeError for fields that do not fit
 * the header (a key too long for the magic, a frame-extras block over 255 bytes).
 */
export function writePacket(p: PacketInit, buf: Buffer, offset: number): number {
  const magic = magicOf(p);
  const fe = p.framingExtras ?? EMPTY;
  const ex = p.extras ?? EMPTY;
  const keyLen = byteLength(p.key, p.keyLength);
  const valueLen = byteLength(p.value, p.valueLength);
  const alt = isAltMagic(magic);
  if (alt) {
    if (keyLen > MAX_ALT_KEY_LENGTH) throw new RangeError(`key of ${keyLen} bytes does not fit an alt packet`);
    if (fe.byteLength > 255) throw new RangeError(`framing extras of ${fe.byteLength} bytes do not fit`);
  } else {
    if (fe.byteLength > 0) throw new RangeError(`magic 0x${magic.toString(16)} cannot carry framing extras`);
    if (keyLen > MAX_KEY_LENGTH) throw new RangeError(`key of ${keyLen} bytes does not fit a packet`);
  }
  if (ex.byteLength > 255) throw new RangeError(`extras of ${ex.byteLength} bytes do not fit`);
  const bodyLen = fe.byteLength + ex.byteLength + keyLen + valueLen;

  buf[offset] = magic;
  buf[offset + 1] = p.opcode;
  if (alt) {
    buf[offset + 2] = fe.byteLength;
    buf[offset + 3] = keyLen;
  } else {
    buf.writeUInt16BE(keyLen, offset + 2);
  }
  buf[offset + 4] = ex.byteLength;
  buf[offset + 5] = p.datatype ?? 0;
  buf.writeUInt16BE((isResponseMagic(magic) ? p.status : p.vbucket) ?? 0, offset + 6);
  buf.writeUInt32BE(bodyLen, offset + 8);
  buf.writeUInt32BE((p.opaque ?? 0) >>> 0, offset + 12);
  const cas = p.cas ?? 0n;
  if (cas === 0n) {
    buf.writeUInt32BE(0, offset + 16);
    buf.writeUInt32BE(0, offset + 20);
  } else {
    buf.writeBigUInt64BE(cas, offset + 16);
  }
  let o = offset + HEADER_SIZE;
  if (fe.byteLength > 0) {
    buf.set(fe, o);
    o += fe.byteLength;
  }
  if (ex.byteLength > 0) {
    buf.set(ex, o);
    o += ex.byteLength;
  }
  o = writeBytes(buf, p.key, o, p.keyLength);
  o = writeBytes(buf, p.value, o, p.valueLength);
  return o;
}

/** Encodes one packet into a new buffer. */
export function encodePacket(p: PacketInit): Buffer {
  const buf = Buffer.allocUnsafe(packetSize(p));
  writePacket(p, buf, 0);
  return buf;
}

/**
 * A decoded packet: header fields plus lazy views into the frame (no copies).
 * Construct it with {@link decodePacket} (validates the layout) or from the
 * {@link FrameDecoder}.
 */
export class Packet {
  readonly magic: number;
  readonly opcode: number;
  readonly datatype: number;
  /** Header bytes 6–7: the vbucket id of a request or the status of a response. */
  readonly vbucketOrStatus: number;
  readonly opaque: number;
  readonly framingExtrasLength: number;
  readonly extrasLength: number;
  readonly keyLength: number;
  readonly bodyLength: number;

  /** `frame` must hold exactly one complete packet whose layout was validated. */
  constructor(readonly frame: Buffer) {
    this.magic = frame[0]!;
    this.opcode = frame[1]!;
    const alt = isAltMagic(this.magic);
    this.framingExtrasLength = alt ? frame[2]! : 0;
    this.keyLength = alt ? frame[3]! : frame.readUInt16BE(2);
    this.extrasLength = frame[4]!;
    this.datatype = frame[5]!;
    this.vbucketOrStatus = frame.readUInt16BE(6);
    this.bodyLength = frame.readUInt32BE(8);
    this.opaque = frame.readUInt32BE(12);
  }

  /** Status of a response (0 for requests is meaningless; use {@link vbucket}). */
  get status(): number {
    return this.vbucketOrStatus;
  }
  /** Vbucket id of a request. */
  get vbucket(): number {
    return this.vbucketOrStatus;
  }
  /** True when the magic is a response magic (0x81, 0x18, 0x83). */
  get isResponse(): boolean {
    return isResponseMagic(this.magic);
  }
  /** The CAS field. */
  get cas(): bigint {
    const f = this.frame;
    // Avoid a BigInt for the common all-zero CAS of requests and failures.
    if (f.readUInt32BE(16) === 0 && f.readUInt32BE(20) === 0) return 0n;
    return f.readBigUInt64BE(16);
  }
  /** Framing extras bytes (empty unless alt magic). */
  get framingExtras(): Buffer {
    return this.frame.subarray(HEADER_SIZE, HEADER_SIZE + this.framingExtrasLength);
  }
  /** Extras bytes. */
  get extras(): Buffer {
    const start = HEADER_SIZE + this.framingExtrasLength;
    return this.frame.subarray(start, start + this.extrasLength);
  }
  /** Key bytes. */
  get key(): Buffer {
    const start = HEADER_SIZE + this.framingExtrasLength + this.extrasLength;
    return this.frame.subarray(start, start + this.keyLength);
  }
  /** Value bytes. */
  get value(): Buffer {
    return this.frame.subarray(HEADER_SIZE + this.framingExtrasLength + this.extrasLength + this.keyLength);
  }
  /** Length of the value in bytes. */
  get valueLength(): number {
    return this.bodyLength - this.framingExtrasLength - this.extrasLength - this.keyLength;
  }
}

/** Why a frame header is not acceptable, or `undefined` when it is. */
export function checkHeader(header: Uint8Array, maxBodyLength: number, knownMagic: (m: number) => boolean): string | undefined {
  const magic = header[0]!;
  if (!knownMagic(magic)) return `unknown magic 0x${magic.toString(16).padStart(2, '0')}`;
  const alt = isAltMagic(magic);
  const fe = alt ? header[2]! : 0;
  const keyLen = alt ? header[3]! : (header[2]! << 8) | header[3]!;
  const ex = header[4]!;
  const body = ((header[8]! << 24) | (header[9]! << 16) | (header[10]! << 8) | header[11]!) >>> 0;
  if (body > maxBodyLength) return `body length ${body} exceeds the limit of ${maxBodyLength} bytes`;
  if (fe + ex + keyLen > body) return `framing extras (${fe}) + extras (${ex}) + key (${keyLen}) exceed the body length ${body}`;
  return undefined;
}

/** Decodes exactly one complete packet (throws RangeError when `bytes` is not one). */
export function decodePacket(bytes: Uint8Array, maxBodyLength = 0xffffffff): Packet {
  if (bytes.byteLength < HEADER_SIZE) throw new RangeError(`packet of ${bytes.byteLength} bytes is shorter than a header`);
  const problem = checkHeader(bytes, maxBodyLength, () => true);
  if (problem !== undefined) throw new RangeError(problem);
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = buf.readUInt32BE(8);
  if (HEADER_SIZE + body !== buf.byteLength) {
    throw new RangeError(`packet is ${buf.byteLength} bytes but its header says ${HEADER_SIZE + body}`);
  }
  return new Packet(buf);
}
