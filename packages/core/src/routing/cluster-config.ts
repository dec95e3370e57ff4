/**
 * Cluster configurations (protocol.md §3.5, §3.7): the terse bucket config a server returns for
 * GET_CLUSTER_CONFIG, inside NOT_MY_VBUCKET replies and from `/pools/default/b/<bucket>`, and
 * the bucket-less cluster config of GCCCP.
 *
 * The parser is strict where routing depends on the data (revision, vBucket map, node list) —
 * a bad map would silently send keys to the wrong node — and lenient about informational
 * fields, which newer servers keep adding to. Every rejection is a {@link ProtocolError}
 * whose `context.reason` says what was wrong.
 */
import {
  bareHost,
  configError,
  HOST_PLACEHOLDER,
  MAX_CONFIG_NODES,
  isObject,
  parseConfigNodes,
  splitHostPort,
} from './config-nodes';

/** Ports by service key of `nodesExt[].services` (§3.2). Unknown services are kept too. */
export interface NodeServices {
  kv?: number;
  kvSSL?: number;
  mgmt?: number;
  mgmtSSL?: number;
  capi?: number;
  capiSSL?: number;
  n1ql?: number;
  n1qlSSL?: number;
  [service: string]: number | undefined;
}

/** One cluster node. */
export interface ConfigNode {
  /** Host name or address; IPv6 without brackets; `$HOST` already replaced. */
  hostname: string;
  /** Service ports of this node. */
  services: NodeServices;
  /** The node that served this config. */
  thisNode: boolean;
  /** Node UUID (7.x servers). */
  nodeUUID?: string;
  /** Server group the node belongs to (7.x servers). */
  serverGroup?: string;
  /** Views base URL from the legacy `nodes` list (`http://host:8092/bucket%2Buuid`). */
  couchApiBase?: string;
  /** Addresses of this node on other networks (e.g. `external`), by network name. */
  alternateAddresses?: Record<string, { hostname: string; ports: NodeServices }>;
}

/** A KV endpoint: one entry of the vBucket map's server list. */
export interface KvServer {
  /** Host name or address (IPv6 without brackets). */
  hostname: string;
  /** Plain KV port. */
  port: number;
  /** TLS KV port, when the matching node advertises one. */
  tlsPort?: number;
  /** The node this endpoint belongs to, when it could be matched. */
  node?: ConfigNode;
}

/** How keys are placed on nodes: vBuckets, ketama (memcached buckets), or not at all (no bucket). */
export type NodeLocator = 'vbucket' | 'ketama' | 'none';

/** A parsed cluster or bucket configuration. */
export interface ClusterConfig {
  /** Revision; 0 when the config has none. */
  rev: number;
  /**
   * Revision epoch (7.x servers). A config without one gets 0, which orders it below every
   * config that has an epoch, as the other SDKs do.
   */
  revEpoch: number;
  /** Bucket name (absent in cluster-level configs). */
  name?: string;
  /** Bucket UUID. */
  uuid?: string;
  /** Key placement scheme. */
  nodeLocator: NodeLocator;
  /** Configured replica count (map rows may be shorter while rebalancing). */
  numReplicas: number;
  /** Rows `[active, replica1, …]` of KV server indexes, -1 = none. Only for `vbucket`. */
  vbucketMap?: readonly (readonly number[])[];
  /** Fast-forward map during a rebalance, same shape as `vbucketMap`. */
  vbucketMapForward?: readonly (readonly number[])[];
  /** KV servers in vbucket-map index order: kvServers[i] is the server that map index i means. */
  kvServers: readonly KvServer[];
  /** Every node of nodesExt (or derived from legacy `nodes`), in config order. */
  nodes: readonly ConfigNode[];
  /** Bucket capabilities (`collections`, `durableWrite`, …). */
  bucketCapabilities: readonly string[];
  /** Cluster capabilities by category (`n1ql: ['enhancedPreparedStatements', …]`). */
  clusterCapabilities: Readonly<Record<string, readonly string[]>>;
  /** Collections manifest uid (hex string). */
  collectionsManifestUid?: string;
}

