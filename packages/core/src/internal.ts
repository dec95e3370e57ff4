/**
 * @couchts/core/internal — pieces shared with the dev cluster and the tests: the pure
 * mcbp codec, the status table, routing helpers, SASL primitives, and the deterministic
 * VirtualIOPS. Not a stable public API.
 * @packageDocumentation
 */
export * from './mcbp/magic';
export * from './mcbp/opcodes';
export * from './mcbp/status';
export * from './mcbp/features';
export * from './mcbp/datatype';
export * from './mcbp/header';
export * from './mcbp/packet';
export * from './mcbp/frame-decoder';
export * from './mcbp/frame-info';
export * from './mcbp/extras';
export * from './mcbp/leb128';
export * from './routing/crc32';
export * from './routing/cluster-config';
export * from './routing/connection-string';
export * from './sasl/scram-primitives';
export * from './sasl/mechanisms';
export { ScramClient } from './sasl/scram-client';
export { plainAuthPayload } from './sasl/plain';
export * from './transcoding/formats';
export { parseErrorMap, type ErrorMap, type ErrorMapEntry } from './connection/error-map';
export { VirtualIOPS, type VirtualListener, type VirtualServerSocket, type VirtualIOPSOptions } from './iops/virtual-iops';
export { ArgumentError, ProtocolError } from './errors/classes';
