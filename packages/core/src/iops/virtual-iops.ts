/**
 * VirtualIOPS: a deterministic IOPS for tests — in-memory sockets and virtual time.
 *
 * It proves the IOPS seam is real (the core runs unchanged over it) and makes timing
 * tests exact: a 2500 ms operation timeout is checked by advancing a virtual clock, not
 * by waiting. Servers attach with `listen(host, port, onConnection)` and get a
 * Node-socket-like object (`write`, `end`, `destroy`, `pause`, `resume`, 'data' /
 * 'end' / 'close' / 'drain' events), so our dev cluster can serve these sockets as well
 * as real TCP ones.
 *
 * Back-pressure is modelled: bytes the server writes wait in the client socket until the
 * core reads them; past `highWaterMark` bytes the server's `write()` returns false and
 * 'drain' follows once the client has read.
 */
import { EventEmitter } from 'node:events';
import {
  EVACTION_CLEANUP,
  EVACTION_UNWATCH,
  EVACTION_WATCH,
  EVENT_STATE,
  IOEvent,
  READ_EVENT,
  TimerEvent,
  WRITE_EVENT,
  type EvAction,
  type IOConnectOptions,
  type IOPS,
  type IOSocket,
} from './iops';

/** The server end of a virtual connection: the subset of `net.Socket` servers use. */
export interface VirtualServerSocket extends EventEmitter {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly destroyed: boolean;
  write(data: Uint8Array): boolean;
  end(): void;
  destroy(error?: Error): void;
  pause(): this;
  resume(): this;
  setNoDelay(noDelay?: boolean): this;
}

/** Handles a new server-side connection. */
export type VirtualListener = (socket: VirtualServerSocket) => void;

/** Options of {@link VirtualIOPS}. */
export interface VirtualIOPSOptions {
  /** Bytes a client socket buffers before the server's `write()` reports congestion (default 64 KiB). */
  highWaterMark?: number;
}

let nextVirtualId = 1;

class ServerEnd extends EventEmitter implements VirtualServerSocket {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort: number;
  destroyed = false;
  #paused = false;
  #inbox: Uint8Array[] = [];
  constructor(
    private readonly client: ClientEnd,
    port: number,
  ) {
    super();
    this.remotePort = port;
  }
  write(data: Uint8Array): boolean {
    if (this.destroyed) return false;
    return this.client.receive(data);
  }
  end(): void {
    this.destroy();
  }
  destroy(error?: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.client.peerClosed(error);
    queueMicrotask(() => this.emit('close', error !== undefined));
  }
  pause(): this {
    this.#paused = true;
    return this;
  }
  resume(): this {
    this.#paused = false;
    const pending = this.#inbox;
    this.#inbox = [];
    for (const chunk of pending) this.emit('data', chunk);
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  /** Bytes from the client. */
  deliver(data: Uint8Array): void {
    if (this.destroyed) return;
    if (this.#paused) this.#inbox.push(data);
    else this.emit('data', data);
  }
  /** The client closed its end. */
  clientClosed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('end');
    this.emit('close', false);
  }
}

class ClientEnd implements IOSocket {
  readonly id = nextVirtualId++;
  readonly remote: string;
  connected = false;
  closed = false;
  error: Error | undefined;
  watcher: IOEvent | null = null;
  watchFlags = 0;
  server: ServerEnd | null = null;
  #inbound: Uint8Array[] = [];
  #inboundBytes = 0;
  #needDrain = false;
  #notifyQueued = 0;

  constructor(
    options: IOConnectOptions,
    private readonly highWaterMark: number,
  ) {
    this.remote = `${options.host}:${options.port}`;
  }

  read(): Uint8Array | null {
    if (this.#inbound.length === 0) return null;
    const out = this.#inbound.length === 1 ? this.#inbound[0]! : Buffer.concat(this.#inbound);
    this.#inbound = [];
    this.#inboundBytes = 0;
    if (this.#needDrain) {
      this.#needDrain = false;
      const server = this.server;
      queueMicrotask(() => server?.emit('drain'));
    }
    return out;
  }

  write(data: Uint8Array): boolean {
    if (this.closed || !this.connected || this.server === null) return false;
    const copy = Uint8Array.prototype.slice.call(data);
    const server = this.server;
    queueMicrotask(() => server.deliver(Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength)));
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const server = this.server;
    if (server !== null) queueMicrotask(() => server.clientClosed());
  }

  /** Bytes from the server; false once the client is congested. */
  receive(data: Uint8Array): boolean {
    if (this.closed) return false;
    this.#inbound.push(Uint8Array.prototype.slice.call(data));
    this.#inboundBytes += data.byteLength;
    this.notify(READ_EVENT);
    if (this.#inboundBytes > this.highWaterMark) {
      this.#needDrain = true;
      return false;
    }
    return true;
  }

  peerClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.error ??= error;
    this.notify(READ_EVENT | WRITE_EVENT);
  }

