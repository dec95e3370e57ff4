/**
 * One node of the dev cluster at run time: its listeners (KV over TCP, management,
 * views and query over HTTP) and its live KV sessions. Stopping a node closes all of
 * them; starting it again listens on the same ports.
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { VirtualIOPS } from '@couchts/core/internal';
import { SaslServer } from '../auth/sasl-server';
import { KV_HANDLERS } from '../kv/handlers/index';
import { KvSession, type DuplexLike, type SessionHost } from '../kv/session';
import { BasicAuth, sendJson } from '../http/http-util';
import type { AdminControls } from '../http/admin-service';
import { handleManagement, type DdocLister } from '../http/mgmt-service';
import type { FaultPlan } from './fault-plan';
import type { ClusterModel, DevNode, NodePorts } from './model';

/** An HTTP request handler of a service. */
export type ServiceHandler = (nodeIndex: number, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Services that later parts of the dev cluster plug in (query, views, admin). */
export interface NodeServices {
  n1ql?: ServiceHandler;
  capi?: ServiceHandler;
  admin?: AdminControls;
  /** `GET /pools/default/buckets/<b>/ddocs` on the management port. */
  ddocs?: DdocLister;
}

function listen(server: NetServer | HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

function closeServer(server: NetServer | HttpServer | undefined): Promise<void> {
  if (server === undefined || !server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Placeholder for a service this version of the dev cluster does not serve yet. */
function notImplemented(service: string): ServiceHandler {
  return (_node, _req, res) =>
    sendJson(res, 501, { errors: [{ code: 1000, msg: `The ${service} service is not available in this dev cluster version` }], status: 'fatal' });
}

/** A running (or stopped) node. */
export class NodeRuntime implements SessionHost {
  readonly sessions = new Set<KvSession>();
  readonly requests = new Uint32Array(256);
  readonly #auth: BasicAuth;
  #kv: NetServer[] = [];
  #http: HttpServer[] = [];
  readonly #sockets = new Set<Socket>();
  #detachVirtual: (() => void)[] = [];
  /** VirtualIOPS this node serves (kept across stop/start, so a restarted node serves them again). */
  readonly #virtual: VirtualIOPS[] = [];

  /** Creates the runtime of `node` (not listening yet). */
  constructor(
    readonly model: ClusterModel,
    readonly node: DevNode,
    private readonly services: NodeServices,
    readonly faults: FaultPlan,
  ) {
    this.#auth = new BasicAuth(model.users);
  }

  /**
   * Listens on the node's ports (0 = any free port; the chosen ports are recorded): KV,
   * management, views and query over plain TCP, and the same over TLS when the cluster
   * has certificates, as a real node serves both.
   */
  async start(requested: NodePorts): Promise<void> {
    const host = this.model.host;
    const tls = this.model.tls;
    const track = (socket: Socket): void => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    };
    const kv = createNetServer({ noDelay: true }, (socket) => {
      track(socket);
      this.accept(socket, false);
    });
    this.#kv = [kv];
    this.node.ports.kv = await listen(kv, host, requested.kv);
    const listener = (handler: ServiceHandler): RequestListener => (req, res) => {
      Promise.resolve(handler(this.node.index, req, res)).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
        else res.destroy();
      });
    };
    const handlers: Record<'mgmt' | 'capi' | 'n1ql', ServiceHandler> = {
      mgmt: (n, req, res) => handleManagement(this.model, this.#auth, n, req, res, this.services.admin, this.services.ddocs),
      capi: this.services.capi ?? notImplemented('views'),
      n1ql: this.services.n1ql ?? notImplemented('query'),
    };
    this.#http = [];
    for (const service of ['mgmt', 'capi', 'n1ql'] as const) {
      const server = createHttpServer(listener(handlers[service]));
      this.#http.push(server);
      this.node.ports[service] = await listen(server, host, requested[service]);
    }
    if (tls !== undefined) {
      const credentials = { cert: tls.certPem, key: tls.keyPem };
      const kvTls = createTlsServer(credentials, (socket) => {
        socket.setNoDelay(true);
        track(socket);
        this.accept(socket, true);
      });
      this.#kv.push(kvTls);
      this.node.ports.kvSSL = await listen(kvTls, host, requested.kvSSL);
      for (const service of ['mgmt', 'capi', 'n1ql'] as const) {
        const server = createHttpsServer(credentials, listener(handlers[service]));
        this.#http.push(server as unknown as HttpServer);
        this.node.ports[`${service}SSL`] = await listen(server, host, requested[`${service}SSL`]);
      }
    }
    this.node.running = true;
    for (const iops of this.#virtual) this.#listenVirtual(iops);
  }

  /** Serves a connection (a TCP or TLS socket, or the server end of a VirtualIOPS socket). */
  accept(socket: DuplexLike, tls = false): KvSession {
    const session = new KvSession(this, socket, KV_HANDLERS, tls);
    this.sessions.add(session);
    return session;
  }

  /** Also serves this node's KV port to clients of a VirtualIOPS. */
  attachVirtual(iops: VirtualIOPS): void {
    this.#virtual.push(iops);
    if (this.node.running) this.#listenVirtual(iops);
  }

  #listenVirtual(iops: VirtualIOPS): void {
    this.#detachVirtual.push(iops.listen(this.model.host, this.node.ports.kv, (socket) => this.node.running && this.accept(socket)));
  }

  newSaslServer(): SaslServer {
    return new SaslServer(this.model.users);
  }

  onSessionClosed(session: KvSession): void {
    this.sessions.delete(session);
  }

  /** Closes every KV connection of this node (clients see their connections drop). */
  dropConnections(): void {
    for (const s of [...this.sessions]) s.close();
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.node.running = false;
    for (const detach of this.#detachVirtual) detach();
    this.#detachVirtual = [];
    this.dropConnections();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await Promise.all([...this.#kv.map(closeServer), ...this.#http.map(closeServer)]);
    this.#kv = [];
    this.#http = [];
  }
}
