/**
 * Test helpers for hostile-server tests over VirtualIOPS: a KV "cluster" that completes
 * the handshake honestly (HELLO, SASL PLAIN, SELECT_BUCKET, GET_CLUSTER_CONFIG) and then
 * lets the test script, per data request, the raw bytes the server answers with (or
 * silence, or a close); a raw HTTP listener for the query port; a process watcher for
 * errors escaping the event loop; and a logger that records what the client reports.
 * Not a test file itself: hostile-server.test.ts and hostile-http.test.ts use it.
 */
import { encodeFeatures, encodePacket, FrameDecoder, MAGIC, OPCODES, STATUS, decodeFeatures, type Packet, type PacketInit } from '../../src/internal';
import type { VirtualIOPS, VirtualServerSocket } from '../../src/iops/virtual-iops';
import type { AsyncResult } from '../../src/results/async-result';
import type { CouchbaseError } from '../../src/errors/couchbase-error';
import type { Logger } from '../../src/util/logger';

/** One server-side connection. */
export class HostileConn {
  /** The client closed its end (an 'end' arrived before 'close'). */
  closedByClient = false;
  /** Either side closed it. */
  closed = false;
  readonly decoder = new FrameDecoder();
  constructor(
    readonly node: number,
    readonly index: number,
    readonly sock: VirtualServerSocket,
  ) {
    sock.on('end', () => (this.closedByClient = true));
    sock.on('close', () => (this.closed = true));
    // Real sockets report resets as 'error' events; an unhandled one would throw.
    sock.on('error', () => undefined);
  }
  /** Writes raw bytes. */
  write(bytes: Uint8Array): void {
    this.sock.write(bytes);
  }
  /** Writes a well-formed response to `req`. */
  reply(req: Packet, init: Partial<PacketInit> = {}): void {
    this.sock.write(response(req, init));
  }
  /** Closes the connection from the server side. */
  close(): void {
    this.sock.destroy();
  }
}

/** A well-formed response to `req` (magic 0x81, same opcode and opaque unless overridden). */
export function response(req: Packet, init: Partial<PacketInit> = {}): Buffer {
  return encodePacket({ magic: MAGIC.RESPONSE, opcode: req.opcode, opaque: req.opaque, ...init } as PacketInit);
}

/** A raw 24-byte response header with the given fields (nothing else). */
export function rawHeader(fields: { magic?: number; opcode?: number; keyLen?: number; extLen?: number; status?: number; bodyLen?: number; opaque?: number }): Buffer {
  const h = Buffer.alloc(24);
  h[0] = fields.magic ?? MAGIC.RESPONSE;
  h[1] = fields.opcode ?? OPCODES.GET;
  h.writeUInt16BE(fields.keyLen ?? 0, 2);
  h[4] = fields.extLen ?? 0;
  h.writeUInt16BE(fields.status ?? 0, 6);
  h.writeUInt32BE((fields.bodyLen ?? 0) >>> 0, 8);
  h.writeUInt32BE((fields.opaque ?? 0) >>> 0, 12);
  return h;
}

/** Handles a data request; `behave` answers it as an honest server would. */
export type DataScript = (req: Packet, conn: HostileConn, behave: () => void) => void;

/**
 * A scripted KV cluster of `nodes` nodes on virtual ports 11210, 11220, … with a query
 * port 8093. Data requests go to `script` (default: behave honestly, with a tiny store).
 */
export class HostileCluster {
  readonly ports: number[];
  readonly queryPort = 8093;
  rev = 1;
  numVbuckets = 16;
  vbmap: number[][];
  /** Every connection accepted, in order. */
  readonly conns: HostileConn[] = [];
  /** Data requests seen (opcode, key, connection index). */
  readonly seen: { opcode: number; key: string; conn: number; node: number }[] = [];
  /** Answers data requests; undefined = behave. */
  script: DataScript | undefined;
  /** Called for each new connection before any byte is read (bytes before the first request). */
  onAccept: ((conn: HostileConn) => void) | undefined;
  /** Value of the HELLO reply (default: the requested features that are JSON or MUTATION_SEQNO). */
  helloValue: ((requested: number[]) => Uint8Array) | undefined;
  readonly store = new Map<string, Buffer>();
  #cas = 1n;

  /**
   * With an IOPS, listens on its virtual ports. Without one (`null`), `ports` are real
   * ports whose listener calls {@link accept} (a `net.Socket` fits VirtualServerSocket).
   */
  constructor(
    readonly iops: VirtualIOPS | null,
    readonly nodes = 1,
    readonly host = '10.0.0.1',
    ports?: number[],
  ) {
    this.ports = ports ?? Array.from({ length: nodes }, (_, i) => 11210 + 10 * i);
    this.vbmap = Array.from({ length: this.numVbuckets }, (_, vb) => [vb % nodes]);
    this.ports.forEach((port, node) => iops?.listen(host, port, (sock) => this.accept(sock, node)));
  }

