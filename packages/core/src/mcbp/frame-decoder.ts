/**
 * Incremental frame decoder: bytes arrive in arbitrary chunks (one byte at a time, or
 * many packets in one chunk); complete packets come out.
 *
 * Written by hand because it sits on the hot path and must not copy: a packet that lies
 * inside one chunk is returned as a view of that chunk; only a packet that straddles
 * chunks is copied once into its own buffer. Chunks are never concatenated wholesale.
 */
import { ProtocolError } from '../errors/classes';
import { HEADER_SIZE } from './header';
import { isKnownMagic } from './magic';
import { checkHeader, Packet } from './packet';

/** Default largest body accepted: a 20 MiB document plus xattrs and headroom. */
export const DEFAULT_MAX_BODY_LENGTH = 32 * 1024 * 1024;

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest body length accepted; a larger header is a protocol error (never a huge allocation). */
  maxBodyLength?: number;
}

/** Splits a byte stream into {@link Packet}s. */
export class FrameDecoder {
  readonly #maxBody: number;
  readonly #chunks: Buffer[] = [];
  /** Read offset into `#chunks[0]`. */
  #offset = 0;
  /** Unread bytes across all chunks. */
  #buffered = 0;
  readonly #header = Buffer.alloc(HEADER_SIZE);

  /** Creates a decoder. */
  constructor(options: FrameDecoderOptions = {}) {
    this.#maxBody = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  }

  /** Bytes received but not yet returned as packets. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Appends received bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#chunks.push(buf);
    this.#buffered += buf.byteLength;
  }

  /**
   * Returns the next complete packet, or `undefined` when more bytes are needed.
   * Throws {@link ProtocolError} for a header that cannot be valid (unknown magic, a
   * body over the limit, lengths that do not add up); the stream is unusable after that.
   */
  next(): Packet | undefined {
    if (this.#buffered < HEADER_SIZE) return undefined;
    const first = this.#chunks[0]!;
    const header = first.byteLength - this.#offset >= HEADER_SIZE ? first.subarray(this.#offset, this.#offset + HEADER_SIZE) : this.#copy(this.#header, HEADER_SIZE, false);
    const problem = checkHeader(header, this.#maxBody, isKnownMagic);
    if (problem !== undefined) {
      throw new ProtocolError(`Malformed packet from peer: ${problem}`, {
        context: { header: Buffer.from(header).toString('hex') },
      });
    }
    const total = HEADER_SIZE + header.readUInt32BE(8);
    if (this.#buffered < total) return undefined;
    let frame: Buffer;
    if (first.byteLength - this.#offset >= total) {
      frame = first.subarray(this.#offset, this.#offset + total);
      this.#consume(total);
    } else {
      frame = this.#copy(Buffer.allocUnsafe(total), total, true);
    }
    return new Packet(frame);
  }

  /** Drops everything buffered (after a fatal error or a reconnect). */
  reset(): void {
    this.#chunks.length = 0;
    this.#offset = 0;
    this.#buffered = 0;
  }

  /** Copies `n` bytes from the front into `target`, consuming them when `consume` is set. */
  #copy(target: Buffer, n: number, consume: boolean): Buffer {
    let copied = 0;
    let index = 0;
    let offset = this.#offset;
    while (copied < n) {
      const chunk = this.#chunks[index]!;
      const take = Math.min(n - copied, chunk.byteLength - offset);
      chunk.copy(target, copied, offset, offset + take);
      copied += take;
      offset += take;
      if (offset === chunk.byteLength) {
        index++;
        offset = 0;
      }
    }
    if (consume) this.#consume(n);
    return target;
  }

  #consume(n: number): void {
    this.#buffered -= n;
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[0]!;
      const avail = chunk.byteLength - this.#offset;
      if (left < avail) {
        this.#offset += left;
        return;
      }
      left -= avail;
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}
