/**
 * A tiny raw MCBP client for dev-cluster tests: a `node:net` socket, packets built with
 * the core's `encodePacket`, responses split with its `FrameDecoder`. No retries, no
 * routing, no interpretation: tests see exactly what the server sent.
 *
 * Responses are matched to requests by opaque; every response is also kept in arrival
 * order (`received`) so tests can check ordering. A response nobody waits for goes to a
 * queue that `next()` reads.
 */
import { connect, type Socket } from 'node:net';
import {
  encodeFeatures,
  encodePacket,
  decodeFeatures,
  FrameDecoder,
  MAGIC,
  OPCODES,
  STATUS,
  ScramClient,
  plainAuthPayload,
  Packet,
  type PacketInit,
  type ScramMechanism,
} from '@couchts/core/internal';

/** How long a test waits for one response or a close before failing (ms). */
const DEFAULT_WAIT_MS = 5_000;

/** Options of {@link RawClient.handshake}. */
export interface HandshakeOptions {
  /** HELLO features to request (default: none; HELLO is still sent). */
  features?: readonly number[];
  /** Username (default Administrator). */
  user?: string;
  /** Password (default password). */
  password?: string;
  /** Bucket to select after authentication (none when undefined). */
  bucket?: string;
  /** SASL mechanism (default SCRAM-SHA512). */
  mechanism?: ScramMechanism | 'PLAIN';
}

/** Thrown by {@link RawClient.handshake} when a step does not succeed. */
export class HandshakeError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`${step} failed with status 0x${status.toString(16)}`);
  }
}

