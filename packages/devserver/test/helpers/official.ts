/**
 * The official couchbase@4 SDK connected to a dev cluster for one test file: starts the
 * cluster and connects in `beforeAll`, closes both in `afterAll`. The official-* tests
 * are our independent check that the dev cluster speaks the real protocols.
 */
import * as couchbase from 'couchbase';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '@couchts/devserver';

/** What a test file uses (valid inside its tests). */
export interface OfficialEnv {
  readonly dev: DevCluster;
  readonly cluster: couchbase.Cluster;
  /** The default collection of bucket `default`. */
  readonly coll: couchbase.Collection;
}

/** Registers the hooks; the returned object is filled in before the first test. */
export function useOfficialSdk(devOptions: DevClusterOptions = {}, timeouts: couchbase.TimeoutConfig = {}): OfficialEnv {
  const env = {} as { dev: DevCluster; cluster: couchbase.Cluster; coll: couchbase.Collection };
  beforeAll(async () => {
    env.dev = await startDevCluster(devOptions);
    env.cluster = await couchbase.connect(env.dev.connectionString, {
      username: env.dev.username,
      password: env.dev.password,
      timeouts: { kvTimeout: 5000, connectTimeout: 10_000, bootstrapTimeout: 15_000, ...timeouts },
    });
    env.coll = env.cluster.bucket('default').defaultCollection();
  }, 60_000);
  afterAll(async () => {
    await env.cluster?.close();
    await env.dev?.stop();
  });
  return env;
}
