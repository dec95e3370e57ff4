/**
 * `npm run fuzz` (also part of `npm run test:heavy`): the hostile-client fuzzer of
 * packages/devserver/test/security at 10⁵ KV cases and 2·10⁴ HTTP cases (FUZZ_RUNS and
 * FUZZ_HTTP_RUNS override them), against one dev cluster each, plus a storm of 1000
 * hostile KV connections at once. The pure codecs have a property fuzzer of their own
 * (packages/core/test/security/codec-properties.test.ts, same FUZZ_RUNS variable).
 */
import type { DevCluster } from '../../packages/devserver/src/dev-cluster';
import { fuzzHttp, fuzzKv, kvStorm, startFuzzCluster } from '../../packages/devserver/test/security/fuzz-runners';

const KV_RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? Math.max(20_000, Math.round(KV_RUNS / 5)));

describe('hostile clients at scale', () => {
  let cluster: DevCluster;
  beforeAll(async () => {
    cluster = await startFuzzCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  test(`${KV_RUNS} KV cases and a 1000-connection storm`, async () => {
    const started = Date.now();
    const stats = await fuzzKv(cluster, KV_RUNS, 5000);
    await kvStorm(cluster, 1000, stats);
    process.stdout.write(`kv fuzz (${((Date.now() - started) / 1000).toFixed(1)} s): ${JSON.stringify(stats)}\n`);
    expect(stats.cases).toBeGreaterThanOrEqual(KV_RUNS + 1000);
    expect(stats.healthChecks).toBeGreaterThanOrEqual(KV_RUNS / 5000);
  }, 60 * 60_000);

  test(`${HTTP_RUNS} HTTP cases`, async () => {
    const started = Date.now();
    const stats = await fuzzHttp(cluster, HTTP_RUNS, 2000);
    process.stdout.write(`http fuzz (${((Date.now() - started) / 1000).toFixed(1)} s): ${JSON.stringify(stats)}\n`);
    expect(stats.cases).toBeGreaterThanOrEqual(HTTP_RUNS);
    expect(stats.healthChecks).toBeGreaterThanOrEqual(HTTP_RUNS / 2000);
  }, 60 * 60_000);
});
