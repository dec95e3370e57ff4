/**
 * One HTTP/1.1 connection over an IOPS socket: one request at a time, keep-alive, and
 * back-pressure by unwatching READ (the socket stops reading, the server's writes back
 * up, and a streaming query service waits for `drain`).
 */
import { ConnectError, NetworkError, ProtocolError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_UNWATCH, EVACTION_WATCH, IOEvent, READ_EVENT, WRITE_EVENT, type IOPS, type IOSocket, type IOTlsOptions } from '../iops/iops';
import { ResponseParser, type ResponseHead } from './response-parser';

/** Where a request goes. */
export interface HttpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls?: IOTlsOptions | false;
}

/** A request. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path and query string, already encoded. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Receives a response as it arrives. Exactly one of onEnd / onError ends it (none after abort()). */
export interface HttpHandler {
  onHead(head: ResponseHead): void;
  /** Body bytes: a view into the received buffer, valid only during the call. */
  onData(chunk: Uint8Array): void;
  onEnd(): void;
  onError(error: CouchbaseError): void;
}

/** `host:port` with IPv6 brackets. */
export function endpointId(e: HttpEndpoint): string {
  return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** Serialises a request head and body into one buffer (one write). */
export function encodeRequest(endpoint: HttpEndpoint, req: HttpRequest): Buffer {
  if (/[\r\n\s]/.test(req.path)) throw new ProtocolError('HTTP request path contains whitespace or a line break');
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${endpointId(endpoint)}\r\nconnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new ProtocolError(`HTTP header ${name} contains a line break`);
    head += `${name}: ${value}\r\n`;
  }
  if (body !== undefined || req.method === 'POST' || req.method === 'PUT') head += `content-length: ${body?.byteLength ?? 0}\r\n`;
  head += '\r\n';
  const headBuf = Buffer.from(head, 'latin1');
  return body === undefined ? headBuf : Buffer.concat([headBuf, body]);
}

/** One keep-alive HTTP connection. */
export class HttpConnection {
  readonly endpoint: HttpEndpoint;
  readonly id: string;
  readonly #iops: IOPS;
  readonly #socket: IOSocket;
  readonly #event: IOEvent;
  #parser: ResponseParser | undefined;
  #handler: HttpHandler | undefined;
  #outgoing: Buffer | undefined;
  #paused = false;
  #closed = false;
  #opened = false;
  /** Requests served: 0 means the connection is fresh (no keep-alive race possible). */
  served = 0;
  /** Called when the connection finished a response and may serve another. */
  onIdle: ((c: HttpConnection) => void) | undefined;
  /** Called once when the connection is gone. */
  onClosed: ((c: HttpConnection) => void) | undefined;

  /** Opens the socket through the IOPS. */
  constructor(iops: IOPS, endpoint: HttpEndpoint) {
    this.#iops = iops;
    this.endpoint = endpoint;
    this.id = endpointId(endpoint);
    this.#event = iops.ioEventFactory?.() ?? new IOEvent();
    this.#socket = iops.connect({ host: endpoint.host, port: endpoint.port, tls: endpoint.tls });
    this.#event.socket = this.#socket;
    this.#event._onReady = (flags) => this.#onReady(flags);
    iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT | WRITE_EVENT);
  }

  /** True while a request is in progress. */
  get busy(): boolean {
    return this.#handler !== undefined;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed || this.#socket.closed;
  }

  /** Sends a request already encoded with {@link encodeRequest}; the response goes to `handler`. */
  send(encoded: Buffer, method: HttpRequest['method'], handler: HttpHandler): void {
    if (this.#handler !== undefined) throw new Error('HttpConnection: one request at a time');
    this.#handler = handler;
    this.#parser = new ResponseParser(
      {
        onHead: (h) => this.#handler?.onHead(h),
        onBody: (c) => this.#handler?.onData(c),
        onEnd: () => this.#onResponseEnd(),
      },
      method,
    );
    this.#outgoing = encoded;
    this.served++;
    if (this.#opened) this.#write();
  }

  /** Stops reading the response (back-pressure). */
  pause(): void {
    if (this.#paused || this.#closed) return;
    this.#paused = true;
    this.#iops.updateEvent(this.#event, EVACTION_UNWATCH, 0);
  }

  /** Resumes reading. */
  resume(): void {
    if (!this.#paused || this.#closed) return;
    this.#paused = false;
    this.#iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT | (this.#outgoing !== undefined ? WRITE_EVENT : 0));
  }

  /** Closes the connection; the current request (if any) hears nothing more. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handler = undefined;
    this.#iops.updateEvent(this.#event, EVACTION_CLEANUP, 0);
    this.#socket.close();
    this.onClosed?.(this);
  }

  #write(): void {
    const out = this.#outgoing;
    if (out === undefined) return;
    this.#outgoing = undefined;
    this.#socket.write(out);
  }

  #onReady(flags: number): void {
    const sock = this.#socket;
    if (!this.#opened && sock.connected) {
      this.#opened = true;
      this.#iops.updateEvent(this.#event, this.#paused ? EVACTION_UNWATCH : EVACTION_WATCH, this.#paused ? 0 : READ_EVENT);
      this.#write();
    }
    if ((flags & READ_EVENT) !== 0 && !this.#paused) {
      for (let chunk = sock.read(); chunk !== null && !this.#closed; chunk = this.#paused ? null : sock.read()) {
        if (this.#parser === undefined || this.#handler === undefined) {
          // Bytes with no request outstanding: the peer is broken.
          this.#fail(new ProtocolError(`Unexpected bytes from ${this.id} with no request outstanding`));
          return;
        }
        try {
          const extra = this.#parser.push(chunk);
          if (extra !== undefined && extra.byteLength > 0) throw new ProtocolError(`Unexpected bytes after the HTTP response from ${this.id}`);
        } catch (err) {
          this.#fail(err as CouchbaseError);
          return;
        }
      }
    }
    if (sock.closed && !this.#closed) this.#onSocketClosed();
  }

  #onSocketClosed(): void {
    const parser = this.#parser;
    const handler = this.#handler;
    if (handler === undefined || parser === undefined) {
      this.close();
      return;
    }
    if (!this.#opened) {
      this.#fail(new ConnectError(`Could not connect to ${this.id}: ${this.#socket.error?.message ?? 'connection closed'}`, { cause: this.#socket.error, context: { node: this.id } }));
      return;
    }
    try {
      parser.close();
    } catch (err) {
      this.#fail(
        new NetworkError(`HTTP connection to ${this.id} lost: ${(err as Error).message}`, {
          cause: this.#socket.error ?? err,
          context: { node: this.id, headReceived: parser.head !== undefined, reusedConnection: this.served > 1 },
        }),
      );
      return;
    }
    this.close();
  }

  #onResponseEnd(): void {
    const handler = this.#handler;
    const keepAlive = this.#parser?.head?.keepAlive === true;
    this.#handler = undefined;
    this.#parser = undefined;
    if (!keepAlive) this.close();
    else {
      // An idle connection always reads (to notice the server closing it): a pause that
      // belonged to the finished response must not carry over to the next one.
      if (this.#paused) {
        this.#paused = false;
        this.#iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT);
      }
      // Back in the pool before onEnd, so a request issued from onEnd can reuse it.
      this.onIdle?.(this);
    }
    handler?.onEnd();
  }

  #fail(error: CouchbaseError): void {
    const handler = this.#handler;
    this.close();
    handler?.onError(error);
  }
}
