/**
 * One client connection to a dev cluster node: decodes requests with the core's codec,
 * hands each to its handler in order, and writes the responses of one read in one write.
 *
 * Requests are answered strictly in order (we never acknowledge UNORDERED_EXECUTION):
 * while an asynchronous handler (SASL) runs, later requests wait. A client that does not
 * read its responses pauses this socket, so memory stays bounded. Malformed input closes
 * the connection; it never throws out of here.
 */
import { FEATURES, FrameDecoder, MAGIC, opcodeName, packetSize, STATUS, writePacket, type Packet, type PacketInit } from '@couchts/core/internal';
import type { SaslServer } from '../auth/sasl-server';
import { bucketConfig } from '../cluster/config-json';
import type { FaultPlan } from '../cluster/fault-plan';
import type { ClusterModel, DevNode } from '../cluster/model';
import type { BucketStore } from '../store/bucket-store';

/** The subset of `net.Socket` a session needs (TCP sockets and VirtualIOPS server sockets both fit). */
export interface DuplexLike {
  write(data: Uint8Array): boolean;
  destroy(error?: Error): void;
  pause(): unknown;
  resume(): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'end' | 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** What a session needs from the node that accepted it. */
export interface SessionHost {
  readonly model: ClusterModel;
  readonly node: DevNode;
  /** Per-request faults (latency, injected statuses). */
  readonly faults: FaultPlan;
  /** Requests received, by opcode (tests count reroutes and retries with it). */
  readonly requests: Uint32Array;
  newSaslServer(): SaslServer;
  onSessionClosed(session: KvSession): void;
}

/** Fields of a response. */
export interface ResponseFields {
  status?: number;
  extras?: Uint8Array;
  key?: string | Uint8Array;
  value?: string | Uint8Array;
  cas?: bigint;
  datatype?: number;
}

/** A request handler: may answer synchronously or return a promise (answer before it resolves). */
export type Handler = (session: KvSession, packet: Packet) => void | Promise<void>;

/** Largest request body a dev node accepts (a 20 MiB document plus headroom). */
const MAX_REQUEST_BODY = 21 * 1024 * 1024 + 64 * 1024;

/** A client connection. */
export class KvSession {
  /** HELLO features acknowledged to this client. */
  features: ReadonlySet<number> = new Set();
  /** User agent from HELLO. */
  agent = '';
  /** Authenticated user, once SASL succeeded. */
  user: string | undefined;
  /** Selected bucket. */
  bucket: BucketStore | undefined;
  readonly sasl: SaslServer;
  readonly #decoder = new FrameDecoder({ maxBodyLength: MAX_REQUEST_BODY });
  readonly #out: PacketInit[] = [];
  #busy = false;
  #paused = false;
  #closed = false;
  /** When the last delayed write goes out (latency faults keep responses in order). */
  #lastDue = 0;

