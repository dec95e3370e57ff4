/**
 * The logger a bucket reports to. Silent by default; every method optional, so
 * `console` fits as is, and so does pino or winston (message first, fields second).
 * Fields are structured data — node, rev, error messages, durations — never credentials,
 * SASL material or document values.
 */

/** Where a bucket sends its log records. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A logger that drops everything. */
export const SILENT_LOGGER: Logger = Object.freeze({});

/** One record as {@link consoleLogger} hands it to its writer. */
export interface LogRecord {
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/**
 * A logger for records at `level` and above, written as one JSON line each to `write`
 * (default: stderr), e.g. `{"time":"…","level":"warn","msg":"node connection lost","node":"10.0.0.1:11210"}`.
 *
 * ```ts
 * new Bucket(connstr, { username, password, logger: consoleLogger('info') });
 * ```
 */
export function consoleLogger(level: LogLevel = 'info', write: (line: string, record: LogRecord) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const min = LOG_LEVELS.indexOf(level);
  if (min < 0) throw new TypeError(`consoleLogger: unknown level '${String(level)}' (use ${LOG_LEVELS.join(', ')})`);
  const logger: Logger = {};
  for (const l of LOG_LEVELS.slice(min)) {
    logger[l] = (message, fields = {}) => {
      const record: LogRecord = { time: new Date().toISOString(), level: l, message, fields };
      write(JSON.stringify({ time: record.time, level: l, msg: message, ...fields }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), record);
    };
  }
  return Object.freeze(logger);
}
