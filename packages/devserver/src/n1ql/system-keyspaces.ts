/**
 * The read-only `system:keyspaces` and `system:indexes` catalogs (a subset of the real
 * fields), so tools that list buckets or check for an index before creating it work.
 */
import type { Datastore, Keyspace, StoredValue, WriteResult } from './datastore';
import { exprText } from './expression-text';
import type { IndexCatalog, IndexDef } from './index-catalog';

const READ_ONLY: WriteResult = { ok: false, reason: 'not_found', message: 'system keyspaces are read-only' };

function virtualKeyspace(name: string, rows: () => { id: string; value: unknown }[]): Keyspace {
  const toStored = (r: { id: string; value: unknown }): StoredValue => ({ value: r.value, meta: { id: r.id, cas: 0n, expiration: 0, flags: 0, type: 'json' } });
  return {
    name,
    scan: () => rows().map(toStored),
    get: (id) => {
      const r = rows().find((x) => x.id === id);
      return r === undefined ? undefined : toStored(r);
    },
    insert: () => READ_ONLY,
    upsert: () => READ_ONLY,
    replace: () => READ_ONLY,
    remove: () => READ_ONLY,
  };
}

function indexRow(d: IndexDef): { id: string; value: unknown } {
  const value: Record<string, unknown> = {
    datastore_id: 'http://127.0.0.1:8091',
    id: `${d.keyspace}:${d.name}`,
    index_key: d.keys.map(exprText),
    keyspace_id: d.keyspace,
    name: d.name,
    namespace_id: 'default',
    state: 'online',
    using: 'gsi',
  };
  if (d.primary) value.is_primary = true;
  if (d.where !== undefined) value.condition = exprText(d.where);
  return { id: String(value.id), value };
}

/** The `system` namespace keyspace called `name`, if it is one of the supported catalogs. */
export function systemKeyspace(name: string, datastore: Datastore, catalog: IndexCatalog): Keyspace | undefined {
  switch (name) {
    case 'keyspaces':
      return virtualKeyspace('keyspaces', () =>
        datastore.keyspaceNames().map((ks) => ({
          id: ks,
          value: { datastore_id: 'http://127.0.0.1:8091', id: ks, name: ks, namespace_id: 'default', path: `default:${ks}` },
        })),
      );
    case 'indexes':
      return virtualKeyspace('indexes', () => catalog.all().map(indexRow));
    default:
      return undefined;
  }
}
