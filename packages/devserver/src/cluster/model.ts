/**
 * The dev cluster's shared state, as the services see it: nodes and their ports, the
 * buckets, the users, the clock and the config revision. The wire listeners and the
 * config generator read it; topology changes (faults) write it and bump `rev`.
 */
import type { UserStore } from '../auth/user-store';
import type { BucketStore } from '../store/bucket-store';
import type { ClusterClock } from '../store/clock';
import type { DevCertificates } from '../auth/certificates';

/** The ports a node listens on (0 until it listens). */
export interface NodePorts {
  kv: number;
  mgmt: number;
  capi: number;
  n1ql: number;
  /** TLS ports (0 when the cluster serves no TLS). */
  kvSSL: number;
  mgmtSSL: number;
  capiSSL: number;
  n1qlSSL: number;
}

/** Ports of a node before it listens (0 = any free port). */
export function unassignedPorts(): NodePorts {
  return { kv: 0, mgmt: 0, capi: 0, n1ql: 0, kvSSL: 0, mgmtSSL: 0, capiSSL: 0, n1qlSSL: 0 };
}

/** One node of the dev cluster. Its index never changes. */
export interface DevNode {
  readonly index: number;
  readonly ports: NodePorts;
  /** Part of the cluster (not removed by a rebalance). */
  member: boolean;
  /** Listening (not stopped by stopNode). */
  running: boolean;
}

/** Everything the services share. */
export interface ClusterModel {
  readonly host: string;
  readonly nodes: DevNode[];
  readonly buckets: Map<string, BucketStore>;
  readonly users: UserStore;
  readonly clock: ClusterClock;
  readonly uuid: string;
  /** TLS material when the cluster also serves TLS ports. */
  readonly tls: DevCertificates | undefined;
  /** Config revision: bumped on every topology change. */
  rev: number;
  revEpoch: number;
}

/** Node indexes that are cluster members, in index order (= serverList order of configs). */
export function memberNodes(model: ClusterModel): DevNode[] {
  return model.nodes.filter((n) => n.member);
}

/** `host:port`, with an IPv6 host in brackets (connection strings and serverList need them). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
