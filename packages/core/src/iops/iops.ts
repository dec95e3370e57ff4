/**
 * IOPS: the pluggable I/O abstraction of the seeds (couchbase.iops.base), adapted to
 * Node.js.
 *
 * The seeds' contract is readiness-based: the core asks the IOPS to *watch* an event for
 * read and/or write readiness, and the IOPS calls `event.ready(flags)` when the event
 * loop says so. Node has no descriptors to poll, so one thing is added: sockets are
 * opened through the IOPS too (`connect()`), and an {@link IOEvent} wraps the
 * {@link IOSocket} it returns. Readiness then means what it means for a non-blocking
 * BSD socket: READ = `read()` will return bytes, or the socket is closed; WRITE = the
 * socket is connected and can take more bytes (or it failed, which the core discovers
 * through `error`).
 *
 * Watches stay armed until unwatched (the C glue of the seeds filtered redundant calls,
 * so real implementations had to be level-triggered). Unwatching READ stops reading
 * from the network: that is how back-pressure reaches TCP.
 *
 * Timers: `updateTimer(timer, EVACTION_WATCH, usecs)` (re)arms a one-shot timer
 * `usecs` microseconds from now, replacing any pending one; the IOPS calls
 * `timer.ready(0)` when it expires.
 *
 * Not in scope: the seeds' blocking (gcouchbase-style) mode. In JavaScript, `await` is that.
 */

/** Action: start watching the event for the given flags (replaces previous flags). */
export const EVACTION_WATCH = 0;
/** Action: stop watching the event. */
export const EVACTION_UNWATCH = 1;
/** Action: drop every reference to the event; it is never used again. */
export const EVACTION_CLEANUP = 2;
/** One of the EVACTION_* constants. */
export type EvAction = typeof EVACTION_WATCH | typeof EVACTION_UNWATCH | typeof EVACTION_CLEANUP;

/** Flag: notify when the socket is readable (data, or end of stream). */
export const READ_EVENT = 1;
/** Flag: notify when the socket is writable (connected and not congested). */
export const WRITE_EVENT = 2;
/** READ_EVENT | WRITE_EVENT. */
export const RW_EVENT = 3;

/** Lifecycle state of an {@link Event}. */
export const EVENT_STATE = { ACTIVE: 'active', SUSPENDED: 'suspended', FREED: 'freed' } as const;
/** One of {@link EVENT_STATE}'s values. */
export type EventState = (typeof EVENT_STATE)[keyof typeof EVENT_STATE];

/**
 * Something in the future, triggered either by I/O or by the passage of time. The IOPS
 * signals it with {@link ready}; the core installs the handler.
 */
export class Event {
  /** Current state; `ready()` on a freed event does nothing. */
  state: EventState = EVENT_STATE.SUSPENDED;
  /** Flags currently watched (IOEvent) or 0. */
  flags = 0;
  /** Installed by the core: what to do when the event is ready. @internal */
  _onReady: ((flags: number) => void) | null = null;

  /** Signals the event. `flags` is a mask of READ_EVENT / WRITE_EVENT (0 for timers). */
  ready(flags: number): void {
    if (this.state === EVENT_STATE.FREED) return;
    this._onReady?.(flags);
  }
  /** `ready(READ_EVENT)`. */
  readyR(): void {
    this.ready(READ_EVENT);
  }
  /** `ready(WRITE_EVENT)`. */
  readyW(): void {
    this.ready(WRITE_EVENT);
  }
  /** `ready(RW_EVENT)`. */
  readyRW(): void {
    this.ready(RW_EVENT);
  }
}

let nextFileno = 1;

/** An event bound to a socket: readiness of that socket for reading and/or writing. */
export class IOEvent extends Event {
  /** The socket this event watches; set by the core after `iops.connect()`. */
  socket: IOSocket | null = null;
  readonly #fileno = nextFileno++;

  /** A stable id for this event's socket (Node has no real descriptors). */
  fileno(): number {
    return this.socket?.id ?? this.#fileno;
  }
}

/** An event triggered by the passage of time. */
export class TimerEvent extends Event {}

