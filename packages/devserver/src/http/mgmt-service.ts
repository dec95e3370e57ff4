/**
 * The management REST endpoints a client may use to read the topology (protocol.md
 * §3.4): /pools, /pools/default, bucket lists and configs (verbose and terse), and the
 * bucket-less node services. Read-only; Basic auth required.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bucketConfig, clusterConfig } from '../cluster/config-json';
import { hostPort, memberNodes, type ClusterModel } from '../cluster/model';
import { SERVER_VERSION } from '../kv/handlers/handshake';
import { ADMIN_PREFIX, handleAdmin, type AdminControls } from './admin-service';
import { decodeComponent, requestUrl, sendJson, unauthorized, type BasicAuth } from './http-util';

/** Answers the design-document list of a bucket (the views service). */
export type DdocLister = (user: string, bucket: string, res: ServerResponse) => void;

/** Handles one management request for node `nodeIndex` (and the admin API under its prefix). */
export async function handleManagement(
  model: ClusterModel,
  auth: BasicAuth,
  nodeIndex: number,
  req: IncomingMessage,
  res: ServerResponse,
  admin?: AdminControls,
  ddocs?: DdocLister,
): Promise<void> {
  const user = await auth.check(req);
  if (user === undefined) return unauthorized(res);
  const url = requestUrl(req);
  if (url === undefined) return sendJson(res, 400, { error: 'invalid request target' });
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (admin !== undefined && (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))) return handleAdmin(admin, path, req, res);
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
  const bucketPath = /^\/pools\/default\/(buckets|b)\/([^/]+)$/.exec(path);
  const ddocsPath = /^\/pools\/default\/buckets\/([^/]+)\/ddocs$/.exec(path);
  // A name with a malformed escape names no bucket.
  const notFound = (): void => sendJson(res, 404, 'Requested resource not found.');
  if (ddocsPath !== null && ddocs !== undefined) {
    const name = decodeComponent(ddocsPath[1]!);
    return name === undefined ? notFound() : ddocs(user, name, res);
  }
  if (path === '/pools') {
    return sendJson(res, 200, {
      isAdminCreds: true,
      isROAdminCreds: false,
      isEnterprise: true,
      uuid: model.uuid,
      implementationVersion: SERVER_VERSION,
      pools: [{ name: 'default', uri: `/pools/default?uuid=${model.uuid}`, streamingUri: `/poolsStreaming/default?uuid=${model.uuid}` }],
    });
  }
  if (path === '/pools/default') {
    return sendJson(res, 200, {
      name: 'default',
      nodes: memberNodes(model).map((n) => ({
        hostname: hostPort(model.host, n.ports.mgmt),
        ports: { direct: n.ports.kv },
        services: ['kv', 'n1ql', 'index'],
        couchApiBase: `http://${hostPort(model.host, n.ports.capi)}/`,
        thisNode: n.index === nodeIndex,
        status: n.running ? 'healthy' : 'unhealthy',
        clusterMembership: 'active',
        version: SERVER_VERSION,
      })),
      buckets: { uri: `/pools/default/buckets?v=${model.rev}`, terseBucketsBase: '/pools/default/b/', terseStreamingBucketsBase: '/pools/default/bs/' },
      rev: model.rev,
    });
  }
  if (path === '/pools/default/buckets') {
    const list = [...model.buckets.values()].filter((b) => model.users.canAccessBucket(user, b.name));
    return sendJson(res, 200, list.map((b) => ({ ...bucketConfig(model, b, nodeIndex), bucketType: 'membase', replicaNumber: b.numReplicas })));
  }
  if (path === '/pools/default/nodeServices') return sendJson(res, 200, clusterConfig(model, nodeIndex));
  if (bucketPath !== null) {
    const name = decodeComponent(bucketPath[2]!);
    const bucket = name === undefined ? undefined : model.buckets.get(name);
    if (bucket === undefined || !model.users.canAccessBucket(user, bucket.name)) return notFound();
    const config = bucketConfig(model, bucket, nodeIndex);
    return sendJson(res, 200, bucketPath[1] === 'b' ? config : { ...config, bucketType: 'membase', replicaNumber: bucket.numReplicas, basicStats: { itemCount: bucket.itemCount() } });
  }
  return sendJson(res, 404, 'Requested resource not found.');
}
