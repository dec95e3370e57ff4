/**
 * The data of one bucket across the cluster: for every node, the vBucket copies it
 * holds (active or replica), the vBucket map that says who holds what, a CAS source,
 * and per-vBucket replication logs that replica copies catch up from, lazily, once
 * `replicationDelayMs` has passed since each mutation.
 */
import { randomBytes } from 'node:crypto';
import type { ClusterClock } from './clock';
import type { StoredDoc } from './document';
import { VBucketCopy } from './vbucket';

/** What a bucket is made of. */
export interface BucketSpec {
  readonly name: string;
  readonly replicas: number;
  readonly numVbuckets: number;
}

interface LogEntry {
  readonly doc: StoredDoc;
  readonly atMs: number;
}

function randomU64(): bigint {
  return randomBytes(8).readBigUInt64BE(0) & 0x7fffffffffffffffn;
}

/** Builds the standard map: vb's active on `vb % nodes`, replica r on `(vb + r) % nodes`, -1 without enough nodes. */
export function buildVbucketMap(numVbuckets: number, nodes: readonly number[], replicas: number): number[][] {
  const n = nodes.length;
  const map: number[][] = [];
  for (let vb = 0; vb < numVbuckets; vb++) {
    const row: number[] = [];
    for (let r = 0; r <= replicas; r++) row.push(r < n ? nodes[(vb + r) % n]! : -1);
    map.push(row);
  }
  return map;
}

/** One bucket's data and placement. */
export class BucketStore {
  readonly name: string;
  readonly uuid = randomBytes(16).toString('hex');
  readonly numVbuckets: number;
  readonly numReplicas: number;
  /** Current placement: row per vb, `[active, replica1, …]`, node index or -1. */
  vbmap: number[][];
  /** Delay before a mutation reaches replica copies (ms). */
  replicationDelayMs: number;
  /** Delay before a mutation counts as persisted (ms). */
  persistDelayMs: number;
  /** `copies[node][vb]`: the copy a node holds, if any. */
  readonly copies: (VBucketCopy | undefined)[][];
  readonly #vbUuids: bigint[];
  readonly #logs: LogEntry[][];
  readonly #clock: ClusterClock;
  #lastCas = 0n;
  /**
   * Told about every new document version written to an active copy (tombstones of
   * deletes and of lazily processed expiries included): how view indexes follow KV.
   */
  readonly mutationListeners = new Set<(doc: StoredDoc, vb: number) => void>();
  /** Told after the placement of vBuckets changed (failover, rebalance): indexes rebuild. */
  readonly topologyListeners = new Set<() => void>();