  /** Starts serving `socket`. */
  constructor(
    readonly host: SessionHost,
    private readonly socket: DuplexLike,
    private readonly handlers: ReadonlyMap<number, Handler>,
    /** The connection is TLS (PLAIN is then fine to offer and use). */
    readonly tls = false,
  ) {
    this.sasl = host.newSaslServer();
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('drain', () => {
      this.#paused = false;
      socket.resume();
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** The cluster model. */
  get model(): ClusterModel {
    return this.host.model;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True when the client negotiated `feature`. */
  has(feature: number): boolean {
    return this.features.has(feature);
  }

  /** Queues a response to `req` (written after the current batch). */
  reply(req: Packet, fields: ResponseFields = {}): void {
    if (this.#closed) return;
    this.#out.push({
      magic: MAGIC.RESPONSE,
      opcode: req.opcode,
      status: fields.status ?? 0,
      opaque: req.opaque,
      cas: fields.cas ?? 0n,
      datatype: fields.datatype ?? 0,
      extras: fields.extras,
      key: fields.key,
      value: fields.value,
    });
  }

  /**
   * Replies with a failure status the way kv_engine does for this client: to a client
   * that did not negotiate XERROR, an access or bucket failure is not a status but a
   * disconnect; without COLLECTIONS, collection statuses become EINVAL.
   */
  fail(req: Packet, status: number, value?: string | Uint8Array, datatype = 0): void {
    if (!this.has(FEATURES.XERROR) && (status === STATUS.EACCESS || status === STATUS.NO_BUCKET || status === STATUS.AUTH_STALE)) {
      this.#flush();
      this.close();
      return;
    }
    if ((status === STATUS.UNKNOWN_COLLECTION || status === STATUS.UNKNOWN_SCOPE) && !this.has(FEATURES.COLLECTIONS)) {
      this.reply(req, { status: STATUS.EINVAL });
      return;
    }
    this.reply(req, { status, value, datatype });
  }

  /** Closes the connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#decoder.reset();
    this.socket.destroy();
    this.host.onSessionClosed(this);
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    this.#decoder.push(chunk);
    this.#pump();
  }

  #pump(): void {
    while (!this.#busy && !this.#closed) {
      let packet: Packet | undefined;
      try {
        packet = this.#decoder.next();
      } catch {
        // A header that cannot be valid: nothing after it can be trusted.
        this.#flush();
        this.close();
        return;
      }
      if (packet === undefined) break;
      if (packet.magic !== MAGIC.REQUEST && packet.magic !== MAGIC.ALT_REQUEST) {
        this.#flush();
        this.close();
        return;
      }
      // Alt requests (0x08) are accepted whether or not ALT_REQUEST_SUPPORT was
      // negotiated: the official SDK sends them without checking, and so do servers.
      this.host.requests[packet.opcode]!++;
      const injected = this.host.faults.take(this.host.node.index, packet.opcode);
      if (injected !== undefined) {
        // A fault: answer without executing, as a real node under pressure would.
        const nmvb = injected === STATUS.NOT_MY_VBUCKET && this.bucket !== undefined;
        this.reply(packet, { status: injected, value: nmvb ? JSON.stringify(bucketConfig(this.model, this.bucket!, this.host.node.index)) : undefined, datatype: nmvb && this.has(FEATURES.JSON) ? 1 : 0 });
        continue;
      }
      const handler = this.handlers.get(packet.opcode);
      if (handler === undefined) {
        this.reply(packet, { status: 0x81, value: `Unknown command ${opcodeName(packet.opcode)}` });
        continue;
      }
      let pending: void | Promise<void>;
      try {
        pending = handler(this, packet);
      } catch {
        this.reply(packet, { status: 0x84 });
        continue;
      }
      if (pending instanceof Promise) {
        this.#busy = true;
        pending
          .catch(() => this.reply(packet!, { status: 0x84 }))
          .finally(() => {
            this.#busy = false;
            this.#flush();
            this.#pump();
          });
      }
    }
    this.#flush();
  }

  #flush(): void {
    if (this.#out.length === 0 || this.#closed) return;
    let size = 0;
    for (const p of this.#out) size += packetSize(p);
    const buf = Buffer.allocUnsafe(size);
    let offset = 0;
    try {
      for (const p of this.#out) offset = writePacket(p, buf, offset);
    } catch {
      // A response the codec refuses (a field out of range) is a server bug, but throwing
      // here would escape the socket's data handler and end the whole process: only this
      // connection goes.
      this.#out.length = 0;
      this.close();
      return;
    }
    this.#out.length = 0;
    const latency = this.host.faults.latency(this.host.node.index);
    if (latency > 0 || this.#lastDue > Date.now()) {
      const due = Math.max(Date.now() + latency, this.#lastDue);
      this.#lastDue = due;
      setTimeout(() => {
        if (!this.#closed) this.#write(buf);
      }, due - Date.now());
      return;
    }
    this.#write(buf);
  }

  #write(buf: Buffer): void {
    if (!this.socket.write(buf) && !this.#paused) {
      this.#paused = true;
      this.socket.pause();
    }
  }
}
