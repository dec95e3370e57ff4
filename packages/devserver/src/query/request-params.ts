/**
 * Reads a query-service request (protocol.md §4.1) from any of the encodings clients
 * use: a JSON body (what SDKs send), a form-encoded body (`statement=…&args=…`), or the
 * query string of a GET (read-only statements only). Values of `args` and `$name`
 * parameters are JSON in the form and query-string encodings.
 */
import type { IncomingMessage } from 'node:http';
import { parseGoDuration } from './go-duration';

/** A request as the service understands it. */
export interface QueryRequestParams {
  statement?: string;
  prepared?: string;
  autoExecute: boolean;
  args?: unknown[];
  named: Record<string, unknown>;
  readonly: boolean;
  clientContextId?: string;
  /** Timeout in ms, when the request gave one. */
  timeoutMs?: number;
  scanConsistency: string;
  scanVectors?: unknown;
  metrics: boolean;
  profile?: string;
  /** True for GET requests (only read-only statements may run). */
  viaGet: boolean;
}

/** A request that cannot be understood: the error code and message to answer with. */
export class BadRequest extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Largest request body accepted (statements with large parameter lists fit). */
export const MAX_QUERY_BODY = 20 * 1024 * 1024;

/** Reads the body of a request, bounded. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > MAX_QUERY_BODY) {
        reject(new BadRequest(1000, `Request body exceeds ${MAX_QUERY_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function jsonField(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(1065, `Error processing ${name}: not valid JSON`);
  }
}

function bool(name: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new BadRequest(1065, `Unrecognized value for parameter ${name}`);
}

/** Builds the parameters from a decoded field map (JSON body, form or query string). */
export function toParams(fields: Record<string, unknown>, fromText: boolean, viaGet: boolean): QueryRequestParams {
  const get = (name: string): unknown => {
    const v = fields[name];
    return fromText && typeof v === 'string' && (name === 'args' || name.startsWith('$') || name === 'scan_vectors') ? jsonField(name, v) : v;
  };
  const statement = fields.statement;
  if (statement !== undefined && typeof statement !== 'string') throw new BadRequest(1050, 'statement must be a string');
  const prepared = fields.prepared;
  if (prepared !== undefined && typeof prepared !== 'string') throw new BadRequest(1050, 'prepared must be a string');
  if (statement === undefined && prepared === undefined) throw new BadRequest(1050, 'No statement or prepared value');
  const args = get('args');
  if (args !== undefined && !Array.isArray(args)) throw new BadRequest(1065, 'Error processing args: it must be an array');
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) if (key.startsWith('$') && key.length > 1) named[key.slice(1)] = get(key);
  let timeoutMs: number | undefined;
  if (fields.timeout !== undefined) {
    timeoutMs = typeof fields.timeout === 'string' ? parseGoDuration(fields.timeout) : undefined;
    if (timeoutMs === undefined) throw new BadRequest(1065, `Error processing timeout: ${JSON.stringify(fields.timeout)} is not a duration`);
  }
  const consistency = fields.scan_consistency ?? 'not_bounded';
  if (typeof consistency !== 'string' || !['not_bounded', 'request_plus', 'at_plus', 'statement_plus'].includes(consistency)) {
    throw new BadRequest(1065, `Unknown scan_consistency value ${JSON.stringify(consistency)}`);
  }
  const scanVectors = get('scan_vectors');
  if (consistency === 'at_plus' && (typeof scanVectors !== 'object' || scanVectors === null)) {
    throw new BadRequest(1065, 'scan_vectors is required with at_plus consistency');
  }
  const profile = fields.profile;
  if (profile !== undefined && !['off', 'phases', 'timings'].includes(profile as string)) throw new BadRequest(1065, `Unknown profile value ${JSON.stringify(profile)}`);
  const clientContextId = fields.client_context_id;
  return {
    statement,
    prepared,
    autoExecute: bool('auto_execute', fields.auto_execute) ?? false,
    args: args as unknown[] | undefined,
    named,
    readonly: bool('readonly', fields.readonly) ?? false,
    clientContextId: typeof clientContextId === 'string' ? clientContextId : undefined,
    timeoutMs,
    scanConsistency: consistency,
    scanVectors,
    metrics: bool('metrics', fields.metrics) ?? true,
    profile: profile as string | undefined,
    viaGet,
  };
}

/** Parses a request from its method, URL and body. */
export function parseQueryRequest(method: string, url: URL, contentType: string, body: Buffer): QueryRequestParams {
  if (method === 'GET') return toParams(Object.fromEntries(url.searchParams), true, true);
  const text = body.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) return toParams(Object.fromEntries(new URLSearchParams(text)), true, false);
  // SDKs send JSON (cxx even without a content type); anything else is tried as JSON too.
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    throw new BadRequest(1065, 'Request body is not valid JSON');
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new BadRequest(1065, 'Request body must be a JSON object');
  return toParams(fields as Record<string, unknown>, false, false);
}
