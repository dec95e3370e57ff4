/**
 * `npm run soak` (also part of `npm run test:heavy`): 60 s of mixed operations from 32
 * workers against a 3-node cluster with 1 replica, a random fault every 1–2 s, then every
 * key and counter checked; the client's heap after GC must stay flat.
 */
import { runSoak } from '../soak/run-soak';

test('60 s soak: every operation settles in time, no acknowledged write lost, counters exact, memory flat', async () => {
  const report = await runSoak(60_000, 32);
  process.stdout.write(`soak (60 s): ${JSON.stringify(report)}\n`);
  expect(report.violations).toEqual([]);
  expect(report.unhandledRejections).toBe(0);
  expect(report.faultErrors).toEqual([]);
  expect(report.attempted).toBeGreaterThan(10_000);
  expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(25);
  expect(report.checkedAfterwards).toBe(32 * 17);
  // Flat: the heap after GC at the end is within 16 MB of the heap after warm-up.
  expect(report.heapEndMB - report.heapWarmMB).toBeLessThan(16);
}, 10 * 60_000);
