/**
 * An immutable routing snapshot built from one cluster config (gocbcore kvmuxstate
 * style): operations read the current snapshot, a newer config swaps in a new one, and
 * nothing is ever mutated in place, so a routing decision can never see half a config.
 */
import type { ClusterConfig } from '../routing/cluster-config';
import { vbucketOf } from '../routing/crc32';

/** A KV endpoint of the snapshot. */
export interface KvEndpoint {
  /** `host:port` (IPv6 hosts in brackets): the identity of a node connection. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/** Routing data of one config revision. */
export class RouteSnapshot {
  readonly rev: number;
  readonly revEpoch: number;
  readonly numVbuckets: number;
  readonly numReplicas: number;
  /** KV endpoints in vbucket-map index order. */
  readonly servers: readonly KvEndpoint[];
  readonly config: ClusterConfig;
  /** Flattened map: row `vb` at `vb * stride`, entry 0 active, then replicas; -1 = none. */
  readonly #map: Int16Array;
  readonly #stride: number;

  /** Builds a snapshot; `tls` selects the TLS KV ports. */
  constructor(config: ClusterConfig, tls: boolean) {
    this.config = config;
    this.rev = config.rev;
    this.revEpoch = config.revEpoch;
    this.numReplicas = config.numReplicas;
    this.servers = config.kvServers.map((s) => {
      const port = tls ? (s.tlsPort ?? s.port) : s.port;
      const host = s.hostname;
      return { id: `${host.includes(':') ? `[${host}]` : host}:${port}`, host, port };
    });
    const rows = config.vbucketMap ?? [];
    this.numVbuckets = rows.length;
    this.#stride = this.numReplicas + 1;
    this.#map = new Int16Array(this.numVbuckets * this.#stride).fill(-1);
    rows.forEach((row, vb) => {
      for (let i = 0; i < this.#stride && i < row.length; i++) this.#map[vb * this.#stride + i] = row[i]!;
    });
  }

  /** True when the snapshot can route keys (a bucket config with a vbucket map). */
  get routable(): boolean {
    return this.numVbuckets > 0;
  }

  /** The vbucket of a key. */
  vbucketOf(key: string): number {
    return vbucketOf(key, this.numVbuckets);
  }

  /** Server index holding `vb` as active (index 0) or as replica `n` (index n, 1-based); -1 when none. */
  serverFor(vb: number, index = 0): number {
    if (index < 0 || index >= this.#stride) return -1;
    return this.#map[vb * this.#stride + index]!;
  }

  /** Endpoint ids of every KV server. */
  endpointIds(): string[] {
    return this.servers.map((s) => s.id);
  }
}
