/**
 * The node half of cluster-config parsing: `nodesExt` (every server since 3.0) or, for older
 * configs without it, the legacy `nodes` list; `$HOST` substitution; `host:port` splitting.
 * Kept apart from cluster-config.ts so each file stays readable.
 */
import { ProtocolError } from '../errors/classes';
import type { ConfigNode, NodeServices } from './cluster-config';

/** The placeholder ns_server writes for a node it only knows by a loopback address (§3.5). */
export const HOST_PLACEHOLDER = '$HOST';

/** Management port of a legacy `nodes[].hostname` that has none (the cluster manager default). */
const DEFAULT_MGMT_PORT = 8091;

/**
 * Most nodes a config may list. Real clusters have tens to a few hundred nodes; a hostile
 * or broken server that lists 10⁵ would otherwise make the client open a link to each
 * and match the lists against each other in quadratic time.
 */
export const MAX_CONFIG_NODES = 1024;

/** Result of {@link parseConfigNodes}. */
export interface ParsedNodes {
  /** Every node, in config order. */
  nodes: ConfigNode[];
  /**
   * Nodes that may serve KV for this bucket, in order: those with a `kv` port and, when the
   * config also has a legacy `nodes` list, an index below its length (RFC 0048: a node can be
   * in `nodesExt` before it is part of the bucket, and must not get keys yet).
   */
  dataNodes: ConfigNode[];
}

/** The ProtocolError every config-parsing failure becomes. */
export function configError(reason: string, cause?: unknown): ProtocolError {
  return new ProtocolError(`invalid cluster config: ${reason}`, { context: { reason }, cause });
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes the brackets of an IPv6 literal; other hosts are returned as they are. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Splits `host:port`, `[v6]:port` or a bare host. Servers bracket IPv6 in these strings; an
 * unbracketed one is read with its last colon as the port separator, like the C client does.
 * Returns `undefined` when the port part is not a valid port.
 */
export function splitHostPort(text: string): { host: string; port: number | undefined } | undefined {
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return undefined;
      portText = after.slice(1);
    }
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  if (host === '') return undefined;
  if (portText === undefined) return { host, port: undefined };
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

/** `$HOST` (or nothing) → the host the config came from; other hosts lose IPv6 brackets. */
export function resolveHost(host: unknown, sourceHost: string): string {
  if (typeof host !== 'string' || host === '' || host === HOST_PLACEHOLDER) return sourceHost;
  return bareHost(host);
}

/**
 * Builds the node list from `nodesExt`, falling back to the legacy `nodes` list when
 * `nodesExt` is absent or empty (2.x servers, verbose HTTP configs).
 *
 * @throws ProtocolError when neither list has a node, or an entry is not an object.
 */
export function parseConfigNodes(raw: Record<string, unknown>, sourceHost: string): ParsedNodes {
  const legacy = optionalArray(raw['nodes'], 'nodes');
  const ext = optionalArray(raw['nodesExt'], 'nodesExt');
  for (const [field, list] of [['nodes', legacy], ['nodesExt', ext]] as const) {
    if (list.length > MAX_CONFIG_NODES) throw configError(`${field} lists ${list.length} nodes (at most ${MAX_CONFIG_NODES} are accepted)`);
  }
  const legacyNodes = legacy.map((entry, i) => parseLegacyNode(entry, i, sourceHost));

  if (ext.length === 0) {
    if (legacyNodes.length === 0) throw configError('it has no nodes (neither nodesExt nor nodes)');
    return { nodes: legacyNodes, dataNodes: legacyNodes.filter((n) => n.services.kv !== undefined) };
  }

  const nodes = ext.map((entry, i) => {
    if (!isObject(entry)) throw configError(`nodesExt[${i}] is not an object`);
    const node: ConfigNode = {
      hostname: resolveHost(entry['hostname'], sourceHost),
      services: parseServices(entry['services']),
      thisNode: entry['thisNode'] === true,
    };
    if (typeof entry['nodeUUID'] === 'string') node.nodeUUID = entry['nodeUUID'];
    if (typeof entry['serverGroup'] === 'string') node.serverGroup = entry['serverGroup'];
    const alternates = parseAlternateAddresses(entry['alternateAddresses']);
    if (alternates !== undefined) node.alternateAddresses = alternates;
    // Views URLs only exist in the legacy list; find this node there by host and mgmt port.
    const mgmt = node.services.mgmt ?? DEFAULT_MGMT_PORT;
    const twin = legacyNodes.find((l) => l.hostname === node.hostname && l.services.mgmt === mgmt);
    if (twin?.couchApiBase !== undefined) node.couchApiBase = twin.couchApiBase;
    return node;
  });
  const dataNodes = nodes.filter(
    (n, i) => n.services.kv !== undefined && (legacyNodes.length === 0 || i < legacyNodes.length),
  );
  return { nodes, dataNodes };
}

function optionalArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw configError(`${field} is not an array`);
  return value;
}

