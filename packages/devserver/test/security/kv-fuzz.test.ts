/**
 * A hostile KV client against the dev cluster (fast-check): thousands of request streams
 * — valid requests, requests with mutated headers and bodies, random bytes — each on its
 * own connection after an optional handshake, ended by a sentinel NOOP. Every answer must
 * be whole response frames, one per request in order, never EINTERNAL (a handler that
 * threw); a stream the server must refuse is closed, one a lying header left incomplete
 * waits; nothing hangs. Between rounds and at the end a well-behaved client (SCRAM) still
 * writes and reads its documents, also while hundreds of hostile connections are open.
 *
 * `FUZZ_RUNS` sets the case count (default 2000; `npm run fuzz` runs 10⁵ through
 * test/heavy/fuzz.test.ts). `FUZZ_SEED` replays a failing run.
 */
import { encodePacket, FEATURES, OPCODES, storeExtras } from '@couchts/core/internal';
import type { DevCluster } from '../../src/dev-cluster';
import { checkKvCases, fuzzKv, kvHealthCheck, kvProblems, kvStorm, newStats, runKvCase, startFuzzCluster, type FuzzStats } from './fuzz-runners';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

let cluster: DevCluster;
const stats: FuzzStats[] = [];

beforeAll(async () => {
  cluster = await startFuzzCluster();
}, 30_000);
afterAll(async () => {
  const total = newStats();
  for (const s of stats) for (const k of Object.keys(total) as (keyof FuzzStats)[]) total[k] += s[k];
  console.log(`kv fuzz: ${JSON.stringify(total)}`);
  await cluster?.stop();
});

/** Live KV sessions of the node (internal: what a leak would show as). */
function sessionCount(): number {
  return (cluster as unknown as { runtimes: { sessions: ReadonlySet<unknown> }[] }).runtimes[0]!.sessions.size;
}

const header = (magic: number, opcode: number, keyLen: number, extLen: number, bodyLen: number, opaque = 7): Buffer => {
  const b = Buffer.alloc(24);
  b[0] = magic;
  b[1] = opcode;
  b.writeUInt16BE(keyLen, 2);
  b[4] = extLen;
  b.writeUInt32BE(bodyLen, 8);
  b.writeUInt32BE(opaque, 12);
  return b;
};
const get = (opaque: number): Buffer => encodePacket({ opcode: OPCODES.GET, key: 'fz-json', vbucket: 0, opaque });

describe('fixed hostile streams', () => {
  test.each([
    ['a body length over the limit closes the connection', Buffer.concat([get(10), header(0x80, 0x00, 0, 0, 0xffffffff)]), 'close', 1],
    ['a key longer than the body closes the connection', Buffer.concat([get(10), header(0x80, 0x00, 40, 0, 10)]), 'close', 1],
    ['a response magic from the client closes the connection', Buffer.concat([get(10), header(0x81, 0x0a, 0, 0, 0)]), 'close', 1],
    ['an unknown magic closes the connection', Buffer.concat([header(0x42, 0x0a, 0, 0, 0)]), 'close', 0],
    ['a header promising more than is sent leaves the server waiting', Buffer.concat([get(10), header(0x80, 0x01, 0, 8, 1000)]), 'stall', 1],
    ['half a header leaves the server waiting', Buffer.concat([get(10), header(0x80, 0x00, 0, 0, 0).subarray(0, 11)]), 'stall', 1],
    ['extras of SET shorter than 8 bytes are EINVAL, not a crash', encodePacket({ opcode: OPCODES.SET, key: 'fz-x', extras: Buffer.alloc(3), value: 'v', opaque: 10 }), 'sentinel', 2],
    ['an unknown opcode is answered', encodePacket({ opcode: 0xee, key: 'k', value: 'v', opaque: 10 }), 'sentinel', 2],
    ['a counter on a value that is no number', encodePacket({ opcode: OPCODES.INCREMENT, key: 'fz-text', extras: Buffer.alloc(20), opaque: 10 }), 'sentinel', 2],
  ])('%s', async (_name, fuzz, ending, answered) => {
    const o = await runKvCase(cluster.nodes[0]!.kvPort, { handshake: true, features: [FEATURES.XERROR, FEATURES.JSON], fuzz });
    expect(kvProblems(o)).toEqual([]);
    expect(o.expected.ending).toBe(ending);
    // The handshake's three answers come first.
    expect(o.responses.length - 3).toBe(answered);
    if (ending === 'close') expect(o.closedByServer).toBe(true);
    if (ending === 'stall') expect(o.closedByServer).toBe(false);
  });

  test('without authentication, document commands do not reach the bucket', async () => {
    const o = await runKvCase(cluster.nodes[0]!.kvPort, { handshake: false, features: [], fuzz: encodePacket({ opcode: OPCODES.SET, key: 'fz-json', extras: storeExtras(0, 0), value: 'x', opaque: 9 }) });
    expect(kvProblems(o)).toEqual([]);
    // No XERROR negotiated: NO_BUCKET is a disconnect, not a status.
    expect(o.closedByServer).toBe(true);
    expect(o.responses).toHaveLength(0);
  });
});

test(`${RUNS} random and mutated request streams: whole frames, in order, no EINTERNAL, no hang; a good client keeps being served`, async () => {
  const s = await fuzzKv(cluster, RUNS);
  stats.push(s);
  expect(s.cases).toBeGreaterThanOrEqual(RUNS);
  expect(s.responses).toBeGreaterThan(RUNS);
  expect(s.serverCloses).toBeGreaterThan(0);
  expect(s.healthChecks).toBeGreaterThanOrEqual(1);
}, 600_000);

test('256 hostile connections at once while a good client writes and reads', async () => {
  const s = newStats();
  stats.push(s);
  await kvStorm(cluster, 256, s);
  expect(s.cases).toBe(256);
  expect(s.healthChecks).toBe(10);
}, 60_000);

test('pipelining the same hostile stream on 64 connections at once', async () => {
  const fuzz = Buffer.concat([get(10), header(0x80, 0x01, 0, 8, 1000)]);
  const s = newStats();
  stats.push(s);
  await checkKvCases(cluster.nodes[0]!.kvPort, Array.from({ length: 64 }, () => ({ handshake: true, features: [], fuzz })), s);
  expect(s.cases).toBe(64);
  await kvHealthCheck(cluster);
});

test('no session outlives its connection', async () => {
  const until = Date.now() + 5000;
  while (sessionCount() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  expect(sessionCount()).toBe(0);
});
