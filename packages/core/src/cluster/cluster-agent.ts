/**
 * The cluster agent: bootstraps from the connection string's hosts, keeps one link per
 * KV node of the current config, applies newer configs (from NOT_MY_VBUCKET bodies and
 * from polling GET_CLUSTER_CONFIG every 2.5 s, ordered by (revEpoch, rev)), opens and
 * retires links as the topology changes, and reconnects dropped links with backoff.
 *
 * It publishes an immutable RouteSnapshot that the dispatcher reads.
 */
import type { ErrorMap } from '../connection/error-map';
import type { KvConnection } from '../connection/kv-connection';
import { AuthError, BucketNotFoundError, ConnectError, NotSupportedError, ObjectDestroyedError, ProtocolError, TimeoutError } from '../errors/classes';
import { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_UNWATCH, EVACTION_WATCH, TimerEvent, type IOPS } from '../iops/iops';
import { OPCODES } from '../mcbp/opcodes';
import { STATUS } from '../mcbp/status';
import type { RouteProvider } from '../kv/dispatcher';
import { isNewerConfig, parseClusterConfig, type ClusterConfig } from '../routing/cluster-config';
import type { ConnectionSpec } from '../routing/connection-string';
import { NodeLink, type LinkSettings } from './node-link';
import { RouteSnapshot } from './route-snapshot';

/** Longest wait between reconnection attempts to a node (ms). */
export const MAX_RECONNECT_DELAY_MS = 500;

/** What the agent tells its owner. */
export interface AgentEvents {
  /** The first config was applied and the bootstrap connection is ready. */
  onBootstrapped(): void;
  /** Bootstrap failed for good. */
  onBootstrapFailed(error: CouchbaseError): void;
  /** A newer config replaced the routes. */
  onRoutesChanged(): void;
  /** A node's connection became ready. */
  onEndpointReady(endpointId: string): void;
}

/** Agent settings. */
export interface AgentOptions extends LinkSettings {
  readonly spec: ConnectionSpec;
  readonly bootstrapTimeout: number;
  readonly configPollInterval: number;
  readonly now: () => number;
}

function timer(iops: IOPS, onFire: () => void): TimerEvent {
  const t = iops.timerEventFactory?.() ?? new TimerEvent();
  t._onReady = onFire;
  return t;
}

/** Owns the topology and the node links of one bucket. */
export class ClusterAgent implements RouteProvider {
  snapshot: RouteSnapshot | undefined;
  errorMap: ErrorMap | undefined;
  readonly bucketName: string;
  readonly #opts: AgentOptions;
  readonly #events: AgentEvents;
  readonly #links = new Map<string, NodeLink>();
  readonly #reconnectTimers = new Map<NodeLink, TimerEvent>();
  #config: ClusterConfig | undefined;
  #closed = false;
  #bootstrapped = false;
  #bootstrapTimer: TimerEvent | undefined;
  #pollTimer: TimerEvent | undefined;
  #pollCursor = 0;
  #pollInFlight = false;
  #bootstrapLink: NodeLink | undefined;

  /** Creates an agent; call {@link start} to bootstrap. */
  constructor(options: AgentOptions, events: AgentEvents) {
    this.#opts = options;
    this.#events = events;
    this.bucketName = options.bucket;
  }

