/**
 * NodeIOPS: the default IOPS, over `node:net` / `node:tls` and Node timers. This is the
 * only module of the core that imports `node:net` or `node:tls` (an architecture test
 * enforces it), so everything else runs unchanged over any other IOPS.
 *
 * Sockets run in paused mode: bytes are pulled with `read()` when the core is told the
 * socket is readable. While READ is unwatched nothing reads, Node's stream buffer fills
 * to its high-water mark, and Node stops reading from the kernel: TCP back-pressure.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { performance } from 'node:perf_hooks';
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

let nextSocketId = 1;

/** An {@link IOSocket} over a `net.Socket` / `tls.TLSSocket`. */
class NodeSocket implements IOSocket {
  readonly id = nextSocketId++;
  readonly remote: string;
  connected = false;
  closed = false;
  error: Error | undefined;
  /** The event currently watching this socket and its flags. */
  watcher: IOEvent | null = null;
  watchFlags = 0;
  readonly #sock: net.Socket;
  /** Set when a readiness notification is queued, so one is never queued twice. */
  #pendingNotify = 0;

  constructor(options: IOConnectOptions) {
    this.remote = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    if (options.tls) {
      const t = options.tls;
      this.#sock = tls.connect({
        host: options.host,
        port: options.port,
        ca: t.ca,
        rejectUnauthorized: t.rejectUnauthorized ?? true,
        servername: t.servername ?? (net.isIP(options.host) === 0 ? options.host : undefined),
      });
      this.#sock.once('secureConnect', () => this.#onConnect());
    } else {
      this.#sock = net.connect({ host: options.host, port: options.port });
      this.#sock.once('connect', () => this.#onConnect());
    }
    this.#sock.setNoDelay(true);
    this.#sock.on('readable', () => this.#notify(READ_EVENT));
    this.#sock.on('drain', () => this.#notify(WRITE_EVENT));
    this.#sock.on('error', (err) => {
      this.error ??= err;
    });
    this.#sock.on('close', () => {
      this.closed = true;
      this.#notify(READ_EVENT | WRITE_EVENT);
    });
  }

  #onConnect(): void {
    this.connected = true;
    this.#notify(WRITE_EVENT);
  }

  read(): Uint8Array | null {
    if (this.closed) return null;
    return this.#sock.read() as Buffer | null;
  }

  write(data: Uint8Array): boolean {
    if (this.closed || this.#sock.destroyed) return false;
    return this.#sock.write(data);
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.#sock.destroy();
    }
  }

  /** Level-triggered re-arm: a newly armed watch fires if the condition already holds. */
  armed(): void {
    let flags = 0;
    if ((this.watchFlags & READ_EVENT) !== 0 && (this.#sock.readableLength > 0 || this.closed)) flags |= READ_EVENT;
    if ((this.watchFlags & WRITE_EVENT) !== 0 && ((this.connected && !this.#sock.writableNeedDrain) || this.closed)) flags |= WRITE_EVENT;
    if (flags !== 0) this.#notify(flags, true);
  }

  /**
   * Delivers readiness. Signals from the socket itself are delivered at once (we are
   * already on a fresh stack from the event loop); signals found while arming a watch
   * are deferred, so that `updateEvent` never re-enters the core synchronously.
   */
  #notify(flags: number, defer = false): void {
    if (!defer) {
      const f = flags & (this.watchFlags | (this.closed ? READ_EVENT | WRITE_EVENT : 0));
      const w = this.watcher;
      if (f !== 0 && w !== null && w.state === EVENT_STATE.ACTIVE) w.ready(f);
      return;
    }
    const queued = this.#pendingNotify;
    this.#pendingNotify |= flags;
    if (queued !== 0) return;
    queueMicrotask(() => {
      const f = this.#pendingNotify;
      this.#pendingNotify = 0;
      this.#notify(f);
    });
  }
}

/** Timer handles live here rather than on the event objects the core owns. */
const timers = new WeakMap<TimerEvent, ReturnType<typeof setTimeout>>();

/**
 * The default IOPS: real sockets and timers on Node's event loop. One instance per
 * bucket (an IOPS is owned by the bucket it was given to).
 */
export class NodeIOPS implements IOPS {
  updateEvent(event: IOEvent, action: EvAction, flags: number): void {
    const sock = event.socket as NodeSocket | null;
    if (action === EVACTION_WATCH && flags !== 0) {
      event.state = EVENT_STATE.ACTIVE;
      event.flags = flags;
      if (sock !== null) {
        sock.watcher = event;
        sock.watchFlags = flags;
        sock.armed();
      }
    } else if (action === EVACTION_UNWATCH || (action === EVACTION_WATCH && flags === 0)) {
      event.state = EVENT_STATE.SUSPENDED;
      event.flags = 0;
      if (sock !== null) sock.watchFlags = 0;
    } else if (action === EVACTION_CLEANUP) {
      event.state = EVENT_STATE.FREED;
      event.flags = 0;
      if (sock !== null) {
        sock.watchFlags = 0;
        sock.watcher = null;
      }
    }
  }

  updateTimer(timer: TimerEvent, action: EvAction, usecs: number): void {
    const pending = timers.get(timer);
    if (pending !== undefined) {
      clearTimeout(pending);
      timers.delete(timer);
    }
    if (action === EVACTION_WATCH) {
      timer.state = EVENT_STATE.ACTIVE;
      const handle = setTimeout(() => {
        timers.delete(timer);
        if (timer.state === EVENT_STATE.ACTIVE) timer.ready(0);
      }, Math.max(0, usecs / 1000));
      timers.set(timer, handle);
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

  /** Node's event loop always runs: nothing to start. */
  startWatching(): void {}

  /** Nothing to stop. */
  stopWatching(): void {}

  connect(options: IOConnectOptions): IOSocket {
    return new NodeSocket(options);
  }

  now(): number {
    return performance.now();
  }
}
