/**
 * The logger a bucket reports to. Silent by default; every method optional, so
 * `console` fits as is. Fields are structured data (never credentials).
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const SILENT_LOGGER: Logger = Object.freeze({});
