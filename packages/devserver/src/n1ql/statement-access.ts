/**
 * What a statement needs the right to do, keyspace by keyspace — checked before it runs,
 * as the real query service checks privileges before execution (so a denied statement
 * fails with 401 before any row, and writes nothing). The target of a DML or DDL
 * statement needs that statement's right; every other keyspace it names (FROM clauses,
 * subqueries, anywhere in the tree) needs SELECT. The `system` namespace is open to all.
 */
import type { AccessKind } from './engine';
import type { KeyspaceRef, Statement } from './statement-ast';

/** One right a statement needs. */
export interface AccessNeed {
  readonly keyspace: string;
  readonly kind: AccessKind;
}

const TARGET_KINDS: Partial<Record<Statement['kind'], AccessKind>> = {
  insert: 'INSERT',
  upsert: 'UPSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  create_index: 'CREATE_INDEX',
  drop_index: 'DROP_INDEX',
};

function isKeyspaceRef(v: unknown): v is KeyspaceRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.namespace === 'string' && typeof r.name === 'string' && typeof r.offset === 'number' && Object.keys(r).length === 3;
}

/** The rights `statement` needs (duplicates removed). */
export function accessNeeds(statement: Statement): AccessNeed[] {
  const needs = new Map<string, AccessNeed>();
  const add = (ref: KeyspaceRef, kind: AccessKind): void => {
    if (ref.namespace !== 'default') return;
    needs.set(`${ref.name}\u0000${kind}`, { keyspace: ref.name, kind });
  };
  const target = TARGET_KINDS[statement.kind] !== undefined ? (statement as { keyspace: KeyspaceRef }).keyspace : undefined;
  if (target !== undefined) add(target, TARGET_KINDS[statement.kind]!);
  // The AST is a plain tree of objects and arrays: a generic walk finds every keyspace
  // reference, however deeply a subquery nests it.
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (isKeyspaceRef(node)) {
      if (node !== target) add(node, 'SELECT');
      return;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
  };
  walk(statement);
  return [...needs.values()];
}
