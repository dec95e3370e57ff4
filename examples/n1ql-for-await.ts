/**
 * N1QL rows with `for await` — the seeds' acouchbase example:
 *
 *   it = cb.n1ql_query(N1QLQuery('SELECT * from `travel-sample` LIMIT 10'))
 *   async for row in it:
 *       print(row)
 *
 * Rows arrive as the response streams in; memory does not grow with the result; the
 * metadata (metrics, status) is available after the last row; `break` cancels the query.
 */
import { Bucket, N1QLQuery } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

interface Airline {
  name: string;
  country: string;
}

export async function main(): Promise<void> {
  const conn = await connection('travel-sample', { samples: ['travel-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    const it = cb.n1qlQuery(new N1QLQuery('SELECT * FROM `travel-sample` LIMIT 10'));
    let n = 0;
    for await (const row of it) if (n++ < 2) console.log(JSON.stringify(row).slice(0, 100) + '…');
    const meta = await it.meta;
    console.log(`${n} rows, status ${meta.status}, elapsed ${meta.metrics?.elapsedTime}`);

    // Parameters, and rows typed with a generic.
    const q = new N1QLQuery('SELECT RAW {"name": name, "country": country} FROM `travel-sample` WHERE type = $1 AND country = $country ORDER BY name LIMIT 3', 'airline');
    q.setNamedParams({ country: 'France' });
    for await (const airline of cb.n1qlQuery<Airline>(q)) console.log(`  ${airline.name} (${airline.country})`);

    // Leaving the loop early cancels the query on the server.
    for await (const row of cb.n1qlQuery('SELECT RAW id FROM `travel-sample` WHERE type = "route"')) {
      console.log('first route id:', row);
      break;
    }
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
