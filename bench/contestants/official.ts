/**
 * Contestant "official": the couchbase@4 SDK (a native addon around the C++ core), used
 * as its documentation shows. KV: `await collection.get(key)` / `upsert(key, doc)`, the
 * same loops as couchts-promise. N1QL: `const { rows } = await cluster.query(statement)`:
 * the SDK buffers every row before returning. Its `.on('row')` form is not streaming
 * either: the binding hands over the complete result and the rows are then emitted in a
 * loop (dist/queryexecutor.js), so `BENCH_OFFICIAL_N1QL=stream` exists for checking but
 * the buffered form is the one reported.
 *
 * The addon is loaded with a dynamic import so that a missing or broken binary is
 * reported as "unavailable" instead of crashing.
 */
import { runN1ql, runPromiseKv } from '../lib/measure';
import { benchDocument, n1qlStatement, readJob, runContestantMain, type ContestantResult, type Workload } from '../lib/workloads';

type Couchbase = typeof import('couchbase');
type Cluster = Awaited<ReturnType<Couchbase['connect']>>;

async function n1ql(cluster: Cluster, workload: Workload): Promise<ContestantResult> {
  const stream = process.env.BENCH_OFFICIAL_N1QL === 'stream';
  const mode = stream ? "cluster.query().on('row')" : 'await cluster.query(), then its rows array (buffered by the SDK)';
  const options = { timeout: 600_000 };
  const figures = await runN1ql(workload, mode, async (rss) => {
    let rows = 0;
    let sum = 0;
    const consume = (row: { i: number }): void => {
      sum += row.i;
      if (++rows % 1000 === 0) rss.sample();
    };
    if (stream) {
      await cluster.query<{ i: number }>(n1qlStatement(workload.rows), options).on('row', consume);
    } else {
      const result = await cluster.query<{ i: number }>(n1qlStatement(workload.rows), options);
      rss.sample();
      for (const row of result.rows) consume(row);
    }
    return { rows, sum };
  });
  return { status: 'ok', n1ql: figures };
}

async function main(): Promise<ContestantResult> {
  const { target, workload } = readJob();
  let couchbase: Couchbase;
  try {
    couchbase = await import('couchbase');
    // A broken binary may only show when the binding is first used.
    void couchbase.connect;
  } catch (err) {
    return { status: 'unavailable', reason: `couchbase failed to load: ${String((err as Error)?.message ?? err).slice(0, 200)}` };
  }
  const cluster = await couchbase.connect(target.connectionString, {
    username: target.username,
    password: target.password,
    timeouts: { kvTimeout: 10_000, connectTimeout: 10_000, queryTimeout: 600_000 },
  });
  try {
    if (workload.op === 'n1ql') return await n1ql(cluster, workload);
    const collection = cluster.bucket(target.bucket).defaultCollection();
    const doc = benchDocument();
    const op = workload.op === 'get' ? (key: string) => collection.get(key) : (key: string) => collection.upsert(key, doc);
    return { status: 'ok', kv: await runPromiseKv(workload, op) };
  } finally {
    await cluster.close();
  }
}

runContestantMain(main);