  connectedTo(server: ServerEnd): void {
    this.server = server;
    this.connected = true;
    this.notify(WRITE_EVENT);
  }

  refused(): void {
    this.closed = true;
    this.error = Object.assign(new Error(`connect ECONNREFUSED ${this.remote}`), { code: 'ECONNREFUSED' });
    this.notify(READ_EVENT | WRITE_EVENT);
  }

  armed(): void {
    let f = 0;
    if ((this.watchFlags & READ_EVENT) !== 0 && (this.#inboundBytes > 0 || this.closed)) f |= READ_EVENT;
    if ((this.watchFlags & WRITE_EVENT) !== 0 && (this.connected || this.closed)) f |= WRITE_EVENT;
    if (f !== 0) this.notify(f);
  }

  /** Readiness is always delivered on a later microtask: deterministic and never re-entrant. */
  notify(flags: number): void {
    const queued = this.#notifyQueued;
    this.#notifyQueued |= flags;
    if (queued !== 0) return;
    queueMicrotask(() => {
      const f = this.#notifyQueued & (this.watchFlags | (this.closed ? READ_EVENT | WRITE_EVENT : 0));
      this.#notifyQueued = 0;
      const w = this.watcher;
      if (f !== 0 && w !== null && w.state === EVENT_STATE.ACTIVE) w.ready(f);
    });
  }
}

interface VirtualTimer {
  due: number;
  seq: number;
}

/** A deterministic IOPS: in-memory sockets, virtual clock. */
export class VirtualIOPS implements IOPS {
  readonly #listeners = new Map<string, VirtualListener>();
  readonly #timers = new Map<TimerEvent, VirtualTimer>();
  readonly #highWaterMark: number;
  #now = 0;
  #seq = 0;

  /** Creates a virtual IOPS whose clock starts at 0. */
  constructor(options: VirtualIOPSOptions = {}) {
    this.#highWaterMark = options.highWaterMark ?? 64 * 1024;
  }

  /** Accepts connections to `host:port`; returns a function that stops listening. */
  listen(host: string, port: number, onConnection: VirtualListener): () => void {
    const key = `${host}:${port}`;
    this.#listeners.set(key, onConnection);
    return () => {
      if (this.#listeners.get(key) === onConnection) this.#listeners.delete(key);
    };
  }

  /** Number of armed timers. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  now(): number {
    return this.#now;
  }

  /**
   * Advances the virtual clock by `ms`, firing due timers in order; between timers it
   * lets pending microtasks and I/O deliveries run.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await this.settle();
      let next: [TimerEvent, VirtualTimer] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].due <= target && (next === undefined || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[1].seq < next[1].seq))) {
          next = entry;
        }
      }
      if (next === undefined) break;
      this.#now = Math.max(this.#now, next[1].due);
      this.#timers.delete(next[0]);
      if (next[0].state === EVENT_STATE.ACTIVE) next[0].ready(0);
    }
    this.#now = target;
    await this.settle();
  }

  /** Lets queued microtasks and deliveries run (a few event-loop turns, no virtual time). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  updateEvent(event: IOEvent, action: EvAction, flags: number): void {
    const sock = event.socket as ClientEnd | null;
    if (action === EVACTION_WATCH && flags !== 0) {
      event.state = EVENT_STATE.ACTIVE;
      event.flags = flags;
      if (sock !== null) {
        sock.watcher = event;
        sock.watchFlags = flags;
        sock.armed();
      }
    } else if (action === EVACTION_CLEANUP) {
      event.state = EVENT_STATE.FREED;
      event.flags = 0;
      if (sock !== null) {
        sock.watcher = null;
        sock.watchFlags = 0;
      }
    } else if (action === EVACTION_UNWATCH || action === EVACTION_WATCH) {
      event.state = EVENT_STATE.SUSPENDED;
      event.flags = 0;
      if (sock !== null) sock.watchFlags = 0;
    }
  }

  updateTimer(timer: TimerEvent, action: EvAction, usecs: number): void {
    this.#timers.delete(timer);
    if (action === EVACTION_WATCH) {
      timer.state = EVENT_STATE.ACTIVE;
      this.#timers.set(timer, { due: this.#now + Math.max(0, usecs) / 1000, seq: this.#seq++ });
    } else {
      timer.state = action === EVACTION_CLEANUP ? EVENT_STATE.FREED : EVENT_STATE.SUSPENDED;
    }
  }

  ioEventFactory(): IOEvent {
    return new IOEvent();
  }

  timerEventFactory(): TimerEvent {
    return new TimerEvent();
  }

  startWatching(): void {}

  stopWatching(): void {}

  connect(options: IOConnectOptions): IOSocket {
    const client = new ClientEnd(options, this.#highWaterMark);
    const listener = this.#listeners.get(`${options.host}:${options.port}`);
    queueMicrotask(() => {
      if (listener === undefined) {
        client.refused();
        return;
      }
      const server = new ServerEnd(client, 40000 + client.id);
      client.connectedTo(server);
      listener(server);
    });
    return client;
  }
}
