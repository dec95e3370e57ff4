/**
 * Contestant "couchts-core": the raw core, `AsyncBucket` with `AsyncResult` callbacks,
 * no promise anywhere on the hot path. KV at concurrency N: N callback chains, each
 * issuing its next operation from the previous one's callback. N1QL: an
 * `AsyncN1QLRequest` subclass whose `onRows` receives the rows in batches.
 */
import { AsyncBucket, AsyncN1QLRequest, NodeIOPS, type AsyncResult, type CouchbaseError, type OperationResult, type ValueResult } from '@couchts/core';
import { kvFigures, runN1ql, startClock } from '../lib/measure';
import { benchDocument, benchKeys, KEY_COUNT, n1qlStatement, readJob, runContestantMain, type ContestantResult, type KvFigures, type N1qlFigures, type Workload } from '../lib/workloads';

/** Issues one operation (AsyncResult is invariant in its type, hence the union). */
type Issue = (key: string) => AsyncResult<ValueResult<unknown>> | AsyncResult<OperationResult>;

/** `concurrency` callback chains sharing `total` operations; resolves when all are done. */
function chains(issue: Issue, keys: readonly string[], total: number, concurrency: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = concurrency;
    const fail = (err: CouchbaseError): void => reject(err);
    // One function for every chain: assigning it allocates nothing per operation.
    const step = (): void => {
      const i = next++;
      if (i >= total) {
        if (--active === 0) resolve();
        return;
      }
      const r = issue(keys[i % KEY_COUNT]!);
      r.callback = step;
      r.errback = fail;
    };
    for (let c = 0; c < concurrency; c++) step();
  });
}

/** One chain that times each operation (concurrency 1). */
function timedChain(issue: Issue, keys: readonly string[], latencies: Float64Array): Promise<void> {
  return new Promise((resolve, reject) => {
    let i = 0;
    let t0 = 0;
    const fail = (err: CouchbaseError): void => reject(err);
    const step = (): void => {
      if (i > 0) latencies[i - 1] = performance.now() - t0;
      if (i === latencies.length) return resolve();
      t0 = performance.now();
      const r = issue(keys[i++ % KEY_COUNT]!);
      r.callback = step;
      r.errback = fail;
    };
    step();
  });
}

async function kv(bucket: AsyncBucket, workload: Workload): Promise<KvFigures> {
  const keys = benchKeys();
  const doc = benchDocument();
  const issue: Issue = workload.op === 'get' ? (key) => bucket.get(key) : (key) => bucket.upsert(key, doc);
  await chains(issue, keys, workload.warmup, workload.concurrency);
  if (workload.concurrency === 1) {
    const latencies = new Float64Array(workload.ops);
    const clock = startClock();
    await timedChain(issue, keys, latencies);
    return kvFigures(workload.ops, clock.stop(), latencies);
  }
  const clock = startClock();
  await chains(issue, keys, workload.ops, workload.concurrency);
  return kvFigures(workload.ops, clock.stop());
}

function n1ql(bucket: AsyncBucket, workload: Workload): Promise<N1qlFigures> {
  return runN1ql(workload, 'AsyncN1QLRequest subclass, onRows(batch)', (rss) => {
    let rows = 0;
    let sum = 0;
    return new Promise((resolve, reject) => {
      let failure: CouchbaseError | undefined;
      class Handler extends AsyncN1QLRequest<{ i: number }> {
        override onRows(batch: { i: number }[]): void {
          for (const row of batch) sum += row.i;
          // Batches follow network reads and can be a few rows: sample per 1000 rows, as the others do.
          if (Math.floor((rows + batch.length) / 1000) !== Math.floor(rows / 1000)) rss.sample();
          rows += batch.length;
        }
        override onError(err: CouchbaseError): void {
          failure = err;
        }
        override onDone(): void {
          if (failure === undefined) resolve({ rows, sum });
          else reject(failure);
        }
      }
      bucket.n1qlQuery(n1qlStatement(workload.rows), { itercls: Handler }).start();
    });
  });
}

async function main(): Promise<ContestantResult> {
  const { target, workload } = readJob();
  const bucket = new AsyncBucket(new NodeIOPS(), `${target.connectionString}/${target.bucket}`, { username: target.username, password: target.password, n1qlTimeout: 600_000 });
  await new Promise<void>((resolve, reject) => bucket.registerEvent('connect', { callback: () => resolve(), errback: reject }));
  try {
    if (workload.op === 'n1ql') return { status: 'ok', n1ql: await n1ql(bucket, workload) };
    return { status: 'ok', kv: await kv(bucket, workload) };
  } finally {
    bucket.close();
  }
}

runContestantMain(main);
