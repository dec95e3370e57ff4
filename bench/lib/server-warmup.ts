/**
 * Warms the dev cluster up before each workload. The server is JavaScript too: its code
 * paths for a GET, a SET or a query are only optimised after they ran for a while, and
 * without this the first contestant of each workload (the limit) would meet a cold
 * server and look slower than the clients it is meant to bound.
 */
import { buildRing, getRequests, openRawKv, runPipelined, upsertRequests } from './raw-kv';
import { benchDocument, benchKeys, n1qlStatement, type BenchTarget, type Workload } from './workloads';

/** Runs the workload's operation on the server, untimed: 30 000 KV operations, or the query twice. */
export async function warmServer(target: BenchTarget, workload: Workload): Promise<void> {
  if (workload.op === 'n1ql') {
    const auth = Buffer.from(`${target.username}:${target.password}`).toString('base64');
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${target.queryUrl}/query/service`, {
        method: 'POST',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify({ statement: n1qlStatement(workload.rows), timeout: '600s' }),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`warm-up query failed: HTTP ${res.status}`);
    }
    return;
  }
  const keys = benchKeys();
  const ring = buildRing(workload.op === 'get' ? getRequests(keys, target.numVbuckets) : upsertRequests(keys, JSON.stringify(benchDocument()), target.numVbuckets));
  const socket = await openRawKv(target);
  try {
    await runPipelined(socket, ring, 30_000, 64);
  } finally {
    socket.destroy();
  }
}
