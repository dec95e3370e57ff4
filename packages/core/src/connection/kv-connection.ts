/**
 * One KV socket: pipelining and nothing else.
 *
 * - Many requests in flight, matched to responses by opaque (never by order: a server
 *   with unordered execution, or a hostile one, may answer in any order).
 * - Writes coalesced: requests queued during one tick are encoded into a single buffer
 *   and handed to the socket in one write, on a microtask after the first `send()`.
 * - When the socket dies every pending request hears about it, with whether it had been
 *   written (so the caller can tell an ambiguous mutation from a safe retry).
 *
 * Timeouts, retries and routing live above (kv/dispatcher.ts); the handshake lives in
 * connection/bootstrap.ts and uses `request()`.
 */
import { ConnectError, NetworkError, ProtocolError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_WATCH, IOEvent, READ_EVENT, WRITE_EVENT, type IOPS, type IOSocket, type IOTlsOptions } from '../iops/iops';
import { FrameDecoder } from '../mcbp/frame-decoder';
import { MAGIC } from '../mcbp/magic';
import { opcodeName } from '../mcbp/opcodes';
import { packetSize, writePacket, type Packet, type PacketInit } from '../mcbp/packet';
import { SILENT_LOGGER, type Logger } from '../util/logger';

/** A request the connection can carry: the packet fields plus completion hooks. */
export interface KvRequest extends PacketInit {
  /** Assigned by the connection when the request is sent. */
  opaque?: number;
  /** Set by the connection once the request's bytes were handed to the socket. */
  written?: boolean;
  /** Called with the matching response. */
  onResponse(packet: Packet, connection: KvConnection): void;
  /** Called when the connection closed before a response arrived. */
  onConnectionLost(error: CouchbaseError, written: boolean): void;
}

/** Connection lifecycle. */
export const CONNECTION_STATE = { CONNECTING: 'connecting', OPEN: 'open', CLOSED: 'closed' } as const;
/** One of {@link CONNECTION_STATE}'s values. */
export type ConnectionState = (typeof CONNECTION_STATE)[keyof typeof CONNECTION_STATE];

/** Where and how to connect. */
export interface KvConnectionOptions {
  host: string;
  port: number;
  tls?: IOTlsOptions | false;
  logger?: Logger;
  /** Largest response body accepted (a larger header closes the connection with ProtocolError). */
  maxBodyLength?: number;
}

/** Lifecycle callbacks. */
export interface KvConnectionEvents {
  /** The socket connected (TLS included); the handshake may start. */
  onOpen?(connection: KvConnection): void;
  /** The connection closed; `error` says why (undefined for a local, clean close). */
  onClose?(connection: KvConnection, error: CouchbaseError | undefined): void;
}

/** A pipelined KV connection over an IOPS socket. */
export class KvConnection {
  /** `host:port` of the node. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** HELLO features the server acknowledged (filled by the handshake). */
  features: ReadonlySet<number> = new Set();
  #state: ConnectionState = CONNECTION_STATE.CONNECTING;
  readonly #iops: IOPS;
  readonly #socket: IOSocket;
  readonly #event: IOEvent;
  readonly #decoder: FrameDecoder;
  readonly #pending = new Map<number, KvRequest>();
  #queue: KvRequest[] = [];
  /** The other half of the write queue's double buffer (always empty between flushes). */
  #spare: KvRequest[] = [];
  #flushScheduled = false;
  #congested = false;
  #nextOpaque = 1;
  readonly #events: KvConnectionEvents;
  readonly #logger: Logger;
  #closeError: CouchbaseError | undefined;

