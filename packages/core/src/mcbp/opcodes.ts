/**
 * Client opcodes (kv_engine include/mcbp/protocol/opcode.h, cross-checked with gocbcore
 * memd/cmdcode.go). Only the ones an SDK or our dev cluster use are listed.
 *
 * Traps: GET_REPLICA is 0x83 (0x82 is SET_PARAM); there is no client opcode 0x84.
 */
export const OPCODES = {
  GET: 0x00,
  SET: 0x01,
  ADD: 0x02,
  REPLACE: 0x03,
  DELETE: 0x04,
  INCREMENT: 0x05,
  DECREMENT: 0x06,
  QUIT: 0x07,
  FLUSH: 0x08,
  GETQ: 0x09,
  NOOP: 0x0a,
  VERSION: 0x0b,
  GETK: 0x0c,
  GETKQ: 0x0d,
  APPEND: 0x0e,
  PREPEND: 0x0f,
  STAT: 0x10,
  TOUCH: 0x1c,
  GAT: 0x1d,
  GATQ: 0x1e,
  HELLO: 0x1f,
  SASL_LIST_MECHS: 0x20,
  SASL_AUTH: 0x21,
  SASL_STEP: 0x22,
  GET_REPLICA: 0x83,
  SELECT_BUCKET: 0x89,
  OBSERVE_SEQNO: 0x91,
  OBSERVE: 0x92,
  EVICT_KEY: 0x93,
  GET_LOCKED: 0x94,
  UNLOCK_KEY: 0x95,
  GET_FAILOVER_LOG: 0x96,
  GET_META: 0xa0,
  GET_CLUSTER_CONFIG: 0xb5,
  GET_RANDOM_KEY: 0xb6,
  COLLECTIONS_GET_MANIFEST: 0xba,
  COLLECTIONS_GET_ID: 0xbb,
  COLLECTIONS_GET_SCOPE_ID: 0xbc,
  SUBDOC_GET: 0xc5,
  SUBDOC_EXISTS: 0xc6,
  SUBDOC_DICT_ADD: 0xc7,
  SUBDOC_DICT_UPSERT: 0xc8,
  SUBDOC_DELETE: 0xc9,
  SUBDOC_REPLACE: 0xca,
  SUBDOC_ARRAY_PUSH_LAST: 0xcb,
  SUBDOC_ARRAY_PUSH_FIRST: 0xcc,
  SUBDOC_ARRAY_INSERT: 0xcd,
  SUBDOC_ARRAY_ADD_UNIQUE: 0xce,
  SUBDOC_COUNTER: 0xcf,
  SUBDOC_MULTI_LOOKUP: 0xd0,
  SUBDOC_MULTI_MUTATION: 0xd1,
  SUBDOC_GET_COUNT: 0xd2,
  SUBDOC_REPLACE_BODY_WITH_XATTR: 0xd3,
  GET_ERROR_MAP: 0xfe,
} as const;

/** Name of an opcode in {@link OPCODES}. */
export type OpcodeName = keyof typeof OPCODES;
/** Numeric value of an opcode in {@link OPCODES}. */
export type Opcode = (typeof OPCODES)[OpcodeName];

/** Server-initiated opcodes (magic 0x82), only after HELLO DUPLEX. */
export const SERVER_OPCODES = {
  CLUSTERMAP_CHANGE_NOTIFICATION: 0x01,
  AUTHENTICATE: 0x02,
  ACTIVE_EXTERNAL_USERS: 0x03,
  GET_AUTHORIZATION: 0x04,
} as const;

const opcodeNames: string[] = [];
for (const [name, code] of Object.entries(OPCODES)) opcodeNames[code] = name;

/** Human-readable name of an opcode, for errors and logs (`0x42` when unknown). */
export function opcodeName(opcode: number): string {
  return opcodeNames[opcode] ?? `0x${opcode.toString(16).padStart(2, '0')}`;
}
