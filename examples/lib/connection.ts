/**
 * Where the examples connect: a real cluster when COUCHBASE_CONNSTR is set (with
 * COUCHBASE_USERNAME / COUCHBASE_PASSWORD, default Administrator / password), otherwise
 * an embedded dev cluster started for the example and stopped afterwards.
 */
import { startDevCluster } from '@couchts/devserver';

/** Connection details for one example. */
export interface Connection {
  /** Connection string of the bucket (`couchbase://…/bucket`). */
  readonly connstr: string;
  readonly username: string;
  readonly password: string;
  /** True when an embedded dev cluster was started. */
  readonly embedded: boolean;
  /** Stops the embedded dev cluster (no-op for a real cluster). */
  close(): Promise<void>;
}

/** What the embedded dev cluster should hold. */
export interface ConnectionOptions {
  /** Sample buckets to load (a real cluster is assumed to have them). */
  samples?: ('travel-sample' | 'beer-sample')[];
}

/** Connection details for `bucket`, starting an embedded dev cluster if no real one is configured. */
export async function connection(bucket = 'default', options: ConnectionOptions = {}): Promise<Connection> {
  const real = process.env.COUCHBASE_CONNSTR;
  if (real !== undefined && real !== '') {
    // Keep scheme, hosts and options; put the example's bucket in the path.
    const m = /^([a-z]+:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(real);
    if (m === null) throw new Error(`COUCHBASE_CONNSTR is not a connection string: ${real}`);
    return {
      connstr: `${m[1]}/${bucket}${m[2] ?? ''}`,
      username: process.env.COUCHBASE_USERNAME ?? 'Administrator',
      password: process.env.COUCHBASE_PASSWORD ?? 'password',
      embedded: false,
      close: async () => undefined,
    };
  }
  const cluster = await startDevCluster({ sampleBuckets: options.samples ?? [] });
  return {
    connstr: `${cluster.connectionString}/${bucket}`,
    username: cluster.username,
    password: cluster.password,
    embedded: true,
    close: () => cluster.stop(),
  };
}

/** Runs `main` when the file is executed directly (not when imported by run-all). */
export function runIfMain(filename: string, main: () => Promise<void>): void {
  const entry = process.argv[1] ?? '';
  if (entry === filename || entry.replace(/\.ts$/, '') === filename.replace(/\.ts$/, '')) {
    main().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
