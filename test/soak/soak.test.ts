/**
 * The 10-second soak that runs inside `npm test` (the 60-second one is `npm run soak`):
 * mixed operations from 16 workers against a 3-node cluster with 1 replica, a random
 * fault every 1–2 s, then every key and counter checked.
 */
import { runSoak } from './run-soak';

test('10 s soak: every operation settles in time, no acknowledged write lost, counters exact', async () => {
  const report = await runSoak(10_000, 16);
  process.stdout.write(`soak (10 s): ${JSON.stringify(report)}\n`);
  expect(report.violations).toEqual([]);
  expect(report.unhandledRejections).toBe(0);
  expect(report.faultErrors).toEqual([]);
  expect(report.attempted).toBeGreaterThan(1000);
  expect(report.succeeded).toBeGreaterThan(report.attempted / 2);
  expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
  expect(report.checkedAfterwards).toBe(16 * 17);
}, 180_000);
