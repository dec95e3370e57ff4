/**
 * Key-value operations with async/await — the seeds' acouchbase example:
 *
 *   cb = Bucket('couchbase://localhost/default')
 *   await cb.connect()
 *   await cb.upsert('id', {'some': 'value'})
 *   return await cb.get('id')
 *
 * plus the rest of the KV API: CAS, insert/replace, counters, locks, expiry, multi
 * operations, quiet reads and typed errors.
 */
import { Bucket, KeyExistsError, NotFoundError } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

export async function main(): Promise<void> {
  const conn = await connection();
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    await cb.connect();
    await cb.upsert('id', { some: 'value' });
    const rv = await cb.get('id');
    console.log('get(id) →', rv.value);

    // Optimistic locking with CAS: replace only if nobody changed the document since.
    const current = await cb.get<{ some: string; visits?: number }>('id');
    await cb.replace('id', { ...current.value, visits: 1 }, { cas: current.cas });
    try {
      await cb.replace('id', { stale: true }, { cas: current.cas });
    } catch (err) {
      if (err instanceof KeyExistsError) console.log('stale CAS refused:', err.message);
      else throw err;
    }

    // insert fails if the document exists.
    await cb.insert('user:1', { name: 'Ada' }).catch((err: Error) => console.log('insert:', err.name));
    await cb.remove('user:1').catch(() => undefined);
    await cb.insert('user:1', { name: 'Ada' });
    console.log('inserted user:1');

    // Counters: created with `initial`, then incremented or decremented.
    await cb.remove('page:views').catch(() => undefined);
    const views = await cb.counter('page:views', { initial: 100 });
    const more = await cb.counter('page:views', { delta: 5 });
    console.log('counter:', views.value, '→', more.value);

    // Pessimistic locking: lock, then mutate with the lock's CAS (which releases it).
    const locked = await cb.lock<{ name: string }>('user:1', { ttl: 5 });
    await cb.replace('user:1', { name: 'Ada Lovelace' }, { cas: locked.cas });
    console.log('updated under lock:', (await cb.get('user:1')).value);

    // Expiry in seconds.
    await cb.upsert('session:42', { user: 1 }, { ttl: 60 });
    await cb.touch('session:42', { ttl: 120 });

    // Multi operations resolve to a MultiResult (a Map of key → result).
    await cb.upsertMulti({ 'color:1': 'red', 'color:2': 'green', 'color:3': 'blue' });
    const colors = await cb.getMulti(['color:1', 'color:2', 'color:3']);
    console.log('getMulti:', [...colors].map(([key, r]) => `${key}=${String(r.value)}`).join(', '), 'allOk:', colors.allOk);

    // A missing key is a NotFoundError, or an unsuccessful result with quiet.
    try {
      await cb.get('no-such-key');
    } catch (err) {
      if (err instanceof NotFoundError) console.log('get(no-such-key):', err.name, `(rc ${err.rc})`);
    }
    const quiet = await cb.get('no-such-key', { quiet: true });
    console.log('quiet get: success =', quiet.success);
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
