/**
 * The KV connection handshake (sdk-rfcs 0048 "Memcached Connection Sequence",
 * protocol.md §3.3):
 *
 *   write 1: HELLO, SASL_LIST_MECHS, SASL_AUTH (optimistic: the preferred mechanism)
 *   [SASL_STEP … while the server says AUTH_CONTINUE; on AUTH_ERROR for a mechanism the
 *    server does not list, one more SASL_AUTH with the best one it does list]
 *   write 2: GET_ERROR_MAP (only if XERROR was acked), SELECT_BUCKET, GET_CLUSTER_CONFIG
 *
 * Pipelining the first three saves a round trip per connection; the official SDK does
 * the same. Not the hot path: plain promises are fine here.
 */
import { AuthError, BucketNotFoundError, ProtocolError } from '../errors/classes';
import { DATATYPE } from '../mcbp/datatype';
import { decodeFeatures, encodeFeatures, FEATURES } from '../mcbp/features';
import { OPCODES } from '../mcbp/opcodes';
import type { Packet } from '../mcbp/packet';
import { STATUS, statusName } from '../mcbp/status';
import { chooseMechanism, type SaslMechanism } from '../sasl/mechanisms';
import { plainAuthPayload } from '../sasl/plain';
import { ScramClient } from '../sasl/scram-client';
import { parseErrorMap, type ErrorMap } from './error-map';
import type { KvConnection } from './kv-connection';

/** What the client asks for in HELLO, in order. */
export const CLIENT_FEATURES: readonly number[] = [
  FEATURES.TCPNODELAY,
  FEATURES.MUTATION_SEQNO,
  FEATURES.XATTR,
  FEATURES.XERROR,
  FEATURES.SELECT_BUCKET,
  FEATURES.JSON,
  FEATURES.ALT_REQUEST_SUPPORT,
];

/** Username and password; the password never leaves this object except into SASL. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Handshake parameters. */
export interface HandshakeOptions {
  /** HELLO key: the user agent (JSON form, ≤ 250 bytes). */
  userAgent: string;
  features?: readonly number[];
  credentials: Credentials;
  /** Force a SASL mechanism (otherwise SCRAM on plain TCP, PLAIN on TLS). */
  saslMechanism?: SaslMechanism;
  tls: boolean;
  /** Bucket to select; none for a cluster-level connection. */
  bucket?: string;
  /** Also fetch the cluster config (GET_CLUSTER_CONFIG). */
  fetchConfig: boolean;
  /** Salted-password cache shared by the connections of one bucket (PBKDF2 is slow). */
  scramCache: Map<string, Buffer>;
}

/** What the handshake learned. */
export interface HandshakeResult {
  features: ReadonlySet<number>;
  mechanism: string;
  errorMap: ErrorMap | undefined;
  /** Raw config JSON, when fetched and the server had one. */
  config: Buffer | undefined;
}

function valueText(p: Packet): string {
  return p.value.toString('utf8');
}

/** The server's text for a failure, trimmed (bodies can be enhanced-error JSON). */
function failureDetail(p: Packet): string {
  const text = valueText(p).slice(0, 200);
  return text === '' ? statusName(p.status) : `${statusName(p.status)}: ${text}`;
}

