/**
 * HELLO feature codes (kv_engine include/mcbp/protocol/feature.h = gocbcore
 * memd/constants.go = cxx hello_feature.hxx). The list commonly quoted elsewhere is
 * shifted by several entries; these values are verified against three sources.
 */
export const FEATURES = {
  DATATYPE: 0x01,
  TLS: 0x02,
  TCPNODELAY: 0x03,
  MUTATION_SEQNO: 0x04,
  TCPDELAY: 0x05,
  XATTR: 0x06,
  XERROR: 0x07,
  SELECT_BUCKET: 0x08,
  SNAPPY: 0x0a,
  JSON: 0x0b,
  DUPLEX: 0x0c,
  CLUSTERMAP_CHANGE_NOTIFICATION: 0x0d,
  UNORDERED_EXECUTION: 0x0e,
  TRACING: 0x0f,
  ALT_REQUEST_SUPPORT: 0x10,
  SYNC_REPLICATION: 0x11,
  COLLECTIONS: 0x12,
  SNAPPY_EVERYWHERE: 0x13,
  PRESERVE_TTL: 0x14,
  VATTR: 0x15,
  POINT_IN_TIME_RECOVERY: 0x16,
  SUBDOC_CREATE_AS_DELETED: 0x17,
  SUBDOC_DOCUMENT_MACRO_SUPPORT: 0x18,
  SUBDOC_REPLACE_BODY_WITH_XATTR: 0x19,
  REPORT_UNIT_USAGE: 0x1a,
  NON_BLOCKING_THROTTLING: 0x1b,
  SUBDOC_REPLICA_READ: 0x1c,
  GET_CLUSTER_CONFIG_WITH_KNOWN_VERSION: 0x1d,
  DEDUPE_NOT_MY_VBUCKET_CLUSTERMAP: 0x1e,
  CLUSTERMAP_CHANGE_NOTIFICATION_BRIEF: 0x1f,
} as const;

/** Name of a HELLO feature. */
export type FeatureName = keyof typeof FEATURES;

const featureNames: string[] = [];
for (const [name, code] of Object.entries(FEATURES)) featureNames[code] = name;

/** Human-readable name of a feature code (`0x42` when unknown). */
export function featureName(code: number): string {
  return featureNames[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** Encodes a HELLO request value: N × u16 feature codes. */
export function encodeFeatures(features: readonly number[]): Uint8Array {
  const out = new Uint8Array(features.length * 2);
  const view = new DataView(out.buffer);
  features.forEach((f, i) => view.setUint16(i * 2, f));
  return out;
}

/** Decodes a HELLO value (request or response) into its feature codes; an odd trailing byte is ignored. */
export function decodeFeatures(value: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  for (let i = 0; i + 1 < value.byteLength; i += 2) out.push(view.getUint16(i));
  return out;
}