  /** Starts bootstrapping (asynchronously). */
  start(): void {
    const iops = this.#opts.iops;
    this.#bootstrapTimer = timer(iops, () => this.#bootstrapTimedOut());
    iops.updateTimer(this.#bootstrapTimer, EVACTION_WATCH, this.#opts.bootstrapTimeout * 1000);
    void this.#bootstrap();
  }

  /** True once bootstrapped and not closed. */
  get connected(): boolean {
    return this.#bootstrapped && !this.#closed;
  }

  /** The current config, if any. */
  get config(): ClusterConfig | undefined {
    return this.#config;
  }

  readyConnection(endpointId: string): KvConnection | undefined {
    return this.#links.get(endpointId)?.readyConnection;
  }

  applyConfigBody(body: Uint8Array, sourceHost: string): boolean {
    let config: ClusterConfig;
    try {
      config = parseClusterConfig(body, sourceHost);
    } catch (err) {
      this.#opts.logger.warn?.('ignoring an invalid config from the server', { reason: (err as Error).message });
      return false;
    }
    return this.#apply(config);
  }

  /** Closes every link and timer. Pending operations must have been failed first. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const iops = this.#opts.iops;
    for (const t of [this.#bootstrapTimer, this.#pollTimer, ...this.#reconnectTimers.values()]) {
      if (t !== undefined) iops.updateTimer(t, EVACTION_CLEANUP, 0);
    }
    this.#reconnectTimers.clear();
    const error = new ObjectDestroyedError(`Bucket '${this.bucketName}' was closed`);
    this.#bootstrapLink?.close(error);
    for (const link of this.#links.values()) {
      link.retired = true;
      link.close(error);
    }
    this.#links.clear();
  }

  // --- bootstrap ---------------------------------------------------------------------

  async #bootstrap(): Promise<void> {
    const failures: CouchbaseError[] = [];
    for (const host of this.#opts.spec.hosts) {
      if (this.#closed || this.#bootstrapped) return;
      const link = new NodeLink(this.#opts, host.host, host.port);
      this.#bootstrapLink = link;
      let body: Buffer | undefined;
      try {
        const result = await link.connect(true);
        this.errorMap = result.errorMap;
        body = result.config;
        if (body === undefined) throw new ProtocolError(`${link.id} returned no cluster config for bucket '${this.bucketName}'`, { context: { node: link.id } });
        const config = parseClusterConfig(body, host.host);
        if (config.nodeLocator !== 'vbucket') {
          throw new NotSupportedError(`Bucket '${this.bucketName}' is a memcached bucket (${config.nodeLocator}); couchts supports Couchbase and ephemeral buckets`, {
            context: { node: link.id },
          });
        }
        if (this.#closed) return;
        this.#bootstrapLink = undefined;
        this.#adoptBootstrap(link, config);
        return;
      } catch (err) {
        link.retired = true;
        link.close();
        if (this.#closed || this.#bootstrapped) return;
        const e = err instanceof CouchbaseError ? err : new ConnectError(String(err), { cause: err });
        failures.push(e);
        this.#opts.logger.warn?.('bootstrap attempt failed', { node: link.id, error: e.message });
        // Wrong credentials or a missing bucket will not improve on another node.
        if (e instanceof AuthError || e instanceof BucketNotFoundError || e instanceof NotSupportedError) {
          this.#fail(e);
          return;
        }
      }
    }
    if (this.#closed || this.#bootstrapped) return;
    const last = failures[failures.length - 1];
    const hosts = this.#opts.spec.hosts.map((h) => `${h.host}:${h.port}`).join(', ');
    this.#fail(
      new ConnectError(`Could not bootstrap bucket '${this.bucketName}' from any of ${hosts}: ${last?.message ?? 'no hosts'}`, {
        cause: last,
        context: { bucket: this.bucketName, hosts, errors: failures.map((f) => f.message) },
      }),
    );
  }

  #adoptBootstrap(link: NodeLink, config: ClusterConfig): void {
    this.#bootstrapped = true;
    this.#opts.iops.updateTimer(this.#bootstrapTimer!, EVACTION_CLEANUP, 0);
    this.#bootstrapTimer = undefined;
    this.#config = config;
    this.snapshot = new RouteSnapshot(config, this.#opts.tls !== false);
    // Keep the bootstrap connection if it is one of the config's KV nodes.
    if (this.snapshot.servers.some((s) => s.id === link.id)) {
      link.onDown = (l, err) => this.#linkDown(l, err);
      this.#links.set(link.id, link);
    } else {
      link.retired = true;
      link.close();
    }
    this.#opts.logger.info?.('bootstrapped', { bucket: this.bucketName, via: link.id, rev: config.rev, revEpoch: config.revEpoch, nodes: this.snapshot.servers.length, replicas: config.numReplicas });
    this.#reconcile();
    this.#startPolling();
    this.#events.onBootstrapped();
    this.#events.onRoutesChanged();
  }

  #bootstrapTimedOut(): void {
    if (this.#bootstrapped || this.#closed) return;
    const err = new TimeoutError(`Bootstrap of bucket '${this.bucketName}' timed out after ${this.#opts.bootstrapTimeout} ms`, {
      context: { bucket: this.bucketName, timeout: this.#opts.bootstrapTimeout, node: this.#bootstrapLink?.id },
    });
    this.#bootstrapLink?.close(err);
    this.#fail(err);
  }

  #fail(error: CouchbaseError): void {
    if (this.#bootstrapTimer !== undefined) {
      this.#opts.iops.updateTimer(this.#bootstrapTimer, EVACTION_CLEANUP, 0);
      this.#bootstrapTimer = undefined;
    }
    this.#bootstrapped = false;
    this.#closed = true;
    this.#events.onBootstrapFailed(error);
  }

  // --- topology ----------------------------------------------------------------------

  #apply(config: ClusterConfig): boolean {
    if (this.#closed || config.nodeLocator !== 'vbucket' || !isNewerConfig(config, this.#config)) return false;
    this.#config = config;
    this.snapshot = new RouteSnapshot(config, this.#opts.tls !== false);
    this.#opts.logger.info?.('applied a new cluster config', { rev: config.rev, revEpoch: config.revEpoch });
    this.#reconcile();
    this.#events.onRoutesChanged();
    return true;
  }

  /** Opens links to new nodes and retires links to nodes that left the config. */
  #reconcile(): void {
    const wanted = new Map(this.snapshot!.servers.map((s) => [s.id, s]));
    for (const [id, link] of this.#links) {
      if (!wanted.has(id)) {
        this.#links.delete(id);
        link.retired = true;
        this.#cancelReconnect(link);
        link.close();
      }
    }
    for (const [id, server] of wanted) {
      if (this.#links.has(id)) continue;
      const link = new NodeLink(this.#opts, server.host, server.port);
      link.onDown = (l, err) => this.#linkDown(l, err);
      this.#links.set(id, link);
      this.#connectLink(link);
    }
  }

  #connectLink(link: NodeLink): void {
    link.connect(false).then(
      () => {
        if (this.#closed || link.retired) {
          link.close();
          return;
        }
        this.#events.onEndpointReady(link.id);
      },
      (err: CouchbaseError) => {
        this.#opts.logger.warn?.('node connection failed', { node: link.id, error: err.message });
      },
    );
  }

  #linkDown(link: NodeLink, error: CouchbaseError | undefined): void {
    if (this.#closed || link.retired || this.#links.get(link.id) !== link) return;
    this.#opts.logger.warn?.('node connection lost', { node: link.id, error: error?.message });
    if (this.#reconnectTimers.has(link)) return;
    link.attempts++;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 25 * 2 ** Math.min(link.attempts, 5));
    const t = timer(this.#opts.iops, () => {
      this.#reconnectTimers.delete(link);
      this.#opts.iops.updateTimer(t, EVACTION_CLEANUP, 0);
      if (!this.#closed && !link.retired && !link.active) this.#connectLink(link);
    });
    this.#reconnectTimers.set(link, t);
    this.#opts.iops.updateTimer(t, EVACTION_WATCH, delay * 1000);
  }

  #cancelReconnect(link: NodeLink): void {
    const t = this.#reconnectTimers.get(link);
    if (t !== undefined) {
      this.#opts.iops.updateTimer(t, EVACTION_CLEANUP, 0);
      this.#reconnectTimers.delete(link);
    }
  }

