/**
 * Options of `startDevCluster` (API.md "Dev cluster"), their defaults and validation.
 */
import { ArgumentError } from '@couchts/core/internal';
import type { UserSpec } from './auth/user-store';

/** A bucket to create. */
export interface DevBucketSpec {
  name: string;
  /** Replicas of this bucket (default: the cluster's `replicas`). */
  replicas?: number;
}

/** Options of {@link startDevCluster}. */
export interface DevClusterOptions {
  /** Number of nodes (default 1). */
  nodes?: number;
  /** Replicas per bucket (default 0). */
  replicas?: number;
  /** vBuckets per bucket (default 1024). */
  vbuckets?: number;
  /** Buckets to create (default `[{ name: 'default' }]`). */
  buckets?: DevBucketSpec[];
  /** Users (default `Administrator` / `password`, full access). */
  users?: UserSpec[];
  /** Sample buckets to load: `travel-sample`, `beer-sample`. */
  sampleBuckets?: string[];
  /** Serve TLS (`couchbases://`). */
  tls?: boolean;
  /** Delay before a mutation reaches replicas, in ms (default 20). */
  replicationDelay?: number;
  /** Delay before a mutation counts as persisted, in ms (default 20). */
  persistDelay?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Base port: node i listens on KV `port + 10·i`, management `+1`, views `+2`, query
   * `+3`. Default 0: every listener gets a free port.
   */
  port?: number;
  /** PBKDF2 iterations of the stored SCRAM credentials (default 4096). */
  scramIterations?: number;
}

/** Options after defaults. */
export interface ResolvedDevClusterOptions {
  nodes: number;
  replicas: number;
  vbuckets: number;
  buckets: Required<DevBucketSpec>[];
  users: UserSpec[];
  sampleBuckets: string[];
  tls: boolean;
  replicationDelay: number;
  persistDelay: number;
  host: string;
  port: number;
  scramIterations: number;
}

const KNOWN = ['nodes', 'replicas', 'vbuckets', 'buckets', 'users', 'sampleBuckets', 'tls', 'replicationDelay', 'persistDelay', 'host', 'port', 'scramIterations'];

function int(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(`startDevCluster: ${name} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}

/** Validates options and applies the defaults of API.md. */
export function resolveDevClusterOptions(options: DevClusterOptions = {}): ResolvedDevClusterOptions {
  for (const k of Object.keys(options)) {
    if (!KNOWN.includes(k)) throw new ArgumentError(`startDevCluster: unknown option '${k}'`);
  }
  const replicas = int(options.replicas, 'replicas', 0, 3, 0);
  const buckets = (options.buckets ?? [{ name: 'default' }]).map((b) => {
    if (typeof b?.name !== 'string' || !/^[A-Za-z0-9._%-]{1,100}$/.test(b.name)) throw new ArgumentError(`startDevCluster: invalid bucket name ${JSON.stringify(b?.name)}`);
    return { name: b.name, replicas: int(b.replicas, `replicas of bucket ${b.name}`, 0, 3, replicas) };
  });
  const users = options.users ?? [{ username: 'Administrator', password: 'password' }];
  if (users.length === 0) throw new ArgumentError('startDevCluster: at least one user is needed');
  return {
    nodes: int(options.nodes, 'nodes', 1, 64, 1),
    replicas,
    vbuckets: int(options.vbuckets, 'vbuckets', 1, 1024, 1024),
    buckets,
    users,
    sampleBuckets: options.sampleBuckets ?? [],
    tls: options.tls ?? false,
    replicationDelay: int(options.replicationDelay, 'replicationDelay', 0, 3_600_000, 20),
    persistDelay: int(options.persistDelay, 'persistDelay', 0, 3_600_000, 20),
    host: options.host ?? '127.0.0.1',
    port: int(options.port, 'port', 0, 65000, 0),
    scramIterations: int(options.scramIterations, 'scramIterations', 1, 1_000_000, 4096),
  };
}