interface Waiter {
  resolve(p: Packet): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** A raw connection to one KV port. */
export class RawClient {
  /** Every response, in arrival order. */
  readonly received: Packet[] = [];
  /** Resolves once the socket is closed (by either side). */
  readonly closed: Promise<void>;
  #socket: Socket;
  #decoder = new FrameDecoder();
  #byOpaque = new Map<number, Waiter>();
  #unmatched: Packet[] = [];
  #nextWaiters: Waiter[] = [];
  #opaque = 0x1000;
  #isClosed = false;
  #error: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (err) => {
      this.#error = err;
    });
    socket.on('close', () => {
      this.#isClosed = true;
      const err = new Error(`connection closed${this.#error === undefined ? '' : `: ${this.#error.message}`}`);
      for (const w of this.#byOpaque.values()) this.#fail(w, err);
      for (const w of this.#nextWaiters) this.#fail(w, err);
      this.#byOpaque.clear();
      this.#nextWaiters = [];
    });
  }

  /** Connects to `port` on `host`. */
  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
    });
  }

  /** Connects and runs {@link handshake}. */
  static async open(port: number, options: HandshakeOptions = {}): Promise<RawClient> {
    const client = await RawClient.connect(port);
    try {
      await client.handshake(options);
    } catch (err) {
      client.destroy();
      throw err;
    }
    return client;
  }

  /** True once the socket closed. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** A fresh opaque. */
  nextOpaque(): number {
    this.#opaque = (this.#opaque + 1) >>> 0;
    return this.#opaque;
  }

  /** Writes raw bytes as they are. */
  writeRaw(bytes: Uint8Array): void {
    this.#socket.write(bytes);
  }

  /** Encodes packets and writes them in one write (request magic unless given). */
  send(...packets: PacketInit[]): void {
    this.#socket.write(Buffer.concat(packets.map((p) => encodePacket(p))));
  }

  /** Sends one request (a fresh opaque unless given) and resolves with its response. */
  request(init: PacketInit, waitMs = DEFAULT_WAIT_MS): Promise<Packet> {
    const opaque = init.opaque ?? this.nextOpaque();
    const reply = this.response(opaque, waitMs);
    this.send({ ...init, opaque });
    return reply;
  }

  /** Sends every request in one write and resolves with their responses (matched by opaque). */
  requestAll(inits: PacketInit[], waitMs = DEFAULT_WAIT_MS): Promise<Packet[]> {
    const withOpaques = inits.map((p) => ({ ...p, opaque: p.opaque ?? this.nextOpaque() }));
    const replies = withOpaques.map((p) => this.response(p.opaque, waitMs));
    this.send(...withOpaques);
    return Promise.all(replies);
  }

  /** Resolves with the response carrying `opaque` (register before sending). */
  response(opaque: number, waitMs = DEFAULT_WAIT_MS): Promise<Packet> {
    return new Promise((resolve, reject) => {
      if (this.#isClosed) return reject(new Error('connection closed'));
      if (this.#byOpaque.has(opaque)) return reject(new Error(`opaque ${opaque} already awaited`));
      const timer = setTimeout(() => {
        this.#byOpaque.delete(opaque);
        reject(new Error(`no response for opaque ${opaque} within ${waitMs} ms`));
      }, waitMs);
      this.#byOpaque.set(opaque, { resolve, reject, timer });
    });
  }

  /** The next response nobody awaits by opaque. */
  next(waitMs = DEFAULT_WAIT_MS): Promise<Packet> {
    const queued = this.#unmatched.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      if (this.#isClosed) return reject(new Error('connection closed'));
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#nextWaiters = this.#nextWaiters.filter((w) => w !== waiter);
          reject(new Error(`no response within ${waitMs} ms`));
        }, waitMs),
      };
      this.#nextWaiters.push(waiter);
    });
  }

  /** Resolves when the server closes the connection; rejects after `waitMs`. */
  waitClosed(waitMs = DEFAULT_WAIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`connection still open after ${waitMs} ms`)), waitMs);
    });
    return Promise.race([this.closed, timeout]).finally(() => clearTimeout(timer));
  }

  /** Half-closes our side (FIN); the server may still answer. */
  end(): void {
    this.#socket.end();
  }

  /** Closes the socket at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  /**
   * HELLO (always sent, with `features`), then SASL (SCRAM-SHA512 by default, or the given
   * mechanism; the server-final signature is verified), then SELECT_BUCKET when `bucket`
   * is given. Resolves with the features the server acknowledged.
   */
  async handshake(options: HandshakeOptions = {}): Promise<number[]> {
    const user = options.user ?? 'Administrator';
    const password = options.password ?? 'password';
    const mechanism = options.mechanism ?? 'SCRAM-SHA512';
    const hello = await this.request({ opcode: OPCODES.HELLO, key: 'couchts-raw-test', value: encodeFeatures(options.features ?? []) });
    if (hello.status !== STATUS.SUCCESS) throw new HandshakeError('HELLO', hello.status);
    const acked = decodeFeatures(hello.value);
    await this.authenticate(mechanism, user, password);
    if (options.bucket !== undefined) {
      const select = await this.request({ opcode: OPCODES.SELECT_BUCKET, key: options.bucket });
      if (select.status !== STATUS.SUCCESS) throw new HandshakeError('SELECT_BUCKET', select.status);
    }
    return acked;
  }

  /** SASL only: resolves on success, throws {@link HandshakeError} with the failing status. */
  async authenticate(mechanism: ScramMechanism | 'PLAIN', user: string, password: string): Promise<void> {
    if (mechanism === 'PLAIN') {
      const auth = await this.request({ opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: plainAuthPayload(user, password) });
      if (auth.status !== STATUS.SUCCESS) throw new HandshakeError('SASL_AUTH', auth.status);
      return;
    }
    const scram = new ScramClient(mechanism, user, password);
    const first = await this.request({ opcode: OPCODES.SASL_AUTH, key: mechanism, value: scram.clientFirst() });
    if (first.status !== STATUS.AUTH_CONTINUE) throw new HandshakeError('SASL_AUTH', first.status);
    const final = await this.request({ opcode: OPCODES.SASL_STEP, key: mechanism, value: await scram.clientFinal(first.value.toString('utf8')) });
    if (final.status !== STATUS.SUCCESS) throw new HandshakeError('SASL_STEP', final.status);
    scram.verifyServerFinal(final.value.toString('utf8'));
  }

  #onData(chunk: Buffer): void {
    this.#decoder.push(chunk);
    for (;;) {
      let packet: Packet | undefined;
      try {
        packet = this.#decoder.next();
      } catch (err) {
        // The server sent something that is not a packet: a test failure, surfaced to every waiter.
        this.#error = err as Error;
        this.#socket.destroy();
        return;
      }
      if (packet === undefined) return;
      // Copy: the decoder may hand out views of a chunk; tests keep packets around.
      const own = new Packet(Buffer.from(packet.frame));
      this.received.push(own);
      const waiter = this.#byOpaque.get(own.opaque);
      if (waiter !== undefined) {
        this.#byOpaque.delete(own.opaque);
        clearTimeout(waiter.timer);
        waiter.resolve(own);
        continue;
      }
      const next = this.#nextWaiters.shift();
      if (next !== undefined) {
        clearTimeout(next.timer);
        next.resolve(own);
      } else {
        this.#unmatched.push(own);
      }
    }
  }

  #fail(w: Waiter, err: Error): void {
    clearTimeout(w.timer);
    w.reject(err);
  }
}

/** True when the packet is a response (0x81, or 0x18 with framing extras). */
export function isResponse(p: Packet): boolean {
  return p.magic === MAGIC.RESPONSE || p.magic === MAGIC.ALT_RESPONSE;
}
