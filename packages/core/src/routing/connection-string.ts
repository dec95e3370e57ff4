/**
 * Connection strings (sdk-rfcs 0011): `couchbase[s]://host[:port][=mode],…[/bucket][?key=value&…]`.
 *
 * Only the KV-bootstrap schemes are accepted. The legacy `http://` form bootstraps over the
 * management port, which this client never does, so accepting it would only postpone the
 * failure to connect time with a worse message.
 */
import { ArgumentError } from '../errors/classes';

/** One bootstrap host of a connection string. */
export interface ConnectionHost {
  /** DNS name, IPv4 address, or IPv6 address without the brackets. */
  host: string;
  /** KV port (the scheme's default when the string gave none). */
  port: number;
  /** Bootstrap mode suffix (`=mcd` …) as written; parsed and kept, bootstrap is always over KV. */
  mode?: ConnectionHostMode;
}

/** Per-host mode suffixes known from the C++ core. */
export type ConnectionHostMode = 'mcd' | 'cccp' | 'gcccp' | 'http';

/** A parsed connection string. Never holds credentials. */
export interface ConnectionSpec {
  /** `couchbases` means TLS. */
  scheme: 'couchbase' | 'couchbases';
  /** Same as `scheme === 'couchbases'`, spelled out for callers that only care about TLS. */
  tls: boolean;
  /** Bootstrap hosts in the order given. */
  hosts: ConnectionHost[];
  /** Bucket from the path (URL-decoded), `default` when there is none. */
  bucket: string;
  /** Query options: keys as given, values URL-decoded, the last occurrence of a key wins. */
  options: Record<string, string>;
}

/** Default KV ports per scheme. */
export const DEFAULT_KV_PORT = { couchbase: 11210, couchbases: 11207 } as const;

/** Default bucket when the string has no path. */
export const DEFAULT_BUCKET = 'default';

const HOST_MODES: readonly string[] = ['mcd', 'cccp', 'gcccp', 'http'] satisfies readonly ConnectionHostMode[];

