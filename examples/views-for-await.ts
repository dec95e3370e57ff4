/**
 * A MapReduce (view) query with `for await` — the seeds' acouchbase example:
 *
 *   async def do_view_query(cb):
 *       it = cb.query('beer', 'brewery_beers', limit=20, include_docs=True)
 *       async for row in it:
 *           print(row.key, row.doc.value['description'][:10] + '...')
 *
 * Rows arrive as the response streams; with `includeDocs` each row's document is fetched
 * over KV (pipelined, in batches) and `row.doc` is its ValueResult. `break` would stop
 * the query on the server.
 */
import { Bucket } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

interface BeerOrBrewery {
  name: string;
  description: string;
}

export async function main(): Promise<void> {
  const conn = await connection('beer-sample', { samples: ['beer-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    const it = cb.query<string[], null, BeerOrBrewery>('beer', 'brewery_beers', { limit: 20, includeDocs: true });
    for await (const row of it) {
      console.log(row.key.join(' / '), '→', `${row.doc!.value.description.slice(0, 10)}...`);
    }
    console.log(`${(await it.meta).totalRows} rows in the whole view`);
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
