/**
 * `defer`: converting a raw AsyncResult into a Promise — the seeds' txcouchbase idiom
 *
 *   opres = cb.set("foo", "bar")
 *   d = cb.defer(opres)
 *   d.addCallback(on_ok)   # prints "Result OK. Cas: ..."
 *
 * Useful when code holds the raw core bucket (for speed, or a custom IOPS) and wants to
 * await one operation.
 */
import { Bucket, defer } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

export async function main(): Promise<void> {
  const conn = await connection();
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    const opres = cb.core.upsert('foo', 'bar', { format: 'utf8' });
    const res = await defer(opres);
    console.log(`Result OK. Cas: ${res.cas}`);
    const value = await defer(cb.core.get('foo'));
    console.log('Value is', value.value);
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
