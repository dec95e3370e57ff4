/**
 * Bucket options (API.md "Connection strings and defaults"): names, defaults and
 * validation. Option types have no index signature, so a misspelled option is a type
 * error; at run time it is an ArgumentError.
 */
import { readFileSync } from 'node:fs';
import { ArgumentError } from '../errors/classes';
import type { IOPS } from '../iops/iops';
import type { ConnectionSpec } from '../routing/connection-string';
import { isSaslMechanism, type SaslMechanism } from '../sasl/mechanisms';
import type { Logger } from '../util/logger';
import { checkBoolean, checkOptions } from '../validation/arguments';

/** Options of a bucket (`Bucket` and `AsyncBucket`). */
export interface BucketOptions {
  /** RBAC user name (defaults to the bucket name, as for legacy bucket passwords). */
  username?: string;
  /** Password of `username`. Never logged, never shown by inspect or JSON. */
  password?: string;
  /** PEM CA certificate(s) to trust for `couchbases://`. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Path of a PEM file with CA certificates to trust for `couchbases://`. */
  trustStorePath?: string;
  /** Force a SASL mechanism (default: SCRAM-SHA512 → 256 → 1 on plain TCP, PLAIN over TLS). */
  saslMechanism?: SaslMechanism;
  /** Timeout of each key-value operation, in milliseconds (default 2500). */
  operationTimeout?: number;
  /** Timeout of N1QL queries, in milliseconds (default 75000). */
  n1qlTimeout?: number;
  /** Timeout of view queries, in milliseconds (default 75000). */
  viewTimeout?: number;
  /** Longest the initial connection may take, in milliseconds (default 10000). */
  bootstrapTimeout?: number;
  /** How often the cluster config is polled, in milliseconds (default 2500; 0 disables polling). */
  configPollInterval?: number;
  /** Default of the per-operation `quiet` option (default false). */
  quiet?: boolean;
  /** I/O implementation (default: a new NodeIOPS). */
  iops?: IOPS;
  /** Where the bucket reports what it does (default: silent). */
  logger?: Logger;
}

/** Every option name, for run-time validation. */
export const BUCKET_OPTION_NAMES: readonly (keyof BucketOptions)[] = [
  'username',
  'password',
  'ca',
  'trustStorePath',
  'saslMechanism',
  'operationTimeout',
  'n1qlTimeout',
  'viewTimeout',
  'bootstrapTimeout',
  'configPollInterval',
  'quiet',
  'iops',
  'logger',
];

/** Options after defaults and validation. */
export interface ResolvedBucketOptions {
  readonly username: string;
  readonly password: string;
  readonly ca: string | Buffer | Array<string | Buffer> | undefined;
  readonly saslMechanism: SaslMechanism | undefined;
  readonly operationTimeout: number;
  readonly n1qlTimeout: number;
  readonly viewTimeout: number;
  readonly bootstrapTimeout: number;
  readonly configPollInterval: number;
  readonly quiet: boolean;
  readonly logger: Logger;
}

/** Parses a duration option: milliseconds as a number or digits, or a Go-style duration ("2500ms", "10s", "1m"). */
export function parseDuration(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|us|µs|ns|h)?$/.exec(value.trim());
    if (m !== null) {
      const n = Number(m[1]);
      const unit = m[2] ?? 'ms';
      const factor = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 }[unit]!;
      return n * factor;
    }
  }
  throw new ArgumentError(`${name} must be a non-negative number of milliseconds (or a duration such as "2500ms"), got ${String(value)}`, {
    context: { option: name },
  });
}

function positiveDuration(value: unknown, name: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value, name);
  if (!allowZero && ms <= 0) throw new ArgumentError(`${name} must be greater than 0`, { context: { option: name } });
  return ms;
}

/** Connection-string options we understand (lower_snake_case, as other SDKs spell them). */
const CONNSTR_OPTIONS: Record<string, keyof BucketOptions> = {
  operation_timeout: 'operationTimeout',
  kv_timeout: 'operationTimeout',
  query_timeout: 'n1qlTimeout',
  n1ql_timeout: 'n1qlTimeout',
  view_timeout: 'viewTimeout',
  bootstrap_timeout: 'bootstrapTimeout',
  config_poll_interval: 'configPollInterval',
  sasl_mech_force: 'saslMechanism',
};

/** Validates options and applies defaults; connection-string options fill what the options object leaves unset. */
export function resolveBucketOptions(options: BucketOptions | undefined, spec: ConnectionSpec): ResolvedBucketOptions {
  checkOptions(options, BUCKET_OPTION_NAMES as string[], 'Bucket');
  const o: Record<string, unknown> = { ...options };
  for (const [name, value] of Object.entries(spec.options)) {
    const mapped = CONNSTR_OPTIONS[name];
    if (mapped !== undefined && o[mapped] === undefined) o[mapped] = value;
  }
  const str = (name: string): string | undefined => {
    const v = o[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new ArgumentError(`${name} must be a string`, { context: { option: name } });
    return v;
  };
  const username = str('username') ?? spec.bucket;
  const password = str('password') ?? '';
  const mech = o.saslMechanism;
  if (mech !== undefined && !isSaslMechanism(mech)) {
    throw new ArgumentError(`saslMechanism must be one of SCRAM-SHA512, SCRAM-SHA256, SCRAM-SHA1, PLAIN, got ${String(mech)}`, { context: { option: 'saslMechanism' } });
  }
  let ca = o.ca as ResolvedBucketOptions['ca'];
  const trustStorePath = str('trustStorePath');
  if (trustStorePath !== undefined) {
    try {
      ca = readFileSync(trustStorePath, 'utf8');
    } catch (cause) {
      throw new ArgumentError(`trustStorePath '${trustStorePath}' cannot be read: ${(cause as Error).message}`, { cause, context: { option: 'trustStorePath' } });
    }
  }
  const logger = o.logger;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new ArgumentError('logger must be an object with debug/info/warn/error methods', { context: { option: 'logger' } });
  }
  return {
    username,
    password,
    ca,
    saslMechanism: mech as SaslMechanism | undefined,
    operationTimeout: positiveDuration(o.operationTimeout, 'operationTimeout', 2500),
    n1qlTimeout: positiveDuration(o.n1qlTimeout, 'n1qlTimeout', 75000),
    viewTimeout: positiveDuration(o.viewTimeout, 'viewTimeout', 75000),
    bootstrapTimeout: positiveDuration(o.bootstrapTimeout, 'bootstrapTimeout', 10000),
    configPollInterval: positiveDuration(o.configPollInterval, 'configPollInterval', 2500, true),
    quiet: checkBoolean(o.quiet, 'Bucket', 'quiet') ?? false,
    logger: (logger as Logger | undefined) ?? {},
  };
}
