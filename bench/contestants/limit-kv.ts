/**
 * Contestant "limit" (KV): what no real client can beat. One connection, requests
 * encoded once before timing (a ring over the 10 000 keys), `concurrency` of them in
 * flight, responses only counted from their headers. Its throughput is the ceiling the
 * dev cluster allows; its latency is the round trip of the server plus the socket.
 */
import { kvFigures, startClock } from '../lib/measure';
import { buildRing, getRequests, openRawKv, runPipelined, upsertRequests, type RequestRing } from '../lib/raw-kv';
import { benchDocument, benchKeys, readJob, runContestantMain, type ContestantResult } from '../lib/workloads';

async function main(): Promise<ContestantResult> {
  const { target, workload } = readJob();
  if (workload.op === 'n1ql') throw new Error('limit-kv runs key-value workloads only (see limit-n1ql.ts)');
  const keys = benchKeys();
  // Encoding happens here, before the clock starts: the limit pays nothing per operation.
  const ring: RequestRing = buildRing(
    workload.op === 'get' ? getRequests(keys, target.numVbuckets) : upsertRequests(keys, JSON.stringify(benchDocument()), target.numVbuckets),
  );
  const socket = await openRawKv(target);
  try {
    await runPipelined(socket, ring, workload.warmup, workload.concurrency);
    const latencies = workload.concurrency === 1 ? new Float64Array(workload.ops) : undefined;
    const clock = startClock();
    const counter = await runPipelined(socket, ring, workload.ops, workload.concurrency, latencies);
    const reading = clock.stop();
    if (counter.failures > 0) throw new Error(`${counter.failures} responses failed (first status 0x${counter.firstFailure!.toString(16)})`);
    return { status: 'ok', kv: kvFigures(workload.ops, reading, latencies) };
  } finally {
    socket.destroy();
  }
}

runContestantMain(main);
