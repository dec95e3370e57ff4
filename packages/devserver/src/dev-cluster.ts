/**
 * startDevCluster: an in-process Couchbase-compatible cluster on loopback ports, for
 * tests, examples and local development. Never a production database.
 */
import { randomBytes } from 'node:crypto';
import type { VirtualIOPS } from '@couchts/core/internal';
import { ArgumentError, opcodeName } from '@couchts/core/internal';
import { makeDevCertificates } from './auth/certificates';
import { UserStore } from './auth/user-store';
import { FaultController, type RebalanceSpec } from './cluster/fault-controller';
import { FaultPlan, type StatusInjection } from './cluster/fault-plan';
import { hostPort, unassignedPorts, type ClusterModel, type DevNode } from './cluster/model';
import { NodeRuntime, type NodeServices } from './cluster/node-runtime';
import { startAdminServer, type AdminControls, type AdminServer } from './http/admin-service';
import { resolveDevClusterOptions, type DevClusterOptions, type ResolvedDevClusterOptions } from './options';
import { BucketStore } from './store/bucket-store';
import { ClusterClock } from './store/clock';
import { loadDocuments } from './cluster/load-samples';
import { BasicAuth } from './http/http-util';
import { QueryEngine } from './n1ql/engine';
import { ClusterDatastore } from './query/keyspace-adapter';
import { QueryService } from './query/query-service';
import { ViewsService } from './views/index';
import { isSampleName, SAMPLE_BUCKETS, sampleNames } from './samples/index';

/** Ports of one node. */
export interface DevNodeInfo {
  readonly index: number;
  readonly kvPort: number;
  readonly mgmtPort: number;
  readonly capiPort: number;
  readonly n1qlPort: number;
  /** TLS ports (undefined without `tls`). */
  readonly kvTlsPort: number | undefined;
  readonly mgmtTlsPort: number | undefined;
  readonly capiTlsPort: number | undefined;
  readonly n1qlTlsPort: number | undefined;
}

/** A running dev cluster. */
export interface DevCluster {
  /**
   * `couchbase://127.0.0.1:<kv0>,127.0.0.1:<kv1>,…` — no bucket path, no options; with
   * `tls`, `couchbases://` and the TLS KV ports.
   */
  readonly connectionString: string;
  /** Credentials of the first configured user. */
  readonly username: string;
  readonly password: string;
  /** PEM CA certificate, when serving TLS. */
  readonly caCertificate: string | undefined;
  /** Management REST base URL of the first node. */
  readonly managementUrl: string;
  /** Base URL of the fault-injection HTTP API. */
  readonly adminUrl: string;
  /** Nodes and their ports (indexes are 0-based and never change). */
  readonly nodes: readonly DevNodeInfo[];
  /** Moves the cluster clock forward (expiry, locks); a RangeError past 2100-01-01, where expiries and CAS values no longer fit the protocol. */
  timeTravel(ms: number): void;
  /** Closes the KV connections of one node, or of every node. */
  dropConnections(node?: number): void;
  /** Fails a node over: replicas of its vBuckets become active elsewhere; new config revision. */
  failover(node: number): void;
  /** Closes all of a node's listeners and connections (its ports stay reserved for startNode). */
  stopNode(node: number): Promise<void>;
  /** Reopens a stopped node's listeners on the same ports. */
  startNode(node: number): Promise<void>;
  /** Adds `add` new nodes and removes the `remove` nodes, moving vBuckets; new config revision. */
  rebalance(spec: RebalanceSpec): Promise<void>;
  /** Delays every KV response of a node by `ms` (0 removes the delay). */
  setLatency(node: number, ms: number): void;
  /** Answers the next `count` matching KV requests with `status` (TMPFAIL, EBUSY, NOT_MY_VBUCKET, ENOMEM…). */
  injectStatus(spec: StatusInjection): void;
  /** Delay before mutations reach replicas (ms, every bucket); a large value holds replication back. */
  setReplicationDelay(ms: number): void;
  /** Delay before mutations count as persisted (ms, every bucket). */
  setPersistDelay(ms: number): void;
  /** Removes every latency and pending injected status. */
  clearFaults(): void;
  /** KV requests a node has received so far, by opcode name (`SET`, `GET`, …). */
  requestCounts(node: number): Record<string, number>;
  /** Forgets every prepared statement, as a restarted query service would. */
  clearPreparedStatements(): void;
  /** Also serves the cluster to clients of a deterministic VirtualIOPS (tests). */
  attachVirtual(iops: VirtualIOPS): void;
  /** Stops every listener and connection. */
  stop(): Promise<void>;
  /** `await using cluster = await startDevCluster()` stops it. */
  [Symbol.asyncDispose](): Promise<void>;
}

