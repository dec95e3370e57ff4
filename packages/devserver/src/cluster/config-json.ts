/**
 * Cluster and bucket configs in the shape real servers send (terse bucket config as
 * returned by GET_CLUSTER_CONFIG and /pools/default/b/<bucket>; the bucket-less cluster
 * config for GCCCP). Field names, types and nesting follow the configs recorded from
 * real 7.x servers (shared/fixtures/gocbcore/bucket_config_*.json).
 *
 * Index alignment: vBucket map entry i ⇔ serverList[i] ⇔ nodes[i] ⇔ nodesExt[i]. Our
 * node indexes never change, so the map's node indexes are translated to positions
 * among the current members.
 */
import type { BucketStore } from '../store/bucket-store';
import { hostPort, memberNodes, type ClusterModel, type DevNode } from './model';

const BUCKET_CAPABILITIES = ['collections', 'couchapi', 'dcp', 'cbhello', 'touch', 'cccp', 'xdcrCheckpointing', 'nodesExt', 'xattr'];
const CLUSTER_CAPABILITIES = { n1ql: ['enhancedPreparedStatements'] };

/** A single-node cluster on loopback names itself `$HOST`, as ns_server does. */
function hostOf(model: ClusterModel): string {
  return memberNodes(model).length === 1 ? '$HOST' : model.host;
}

function nodeExt(model: ClusterModel, node: DevNode, thisNode: number): Record<string, unknown> {
  const p = node.ports;
  const services: Record<string, number> = { mgmt: p.mgmt, kv: p.kv, capi: p.capi, n1ql: p.n1ql };
  if (model.tls !== undefined) Object.assign(services, { mgmtSSL: p.mgmtSSL, kvSSL: p.kvSSL, capiSSL: p.capiSSL, n1qlSSL: p.n1qlSSL });
  const ext: Record<string, unknown> = { services };
  if (hostOf(model) !== '$HOST') ext.hostname = model.host;
  if (node.index === thisNode) ext.thisNode = true;
  return ext;
}

/** The bucket-less cluster config (GET_CLUSTER_CONFIG before SELECT_BUCKET). */
export function clusterConfig(model: ClusterModel, thisNode: number): Record<string, unknown> {
  return {
    rev: model.rev,
    revEpoch: model.revEpoch,
    nodesExt: memberNodes(model).map((n) => nodeExt(model, n, thisNode)),
    clusterCapabilitiesVer: [1, 0],
    clusterCapabilities: CLUSTER_CAPABILITIES,
  };
}

/** The terse bucket config as seen from `thisNode`. */
export function bucketConfig(model: ClusterModel, bucket: BucketStore, thisNode: number): Record<string, unknown> {
  const members = memberNodes(model);
  const position = new Map(members.map((n, i) => [n.index, i]));
  const host = hostOf(model);
  const uri = `/pools/default/buckets/${encodeURIComponent(bucket.name)}?bucket_uuid=${bucket.uuid}`;
  return {
    rev: model.rev,
    revEpoch: model.revEpoch,
    name: bucket.name,
    nodeLocator: 'vbucket',
    uuid: bucket.uuid,
    uri,
    streamingUri: uri.replace('/buckets/', '/bucketsStreaming/'),
    bucketCapabilitiesVer: '',
    bucketCapabilities: BUCKET_CAPABILITIES,
    collectionsManifestUid: '0',
    ddocs: { uri: `/pools/default/buckets/${encodeURIComponent(bucket.name)}/ddocs` },
    vBucketServerMap: {
      hashAlgorithm: 'CRC',
      numReplicas: bucket.numReplicas,
      serverList: members.map((n) => hostPort(host, n.ports.kv)),
      vBucketMap: bucket.vbmap.map((row) => row.map((node) => (node < 0 ? -1 : (position.get(node) ?? -1)))),
    },
    nodes: members.map((n) => ({
      couchApiBase: `http://${hostPort(host, n.ports.capi)}/${encodeURIComponent(bucket.name)}%2B${bucket.uuid}`,
      ...(model.tls !== undefined ? { couchApiBaseHTTPS: `https://${hostPort(host, n.ports.capiSSL)}/${encodeURIComponent(bucket.name)}%2B${bucket.uuid}` } : {}),
      hostname: hostPort(host, n.ports.mgmt),
      ports: model.tls !== undefined ? { direct: n.ports.kv, httpsMgmt: n.ports.mgmtSSL, httpsCAPI: n.ports.capiSSL } : { direct: n.ports.kv },
    })),
    nodesExt: members.map((n) => nodeExt(model, n, thisNode)),
    clusterCapabilitiesVer: [1, 0],
    clusterCapabilities: CLUSTER_CAPABILITIES,
  };
}
