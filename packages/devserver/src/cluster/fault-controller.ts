/**
 * Topology faults of the dev cluster: failover, stopping and starting nodes, rebalance
 * in and out, plus the per-request faults (latency, injected statuses) and the
 * durability delays. Every topology change bumps the config revision, so clients that
 * poll GET_CLUSTER_CONFIG or read NOT_MY_VBUCKET bodies see it.
 */
import { ArgumentError, STATUS } from '@couchts/core/internal';
import type { BucketStore } from '../store/bucket-store';
import type { FaultPlan, StatusInjection } from './fault-plan';
import { unassignedPorts, type ClusterModel, type DevNode } from './model';
import type { NodeRuntime } from './node-runtime';

/** What `rebalance` takes: nodes to add (a count of new nodes) and nodes to remove. */
export interface RebalanceSpec {
  /** Number of new nodes to add. */
  add?: number;
  /** Indexes of member nodes to remove. */
  remove?: number[];
}

/** Statuses a fault may inject (API.md: TMPFAIL, EBUSY, NOT_MY_VBUCKET, ENOMEM, …). */
const INJECTABLE: ReadonlySet<number> = new Set([
  STATUS.NOT_MY_VBUCKET,
  STATUS.ETMPFAIL,
  STATUS.EBUSY,
  STATUS.ENOMEM,
  STATUS.KEY_ENOENT,
  STATUS.KEY_EEXISTS,
  STATUS.LOCKED,
  STATUS.EINTERNAL,
  STATUS.NOT_SUPPORTED,
  STATUS.EACCESS,
]);

/** Creates and starts the runtime of a node added by a rebalance. */
export type RuntimeFactory = (node: DevNode) => Promise<NodeRuntime>;

/** Applies faults to a running cluster. */
export class FaultController {
  /** Faults applied so far, by kind (for the admin API and the soak report). */
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly model: ClusterModel,
    private readonly runtimes: NodeRuntime[],
    private readonly faults: FaultPlan,
    private readonly addRuntime: RuntimeFactory,
  ) {}

  /** Fails a member node over: its replicas elsewhere become active, new config revision. */
  failover(node: number): void {
    const n = this.#member(node, 'failover');
    if (this.model.nodes.filter((m) => m.member).length < 2) throw new ArgumentError('failover: the last node of a cluster cannot be failed over');
    n.member = false;
    for (const bucket of this.model.buckets.values()) bucket.failover(node);
    this.#bump('failover');
  }

  /** Closes all of a node's listeners and connections (the config does not change). */
  async stopNode(node: number): Promise<void> {
    const r = this.#runtime(node);
    await r.stop();
    this.#count('stopNode');
  }

  /** Listens again on the same ports. */
  async startNode(node: number): Promise<void> {
    const r = this.#runtime(node);
    if (r.node.running) return;
    await r.start({ ...r.node.ports });
    this.#count('startNode');
  }

  /**
   * Adds `add` new nodes and removes `remove`, then moves vBuckets to the standard map
   * over the new member set; nodes that lost a vBucket answer NOT_MY_VBUCKET for it.
   */
  async rebalance(spec: RebalanceSpec): Promise<void> {
    const add = spec.add ?? 0;
    const remove = spec.remove ?? [];
    if (!Number.isInteger(add) || add < 0 || add > 16) throw new ArgumentError('rebalance: add must be an integer between 0 and 16');
    if (!Array.isArray(remove)) throw new ArgumentError('rebalance: remove must be an array of node indexes');
    for (const i of remove) this.#member(i, 'rebalance');
    const remaining = this.model.nodes.filter((n) => n.member && !remove.includes(n.index)).length + add;
    if (remaining < 1) throw new ArgumentError('rebalance: at least one node must remain');
    for (let i = 0; i < add; i++) {
      const node: DevNode = { index: this.model.nodes.length, ports: unassignedPorts(), member: false, running: false };
      this.model.nodes.push(node);
      this.runtimes.push(await this.addRuntime(node));
      node.member = true;
    }
    for (const i of remove) this.model.nodes[i]!.member = false;
    const members = this.model.nodes.filter((n) => n.member).map((n) => n.index);
    for (const bucket of this.model.buckets.values()) bucket.rebalance(members, this.model.nodes.length);
    this.#bump('rebalance');
  }

  /** Delays every KV response of a node by `ms` (0 removes the delay). */
  setLatency(node: number, ms: number): void {
    this.#runtime(node);
    if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new ArgumentError('setLatency: ms must be an integer between 0 and 600000');
    this.faults.setLatency(node, ms);
    this.#count('setLatency');
  }

  /** Answers the next `count` matching KV requests with `status` instead of executing them. */
  injectStatus(spec: StatusInjection): void {
    if (typeof spec !== 'object' || spec === null) throw new ArgumentError('injectStatus: expected { opcode?, status, count, node? }');
    if (!INJECTABLE.has(spec.status)) {
      throw new ArgumentError(`injectStatus: status 0x${Number(spec.status).toString(16)} cannot be injected (use one of ${[...INJECTABLE].map((s) => `0x${s.toString(16)}`).join(', ')})`);
    }
    if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > 1_000_000) throw new ArgumentError('injectStatus: count must be a positive integer');
    if (spec.opcode !== undefined && (!Number.isInteger(spec.opcode) || spec.opcode < 0 || spec.opcode > 0xff)) throw new ArgumentError('injectStatus: opcode must be a byte');
    if (spec.node !== undefined) this.#runtime(spec.node);
    this.faults.inject({ ...spec });
    this.#count('injectStatus');
  }

  /** Removes latencies and pending injected statuses (topology faults stay as they are). */
  clearFaults(): void {
    this.faults.clear();
    this.#count('clearFaults');
  }

  /** Delay before mutations reach replicas, for every bucket (holds replication back when large). */
  setReplicationDelay(ms: number): void {
    this.#delay(ms, 'setReplicationDelay', (b) => (b.replicationDelayMs = ms));
  }

  /** Delay before mutations count as persisted, for every bucket. */
  setPersistDelay(ms: number): void {
    this.#delay(ms, 'setPersistDelay', (b) => (b.persistDelayMs = ms));
  }

  #delay(ms: number, name: string, apply: (b: BucketStore) => void): void {
    if (!Number.isInteger(ms) || ms < 0 || ms > 86_400_000) throw new ArgumentError(`${name}: ms must be an integer between 0 and 86400000`);
    for (const b of this.model.buckets.values()) apply(b);
  }

  #bump(kind: string): void {
    this.model.rev++;
    this.#count(kind);
  }

  #count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  #runtime(node: number): NodeRuntime {
    const r = Number.isInteger(node) ? this.runtimes[node] : undefined;
    if (r === undefined) throw new ArgumentError(`No node ${String(node)} (the cluster has ${this.runtimes.length})`);
    return r;
  }

  #member(node: number, op: string): DevNode {
    const n = this.#runtime(node).node;
    if (!n.member) throw new ArgumentError(`${op}: node ${node} is not a member of the cluster`);
    return n;
  }
}
