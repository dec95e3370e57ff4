/**
 * Contestant "couchts-promise": the promise API as applications use it. KV: `await
 * bucket.get(key)` / `await bucket.upsert(key, doc)`, one at a time (concurrency 1) or
 * from 256 async loops. N1QL: `for await (const row of bucket.n1qlQuery(statement))`.
 */
import { Bucket } from '@couchts/promise';
import { runN1ql, runPromiseKv } from '../lib/measure';
import { benchDocument, n1qlStatement, readJob, runContestantMain, type ContestantResult, type Workload } from '../lib/workloads';

async function n1ql(bucket: Bucket, workload: Workload): Promise<ContestantResult> {
  const figures = await runN1ql(workload, 'for await (row of bucket.n1qlQuery())', async (rss) => {
    let rows = 0;
    let sum = 0;
    for await (const row of bucket.n1qlQuery<{ i: number }>(n1qlStatement(workload.rows))) {
      // Touch every row, as a consumer would, so nothing can be skipped lazily.
      sum += row.i;
      if (++rows % 1000 === 0) rss.sample();
    }
    return { rows, sum };
  });
  return { status: 'ok', n1ql: figures };
}

async function main(): Promise<ContestantResult> {
  const { target, workload } = readJob();
  const bucket = new Bucket(`${target.connectionString}/${target.bucket}`, { username: target.username, password: target.password, n1qlTimeout: 600_000 });
  await bucket.connect();
  try {
    if (workload.op === 'n1ql') return await n1ql(bucket, workload);
    const doc = benchDocument();
    const op = workload.op === 'get' ? (key: string) => bucket.get(key) : (key: string) => bucket.upsert(key, doc);
    return { status: 'ok', kv: await runPromiseKv(workload, op) };
  } finally {
    await bucket.close();
  }
}

runContestantMain(main);
