/**
 * Connection-level commands: HELLO, SASL, SELECT_BUCKET, GET_ERROR_MAP,
 * GET_CLUSTER_CONFIG, collections lookups, NOOP, VERSION.
 */
import { decodeFeatures, DATATYPE, encodeFeatures, FEATURES, OPCODES, STATUS, type Packet } from '@couchts/core/internal';
import { bucketConfig, clusterConfig } from '../../cluster/config-json';
import { errorMapJson } from '../error-map';
import type { Handler, KvSession } from '../session';

/** Features the dev cluster implements, in the order they are acknowledged. */
export const SERVER_FEATURES: ReadonlySet<number> = new Set([
  FEATURES.TCPNODELAY,
  FEATURES.MUTATION_SEQNO,
  FEATURES.XATTR,
  FEATURES.XERROR,
  FEATURES.SELECT_BUCKET,
  FEATURES.JSON,
  FEATURES.ALT_REQUEST_SUPPORT,
  FEATURES.COLLECTIONS,
  FEATURES.PRESERVE_TTL,
  FEATURES.GET_CLUSTER_CONFIG_WITH_KNOWN_VERSION,
]);

/** Version string served by VERSION. */
export const SERVER_VERSION = '7.6.0-couchts-dev';

const hello: Handler = (s, p) => {
  if (p.valueLength % 2 !== 0) {
    s.reply(p, { status: STATUS.EINVAL, value: 'Invalid HELLO value' });
    return;
  }
  // Every HELLO starts from nothing (kv_engine resets features first).
  const requested = decodeFeatures(p.value);
  const acked: number[] = [];
  for (const f of requested) if (SERVER_FEATURES.has(f) && !acked.includes(f)) acked.push(f);
  s.features = new Set(acked);
  s.agent = p.key.toString('utf8').slice(0, 250);
  s.reply(p, { value: encodeFeatures(acked) });
};

const listMechs: Handler = (s, p) => {
  s.reply(p, { value: s.sasl.listMechanisms(s.tls) });
};

function saslReply(s: KvSession, p: Packet, step: { status: string; payload: Buffer; username?: string }): void {
  if (step.status === 'success') {
    s.user = step.username;
    s.reply(p, { value: step.payload });
  } else if (step.status === 'continue') {
    s.reply(p, { status: STATUS.AUTH_CONTINUE, value: step.payload });
  } else {
    s.user = undefined;
    s.bucket = undefined;
    s.reply(p, { status: STATUS.AUTH_ERROR, value: 'Auth failure' });
  }
}

const saslAuth: Handler = async (s, p) => {
  // A new exchange drops whatever the connection was authenticated (and selected) as.
  s.user = undefined;
  s.bucket = undefined;
  saslReply(s, p, await s.sasl.start(p.key.toString('utf8'), Buffer.from(p.value)));
};

const saslStep: Handler = async (s, p) => {
  saslReply(s, p, await s.sasl.step(p.key.toString('utf8'), Buffer.from(p.value)));
};

const selectBucket: Handler = (s, p) => {
  const name = p.key.toString('utf8');
  // Whatever happens next, the previously selected bucket is gone (as in kv_engine).
  s.bucket = undefined;
  if (s.user === undefined) {
    s.fail(p, STATUS.EACCESS);
    return;
  }
  if (name === '@no bucket@') {
    s.reply(p);
    return;
  }
  const bucket = s.model.buckets.get(name);
  // A missing bucket and a forbidden one look the same, as on a real server.
  if (bucket === undefined || !s.model.users.canAccessBucket(s.user, name)) {
    s.fail(p, STATUS.EACCESS);
    return;
  }
  s.bucket = bucket;
  s.reply(p);
};

const getErrorMap: Handler = (s, p) => {
  // The value is the highest map version the client understands (u16, at least 1).
  const version = p.valueLength === 2 ? p.value.readUInt16BE(0) : 0;
  if (version === 0) {
    s.reply(p, { status: STATUS.EINVAL, value: 'Expected a 2-byte error map version' });
    return;
  }
  s.reply(p, { value: errorMapJson(version), datatype: s.has(FEATURES.JSON) ? DATATYPE.JSON : 0 });
};

const getClusterConfig: Handler = (s, p) => {
  if (p.extrasLength !== 0 && p.extrasLength !== 16) {
    s.reply(p, { status: STATUS.EINVAL, value: 'Invalid extras' });
    return;
  }
  if (s.user === undefined) {
    s.fail(p, STATUS.EACCESS);
    return;
  }
  // With {epoch, rev} extras the client says what it has: an empty success means "not newer".
  if (p.extrasLength === 16) {
    const epoch = p.extras.readBigInt64BE(0);
    const rev = p.extras.readBigInt64BE(8);
    const m = s.model;
    if (BigInt(m.revEpoch) < epoch || (BigInt(m.revEpoch) === epoch && BigInt(m.rev) <= rev)) {
      s.reply(p);
      return;
    }
  }
  const config = s.bucket !== undefined ? bucketConfig(s.model, s.bucket, s.host.node.index) : clusterConfig(s.model, s.host.node.index);
  s.reply(p, { value: JSON.stringify(config), datatype: s.has(FEATURES.JSON) ? DATATYPE.JSON : 0 });
};

/** The default collection only: `_default._default`, `._default` or `.`. */
function isDefaultCollection(path: string): boolean | 'unknown-scope' {
  const [scope = '', collection = ''] = path.split('.');
  if (scope !== '' && scope !== '_default') return 'unknown-scope';
  return collection === '' || collection === '_default';
}

const getCollectionId: Handler = (s, p) => {
  if (s.bucket === undefined) {
    s.fail(p, STATUS.NO_BUCKET);
    return;
  }
  const path = (p.valueLength > 0 ? p.value : p.key).toString('utf8');
  const known = isDefaultCollection(path);
  if (known !== true) {
    s.fail(p, known === 'unknown-scope' ? STATUS.UNKNOWN_SCOPE : STATUS.UNKNOWN_COLLECTION, JSON.stringify({ manifest_uid: '0' }), s.has(FEATURES.JSON) ? DATATYPE.JSON : 0);
    return;
  }
  const extras = Buffer.alloc(12);
  extras.writeUInt32BE(0, 8);
  s.reply(p, { extras });
};

const getManifest: Handler = (s, p) => {
  if (s.bucket === undefined) {
    s.fail(p, STATUS.NO_BUCKET);
    return;
  }
  const manifest = { uid: '0', scopes: [{ name: '_default', uid: '0', collections: [{ name: '_default', uid: '0' }] }] };
  s.reply(p, { value: JSON.stringify(manifest), datatype: s.has(FEATURES.JSON) ? DATATYPE.JSON : 0 });
};

/** Handshake and connection-level handlers by opcode. */
export const HANDSHAKE_HANDLERS: ReadonlyArray<[number, Handler]> = [
  [OPCODES.HELLO, hello],
  [OPCODES.SASL_LIST_MECHS, listMechs],
  [OPCODES.SASL_AUTH, saslAuth],
  [OPCODES.SASL_STEP, saslStep],
  [OPCODES.SELECT_BUCKET, selectBucket],
  [OPCODES.GET_ERROR_MAP, getErrorMap],
  [OPCODES.GET_CLUSTER_CONFIG, getClusterConfig],
  [OPCODES.COLLECTIONS_GET_ID, getCollectionId],
  [OPCODES.COLLECTIONS_GET_MANIFEST, getManifest],
  [OPCODES.NOOP, (s, p) => s.reply(p)],
  [OPCODES.VERSION, (s, p) => s.reply(p, { value: SERVER_VERSION })],
];
