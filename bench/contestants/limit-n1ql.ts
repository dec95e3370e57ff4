/**
 * Contestant "limit" (N1QL): fetch the whole response body of the query with plain
 * `node:http` and `JSON.parse` it once. No streaming, no per-row work: the fastest way
 * to get the rows into JavaScript objects, paid for with memory (the body, its string
 * and every row are alive at once), which is why its peak RSS is reported too.
 *
 * It also reports the transfer pace alone (rows / time until the last byte arrived):
 * the rate at which the dev cluster produces rows, which a streaming client can
 * approach (it parses while the rest is still on its way) but not exceed.
 */
import { request } from 'node:http';
import { runN1ql, type RssSampler } from '../lib/measure';
import { n1qlStatement, readJob, runContestantMain, type ContestantResult } from '../lib/workloads';

/** POSTs the query and resolves with the body's chunks once the last one arrived. */
function fetchBody(url: string, auth: string, body: string, rss: RssSampler): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', auth, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        // Reading RSS costs a syscall: every 64 chunks (~1 MB) is enough, the sampler's timer does the rest.
        if (chunks.push(c) % 64 === 0) rss.sample();
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(chunks) : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<ContestantResult> {
  const { target, workload } = readJob();
  const body = JSON.stringify({ statement: n1qlStatement(workload.rows), timeout: '600s' });
  const figures = await runN1ql(workload, 'whole body with node:http, then one JSON.parse', async (rss) => {
    const t0 = performance.now();
    const chunks = await fetchBody(`${target.queryUrl}/query/service`, `${target.username}:${target.password}`, body, rss);
    const transferMs = performance.now() - t0;
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results?: { i: number }[] };
    rss.sample();
    const results = parsed.results ?? [];
    let sum = 0;
    for (const row of results) sum += row.i;
    return { rows: results.length, sum, transferMs };
  });
  return { status: 'ok', n1ql: figures };
}

runContestantMain(main);
