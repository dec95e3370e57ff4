/**
 * An HTTP/1.1 client over IOPS sockets, for the query and views services: a small
 * keep-alive pool per endpoint, streaming responses with back-pressure, and abort.
 *
 * Why not undici: undici is excellent, but it owns Node stream sockets; every socket of
 * this SDK comes from the IOPS (readiness-based, so a deterministic IOPS can drive it in
 * tests), and the row streams need to pause that very socket. The HTTP subset involved
 * is small (see response-parser.ts) and tested against node:http.
 */
import { ObjectDestroyedError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import type { IOPS } from '../iops/iops';
import type { ResponseHead } from './response-parser';
import { encodeRequest, endpointId, HttpConnection, type HttpEndpoint, type HttpHandler, type HttpRequest } from './http-connection';

/** Controls an in-flight request. */
export interface HttpRequestHandle {
  /** Stops reading the response body (back-pressure). */
  pause(): void;
  /** Resumes reading. */
  resume(): void;
  /** Abandons the request: its connection is closed, the handler hears nothing more. */
  abort(): void;
}

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /** Idle keep-alive connections kept per endpoint (default 4). */
  maxIdlePerEndpoint?: number;
}

/** A pool of keep-alive HTTP connections over an IOPS. */
export class HttpClient {
  readonly #iops: IOPS;
  readonly #idle = new Map<string, HttpConnection[]>();
  readonly #active = new Set<HttpConnection>();
  readonly #maxIdle: number;
  #closed = false;

  /** Creates a client; sockets come from `iops`. */
  constructor(iops: IOPS, options: HttpClientOptions = {}) {
    this.#iops = iops;
    this.#maxIdle = options.maxIdlePerEndpoint ?? 4;
  }

  /** Connections open (idle and busy). */
  get openConnections(): number {
    let n = this.#active.size;
    for (const list of this.#idle.values()) n += list.length;
    return n;
  }

  /**
   * Sends a request. A request that fails on a reused keep-alive connection before any
   * response byte arrived is retried once on a fresh connection (the server may have
   * closed the idle connection as we wrote: the classic keep-alive race).
   */
  request(endpoint: HttpEndpoint, req: HttpRequest, handler: HttpHandler): HttpRequestHandle {
    // Encode first: a request that cannot be sent never takes a connection.
    const encoded = encodeRequest(endpoint, req);
    let conn: HttpConnection | undefined;
    let aborted = false;
    let finished = false;
    let retried = false;
    let headSeen = false;
    const start = (fresh: boolean): void => {
      conn = fresh ? this.#open(endpoint) : this.#take(endpoint);
      this.#active.add(conn);
      const c = conn;
      c.send(encoded, req.method, {
        onHead: (head: ResponseHead) => {
          headSeen = true;
          handler.onHead(head);
        },
        onData: (chunk) => handler.onData(chunk),
        onEnd: () => {
          finished = true;
          this.#active.delete(c);
          handler.onEnd();
        },
        onError: (err: CouchbaseError) => {
          this.#active.delete(c);
          if (!aborted && !headSeen && !retried && c.served > 1) {
            retried = true;
            start(true);
            return;
          }
          finished = true;
          handler.onError(err);
        },
      });
    };
    if (this.#closed) {
      queueMicrotask(() => handler.onError(new ObjectDestroyedError('The HTTP client is closed')));
      return { pause() {}, resume() {}, abort() {} };
    }
    start(false);
    // Once the response ended the connection may already serve another request: a
    // stale handle must not touch it.
    return {
      pause: () => {
        if (!finished && !aborted) conn?.pause();
      },
      resume: () => {
        if (!finished && !aborted) conn?.resume();
      },
      abort: () => {
        if (finished || aborted) return;
        aborted = true;
        if (conn !== undefined) {
          this.#active.delete(conn);
          conn.close();
        }
      },
    };
  }

  /** Closes every connection (in-flight requests hear nothing more). */
  close(): void {
    this.#closed = true;
    for (const c of this.#active) c.close();
    this.#active.clear();
    for (const list of this.#idle.values()) for (const c of list) c.close();
    this.#idle.clear();
  }

  #take(endpoint: HttpEndpoint): HttpConnection {
    const list = this.#idle.get(endpointId(endpoint));
    while (list !== undefined && list.length > 0) {
      const c = list.pop()!;
      if (!c.closed) return c;
    }
    return this.#open(endpoint);
  }

  #open(endpoint: HttpEndpoint): HttpConnection {
    const c = new HttpConnection(this.#iops, endpoint);
    c.onIdle = (conn) => this.#release(conn);
    c.onClosed = (conn) => {
      this.#active.delete(conn);
      const list = this.#idle.get(conn.id);
      const i = list?.indexOf(conn) ?? -1;
      if (i >= 0) list!.splice(i, 1);
    };
    return c;
  }

  #release(c: HttpConnection): void {
    this.#active.delete(c);
    if (this.#closed) {
      c.close();
      return;
    }
    let list = this.#idle.get(c.id);
    if (list === undefined) {
      list = [];
      this.#idle.set(c.id, list);
    }
    if (list.length >= this.#maxIdle) c.close();
    else list.push(c);
  }
}
