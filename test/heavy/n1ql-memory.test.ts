/**
 * Back-pressure, measured (issue: N1QL end to end): a consumer that reads one row per
 * event-loop tick over a 1 000 000-row result (~270 MB of JSON) keeps the client's heap
 * growth under 64 MB. The dev cluster runs in its own process, so the figures are the
 * client's alone; the query service waits for `drain` instead of buffering.
 */
import { runReport, startDevClusterProcess } from './helpers';

interface Report {
  rows: number;
  resultCount: number;
  firstRowMs: number;
  totalMs: number;
  heapGrowthMB: number;
  rssGrowthMB: number;
}

test('1 000 000 rows read one per tick: client peak heap and RSS growth under 64 MB', async () => {
  const dev = await startDevClusterProcess();
  try {
    const report = await runReport<Report>('slow-n1ql-consumer.ts', { CONNSTR: dev.info.connectionString, ROWS: '1000000' }, 10 * 60_000);
    // The figure for the closing note.
    process.stdout.write(`n1ql-memory: ${JSON.stringify(report)}\n`);
    expect(report.rows).toBe(1_000_000);
    expect(report.resultCount).toBe(1_000_000);
    expect(report.heapGrowthMB).toBeLessThan(64);
    // Peak RSS growth too (the performance issue's figure): heap plus buffers and sockets.
    expect(report.rssGrowthMB).toBeLessThan(64);
  } finally {
    await dev.stop();
  }
}, 10 * 60_000);