const asyncDispose: typeof Symbol.asyncDispose = (Symbol as { asyncDispose?: symbol }).asyncDispose as typeof Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

class RunningCluster implements DevCluster {
  readonly username: string;
  readonly password: string;
  #stopped = false;

  constructor(
    readonly model: ClusterModel,
    readonly runtimes: NodeRuntime[],
    options: ResolvedDevClusterOptions,
    readonly adminServer: AdminServer,
    readonly query: { engine: QueryEngine; service: QueryService },
    readonly views: ViewsService,
    readonly faults: FaultController,
    readonly plan: FaultPlan,
    readonly virtual: VirtualIOPS[],
  ) {
    this.username = options.users[0]!.username;
    this.password = options.users[0]!.password;
  }

  get connectionString(): string {
    const tls = this.model.tls !== undefined;
    const hosts = this.model.nodes.filter((n) => n.member).map((n) => hostPort(this.model.host, tls ? n.ports.kvSSL : n.ports.kv));
    return `${tls ? 'couchbases' : 'couchbase'}://${hosts.join(',')}`;
  }

  get caCertificate(): string | undefined {
    return this.model.tls?.caPem;
  }

  get adminUrl(): string {
    return this.adminServer.url;
  }

  get managementUrl(): string {
    return `http://${hostPort(this.model.host, this.model.nodes[0]!.ports.mgmt)}`;
  }

  get nodes(): DevNodeInfo[] {
    const tls = this.model.tls !== undefined;
    return this.model.nodes.map((n) => ({
      index: n.index,
      kvPort: n.ports.kv,
      mgmtPort: n.ports.mgmt,
      capiPort: n.ports.capi,
      n1qlPort: n.ports.n1ql,
      kvTlsPort: tls ? n.ports.kvSSL : undefined,
      mgmtTlsPort: tls ? n.ports.mgmtSSL : undefined,
      capiTlsPort: tls ? n.ports.capiSSL : undefined,
      n1qlTlsPort: tls ? n.ports.n1qlSSL : undefined,
    }));
  }

  timeTravel(ms: number): void {
    this.model.clock.travel(ms);
  }

  dropConnections(node?: number): void {
    if (node === undefined) for (const r of this.runtimes) r.dropConnections();
    else this.#runtime(node).dropConnections();
    this.faults.counts.dropConnections = (this.faults.counts.dropConnections ?? 0) + 1;
  }

  clearPreparedStatements(): void {
    this.query.engine.clearPrepared();
  }

  failover(node: number): void {
    this.faults.failover(node);
  }

  stopNode(node: number): Promise<void> {
    return this.faults.stopNode(node);
  }

  startNode(node: number): Promise<void> {
    return this.faults.startNode(node);
  }

  rebalance(spec: RebalanceSpec): Promise<void> {
    return this.faults.rebalance(spec ?? {});
  }

  setLatency(node: number, ms: number): void {
    this.faults.setLatency(node, ms);
  }

  injectStatus(spec: StatusInjection): void {
    this.faults.injectStatus(spec);
  }

  setReplicationDelay(ms: number): void {
    this.faults.setReplicationDelay(ms);
  }

  clearFaults(): void {
    this.faults.clearFaults();
  }