/** Keeps the numeric entries of a `services` / `ports` object; anything else is not a port. */
function parseServices(value: unknown): NodeServices {
  const services: NodeServices = {};
  if (!isObject(value)) return services;
  for (const [name, port] of Object.entries(value)) {
    if (typeof port === 'number' && Number.isInteger(port)) services[name] = port;
  }
  return services;
}

function parseAlternateAddresses(value: unknown): ConfigNode['alternateAddresses'] {
  if (!isObject(value)) return undefined;
  const result: NonNullable<ConfigNode['alternateAddresses']> = {};
  for (const [network, address] of Object.entries(value)) {
    // An entry without a hostname cannot be connected to; it is dropped rather than guessed.
    if (!isObject(address) || typeof address['hostname'] !== 'string' || address['hostname'] === '') continue;
    result[network] = { hostname: bareHost(address['hostname']), ports: parseServices(address['ports']) };
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/**
 * A legacy `nodes[]` entry: `hostname` is `host:mgmtPort`, `ports.direct` is the KV port,
 * `ports.httpsMgmt` / `ports.httpsCAPI` the TLS ports, the views port is in `couchApiBase`.
 */
function parseLegacyNode(entry: unknown, index: number, sourceHost: string): ConfigNode {
  if (!isObject(entry)) throw configError(`nodes[${index}] is not an object`);
  const rawHost = typeof entry['hostname'] === 'string' ? entry['hostname'] : HOST_PLACEHOLDER;
  const split = splitHostPort(rawHost);
  if (split === undefined) throw configError(`nodes[${index}].hostname '${rawHost}' is not host:port`);
  const services: NodeServices = { mgmt: split.port ?? DEFAULT_MGMT_PORT };
  const ports = isObject(entry['ports']) ? entry['ports'] : {};
  const portOf = (name: string): number | undefined => {
    const p = ports[name];
    return typeof p === 'number' && Number.isInteger(p) ? p : undefined;
  };
  const direct = portOf('direct');
  if (direct !== undefined) services.kv = direct;
  const httpsMgmt = portOf('httpsMgmt');
  if (httpsMgmt !== undefined) services.mgmtSSL = httpsMgmt;
  const httpsCapi = portOf('httpsCAPI');
  if (httpsCapi !== undefined) services.capiSSL = httpsCapi;

  const node: ConfigNode = {
    hostname: resolveHost(split.host, sourceHost),
    services,
    thisNode: entry['thisNode'] === true,
  };
  if (typeof entry['couchApiBase'] === 'string') {
    const host = sourceHost.includes(':') ? `[${sourceHost}]` : sourceHost;
    node.couchApiBase = entry['couchApiBase'].split(HOST_PLACEHOLDER).join(host);
    const capi = capiPortOf(node.couchApiBase);
    if (capi !== undefined) services.capi = capi;
  }
  return node;
}

function capiPortOf(url: string): number | undefined {
  try {
    const port = new URL(url).port;
    return port === '' ? undefined : Number(port);
  } catch {
    // A malformed views URL only costs the views port; KV routing does not depend on it.
    return undefined;
  }
}
