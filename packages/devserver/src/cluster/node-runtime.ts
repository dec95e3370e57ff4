/**
 * One node of the dev cluster at run time: its listeners (KV over TCP, management,
 * views and query over HTTP) and its live KV sessions. Stopping a node closes all of
 * them; starting it again listens on the same ports.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { VirtualIOPS } from '@couchts/core/internal';
import { SaslServer } from '../auth/sasl-server';
import { KV_HANDLERS } from '../kv/handlers/index';
import { KvSession, type DuplexLike, type SessionHost } from '../kv/session';
import { BasicAuth, sendJson } from '../http/http-util';
import type { AdminControls } from '../http/admin-service';
import { handleManagement } from '../http/mgmt-service';
import type { FaultPlan } from './fault-plan';
import type { ClusterModel, DevNode, NodePorts } from './model';

/** An HTTP request handler of a service. */
export type ServiceHandler = (nodeIndex: number, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Services that later parts of the dev cluster plug in (query, views, admin). */
export interface NodeServices {
  n1ql?: ServiceHandler;
  capi?: ServiceHandler;
  admin?: AdminControls;
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
  readonly tls = false;
  readonly sessions = new Set<KvSession>();
  readonly requests = new Uint32Array(256);
  readonly #auth: BasicAuth;
  #kv: NetServer | undefined;
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

  /** Listens on the node's ports (0 = any free port; the chosen ports are recorded). */
  async start(requested: NodePorts): Promise<void> {
    const host = this.model.host;
    this.#kv = createNetServer({ noDelay: true }, (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      this.accept(socket);
    });
    this.node.ports.kv = await listen(this.#kv, host, requested.kv);
    const http = (handler: ServiceHandler): HttpServer =>
      createHttpServer((req, res) => {
        Promise.resolve(handler(this.node.index, req, res)).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
          else res.destroy();
        });
      });
    const mgmt = http((n, req, res) => handleManagement(this.model, this.#auth, n, req, res, this.services.admin));
    const capi = http(this.services.capi ?? notImplemented('views'));
    const n1ql = http(this.services.n1ql ?? notImplemented('query'));
    this.#http = [mgmt, capi, n1ql];
    this.node.ports.mgmt = await listen(mgmt, host, requested.mgmt);
    this.node.ports.capi = await listen(capi, host, requested.capi);
    this.node.ports.n1ql = await listen(n1ql, host, requested.n1ql);
    this.node.running = true;
    for (const iops of this.#virtual) this.#listenVirtual(iops);
  }

  /** Serves a connection (a TCP socket, or the server end of a VirtualIOPS socket). */
  accept(socket: DuplexLike): KvSession {
    const session = new KvSession(this, socket, KV_HANDLERS);
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
    await Promise.all([closeServer(this.#kv), ...this.#http.map(closeServer)]);
    this.#kv = undefined;
    this.#http = [];
  }
}
