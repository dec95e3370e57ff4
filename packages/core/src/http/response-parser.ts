/**
 * Incremental HTTP/1.1 response parser: bytes in, head / body chunks / end out. Pure
 * (no sockets), so it is tested against `node:http` as the peer and fed one byte at a
 * time.
 *
 * Hand-written rather than taken from a library because the query and views services
 * stream large bodies that must be consumed as they arrive, with back-pressure applied by
 * pausing the IOPS socket: the parser has to hand out body bytes without copying and
 * without owning the socket (undici expects to own a Node stream; our sockets are IOPS
 * readiness sockets). The subset needed is small: a status line, headers, and bodies
 * framed by Content-Length, chunked transfer coding, or connection close.
 */
import { ProtocolError } from '../errors/classes';

/** Status line and headers of a response. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** False when the server will close the connection after this response. */
  readonly keepAlive: boolean;
}

/** Receives what the parser finds. */
export interface ResponseSink {
  onHead(head: ResponseHead): void;
  /** A piece of the body (a view into the received bytes: copy it to keep it). */
  onBody(chunk: Uint8Array): void;
  onEnd(): void;
}

/** Longest status line + headers accepted. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Longest chunk-size line accepted. */
const MAX_CHUNK_LINE = 1024;

const STATE = {
  HEAD: 0,
  BODY_LENGTH: 1,
  CHUNK_SIZE: 2,
  CHUNK_DATA: 3,
  CHUNK_DATA_CRLF: 4,
  TRAILERS: 5,
  BODY_CLOSE: 6,
  DONE: 7,
} as const;

function indexOfCrlf(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.byteLength; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
  return -1;
}

/** Parses one response; create a new parser (or call `reset`) for the next one on a keep-alive connection. */
export class ResponseParser {
  #state: number = STATE.HEAD;
  #pending: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #head: ResponseHead | undefined;

  #requestMethod: string;

  /** `requestMethod` matters: a response to HEAD has no body. */
  constructor(
    private readonly sink: ResponseSink,
    requestMethod = 'GET',
  ) {
    this.#requestMethod = requestMethod;
  }

  /** True once the whole response was received. */
  get done(): boolean {
    return this.#state === STATE.DONE;
  }

  /** The parsed head, once received. */
  get head(): ResponseHead | undefined {
    return this.#head;
  }

  /** True when the body is delimited by the connection closing. */
  get readsUntilClose(): boolean {
    return this.#state === STATE.BODY_CLOSE;
  }

