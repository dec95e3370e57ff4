/**
 * `queryAll`: every row of a view query at once — the seeds' Twisted example:
 *
 *   rows = yield cb.queryAll('beer', 'brewery_beers', limit=20, include_docs=True)
 *   for row in rows:
 *       print row.key, row.doc.value['description'][:10] + '...'
 *
 * It resolves to a BatchedView: a synchronous iterable with `length` and `totalRows`.
 * Also shown: a reduced query (by_location, grouped by country).
 */
import { Bucket } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

export async function main(): Promise<void> {
  const conn = await connection('beer-sample', { samples: ['beer-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    const rows = await cb.queryAll<string[], null, { description: string }>('beer', 'brewery_beers', { limit: 20, includeDocs: true });
    for (const row of rows) console.log(row.key.join(' / '), '→', `${row.doc!.value.description.slice(0, 10)}...`);
    console.log(`${rows.length} rows of ${rows.totalRows}`);

    const byCountry = await cb.queryAll<string[], number>('beer', 'by_location', { groupLevel: 1, descending: true, limit: 5 });
    console.log('breweries by country (last five):', [...byCountry].map((r) => `${r.key[0]}=${r.value}`).join(', '));
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