  // --- config polling ----------------------------------------------------------------

  #startPolling(): void {
    if (this.#opts.configPollInterval <= 0) return;
    this.#pollTimer = timer(this.#opts.iops, () => this.#poll());
    this.#opts.iops.updateTimer(this.#pollTimer, EVACTION_WATCH, this.#opts.configPollInterval * 1000);
  }

  #poll(): void {
    if (this.#closed || this.#pollTimer === undefined) return;
    this.#opts.iops.updateTimer(this.#pollTimer, EVACTION_WATCH, this.#opts.configPollInterval * 1000);
    // One poll at a time: a node that never answers must not accumulate requests.
    if (this.#pollInFlight) return;
    const links = [...this.#links.values()];
    for (let i = 0; i < links.length; i++) {
      const link = links[(this.#pollCursor + i) % links.length]!;
      const conn = link.readyConnection;
      if (conn === undefined) continue;
      this.#pollCursor = (this.#pollCursor + i + 1) % links.length;
      this.#pollInFlight = true;
      conn.request({ opcode: OPCODES.GET_CLUSTER_CONFIG }).then(
        (p) => {
          this.#pollInFlight = false;
          if (p.status === STATUS.SUCCESS && p.valueLength > 0) this.applyConfigBody(p.value, conn.host);
        },
        () => {
          this.#pollInFlight = false;
        },
      );
      return;
    }
  }

  /** Stops polling (used when closing). */
  stopPolling(): void {
    if (this.#pollTimer !== undefined) this.#opts.iops.updateTimer(this.#pollTimer, EVACTION_UNWATCH, 0);
  }
}
