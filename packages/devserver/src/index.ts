/**
 * @couchts/devserver — an embedded Couchbase-compatible dev cluster (KV, config,
 * SASL, …) running in-process on loopback ports. For tests, examples and local
 * development; never a production database.
 * @packageDocumentation
 */
export { startDevCluster, type DevCluster, type DevNodeInfo } from './dev-cluster';
export type { DevClusterOptions, DevBucketSpec } from './options';
export type { RebalanceSpec } from './cluster/fault-controller';
export type { StatusInjection } from './cluster/fault-plan';
export type { UserSpec, UserRole } from './auth/user-store';
