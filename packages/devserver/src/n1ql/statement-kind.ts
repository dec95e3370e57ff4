/**
 * Which statements write: DML changes documents and DDL changes indexes; both are
 * refused on read-only requests (1000) and on GET requests.
 */
import type { Statement } from './statement-ast';

/** Request types a prepared plan reports (`reqType`), by statement kind. */
export const REQUEST_TYPES = {
  select: 'SELECT',
  insert: 'INSERT',
  upsert: 'UPSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  create_index: 'CREATE_INDEX',
  drop_index: 'DROP_INDEX',
  prepare: 'PREPARE',
  execute: 'EXECUTE',
  explain: 'EXPLAIN',
} as const;

/** True when running `st` changes data or indexes (EXECUTE is judged by what it runs, elsewhere). */
export function isWriteStatement(st: Statement): boolean {
  switch (st.kind) {
    case 'insert':
    case 'upsert':
    case 'update':
    case 'delete':
    case 'create_index':
    case 'drop_index':
      return true;
    case 'prepare':
    case 'explain':
      return false;
    case 'select':
    case 'execute':
      return false;
  }
}