  setPersistDelay(ms: number): void {
    this.faults.setPersistDelay(ms);
  }

  attachVirtual(iops: VirtualIOPS): void {
    // Nodes a later rebalance adds serve it too.
    this.virtual.push(iops);
    for (const r of this.runtimes) r.attachVirtual(iops);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.views.close();
    await Promise.all([...this.runtimes.map((r) => r.stop()), this.adminServer.close()]);
  }

  [asyncDispose](): Promise<void> {
    return this.stop();
  }

  toJSON(): Record<string, unknown> {
    return { connectionString: this.connectionString, managementUrl: this.managementUrl, adminUrl: this.adminUrl, username: this.username };
  }

  /** KV requests a node received, by opcode name (injected faults included). */
  requestCounts(node: number): Record<string, number> {
    const counts: Record<string, number> = {};
    this.#runtime(node).requests.forEach((n, opcode) => {
      if (n > 0) counts[opcodeName(opcode)] = n;
    });
    return counts;
  }

  /** What the admin API's GET returns: nodes, ports, buckets, config revision (no secrets). */
  describe(): Record<string, unknown> {
    return {
      connectionString: this.connectionString,
      rev: this.model.rev,
      nodes: this.model.nodes.map((n) => ({ index: n.index, member: n.member, running: n.running, ports: { ...n.ports }, requests: this.requestCounts(n.index) })),
      buckets: [...this.model.buckets.values()].map((b) => ({ name: b.name, replicas: b.numReplicas, vbuckets: b.numVbuckets, items: b.itemCount() })),
      queries: { ...this.query.service.stats },
      views: this.views.stats(),
      faults: { ...this.faults.counts, statusesInjected: this.plan.injected, injectionsPending: this.plan.pending },
    };
  }

  #runtime(node: number): NodeRuntime {
    const r = this.runtimes[node];
    if (r === undefined) throw new ArgumentError(`No node ${node} (the cluster has ${this.runtimes.length})`);
    return r;
  }
}

