/**
 * The dev cluster's admin API over HTTP (`adminUrl`): the same controls the JavaScript
 * object offers, so a test written in any language can drive the cluster. Basic auth as
 * for the management API. Bodies are JSON. It has a listener of its own, apart from every
 * node, so stopping or failing over a node never takes the API down with it (the
 * management ports answer under the same prefix too).
 *
 *   GET  {adminUrl}                    → cluster description (nodes, ports, buckets, rev)
 *   POST {adminUrl}/timeTravel         {"ms": 5000}
 *   POST {adminUrl}/dropConnections    {"node": 0}   (omit node for every node)
 *   POST {adminUrl}/clearPreparedStatements   (as a restarted query service)
 *   POST {adminUrl}/failover           {"node": 1}
 *   POST {adminUrl}/stopNode           {"node": 1}
 *   POST {adminUrl}/startNode          {"node": 1}
 *   POST {adminUrl}/rebalance          {"add": 1, "remove": [0]}
 *   POST {adminUrl}/setLatency         {"node": 0, "ms": 200}
 *   POST {adminUrl}/injectStatus       {"status": 134, "count": 3, "opcode": 0, "node": 0}
 *   POST {adminUrl}/setReplicationDelay {"ms": 1000}
 *   POST {adminUrl}/setPersistDelay    {"ms": 1000}
 *   POST {adminUrl}/clearFaults        (latencies and pending injections)
 *
 * Bad arguments answer 400 with `{"error": "..."}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RebalanceSpec } from '../cluster/fault-controller';
import type { StatusInjection } from '../cluster/fault-plan';
import { hostPort } from '../cluster/model';
import { requestUrl, sendJson, unauthorized, type BasicAuth } from './http-util';

/** The controls the admin API exposes (implemented by the running cluster). */
export interface AdminControls {
  describe(): Record<string, unknown>;
  timeTravel(ms: number): void;
  dropConnections(node?: number): void;
  clearPreparedStatements(): void;
  failover(node: number): void;
  stopNode(node: number): Promise<void>;
  startNode(node: number): Promise<void>;
  rebalance(spec: RebalanceSpec): Promise<void>;
  setLatency(node: number, ms: number): void;
  injectStatus(spec: StatusInjection): void;
  setReplicationDelay(ms: number): void;
  setPersistDelay(ms: number): void;
  clearFaults(): void;
}

/** Path prefix of the admin API on the management port. */
export const ADMIN_PREFIX = '/couchts-admin';

const MAX_BODY = 64 * 1024;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        const json = JSON.parse(text) as unknown;
        if (typeof json !== 'object' || json === null || Array.isArray(json)) reject(new Error('body must be a JSON object'));
        else resolve(json as Record<string, unknown>);
      } catch {
        reject(new Error('body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function requiredInt(body: Record<string, unknown>, name: string): number {
  const v = optionalInt(body, name);
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
}

function optionalInt(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer`);
  return v;
}

/** Handles a request under {@link ADMIN_PREFIX} (already authenticated). */
export async function handleAdmin(controls: AdminControls, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const action = path.slice(ADMIN_PREFIX.length).replace(/^\/+/, '');
  if (action === '' && req.method === 'GET') return sendJson(res, 200, controls.describe());
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST for admin actions' });
  let body: Record<string, unknown>;
  try {
    body = await readJson(req);
  } catch (err) {
    return sendJson(res, 400, { error: (err as Error).message });
  }
  try {
    switch (action) {
      case 'timeTravel':
        controls.timeTravel(requiredInt(body, 'ms'));
        break;
      case 'failover':
        controls.failover(requiredInt(body, 'node'));
        break;
      case 'stopNode':
        await controls.stopNode(requiredInt(body, 'node'));
        break;
      case 'startNode':
        await controls.startNode(requiredInt(body, 'node'));
        break;
      case 'rebalance': {
        const remove = body.remove;
        if (remove !== undefined && (!Array.isArray(remove) || !remove.every((n) => Number.isInteger(n) && (n as number) >= 0))) {
          throw new Error('remove must be an array of node indexes');
        }
        await controls.rebalance({ add: optionalInt(body, 'add'), remove: remove as number[] | undefined });
        break;
      }
      case 'setLatency':
        controls.setLatency(requiredInt(body, 'node'), requiredInt(body, 'ms'));
        break;
      case 'injectStatus':
        controls.injectStatus({ status: requiredInt(body, 'status'), count: requiredInt(body, 'count'), opcode: optionalInt(body, 'opcode'), node: optionalInt(body, 'node') });
        break;
      case 'setReplicationDelay':
        controls.setReplicationDelay(requiredInt(body, 'ms'));
        break;
      case 'setPersistDelay':
        controls.setPersistDelay(requiredInt(body, 'ms'));
        break;
      case 'clearFaults':
        controls.clearFaults();
        break;
      case 'dropConnections':
        controls.dropConnections(optionalInt(body, 'node'));
        break;
      case 'clearPreparedStatements':
        controls.clearPreparedStatements();
        break;
      default:
        return sendJson(res, 404, { error: `unknown admin action '${action}'` });
    }
  } catch (err) {
    return sendJson(res, 400, { error: (err as Error).message });
  }
  return sendJson(res, 200, { ok: true });
}

/** A running admin listener. */
export interface AdminServer {
  /** Base URL of the API (`http://host:port/couchts-admin`). */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the admin API on `port` (0 = any free port). */
export function startAdminServer(host: string, port: number, auth: BasicAuth, controls: AdminControls): Promise<AdminServer> {
  const server = createServer((req, res) => {
    void (async () => {
      if ((await auth.check(req)) === undefined) return unauthorized(res);
      const url = requestUrl(req);
      if (url === undefined) return sendJson(res, 400, { error: 'invalid request target' });
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`)) return sendJson(res, 404, { error: `not an admin path: ${path}` });
      return handleAdmin(controls, path, req, res);
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
      resolve({
        url: `http://${hostPort(host, actual)}${ADMIN_PREFIX}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
