/**
 * The index definitions of every keyspace. The dev cluster keeps no index data: an index
 * only decides whether a query may scan a keyspace (see index-planner.ts), which is what
 * applications notice when they forget to create one. Every index is online at once.
 */
import type { Expr } from './ast';
import { canonicalText } from './expression-text';
import { conjuncts } from './index-planner';

/** Name of a primary index created without a name. */
export const DEFAULT_PRIMARY_NAME = '#primary';

/** One index. */
export interface IndexDef {
  readonly name: string;
  readonly keyspace: string;
  readonly primary: boolean;
  readonly keys: readonly Expr[];
  /** Canonical, alias-free text of each key. */
  readonly keyTexts: readonly string[];
  /** The partial-index condition. */
  readonly where?: Expr;
  /** Canonical text of each conjunct of the condition. */
  readonly whereTexts: readonly string[];
  /** When the index was created (epoch ms). */
  readonly created: number;
}

/** Index definitions by keyspace and name. */
export class IndexCatalog {
  readonly #byKeyspace = new Map<string, Map<string, IndexDef>>();

  #indexes(keyspace: string): Map<string, IndexDef> {
    let m = this.#byKeyspace.get(keyspace);
    if (m === undefined) {
      m = new Map();
      this.#byKeyspace.set(keyspace, m);
    }
    return m;
  }

  /** Adds an index; false when the name is taken (or, for a primary index, one exists). */
  create(keyspace: string, name: string, primary: boolean, keys: readonly Expr[], where?: Expr): boolean {
    const m = this.#indexes(keyspace);
    if (m.has(name)) return false;
    const def: IndexDef = {
      name,
      keyspace,
      primary,
      keys,
      keyTexts: keys.map((k) => canonicalText(k, keyspace)),
      ...(where ? { where } : {}),
      whereTexts: where === undefined ? [] : conjuncts(where).map((c) => canonicalText(c, keyspace)),
      created: Date.now(),
    };
    m.set(name, def);
    return true;
  }

  /** Removes an index by name; false when there is none. */
  drop(keyspace: string, name: string): boolean {
    return this.#byKeyspace.get(keyspace)?.delete(name) ?? false;
  }

  /** The primary index of a keyspace, if any. */
  primary(keyspace: string): IndexDef | undefined {
    return this.list(keyspace).find((d) => d.primary);
  }

  /** The indexes of a keyspace. */
  list(keyspace: string): IndexDef[] {
    return [...(this.#byKeyspace.get(keyspace)?.values() ?? [])];
  }

  /** Every index. */
  all(): IndexDef[] {
    return [...this.#byKeyspace.values()].flatMap((m) => [...m.values()]);
  }
}
