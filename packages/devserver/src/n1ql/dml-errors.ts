/**
 * How a failed document write becomes the 12009 "DML Error" a real server reports, with
 * the `reason` clients classify (gocbcore / cxx): 17012 duplicate key, 17014 key not
 * found, 12033 CAS mismatch (test-fixtures/gocbcore/query_failure_*.json).
 */
import type { WriteResult } from './datastore';
import { QueryError } from './query-error';

/** The DML verb, for messages. */
export type DmlVerb = 'INSERT' | 'UPSERT' | 'UPDATE' | 'DELETE';

/** The 12009 error for a failed write of `key` in `keyspace`. */
export function dmlError(verb: DmlVerb, keyspace: string, key: string, failure: Extract<WriteResult, { ok: false }>): QueryError {
  const where = `Failed to perform ${verb} on key ${key}`;
  switch (failure.reason) {
    case 'exists':
      return new QueryError('DML', `DML Error, possible causes include concurrent modification. ${where} - cause: Duplicate Key: ${key}`, {
        reason: { code: 17012, key: 'dml.statement.duplicatekey', message: `Duplicate Key: ${key}` },
      });
    case 'not_found':
      return new QueryError('DML', `DML Error, possible causes include concurrent modification. ${where} - cause: Key not found: ${key}`, {
        reason: { code: 17014, key: 'datastore.couchbase.keynotfound', message: `Key not found: ${key}` },
      });
    case 'cas_mismatch':
      return new QueryError('DML', `DML Error, possible causes include CAS mismatch. ${where}`, {
        reason: { code: 12033, key: 'datastore.couchbase.CAS_mismatch', message: 'CAS mismatch', keyspace: `default:${keyspace}`, document_key: key },
      });
    case 'locked':
      return new QueryError('DML', `DML Error, possible causes include concurrent modification. ${where} - cause: ${failure.message}`, {
        reason: { keyspace: `default:${keyspace}`, document_key: key, mc_status: 'LOCKED', message: failure.message },
      });
  }
}
