/**
 * couchts-devserver: starts a dev cluster and serves until SIGINT/SIGTERM. Prints one
 * JSON line on stdout once it listens, so a test in any language can read where to
 * connect:
 *
 *   {"connectionString":"couchbase://127.0.0.1:11210","managementUrl":"http://…","adminUrl":"http://…"}
 */
import { startDevCluster, type DevCluster } from './dev-cluster';
import type { DevClusterOptions } from './options';

const USAGE = `Usage: couchts-devserver [--nodes N] [--replicas R] [--port P] [--tls] [--sample travel-sample,beer-sample]

Starts an embedded Couchbase-compatible dev cluster (bucket "default", user
Administrator / password) and serves until interrupted. For development and tests
only: never a production database.

  --nodes N      number of nodes (default 1)
  --replicas R   replicas per bucket (default 0)
  --port P       base port: node i uses P+10i (KV), +1 (management), +2 (views), +3 (query)
  --tls          serve TLS (couchbases://)
  --sample LIST  load sample buckets (travel-sample, beer-sample)
  --help         show this help`;

/** Parses the command line into dev cluster options (throws with a message on bad input). */
export function parseArgs(argv: readonly string[]): DevClusterOptions | 'help' {
  const options: DevClusterOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--nodes':
        options.nodes = int();
        break;
      case '--replicas':
        options.replicas = int();
        break;
      case '--port':
        options.port = int();
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--sample':
        options.sampleBuckets = value().split(',').filter(Boolean);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

/** Runs the CLI. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let options: DevClusterOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`couchts-devserver: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let cluster: DevCluster;
  try {
    cluster = await startDevCluster(options);
  } catch (err) {
    process.stderr.write(`couchts-devserver: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  // With --tls the CA comes along: a client in another process needs it to trust the nodes.
  const line: Record<string, string> = { connectionString: cluster.connectionString, managementUrl: cluster.managementUrl, adminUrl: cluster.adminUrl };
  if (cluster.caCertificate !== undefined) line.caCertificate = cluster.caCertificate;
  process.stdout.write(`${JSON.stringify(line)}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