  /** Opens the socket through the IOPS. */
  constructor(iops: IOPS, options: KvConnectionOptions, events: KvConnectionEvents = {}) {
    this.host = options.host;
    this.port = options.port;
    this.endpoint = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.#iops = iops;
    this.#events = events;
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#decoder = new FrameDecoder({ maxBodyLength: options.maxBodyLength });
    this.#event = iops.ioEventFactory?.() ?? new IOEvent();
    this.#socket = iops.connect({ host: options.host, port: options.port, tls: options.tls });
    this.#event.socket = this.#socket;
    this.#event._onReady = (flags) => this.#onReady(flags);
    iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT | WRITE_EVENT);
  }

  /** Current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Requests sent and not yet answered. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Why the connection closed, once closed. */
  get closeError(): CouchbaseError | undefined {
    return this.#closeError;
  }

  /**
   * Queues a request. It is written with everything else queued in this tick. On a
   * closed connection the request hears `onConnectionLost` (not written) on a microtask.
   */
  send(req: KvRequest): void {
    if (this.#state === CONNECTION_STATE.CLOSED) {
      const err = this.#closeError ?? new NetworkError(`Connection to ${this.endpoint} is closed`, { context: { node: this.endpoint } });
      queueMicrotask(() => req.onConnectionLost(err, false));
      return;
    }
    let opaque = this.#nextOpaque;
    while (this.#pending.has(opaque)) opaque = (opaque + 1) >>> 0 || 1;
    this.#nextOpaque = (opaque + 1) >>> 0 || 1;
    req.opaque = opaque;
    req.written = false;
    this.#pending.set(opaque, req);
    this.#queue.push(req);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  /**
   * Forgets a request (timed out, aborted): a late response is dropped, and a request
   * not yet written never will be. Returns true when it was pending.
   */
  cancel(req: KvRequest): boolean {
    if (req.opaque === undefined || this.#pending.get(req.opaque) !== req) return false;
    this.#pending.delete(req.opaque);
    return true;
  }

  /** Sends one request and resolves with its response (handshake and polling; not the hot path). */
  request(init: PacketInit): Promise<Packet> {
    return new Promise((resolve, reject) => {
      this.send({
        ...init,
        onResponse: (packet) => resolve(packet),
        onConnectionLost: (error) => reject(error),
      });
    });
  }

  /** Closes the socket and fails everything pending. `error` is reported to them (default: a NetworkError). */
  close(error?: CouchbaseError): void {
    if (this.#state === CONNECTION_STATE.CLOSED) return;
    this.#state = CONNECTION_STATE.CLOSED;
    this.#closeError = error ?? new NetworkError(`Connection to ${this.endpoint} was closed`, { context: { node: this.endpoint } });
    this.#iops.updateEvent(this.#event, EVACTION_CLEANUP, 0);
    this.#socket.close();
    this.#decoder.reset();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#queue = [];
    for (const req of pending) {
      try {
        req.onConnectionLost(this.#closeError, req.written === true);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    this.#events.onClose?.(this, error);
  }

  #onReady(flags: number): void {
    const sock = this.#socket;
    if (this.#state === CONNECTION_STATE.CONNECTING) {
      if (sock.connected) {
        this.#state = CONNECTION_STATE.OPEN;
        this.#iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT);
        this.#events.onOpen?.(this);
        if (this.#queue.length > 0) this.#flush();
      } else if (sock.closed) {
        const reason = sock.error?.message ?? 'connection closed';
        this.close(new ConnectError(`Could not connect to ${this.endpoint}: ${reason}`, { cause: sock.error, context: { node: this.endpoint } }));
        return;
      }
    }
    if ((flags & WRITE_EVENT) !== 0 && this.#congested && !sock.closed) {
      this.#congested = false;
      this.#iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT);
      this.#flush();
    }
    if ((flags & READ_EVENT) !== 0) this.#readAll();
    if (sock.closed && this.#state !== CONNECTION_STATE.CLOSED) {
      const reason = sock.error?.message ?? 'closed by the peer';
      this.close(new NetworkError(`Connection to ${this.endpoint} lost: ${reason}`, { cause: sock.error, context: { node: this.endpoint } }));
    }
  }

  #readAll(): void {
    for (let chunk = this.#socket.read(); chunk !== null; chunk = this.#socket.read()) {
      this.#decoder.push(chunk);
      for (;;) {
        let packet: Packet | undefined;
        try {
          packet = this.#decoder.next();
        } catch (err) {
          this.close(err as ProtocolError);
          return;
        }
        if (packet === undefined) break;
        this.#dispatch(packet);
        if (this.#state === CONNECTION_STATE.CLOSED) return;
      }
    }
  }

  #dispatch(packet: Packet): void {
    if (packet.magic !== MAGIC.RESPONSE && packet.magic !== MAGIC.ALT_RESPONSE) {
      // Server-initiated requests (0x82) only come after HELLO DUPLEX, which we never
      // ask for; anything else is not something a server may send.
      if (packet.magic === MAGIC.SERVER_REQUEST) {
        this.#logger.debug?.('ignoring server request', { node: this.endpoint, opcode: packet.opcode });
        return;
      }
      this.close(
        new ProtocolError(`Unexpected packet with magic 0x${packet.magic.toString(16)} from ${this.endpoint}`, {
          context: { node: this.endpoint, opcode: opcodeName(packet.opcode) },
        }),
      );
      return;
    }
    const req = this.#pending.get(packet.opaque);
    if (req === undefined) {
      // A response for a request we gave up on (timeout, abort) or never sent.
      this.#logger.debug?.('dropping unmatched response', { node: this.endpoint, opaque: packet.opaque, opcode: opcodeName(packet.opcode) });
      return;
    }
    if (req.opcode !== packet.opcode) {
      this.close(
        new ProtocolError(`Response opcode ${opcodeName(packet.opcode)} does not match request ${opcodeName(req.opcode)} (opaque ${packet.opaque})`, {
          context: { node: this.endpoint, opaque: packet.opaque },
        }),
      );
      return;
    }
    this.#pending.delete(packet.opaque);
    req.onResponse(packet, this);
  }

  /** Encodes everything queued into one buffer and writes it. */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#state !== CONNECTION_STATE.OPEN || this.#congested) return;
    const queue = this.#queue;
    if (queue.length === 0) return;
    // Two arrays swapped per flush instead of a new one per tick.
    this.#queue = this.#spare;
    this.#spare = queue;
    let size = 0;
    let live = 0;
    for (const req of queue) {
      if (this.#pending.get(req.opaque!) !== req) continue; // cancelled before it was written
      size += packetSize(req);
      live++;
    }
    if (live === 0) {
      queue.length = 0;
      return;
    }
    const buf = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const req of queue) {
      if (this.#pending.get(req.opaque!) !== req) continue;
      try {
        offset = writePacket(req, buf, offset);
        req.written = true;
      } catch (err) {
        // A request that cannot be framed never reaches the wire; the rest still go.
        this.#pending.delete(req.opaque!);
        req.onConnectionLost(new ProtocolError(`Cannot encode ${opcodeName(req.opcode)}: ${(err as Error).message}`, { cause: err }), false);
      }
    }
    queue.length = 0;
    if (!this.#socket.write(offset === buf.byteLength ? buf : buf.subarray(0, offset))) {
      this.#congested = true;
      this.#iops.updateEvent(this.#event, EVACTION_WATCH, READ_EVENT | WRITE_EVENT);
    }
  }
}