  /** Feeds received bytes. Throws ProtocolError for a malformed response. Bytes after the end are returned (pipelining is not used, so they indicate a broken peer). */
  push(chunk: Uint8Array): Uint8Array | undefined {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let offset = 0;
    if (this.#pending.byteLength > 0) {
      buf = Buffer.concat([this.#pending, buf]);
      this.#pending = Buffer.alloc(0);
    }
    while (offset < buf.byteLength) {
      switch (this.#state) {
        case STATE.HEAD: {
          const end = buf.indexOf('\r\n\r\n', offset, 'latin1');
          // The limit holds whatever the chunking: complete or not, a head is bounded.
          if ((end < 0 ? buf.byteLength : end) - offset > MAX_HEAD_BYTES) throw new ProtocolError(`HTTP response head exceeds ${MAX_HEAD_BYTES} bytes`);
          if (end < 0) {
            this.#pending = Buffer.from(buf.subarray(offset));
            return undefined;
          }
          this.#parseHead(buf.toString('latin1', offset, end));
          offset = end + 4;
          break;
        }
        case STATE.BODY_LENGTH: {
          const take = Math.min(this.#remaining, buf.byteLength - offset);
          this.sink.onBody(buf.subarray(offset, offset + take));
          offset += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#finish();
          break;
        }
        case STATE.CHUNK_SIZE: {
          const end = indexOfCrlf(buf, offset);
          if ((end < 0 ? buf.byteLength : end) - offset > MAX_CHUNK_LINE) throw new ProtocolError('HTTP chunk-size line too long');
          if (end < 0) {
            this.#pending = Buffer.from(buf.subarray(offset));
            return undefined;
          }
          const line = buf.toString('latin1', offset, end);
          const hex = line.split(';', 1)[0]!.trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new ProtocolError(`Malformed HTTP chunk size '${line.slice(0, 40)}'`);
          this.#remaining = Number.parseInt(hex, 16);
          offset = end + 2;
          this.#state = this.#remaining === 0 ? STATE.TRAILERS : STATE.CHUNK_DATA;
          break;
        }
        case STATE.CHUNK_DATA: {
          const take = Math.min(this.#remaining, buf.byteLength - offset);
          if (take > 0) this.sink.onBody(buf.subarray(offset, offset + take));
          offset += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = STATE.CHUNK_DATA_CRLF;
          break;
        }
        case STATE.CHUNK_DATA_CRLF: {
          if (buf.byteLength - offset < 2) {
            this.#pending = Buffer.from(buf.subarray(offset));
            return undefined;
          }
          if (buf[offset] !== 13 || buf[offset + 1] !== 10) throw new ProtocolError('HTTP chunk not followed by CRLF');
          offset += 2;
          this.#state = STATE.CHUNK_SIZE;
          break;
        }
        case STATE.TRAILERS: {
          // Trailer fields (ignored) up to an empty line, which ends the message.
          const end = indexOfCrlf(buf, offset);
          if (end < 0) {
            if (buf.byteLength - offset > MAX_HEAD_BYTES) throw new ProtocolError('HTTP trailers too long');
            this.#pending = Buffer.from(buf.subarray(offset));
            return undefined;
          }
          const empty = end === offset;
          offset = end + 2;
          if (empty) this.#finish();
          break;
        }
        case STATE.BODY_CLOSE:
          this.sink.onBody(buf.subarray(offset));
          offset = buf.byteLength;
          break;
        default:
          return buf.subarray(offset);
      }
    }
    return undefined;
  }

  /** The connection closed: ends a close-delimited body; anything else unfinished is an error. */
  close(): void {
    if (this.#state === STATE.BODY_CLOSE) {
      this.#finish();
      return;
    }
    if (this.#state !== STATE.DONE) {
      throw new ProtocolError(this.#head === undefined ? 'Connection closed before the HTTP response head' : 'Connection closed in the middle of the HTTP response body');
    }
  }

  /** Prepares for the next response on the same connection. */
  reset(requestMethod = 'GET'): void {
    this.#requestMethod = requestMethod;
    this.#state = STATE.HEAD;
    this.#pending = Buffer.alloc(0);
    this.#remaining = 0;
    this.#head = undefined;
  }

  #parseHead(text: string): void {
    const lines = text.split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]!);
    if (statusLine === null) throw new ProtocolError(`Malformed HTTP status line '${lines[0]!.slice(0, 60)}'`);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ProtocolError(`Malformed HTTP header line '${line.slice(0, 60)}'`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const status = Number(statusLine[2]);
    const http10 = statusLine[1] === '0';
    const connection = (headers.connection ?? '').toLowerCase();
    const keepAlive = http10 ? connection.includes('keep-alive') : !connection.includes('close');
    // 1xx informational responses precede the real one.
    if (status >= 100 && status < 200) return;
    const noBody = this.#requestMethod === 'HEAD' || status === 204 || status === 304;
    const te = (headers['transfer-encoding'] ?? '').toLowerCase();
    const cl = headers['content-length'];
    if (!noBody && !te.includes('chunked') && cl !== undefined && !/^\d{1,15}$/.test(cl)) throw new ProtocolError(`Malformed Content-Length '${cl.slice(0, 30)}'`);
    // A body delimited by the connection closing can never leave the connection reusable.
    const closeDelimited = !noBody && !te.includes('chunked') && cl === undefined;
    this.#head = { status, statusText: statusLine[3] ?? '', headers, keepAlive: keepAlive && !closeDelimited };
    this.sink.onHead(this.#head);
    if (noBody) {
      this.#finish();
    } else if (te.includes('chunked')) {
      this.#state = STATE.CHUNK_SIZE;
    } else if (cl !== undefined) {
      this.#remaining = Number(cl);
      if (this.#remaining === 0) this.#finish();
      else this.#state = STATE.BODY_LENGTH;
    } else {
      this.#state = STATE.BODY_CLOSE;
    }
  }

  #finish(): void {
    this.#state = STATE.DONE;
    this.sink.onEnd();
  }
}
