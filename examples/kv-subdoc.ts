/**
 * Sub-documents and cancellation: read and change parts of a document without moving
 * all of it (lookupIn / mutateIn with the SD helpers), then an operation cancelled with an
 * AbortSignal, and `await using` closing the bucket at the end of the scope.
 */
import { Bucket, SD, SubdocPathNotFoundError } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

export async function main(): Promise<void> {
  const conn = await connection();
  try {
    await using bucket = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
    await bucket.upsert('user::ada', { name: 'Ada', email: 'ada@example.com', tags: ['math'], visits: 0 });

    const r = await bucket.lookupIn('user::ada', SD.get('name'), SD.exists('phone'), SD.getCount('tags'));
    console.log(`name=${String(r.get('name'))} hasPhone=${r.exists(1)} tags=${String(r.get(2))}`);

    // Atomic: every spec applies, or none does.
    const m = await bucket.mutateIn(
      'user::ada',
      SD.upsert('address.city', 'London', { createParents: true }),
      SD.arrayAppend('tags', 'engines'),
      SD.counter('visits', 1),
    );
    console.log('visits after the counter spec:', m.get(2));
    console.log('document now:', JSON.stringify((await bucket.get('user::ada')).value));

    try {
      await bucket.mutateIn('user::ada', SD.upsert('x', 1), SD.replace('no.such.path', 2));
    } catch (err) {
      if (err instanceof SubdocPathNotFoundError) console.log('refused, nothing changed:', err.message);
      else throw err;
    }

    // Cancellation: an already-aborted signal rejects at once with an AbortError.
    const controller = new AbortController();
    controller.abort();
    await bucket.get('user::ada', { signal: controller.signal }).catch((err: Error) => console.log(`cancelled: ${err.name}`));
  } finally {
    await conn.close();
  }
}

runIfMain(__filename, main);