/** Runs the whole handshake on an open connection. Rejects with AuthError, BucketNotFoundError, ProtocolError or a network error. */
export async function handshake(conn: KvConnection, options: HandshakeOptions): Promise<HandshakeResult> {
  const ctx = { node: conn.endpoint, bucket: options.bucket };
  const { username } = options.credentials;

  const helloP = conn.request({ opcode: OPCODES.HELLO, key: options.userAgent, value: encodeFeatures(options.features ?? CLIENT_FEATURES) });
  const mechsP = conn.request({ opcode: OPCODES.SASL_LIST_MECHS });
  let mechanism = chooseMechanism(undefined, { tls: options.tls, forced: options.saslMechanism });
  let auth = startAuth(conn, mechanism, options);
  // Keep rejections of the later promises handled if an earlier await throws.
  mechsP.catch(() => undefined);
  auth.response.catch(() => undefined);

  const hello = await helloP;
  if (hello.status !== STATUS.SUCCESS) {
    throw new ProtocolError(`HELLO failed on ${conn.endpoint}: ${failureDetail(hello)}`, { context: { ...ctx, status: statusName(hello.status) } });
  }
  const features = new Set(decodeFeatures(hello.value));
  conn.features = features;

  const mechsPacket = await mechsP;
  const offered = mechsPacket.status === STATUS.SUCCESS ? valueText(mechsPacket).split(/\s+/).filter(Boolean) : undefined;

  let response = await auth.response;
  if (response.status === STATUS.AUTH_ERROR && options.saslMechanism === undefined && offered !== undefined && !offered.includes(mechanism)) {
    // Our optimistic choice is not offered: retry once with the best the server lists.
    mechanism = chooseMechanism(offered, { tls: options.tls });
    auth = startAuth(conn, mechanism, options);
    response = await auth.response;
  }
  while (response.status === STATUS.AUTH_CONTINUE && auth.scram !== undefined) {
    const final = await auth.scram.clientFinal(valueText(response));
    response = await conn.request({ opcode: OPCODES.SASL_STEP, key: mechanism, value: final });
  }
  if (response.status !== STATUS.SUCCESS) {
    throw new AuthError(`Authentication failed for user '${username}' on ${conn.endpoint} (${mechanism}): ${statusName(response.status)}`, {
      rc: response.status,
      context: { ...ctx, status: statusName(response.status), mechanism },
    });
  }
  if (auth.scram !== undefined) auth.scram.verifyServerFinal(valueText(response));

  const errorMapP = features.has(FEATURES.XERROR) ? conn.request({ opcode: OPCODES.GET_ERROR_MAP, value: Buffer.from([0x00, 0x02]) }) : undefined;
  const selectP = options.bucket !== undefined ? conn.request({ opcode: OPCODES.SELECT_BUCKET, key: options.bucket }) : undefined;
  const configP = options.fetchConfig ? conn.request({ opcode: OPCODES.GET_CLUSTER_CONFIG }) : undefined;
  errorMapP?.catch(() => undefined);
  selectP?.catch(() => undefined);
  configP?.catch(() => undefined);

  let errorMap: ErrorMap | undefined;
  if (errorMapP !== undefined) {
    const p = await errorMapP;
    if (p.status === STATUS.SUCCESS) errorMap = parseErrorMap(p.value);
  }
  if (selectP !== undefined) {
    const p = await selectP;
    if (p.status !== STATUS.SUCCESS) {
      throw new BucketNotFoundError(
        `Bucket '${options.bucket}' was not found on ${conn.endpoint}, or user '${username}' may not access it (${statusName(p.status)})`,
        { rc: p.status, context: { ...ctx, status: statusName(p.status) } },
      );
    }
  }
  let config: Buffer | undefined;
  if (configP !== undefined) {
    const p = await configP;
    if (p.status === STATUS.SUCCESS && p.valueLength > 0) config = Buffer.from(p.value);
    else if (p.status !== STATUS.SUCCESS && options.bucket !== undefined) {
      throw new ProtocolError(`GET_CLUSTER_CONFIG failed on ${conn.endpoint}: ${failureDetail(p)}`, { rc: p.status, context: { ...ctx, status: statusName(p.status) } });
    }
  }
  return { features, mechanism, errorMap, config };
}

interface AuthStart {
  response: Promise<Packet>;
  scram: ScramClient | undefined;
}

function startAuth(conn: KvConnection, mechanism: SaslMechanism, options: HandshakeOptions): AuthStart {
  const { username, password } = options.credentials;
  if (mechanism === 'PLAIN') {
    return { response: conn.request({ opcode: OPCODES.SASL_AUTH, key: mechanism, value: plainAuthPayload(username, password) }), scram: undefined };
  }
  const scram = new ScramClient(mechanism, username, password, { saltedPasswordCache: options.scramCache });
  return { response: conn.request({ opcode: OPCODES.SASL_AUTH, key: mechanism, value: scram.clientFirst() }), scram };
}

/** The JSON user agent sent as the HELLO key (sdk-rfcs 0047), clipped to 250 bytes. */
export function userAgentKey(clientId: string, connectionId: number): string {
  const agent = `couchts/0.1.0 (node/${process.versions.node}; ${process.platform}/${process.arch})`;
  const key = JSON.stringify({ a: agent, i: `${clientId}/${connectionId.toString(16).padStart(16, '0')}` });
  return Buffer.byteLength(key) <= 250 ? key : JSON.stringify({ a: 'couchts/0.1.0', i: clientId.slice(0, 32) });
}

/** Datatype to send with a JSON value on a connection (the JSON bit only when negotiated). */
export function jsonDatatype(features: ReadonlySet<number>): number {
  return features.has(FEATURES.JSON) ? DATATYPE.JSON : 0;
}
