/**
 * `n1qlQueryAll`: every row at once — the seeds' Twisted example
 *
 *   rvs = yield cb.n1qlQueryAll(N1QLQuery('SELECT * from `travel-sample` LIMIT 10'))
 *   for row in rvs: print row
 *
 * The result (a BatchedN1QLRequest) is a plain iterable with `length` and `meta`.
 * For small results; large ones should stream with `n1qlQuery`.
 */
import { Bucket, N1QLQuery } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

export async function main(): Promise<void> {
  const conn = await connection('travel-sample', { samples: ['travel-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    type Doc = { type: string; name?: string; airportname?: string; sourceairport?: string; destinationairport?: string };
    const rvs = await cb.n1qlQueryAll<{ 'travel-sample': Doc }>(new N1QLQuery('SELECT * FROM `travel-sample` LIMIT 10'));
    for (const row of rvs) {
      const d = row['travel-sample'];
      console.log(`  ${d.type}: ${d.name ?? d.airportname ?? `${d.sourceairport} → ${d.destinationairport}`}`);
    }
    console.log(`${rvs.length} rows; result size ${rvs.meta.metrics?.resultSize} bytes`);

    const counts = await cb.n1qlQueryAll<{ type: string; n: number }>('SELECT type, COUNT(*) AS n FROM `travel-sample` GROUP BY type ORDER BY type');
    console.log('documents per type:', [...counts].map((r) => `${r.type}=${r.n}`).join(', '));
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