/** The revision part of a config. */
export interface ConfigRevision {
  revEpoch: number;
  rev: number;
}

/**
 * Parses a config. `sourceHost` is the host the config was fetched from: it replaces `$HOST`
 * and fills in nodes without a hostname, since both mean "the node you are talking to".
 *
 * @throws ProtocolError for invalid JSON or UTF-8, a non-object, no nodes, an empty or
 * malformed vBucket map, a map entry outside the server list, an invalid vBucket count, a
 * non-numeric revision, or an unknown node locator.
 */
export function parseClusterConfig(json: string | Uint8Array, sourceHost: string): ClusterConfig {
  let parsed: unknown;
  try {
    const text = typeof json === 'string' ? json : new TextDecoder('utf-8', { fatal: true }).decode(json);
    parsed = JSON.parse(text);
  } catch (cause) {
    throw configError('it is not valid JSON', cause);
  }
  if (!isObject(parsed)) throw configError('it is not a JSON object');
  const raw = parsed;
  const source = bareHost(sourceHost);

  const { nodes, dataNodes } = parseConfigNodes(raw, source);
  const map = raw['vBucketServerMap'];
  if (map !== undefined && !isObject(map)) throw configError('vBucketServerMap is not an object');
  const nodeLocator = locatorOf(raw, map);

  let kvServers: KvServer[];
  const serverList = map?.['serverList'];
  if (nodeLocator === 'vbucket' && serverList !== undefined) {
    if (!Array.isArray(serverList)) throw configError('vBucketServerMap.serverList is not an array');
    if (serverList.length > MAX_CONFIG_NODES) throw configError(`serverList lists ${serverList.length} servers (at most ${MAX_CONFIG_NODES} are accepted)`);
    kvServers = serverList.map((entry, i) => {
      const split = typeof entry === 'string' ? splitHostPort(entry) : undefined;
      if (split?.port === undefined) throw configError(`serverList[${i}] is not a "host:port" string`);
      const hostname = split.host === HOST_PLACEHOLDER ? source : split.host;
      const node = nodes.find((n) => n.hostname === hostname && n.services.kv === split.port);
      return kvServer(hostname, split.port, node);
    });
  } else {
    // Minimal configs and memcached buckets have no server list: the data nodes are the list.
    kvServers = dataNodes.map((n) => kvServer(n.hostname, n.services.kv as number, n));
  }

  const config: ClusterConfig = {
    rev: revisionField(raw, 'rev'),
    revEpoch: revisionField(raw, 'revEpoch'),
    nodeLocator,
    numReplicas: 0,
    kvServers,
    nodes,
    bucketCapabilities: stringArray(raw['bucketCapabilities']),
    clusterCapabilities: capabilityMap(raw['clusterCapabilities']),
  };
  if (typeof raw['name'] === 'string') config.name = raw['name'];
  if (typeof raw['uuid'] === 'string') config.uuid = raw['uuid'];
  if (typeof raw['collectionsManifestUid'] === 'string') config.collectionsManifestUid = raw['collectionsManifestUid'];

  if (nodeLocator === 'vbucket' && map !== undefined) {
    const vbucketMap = vbucketMapField(map, 'vBucketMap', kvServers.length);
    if (vbucketMap === undefined) throw configError('vBucketServerMap has no vBucketMap');
    config.vbucketMap = vbucketMap;
    const forward = vbucketMapField(map, 'vBucketMapForward', kvServers.length);
    if (forward !== undefined) {
      if (forward.length !== vbucketMap.length) {
        throw configError(`vBucketMapForward has ${forward.length} vBuckets but vBucketMap has ${vbucketMap.length}`);
      }
      config.vbucketMapForward = forward;
    }
    const declared = raw['numVBuckets'];
    if (declared !== undefined && declared !== vbucketMap.length) {
      throw configError(`numVBuckets is ${JSON.stringify(declared)} but vBucketMap has ${vbucketMap.length} vBuckets`);
    }
    config.numReplicas = replicaCount(map['numReplicas'] ?? raw['replicaNumber'], vbucketMap);
  }
  return config;
}

