/**
 * What the SQL++ engine needs from the data it queries: keyspaces (buckets) holding
 * documents with their metadata, read by scan or key and written with KV semantics.
 * The dev cluster implements this over its store (query/keyspace-adapter.ts); tests use
 * an in-memory map. Keeping the engine behind this interface means it never touches
 * vBuckets, replication or the wire.
 */

/** Metadata of a document, as META() shows it. */
export interface DocMeta {
  id: string;
  cas: bigint;
  /** Absolute Unix seconds, 0 = none. */
  expiration: number;
  flags: number;
  type: 'json' | 'base64';
}

/** A document as the engine reads it. */
export interface StoredValue {
  /** Parsed JSON document; for non-JSON documents a base64 string. */
  value: unknown;
  meta: DocMeta;
}

/** Outcome of a write through a keyspace. */
export type WriteResult =
  | { ok: true; meta: DocMeta }
  | { ok: false; reason: 'exists' | 'not_found' | 'cas_mismatch' | 'locked'; message: string };

/** One keyspace (a bucket's default collection). */
export interface Keyspace {
  readonly name: string;
  /** Every live document (a fresh iterator each call), in any order. */
  scan(): Iterable<StoredValue>;
  /** One live document, or undefined. */
  get(id: string): StoredValue | undefined;
  /** Creates a document; fails with `exists` when the key is taken. */
  insert(id: string, value: unknown, expiration?: number): WriteResult;
  /** Creates or replaces a document. */
  upsert(id: string, value: unknown, expiration?: number): WriteResult;
  /** Replace only if the current CAS equals `cas` (0n = whatever it is). */
  replace(id: string, value: unknown, cas: bigint, expiration?: number): WriteResult;
  /** Removes a document if its CAS equals `cas` (0n = whatever it is). */
  remove(id: string, cas: bigint): WriteResult;
}

/** Every keyspace the engine can see. */
export interface Datastore {
  /** The keyspace called `name`, or undefined when there is none. */
  keyspace(name: string): Keyspace | undefined;
  /** Names of every keyspace. */
  keyspaceNames(): string[];
}