  /** `couchbase://…/default`. */
  get connectionString(): string {
    return `couchbase://${this.ports.map((p) => `${this.host}:${p}`).join(',')}/default`;
  }

  /** Connections the client closed itself. */
  get closedByClient(): number {
    return this.conns.filter((c) => c.closedByClient).length;
  }

  /** The terse bucket config, with optional field overrides. */
  config(overrides: Record<string, unknown> = {}): string {
    return JSON.stringify({
      rev: this.rev,
      name: 'default',
      nodeLocator: 'vbucket',
      uuid: 'hostile',
      vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: this.ports.map((p) => `${this.host}:${p}`), vBucketMap: this.vbmap },
      nodesExt: this.ports.map((p) => ({ hostname: this.host, services: { kv: p, n1ql: this.queryPort } })),
      ...overrides,
    });
  }

  /** The honest answer to a data request. */
  behave(req: Packet, conn: HostileConn): void {
    const key = req.key.toString('utf8');
    switch (req.opcode) {
      case OPCODES.GET: {
        const v = this.store.get(key);
        if (v === undefined) conn.reply(req, { status: STATUS.KEY_ENOENT, value: 'Not found' });
        else conn.reply(req, { extras: Buffer.from([0x02, 0, 0, 0]), value: v, cas: 7n });
        return;
      }
      case OPCODES.SET:
      case OPCODES.ADD:
      case OPCODES.REPLACE:
        this.store.set(key, Buffer.from(req.value));
        conn.reply(req, { cas: ++this.#cas });
        return;
      default:
        conn.reply(req, {});
    }
  }

  /** Serves a new connection to node `node`. */
  accept(sock: VirtualServerSocket, node: number): HostileConn {
    const conn = new HostileConn(node, this.conns.length, sock);
    this.conns.push(conn);
    this.onAccept?.(conn);
    sock.on('data', (chunk: Buffer) => {
      if (conn.closed) return;
      conn.decoder.push(chunk);
      for (let p = conn.decoder.next(); p !== undefined && !conn.closed; p = conn.decoder.next()) this.#handle(p, conn);
    });
    return conn;
  }

  #handle(p: Packet, conn: HostileConn): void {
    switch (p.opcode) {
      case OPCODES.HELLO: {
        const requested = decodeFeatures(p.value);
        conn.reply(p, { value: this.helloValue?.(requested) ?? encodeFeatures(requested.filter((f) => f === 0x04 || f === 0x0b)) });
        return;
      }
      case OPCODES.SASL_LIST_MECHS:
        conn.reply(p, { value: 'PLAIN' });
        return;
      case OPCODES.SASL_AUTH:
      case OPCODES.SELECT_BUCKET:
        conn.reply(p, {});
        return;
      case OPCODES.GET_CLUSTER_CONFIG:
        conn.reply(p, { value: this.config(), datatype: 1 });
        return;
      default: {
        this.seen.push({ opcode: p.opcode, key: p.key.toString('utf8'), conn: conn.index, node: conn.node });
        const behave = (): void => this.behave(p, conn);
        if (this.script === undefined) behave();
        else this.script(p, conn, behave);
      }
    }
  }
}

/** Errors that escaped to the process (uncaught exceptions, unhandled rejections) while watched. */
export function watchProcess(): { readonly errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (e: unknown): void => {
    errors.push(e);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: { level: string; message: string; fields: Record<string, unknown> | undefined }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> | undefined }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The state of an AsyncResult, filled in when it settles. */
export interface Tracked<T> {
  done: boolean;
  result?: T;
  error?: CouchbaseError;
}

/** Records the outcome of an AsyncResult. */
export function track<T>(ar: AsyncResult<T>): Tracked<T> {
  const state: Tracked<T> = { done: false };
  ar.callback = (r) => Object.assign(state, { done: true, result: r });
  ar.errback = (e) => Object.assign(state, { done: true, error: e });
  return state;
}

/** Raw HTTP server on a virtual port: `onRequest` gets each complete request and the socket. */
export function listenHttp(iops: VirtualIOPS, host: string, port: number, onRequest: (request: string, sock: VirtualServerSocket) => void): void {
  iops.listen(host, port, (sock) => {
    let text = '';
    sock.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(text.slice(0, head))?.[1] ?? 0);
      if (text.length < head + 4 + length) return;
      const request = text;
      text = '';
      onRequest(request, sock);
    });
  });
}