/** TLS settings for a connection (used by `couchbases://`). */
export interface IOTlsOptions {
  /** PEM CA certificates to trust instead of the system store. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the certificate chain and host name (default true). */
  rejectUnauthorized?: boolean;
  /** SNI / host name to verify (defaults to the host). */
  servername?: string;
}

/** Where to connect. */
export interface IOConnectOptions {
  host: string;
  port: number;
  /** TLS settings, or undefined/false for plain TCP. */
  tls?: IOTlsOptions | false;
}

/**
 * A connected (or connecting) byte stream as the core sees it: non-blocking reads and
 * writes, state flags, close. Returned by {@link IOPS.connect}.
 */
export interface IOSocket {
  /** Stable id (the seeds' fileno). */
  readonly id: number;
  /** `host:port` of the peer, for errors and logs. */
  readonly remote: string;
  /** True once the connection (and TLS handshake) is established. */
  readonly connected: boolean;
  /** True once no more bytes will arrive (peer closed, error, or `close()`). */
  readonly closed: boolean;
  /** The error that ended the socket, if one did. */
  readonly error: Error | undefined;
  /** Returns the bytes received so far and not yet read, or null when there are none. */
  read(): Uint8Array | null;
  /**
   * Queues bytes for sending. Returns false when the socket is congested: the caller
   * should wait for WRITE readiness before writing more (bytes are not lost).
   */
  write(data: Uint8Array): boolean;
  /** Closes the socket; pending reads are dropped. */
  close(): void;
}

/** The I/O operations a bucket needs; see the module comment for the contract. */
export interface IOPS {
  /** Watches (`flags` = READ_EVENT | WRITE_EVENT), unwatches or cleans up an I/O event. */
  updateEvent(event: IOEvent, action: EvAction, flags: number): void;
  /** Arms (relative, microseconds), disarms or cleans up a one-shot timer. */
  updateTimer(timer: TimerEvent, action: EvAction, usecs: number): void;
  /** Creates an I/O event (optional: defaults to `new IOEvent()`). */
  ioEventFactory?(): IOEvent;
  /** Creates a timer event (optional: defaults to `new TimerEvent()`). */
  timerEventFactory?(): TimerEvent;
  /** Called when the core has submitted its events and waits for them (no-op for an event-loop IOPS). */
  startWatching(): void;
  /** Called when the core no longer waits for events. */
  stopWatching(): void;
  /** Opens a socket to `host:port` (TLS when `tls` is set). Errors surface through the socket. */
  connect(options: IOConnectOptions): IOSocket;
  /** Monotonic clock in milliseconds (optional: defaults to `performance.now()`). */
  now?(): number;
}

const kOwner = Symbol.for('couchts.iops.owner');

/**
 * Marks an IOPS object as owned by `owner` (the seeds: "This object must not be used
 * between two instances"). Returns false when another live owner already holds it.
 * @internal
 */
export function claimIops(iops: IOPS, owner: object): boolean {
  const holder = iops as unknown as Record<symbol, WeakRef<object> | undefined>;
  const current = holder[kOwner]?.deref();
  if (current !== undefined && current !== owner) return false;
  Object.defineProperty(iops, kOwner, { value: new WeakRef(owner), configurable: true, enumerable: false, writable: true });
  return true;
}

/** Releases an IOPS claimed by `owner` (on close), so it may serve a new bucket. @internal */
export function releaseIops(iops: IOPS, owner: object): void {
  const holder = iops as unknown as Record<symbol, WeakRef<object> | undefined>;
  if (holder[kOwner]?.deref() === owner) holder[kOwner] = undefined;
}

/** Checks that an object implements the required IOPS methods; returns the missing ones. */
export function missingIopsMethods(iops: unknown): string[] {
  if (typeof iops !== 'object' || iops === null) return ['(not an object)'];
  const required = ['updateEvent', 'updateTimer', 'startWatching', 'stopWatching', 'connect'];
  const optional = ['ioEventFactory', 'timerEventFactory', 'now'];
  const o = iops as Record<string, unknown>;
  return [
    ...required.filter((m) => typeof o[m] !== 'function'),
    ...optional.filter((m) => o[m] !== undefined && typeof o[m] !== 'function'),
  ];
}
