/**
 * Prepared statements of one engine: PREPARE stores a statement under a name (given, or
 * generated UUID-style), EXECUTE and the `prepared` request field run it again (planned
 * afresh each time, so index changes are honoured as a real server re-prepares).
 */
import { randomUUID } from 'node:crypto';
import { QueryError } from './query-error';
import type { Statement } from './statement-ast';

/** One prepared statement. */
export interface PreparedEntry {
  readonly name: string;
  /** The prepared statement's own text (without PREPARE). */
  readonly text: string;
  /** The full PREPARE text it was created from. */
  readonly prepareText: string;
  readonly statement: Statement;
  /** The plan row PREPARE returned. */
  readonly planRow: Record<string, unknown>;
}

/** The prepared statements of an engine. */
export class PreparedCache {
  readonly #entries = new Map<string, PreparedEntry>();

  /** A fresh name for an unnamed PREPARE. */
  newName(): string {
    return randomUUID();
  }

  /** The entry called `name`; throws 4040 when there is none. */
  get(name: string): PreparedEntry {
    const e = this.#entries.get(name);
    if (e === undefined) throw new QueryError('NO_SUCH_PREPARED', `No such prepared statement: ${name}`);
    return e;
  }

  /** The entry called `name`, if any. */
  find(name: string): PreparedEntry | undefined {
    return this.#entries.get(name);
  }

  /**
   * Stores an entry. Re-preparing a name with the same text keeps the existing one; a
   * different text under a taken name is 4060, as on a real server.
   */
  add(entry: PreparedEntry): PreparedEntry {
    const old = this.#entries.get(entry.name);
    if (old !== undefined) {
      if (old.text === entry.text) return old;
      throw new QueryError('PREPARED_NAME', `Unable to add name: duplicate name: ${entry.name}`);
    }
    this.#entries.set(entry.name, entry);
    return entry;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