/** Starts a dev cluster; resolves once every node listens. */
export async function startDevCluster(options?: DevClusterOptions): Promise<DevCluster> {
  const o = resolveDevClusterOptions(options);
  for (const name of o.sampleBuckets) {
    if (!isSampleName(name)) throw new ArgumentError(`startDevCluster: unknown sample bucket '${name}' (known: ${sampleNames().join(', ')})`);
    if (o.buckets.some((b) => b.name === name)) throw new ArgumentError(`startDevCluster: bucket '${name}' is both a bucket and a sample`);
  }
  const clock = new ClusterClock();
  const users = await UserStore.create(o.users, { iterations: o.scramIterations });
  const nodes: DevNode[] = Array.from({ length: o.nodes }, (_, index) => ({
    index,
    ports: unassignedPorts(),
    member: true,
    running: false,
  }));
  const nodeIndexes = nodes.map((n) => n.index);
  const model: ClusterModel = {
    host: o.host,
    nodes,
    buckets: new Map(),
    users,
    clock,
    uuid: randomBytes(16).toString('hex'),
    rev: 1,
    revEpoch: 1,
    tls: o.tls ? makeDevCertificates(o.host) : undefined,
  };
  const delays = { replicationDelayMs: o.replicationDelay, persistDelayMs: o.persistDelay };
  // Views follow every bucket's mutations from the start (indexes are incremental).
  const views = new ViewsService({ clock, auth: new BasicAuth(users), canAccessBucket: (user, bucket) => users.canAccessBucket(user, bucket) });
  for (const b of o.buckets) {
    const bucket = new BucketStore({ name: b.name, replicas: b.replicas, numVbuckets: o.vbuckets }, o.nodes, nodeIndexes, clock, delays);
    model.buckets.set(b.name, bucket);
    views.attachBucket(bucket);
  }
  const engine = new QueryEngine(new ClusterDatastore(model.buckets, clock));
  for (const name of o.sampleBuckets) {
    const spec = SAMPLE_BUCKETS[name as keyof typeof SAMPLE_BUCKETS];
    const bucket = new BucketStore({ name, replicas: o.replicas, numVbuckets: o.vbuckets }, o.nodes, nodeIndexes, clock, delays);
    model.buckets.set(name, bucket);
    views.attachBucket(bucket);
    loadDocuments(bucket, clock, spec.generate());
    for (const [ddoc, source] of Object.entries(spec.designDocs)) views.putDesignDoc(name, ddoc, source);
    // Sample buckets come with their indexes, as on a real server.
    if (spec.primaryIndex) engine.createPrimaryIndex(name);
    for (const index of spec.secondaryIndexes) {
      const keys = index.keys.map((k) => `\`${k}\``).join(', ');
      for (const _ of engine.execute({ statement: `CREATE INDEX \`${index.name}\` ON \`${name}\`(${keys})` }).rows) void _;
    }
  }
  const queryService = new QueryService(engine, new BasicAuth(users), (user, bucket, permission) => users.hasPermission(user, bucket, permission));
  let cluster: RunningCluster | undefined;
  const admin: AdminControls = {
    describe: () => cluster!.describe(),
    timeTravel: (ms) => cluster!.timeTravel(ms),
    dropConnections: (node) => cluster!.dropConnections(node),
    clearPreparedStatements: () => cluster!.clearPreparedStatements(),
    failover: (node) => cluster!.failover(node),
    stopNode: (node) => cluster!.stopNode(node),
    startNode: (node) => cluster!.startNode(node),
    rebalance: (spec) => cluster!.rebalance(spec),
    setLatency: (node, ms) => cluster!.setLatency(node, ms),
    injectStatus: (spec) => cluster!.injectStatus(spec),
    setReplicationDelay: (ms) => cluster!.setReplicationDelay(ms),
    setPersistDelay: (ms) => cluster!.setPersistDelay(ms),
    clearFaults: () => cluster!.clearFaults(),
  };
  const services: NodeServices = {
    admin,
    n1ql: (node, req, res) => queryService.handle(node, req, res),
    capi: (node, req, res) => views.handleCapi(node, req, res),
    ddocs: (user, bucket, res) => views.handleDdocList(user, bucket, res),
  };
  const plan = new FaultPlan();
  const startRuntime = async (node: DevNode): Promise<NodeRuntime> => {
    const r = new NodeRuntime(model, node, services, plan);
    // Node i: base+10i (KV), +1 (management), +2 (views), +3 (query), +4…+7 their TLS twins.
    const base = o.port === 0 ? 0 : o.port + 10 * node.index;
    const at = (offset: number): number => (base === 0 ? 0 : base + offset);
    try {
      await r.start({ kv: at(0), mgmt: at(1), capi: at(2), n1ql: at(3), kvSSL: at(4), mgmtSSL: at(5), capiSSL: at(6), n1qlSSL: at(7) });
    } catch (err) {
      await r.stop();
      throw err;
    }
    return r;
  };
  const runtimes: NodeRuntime[] = [];
  try {
    for (const n of nodes) runtimes.push(await startRuntime(n));
  } catch (err) {
    await Promise.all(runtimes.map((r) => r.stop()));
    throw err;
  }
  const virtual: VirtualIOPS[] = [];
  const faults = new FaultController(model, runtimes, plan, async (node) => {
    const r = await startRuntime(node);
    for (const iops of virtual) r.attachVirtual(iops);
    return r;
  });
  let adminServer: AdminServer;
  try {
    // Beside node 0's ports when a base port was given (base+9 is used by no node).
    adminServer = await startAdminServer(o.host, o.port === 0 ? 0 : o.port + 9, new BasicAuth(users), admin);
  } catch (err) {
    await Promise.all(runtimes.map((r) => r.stop()));
    throw err;
  }
  cluster = new RunningCluster(model, runtimes, o, adminServer, { engine, service: queryService }, views, faults, plan, virtual);
  return cluster;
}