  /** Creates a bucket placed on `nodes` (node indexes). */
  constructor(spec: BucketSpec, nodeCount: number, activeNodes: readonly number[], clock: ClusterClock, delays: { replicationDelayMs: number; persistDelayMs: number }) {
    this.name = spec.name;
    this.numVbuckets = spec.numVbuckets;
    this.numReplicas = spec.replicas;
    this.#clock = clock;
    this.replicationDelayMs = delays.replicationDelayMs;
    this.persistDelayMs = delays.persistDelayMs;
    this.vbmap = buildVbucketMap(spec.numVbuckets, activeNodes, spec.replicas);
    this.#vbUuids = Array.from({ length: spec.numVbuckets }, randomU64);
    this.#logs = Array.from({ length: spec.numVbuckets }, () => []);
    this.copies = Array.from({ length: nodeCount }, () => new Array<VBucketCopy | undefined>(spec.numVbuckets));
    this.vbmap.forEach((row, vb) => {
      row.forEach((node, i) => {
        if (node >= 0) this.copies[node]![vb] = new VBucketCopy(vb, i === 0 ? 'active' : 'replica', this.#vbUuids[vb]!);
      });
    });
  }

  /** Node holding vb as active (-1 when none). */
  activeNode(vb: number): number {
    return this.vbmap[vb]?.[0] ?? -1;
  }

  /** The active copy of vb, if `node` holds it. */
  activeOn(vb: number, node: number): VBucketCopy | undefined {
    if (this.activeNode(vb) !== node) return undefined;
    return this.copies[node]?.[vb];
  }

  /** The replica copy of vb on `node` (caught up with replication), if it holds one. */
  replicaOn(vb: number, node: number): VBucketCopy | undefined {
    const row = this.vbmap[vb];
    if (row === undefined || row.indexOf(node) < 1) return undefined;
    const copy = this.copies[node]?.[vb];
    if (copy !== undefined) this.#catchUp(vb, copy);
    return copy;
  }

  /** A fresh CAS: nanosecond-clock style like a real server, strictly increasing. */
  nextCas(): bigint {
    const t = BigInt(this.#clock.nowMs()) * 1_000_000n;
    this.#lastCas = t > this.#lastCas ? t : this.#lastCas + 1n;
    return this.#lastCas;
  }

  /** Next seqno of the active copy of vb. */
  nextSeqno(copy: VBucketCopy): bigint {
    return copy.highSeqno + 1n;
  }

  /** Stores a new document version in the active copy and queues it for the replicas. */
  write(copy: VBucketCopy, doc: StoredDoc): void {
    const now = this.#clock.nowMs();
    copy.apply(doc, now);
    if (this.numReplicas > 0) this.#logs[copy.id]!.push({ doc, atMs: now });
    for (const listener of this.mutationListeners) listener(doc, copy.id);
  }

  /** Every live document of the active copies (for building an index from scratch). */
  *liveDocuments(): Iterable<StoredDoc> {
    const now = this.#clock.nowMs();
    for (let vb = 0; vb < this.numVbuckets; vb++) {
      const node = this.activeNode(vb);
      const copy = node >= 0 ? this.copies[node]?.[vb] : undefined;
      if (copy === undefined) continue;
      for (const d of copy.docs.values()) if (!d.deleted && (d.expiresAtMs === 0 || d.expiresAtMs > now)) yield d;
    }
  }

  /** Applies due log entries to a replica copy and trims what every replica has. */
  #catchUp(vb: number, copy: VBucketCopy): void {
    const log = this.#logs[vb]!;
    if (log.length === 0) return;
    const now = this.#clock.nowMs();
    for (const entry of log) {
      if (entry.doc.seqno <= copy.highSeqno) continue;
      if (entry.atMs + this.replicationDelayMs > now) break;
      copy.apply(entry.doc, entry.atMs + this.replicationDelayMs);
    }
    let min = copy.highSeqno;
    for (const node of this.vbmap[vb]!.slice(1)) {
      const c = node >= 0 ? this.copies[node]?.[vb] : undefined;
      if (c !== undefined && c.highSeqno < min) min = c.highSeqno;
    }
    let drop = 0;
    while (drop < log.length && log[drop]!.doc.seqno <= min) drop++;
    if (drop > 0) log.splice(0, drop);
  }

  /**
   * Fails a node over: for every vBucket it held as active, the first replica on a
   * surviving node becomes active (after catching up with what had replicated by now —
   * mutations still in flight to it are lost, as on a real failover) under a new history
   * UUID; the node leaves every row.
   */
  failover(node: number): number {
    let promoted = 0;
    this.vbmap.forEach((row, vb) => {
      if (!row.includes(node)) return;
      if (row[0] === node) {
        const candidate = row.slice(1).find((n) => n >= 0 && n !== node);
        if (candidate !== undefined) {
          const copy = this.copies[candidate]![vb]!;
          this.#catchUp(vb, copy);
          copy.state = 'active';
          copy.newHistory(randomU64());
          this.#vbUuids[vb] = copy.uuid;
          // What the old replicas had not received is gone with the failed node.
          this.#logs[vb] = [];
          promoted++;
        }
      }
      const rest = row.filter((n) => n !== node);
      while (rest.length < row.length) rest.push(-1);
      this.vbmap[vb] = rest;
      if (row[0] === node && rest[0]! >= 0) {
        // The other replicas follow the new active's history (DCP would roll back
        // whatever they had beyond it): they restart as copies of it.
        const active = this.copies[rest[0]!]![vb]!;
        for (const n of rest.slice(1)) if (n >= 0) this.copies[n]![vb] = active.cloneFor('replica');
      }
      const dead = this.copies[node]?.[vb];
      if (dead !== undefined) dead.state = 'dead';
      this.copies[node]![vb] = undefined;
    });
    for (const l of this.topologyListeners) l();
    return promoted;
  }

  /**
   * Rebalances over `members` (node indexes, in order): the standard map over them; a
   * vBucket that changes hands moves whole to its new nodes (as DCP takeover does), and
   * nodes that no longer hold it drop their copy. `nodeCount` grows the copy table for
   * added nodes.
   */
  rebalance(members: readonly number[], nodeCount: number): number {
    while (this.copies.length < nodeCount) this.copies.push(new Array<VBucketCopy | undefined>(this.numVbuckets));
    const next = buildVbucketMap(this.numVbuckets, members, this.numReplicas);
    let moved = 0;
    next.forEach((row, vb) => {
      const old = this.vbmap[vb]!;
      const source = old[0]! >= 0 ? this.copies[old[0]!]![vb] : undefined;
      if (source !== undefined) this.#catchUpAll(vb);
      if (row.join() === old.join()) return;
      moved++;
      const fresh: (VBucketCopy | undefined)[] = row.map((n, i) => {
        if (n < 0) return undefined;
        const existing = this.copies[n]![vb];
        if (existing !== undefined && (i > 0 || existing === source)) {
          existing.state = i === 0 ? 'active' : 'replica';
          return existing;
        }
        return source?.cloneFor(i === 0 ? 'active' : 'replica');
      });
      for (const n of old) if (n >= 0 && !row.includes(n) && this.copies[n]![vb] !== undefined) {
        this.copies[n]![vb]!.state = 'dead';
        this.copies[n]![vb] = undefined;
      }
      row.forEach((n, i) => {
        if (n >= 0 && fresh[i] !== undefined) this.copies[n]![vb] = fresh[i];
      });
      this.vbmap[vb] = row;
    });
    for (const l of this.topologyListeners) l();
    return moved;
  }

  /** Brings every replica of vb up to date (before it moves). */
  #catchUpAll(vb: number): void {
    for (const n of this.vbmap[vb]!.slice(1)) {
      const c = n >= 0 ? this.copies[n]?.[vb] : undefined;
      if (c !== undefined) this.#catchUp(vb, c);
    }
  }

  /** Number of live documents in the active copies (for stats and tests). */
  itemCount(): number {
    const now = this.#clock.nowMs();
    let n = 0;
    this.vbmap.forEach((row, vb) => {
      const copy = row[0]! >= 0 ? this.copies[row[0]!]?.[vb] : undefined;
      if (copy === undefined) return;
      for (const d of copy.docs.values()) if (!d.deleted && (d.expiresAtMs === 0 || d.expiresAtMs > now)) n++;
    });
    return n;
  }
}