/** Orders two revisions by (revEpoch, rev): negative if `a` is older, 0 if equal, positive if newer. */
export function compareConfigRevisions(a: ConfigRevision, b: ConfigRevision): number {
  if (a.revEpoch !== b.revEpoch) return a.revEpoch < b.revEpoch ? -1 : 1;
  if (a.rev !== b.rev) return a.rev < b.rev ? -1 : 1;
  return 0;
}

/**
 * Whether `candidate` should replace `current`: its (revEpoch, rev) is strictly greater, and it
 * does not change the vBucket count of a bucket that already has a map — a live bucket never
 * changes its count, so such a config is stale or from elsewhere, and switching would re-hash
 * every key (the C++ core ignores these too). Any config replaces none; rev 0 gets no special
 * treatment (gocbcore's "unversioned, always switch" is not copied).
 */
export function isNewerConfig(
  candidate: ConfigRevision & Pick<ClusterConfig, 'vbucketMap'>,
  current: (ConfigRevision & Pick<ClusterConfig, 'vbucketMap'>) | undefined,
): boolean {
  if (current === undefined) return true;
  if (current.vbucketMap !== undefined && candidate.vbucketMap?.length !== current.vbucketMap.length) return false;
  return compareConfigRevisions(candidate, current) > 0;
}

function kvServer(hostname: string, port: number, node: ConfigNode | undefined): KvServer {
  const server: KvServer = { hostname, port };
  if (node?.services.kvSSL !== undefined) server.tlsPort = node.services.kvSSL;
  if (node !== undefined) server.node = node;
  return server;
}

function locatorOf(raw: Record<string, unknown>, map: Record<string, unknown> | undefined): NodeLocator {
  const given = raw['nodeLocator'];
  if (given === 'ketama') return 'ketama';
  if (given === 'vbucket') {
    if (map === undefined) throw configError('nodeLocator is "vbucket" but there is no vBucketServerMap');
    return 'vbucket';
  }
  if (given !== undefined) throw configError(`unknown nodeLocator ${JSON.stringify(given)}`);
  if (map !== undefined) return 'vbucket';
  if (raw['name'] === undefined) return 'none';
  throw configError('bucket config has neither a nodeLocator nor a vBucketServerMap');
}

function revisionField(raw: Record<string, unknown>, field: 'rev' | 'revEpoch'): number {
  const value = raw[field];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw configError(`${field} is not a non-negative integer: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a vBucket map: non-empty, rows of integers from -1 to the server count - 1. */
function vbucketMapField(map: Record<string, unknown>, field: string, servers: number): number[][] | undefined {
  const value = map[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw configError(`${field} is not an array`);
  // A count must be positive: an empty map cannot route any key (servers send it while a
  // bucket is still being created; the caller retries later).
  if (value.length === 0) throw configError(`${field} is present but empty (the vBucket count must be positive)`);
  // vBucket ids are 16 bits on the wire.
  if (value.length > 0x10000) throw configError(`${field} has ${value.length} vBuckets (a vBucket id is 16 bits)`);
  value.forEach((row: unknown, vb) => {
    if (!Array.isArray(row)) throw configError(`${field}[${vb}] is not an array`);
    if (row.length === 0) throw configError(`${field}[${vb}] is empty (no active server)`);
    for (const index of row as unknown[]) {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < -1 || index >= servers) {
        throw configError(
          `${field}[${vb}] refers to server ${JSON.stringify(index)}, but there are ${servers} KV servers`,
        );
      }
    }
  });
  return value as number[][];
}

function replicaCount(value: unknown, vbucketMap: readonly (readonly number[])[]): number {
  if (value === undefined) return Math.max(0, (vbucketMap[0]?.length ?? 1) - 1);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw configError(`numReplicas is not a non-negative integer: ${JSON.stringify(value)}`);
  }
  return value;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function capabilityMap(value: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!isObject(value)) return result;
  for (const [category, caps] of Object.entries(value)) {
    if (Array.isArray(caps)) result[category] = stringArray(caps);
  }
  return result;
}
