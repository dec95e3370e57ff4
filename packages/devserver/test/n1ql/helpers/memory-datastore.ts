/**
 * An in-memory Datastore for the SQL++ engine tests: a Map per keyspace with KV-like
 * CAS semantics, counters that show how much of a scan was consumed, and hooks that make
 * writes fail (to simulate concurrent modification).
 */
import type { Datastore, DocMeta, Keyspace, StoredValue, WriteResult } from '../../../src/n1ql/datastore';

interface Entry {
  json: string;
  meta: DocMeta;
}

/** A keyspace held in a Map. Values are stored as JSON text, so readers always get fresh copies. */
export class MemoryKeyspace implements Keyspace {
  readonly docs = new Map<string, Entry>();
  /** Documents handed out by scan iterators (summed over every scan). */
  scanned = 0;
  /** Scans started. */
  scans = 0;
  /** When set, replace() returns this failure instead of writing. */
  replaceFailure?: Extract<WriteResult, { ok: false }>;
  /** When set, remove() returns this failure instead of removing. */
  removeFailure?: Extract<WriteResult, { ok: false }>;
  #cas = 1000n;

  constructor(readonly name: string) {}

  #meta(id: string, flags = 0x02000006, expiration = 0): DocMeta {
    this.#cas += 1n;
    return { id, cas: this.#cas, expiration, flags, type: 'json' };
  }

  /** Stores a document directly (test setup). */
  put(id: string, value: unknown, meta?: Partial<DocMeta>): void {
    const m = this.#meta(id);
    this.docs.set(id, { json: JSON.stringify(value), meta: { ...m, ...meta, id } });
  }

  /** The current value of a document (test assertions). */
  value(id: string): unknown {
    const e = this.docs.get(id);
    return e === undefined ? undefined : JSON.parse(e.json);
  }

  *scan(): Iterable<StoredValue> {
    this.scans++;
    for (const e of this.docs.values()) {
      this.scanned++;
      yield { value: JSON.parse(e.json), meta: e.meta };
    }
  }

  get(id: string): StoredValue | undefined {
    const e = this.docs.get(id);
    return e === undefined ? undefined : { value: JSON.parse(e.json), meta: e.meta };
  }

  insert(id: string, value: unknown, expiration?: number): WriteResult {
    if (this.docs.has(id)) return { ok: false, reason: 'exists', message: `Duplicate Key: ${id}` };
    return this.upsert(id, value, expiration);
  }

  upsert(id: string, value: unknown, expiration?: number): WriteResult {
    const meta = this.#meta(id, 0x02000006, expiration ?? 0);
    this.docs.set(id, { json: JSON.stringify(value), meta });
    return { ok: true, meta };
  }

  replace(id: string, value: unknown, cas: bigint, expiration?: number): WriteResult {
    if (this.replaceFailure !== undefined) return this.replaceFailure;
    const e = this.docs.get(id);
    if (e === undefined) return { ok: false, reason: 'not_found', message: `Key not found: ${id}` };
    if (cas !== 0n && cas !== e.meta.cas) return { ok: false, reason: 'cas_mismatch', message: 'CAS mismatch' };
    return this.upsert(id, value, expiration);
  }

  remove(id: string, cas: bigint): WriteResult {
    if (this.removeFailure !== undefined) return this.removeFailure;
    const e = this.docs.get(id);
    if (e === undefined) return { ok: false, reason: 'not_found', message: `Key not found: ${id}` };
    if (cas !== 0n && cas !== e.meta.cas) return { ok: false, reason: 'cas_mismatch', message: 'CAS mismatch' };
    this.docs.delete(id);
    return { ok: true, meta: { ...e.meta, cas: this.#cas++ } };
  }
}

/** A datastore of MemoryKeyspaces. */
export class MemoryDatastore implements Datastore {
  readonly spaces = new Map<string, MemoryKeyspace>();

  /** Adds (or returns) a keyspace. */
  add(name: string): MemoryKeyspace {
    let ks = this.spaces.get(name);
    if (ks === undefined) {
      ks = new MemoryKeyspace(name);
      this.spaces.set(name, ks);
    }
    return ks;
  }

  keyspace(name: string): Keyspace | undefined {
    return this.spaces.get(name);
  }

  keyspaceNames(): string[] {
    return [...this.spaces.keys()];
  }
}
