// Child process: streams a N1QL result of ROWS rows and reads one row per event-loop
// tick, sampling heap and RSS; prints one JSON line with the figures.
import { Bucket } from '@couchts/promise';

const ROWS = Number(process.env.ROWS ?? 1_000_000);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const bucket = new Bucket(process.env.CONNSTR!, { username: 'Administrator', password: 'password', n1qlTimeout: 600_000 });
  await bucket.upsert('seed', { x: 1 });
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let rows = 0;
  let firstRowMs = 0;
  const started = performance.now();
  const stream = bucket.n1qlQuery<{ i: number }>(`SELECT RAW {"i": i, "pad": REPEAT("x", 250)} FROM \`default\` USE KEYS "seed" UNNEST ARRAY_RANGE(0, ${ROWS}) AS i`);
  for await (const row of stream) {
    if (rows === 0) firstRowMs = performance.now() - started;
    if (row.i !== rows) throw new Error(`row ${rows} out of order: ${row.i}`);
    rows++;
    if (rows % 5000 === 0) {
      const m = process.memoryUsage();
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
      if (m.rss > peakRss) peakRss = m.rss;
    }
    await new Promise<void>((r) => setImmediate(r));
  }
  const meta = await stream.meta;
  await bucket.close();
  process.stdout.write(
    `${JSON.stringify({
      rows,
      resultCount: meta.metrics?.resultCount,
      firstRowMs: Math.round(firstRowMs),
      totalMs: Math.round(performance.now() - started),
      heapGrowthMB: (peakHeap - base.heapUsed) / 1048576,
      rssGrowthMB: (peakRss - base.rss) / 1048576,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${String(err?.stack ?? err)}\n`);
  process.exitCode = 1;
});