/** The cluster manager's ports: a classic mistake, since the web console lives there. */
const MANAGEMENT_PORTS: readonly number[] = [8091, 18091];

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const BUCKET_NAME_RE = /^[A-Za-z0-9._%-]{1,100}$/;
// Deliberately loose (no IDN or label checks): the resolver gives the real verdict, this only
// catches characters that cannot be part of any host and would hide a parsing mistake.
const HOST_NAME_RE = /^[^\s[\]@/?#:=,;%]+$/;
const IPV6_RE = /^[0-9A-Fa-f:.]+(%[0-9A-Za-z._~-]+)?$/;
const CREDENTIAL_OPTION_RE = /pass|secret|token|credential/i;

/**
 * Parses a connection string into hosts, bucket and options.
 *
 * A string without a scheme is read as `couchbase://`. Hosts are separated by `,` (or `;`, for
 * backward compatibility); IPv6 addresses go in brackets. Ports default to 11210, or 11207 for
 * `couchbases://`.
 *
 * @throws ArgumentError for anything that is not a usable connection string: not a string, empty,
 * another scheme, no or empty hosts, bad ports, the management port 8091/18091, malformed
 * brackets, an invalid bucket name, bad percent-escapes, or credentials (`user:pass@host`). The
 * error's `context.connstr` holds the input with any password masked.
 */
export function parseConnectionString(connstr: string): ConnectionSpec {
  if (typeof connstr !== 'string') {
    throw new ArgumentError(`connection string must be a string, got ${describeType(connstr)}`, {
      context: { connstr: describeType(connstr) },
    });
  }
  const fail: Fail = (message, cause) => {
    throw new ArgumentError(`invalid connection string: ${message}`, {
      context: { connstr: redactConnectionString(connstr) },
      cause,
    });
  };
  let rest = connstr.trim();
  if (rest === '') fail('it is empty');

  let scheme: ConnectionSpec['scheme'] = 'couchbase';
  const schemeMatch = SCHEME_RE.exec(rest);
  if (schemeMatch !== null) {
    const given = (schemeMatch[1] ?? '').toLowerCase();
    if (given !== 'couchbase' && given !== 'couchbases') {
      fail(`unsupported scheme '${given}://'; only couchbase:// and couchbases:// are supported`);
    }
    scheme = given as ConnectionSpec['scheme'];
    rest = rest.slice(schemeMatch[0].length);
  }

  const queryAt = rest.indexOf('?');
  const query = queryAt < 0 ? '' : rest.slice(queryAt + 1);
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const pathAt = beforeQuery.indexOf('/');
  const hostPart = pathAt < 0 ? beforeQuery : beforeQuery.slice(0, pathAt);
  const bucketPart = pathAt < 0 ? '' : beforeQuery.slice(pathAt + 1);

  // Checked before the path is split off, so that a password containing '/' cannot leak into a
  // bucket-name message; the user-info part is never echoed.
  if (beforeQuery.includes('@')) {
    fail('it contains credentials ("…@host"); put the username and password in the options, not in the connection string');
  }
  if (hostPart.trim() === '') fail('no host given');

  const hosts = hostPart.split(/[,;]/).map((entry, index) => parseHost(entry.trim(), index, scheme, fail));

  let bucket = DEFAULT_BUCKET;
  if (bucketPart !== '') {
    bucket = decode(bucketPart, 'bucket name', fail);
    if (!BUCKET_NAME_RE.test(bucket)) {
      fail(`invalid bucket name '${bucket}': 1 to 100 characters of A-Z a-z 0-9 . _ % -`);
    }
  }

  return { scheme, tls: scheme === 'couchbases', hosts, bucket, options: parseOptions(query, fail) };
}

/**
 * Formats a spec back into its canonical connection string: default ports, the default bucket
 * and absent modes are left out, IPv6 hosts are bracketed, options keep their order. Options
 * whose name suggests a secret (`…pass…`, `…secret…`, `…token…`) are masked, so the result is
 * safe for logs and `toJSON`.
 */
export function formatConnectionString(spec: ConnectionSpec): string {
  const defaultPort = DEFAULT_KV_PORT[spec.scheme];
  const hosts = spec.hosts
    .map((h) => {
      const host = h.host.includes(':') ? `[${h.host.replace('%', '%25')}]` : h.host;
      const port = h.port === defaultPort ? '' : `:${h.port}`;
      return `${host}${port}${h.mode === undefined ? '' : `=${h.mode}`}`;
    })
    .join(',');
  const path = spec.bucket === DEFAULT_BUCKET ? '' : `/${encodeURIComponent(spec.bucket)}`;
  const query = Object.entries(spec.options)
    .map(([k, v]) => `${encodeURIComponent(k)}=${CREDENTIAL_OPTION_RE.test(k) ? '***' : encodeURIComponent(v)}`)
    .join('&');
  return `${spec.scheme}://${hosts}${path}${query === '' ? '' : `?${query}`}`;
}

type Fail = (message: string, cause?: unknown) => never;

function parseHost(entry: string, index: number, scheme: ConnectionSpec['scheme'], fail: Fail): ConnectionHost {
  if (entry === '') fail(`host #${index + 1} is empty (two separators in a row, or a separator at an end)`);

  let hostPort = entry;
  let mode: ConnectionHostMode | undefined;
  const modeAt = entry.indexOf('=');
  if (modeAt >= 0) {
    const given = entry.slice(modeAt + 1).toLowerCase();
    if (!HOST_MODES.includes(given)) {
      fail(`unknown mode '=${given}' on host '${entry.slice(0, modeAt)}'; expected =mcd, =cccp, =gcccp or =http`);
    }
    mode = given as ConnectionHostMode;
    hostPort = entry.slice(0, modeAt);
  }

  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) fail(`malformed IPv6 address '${hostPort}': missing ']'`);
    // A zone id is written `%25` in URLs (RFC 6874) but the socket layer wants a bare `%`.
    host = hostPort.slice(1, close).replace(/%25/, '%');
    const after = hostPort.slice(close + 1);
    if (host === '' || !host.includes(':') || !IPV6_RE.test(host)) {
      fail(`malformed IPv6 address '${hostPort}': brackets must hold an IPv6 address`);
    }
    if (after !== '') {
      if (!after.startsWith(':')) fail(`malformed host '${hostPort}': unexpected '${after}' after ']'`);
      portText = after.slice(1);
    }
  } else {
    if (hostPort.includes(']')) fail(`malformed host '${hostPort}': ']' without '['`);
    const colons = hostPort.split(':').length - 1;
    if (colons > 1) fail(`ambiguous host '${hostPort}': write IPv6 addresses in brackets, e.g. [::1]:11210`);
    const colonAt = hostPort.indexOf(':');
    host = colonAt < 0 ? hostPort : hostPort.slice(0, colonAt);
    if (colonAt >= 0) portText = hostPort.slice(colonAt + 1);
    if (host === '') fail(`host #${index + 1} ('${hostPort}') has no host name`);
    if (!HOST_NAME_RE.test(host)) fail(`invalid host name '${host}'`);
  }

  let port: number = DEFAULT_KV_PORT[scheme];
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) fail(`invalid port '${portText}' for host '${host}': expected a number from 1 to 65535`);
    port = Number(portText);
    if (port < 1 || port > 65535) fail(`port ${port} for host '${host}' is out of range 1-65535`);
    if (MANAGEMENT_PORTS.includes(port)) {
      fail(
        `port ${port} of host '${host}' is the cluster management (HTTP) port; connect to the KV port ` +
          `${DEFAULT_KV_PORT.couchbase} (${DEFAULT_KV_PORT.couchbases} for couchbases://) or leave the port out`,
      );
    }
  }
  return mode === undefined ? { host, port } : { host, port, mode };
}

function parseOptions(query: string, fail: Fail): Record<string, string> {
  // Null prototype: option names come from user input, and `__proto__` must stay a plain key.
  const options = Object.create(null) as Record<string, string>;
  if (query === '') return options;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), 'option name', fail);
    if (key === '') fail(`option '${pair}' has no name`);
    options[key] = eq < 0 ? '' : decode(pair.slice(eq + 1), `value of option '${key}'`, fail);
  }
  return options;
}

function decode(text: string, what: string, fail: Fail): string {
  try {
    // `+` means a space, as in gocbcore's url.ParseQuery and HTML forms.
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch (cause) {
    return fail(`malformed percent-escape in ${what}`, cause);
  }
}

/** Masks the user-info part of a connection string, so that error contexts never carry a password. */
function redactConnectionString(connstr: string): string {
  const text = connstr.trim();
  const m = SCHEME_RE.exec(text);
  const start = m === null ? 0 : m[0].length;
  const queryAt = text.indexOf('?', start);
  const at = text.lastIndexOf('@', queryAt < 0 ? text.length : queryAt);
  return at < start ? connstr : `${text.slice(0, start)}***${text.slice(at)}`;
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
