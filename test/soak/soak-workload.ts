/**
 * The soak workload (a child process; the dev cluster runs in another one): WORKERS
 * concurrent workers run mixed key-value operations through the promise Bucket for
 * DURATION_MS while a FaultDriver injects a random fault every 1–2 s. Then the cluster is
 * healed and every key and counter is read back and checked against the KeyModel.
 *
 * Prints one JSON line: operations attempted / succeeded / failed by error class,
 * faults injected, the slowest settle time, violations (an operation that settled later
 * than its timeout + 1 s, a value that no acknowledged or possibly-applied write
 * explains, a counter off its acknowledged increments, an unhandled rejection), and
 * heap figures after GC.
 */
import { Bucket, type CouchbaseError } from '@couchts/promise';
import { FaultDriver, prng } from './fault-driver';
import { ABSENT, CounterModel, KeyModel, type Possible } from './key-model';

const env = (name: string, fallback?: string): string => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};

const DURATION_MS = Number(env('DURATION_MS', '60000'));
const WORKERS = Number(env('WORKERS', '32'));
const SEED = Number(env('SEED', String(Date.now() % 1_000_000)));
const KEYS_PER_WORKER = 16;
const OP_TIMEOUT = 2500;
/** The seeds' durability timeout, added to a durable mutation's own. */
const DURABILITY_TIMEOUT = 5000;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMB = (): number => {
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};

interface Stats {
  attempted: number;
  succeeded: number;
  failed: Record<string, number>;
  failedByOp: Record<string, number>;
  byOp: Record<string, number>;
  slowestSettleMs: number;
  slowestOp: string;
  violations: string[];
}

const stats: Stats = { attempted: 0, succeeded: 0, failed: {}, failedByOp: {}, byOp: {}, slowestSettleMs: 0, slowestOp: '', violations: [] };
let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  stats.violations.push(`unhandled rejection: ${String((reason as Error)?.message ?? reason)}`);
});

/** A failed mutation may have been applied when the client says its outcome is unknown. */
function outcomeUnknown(err: CouchbaseError): boolean {
  const ctx = (err.context ?? {}) as { ambiguous?: boolean; durability?: boolean };
  return ctx.ambiguous === true || ctx.durability === true;
}

/** Runs one operation: timing, counting, and the settle-time bound. */
async function measure<T>(name: string, budgetMs: number, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: CouchbaseError }> {
  stats.attempted++;
  stats.byOp[name] = (stats.byOp[name] ?? 0) + 1;
  const t0 = performance.now();
  let outcome: { ok: true; value: T } | { ok: false; error: CouchbaseError };
  try {
    outcome = { ok: true, value: await run() };
    stats.succeeded++;
  } catch (error) {
    const e = error as CouchbaseError;
    const cls = e?.constructor?.name ?? 'unknown';
    stats.failed[cls] = (stats.failed[cls] ?? 0) + 1;
    stats.failedByOp[`${name} ${cls}`] = (stats.failedByOp[`${name} ${cls}`] ?? 0) + 1;
    outcome = { ok: false, error: e };
  }
  const took = performance.now() - t0;
  if (took > stats.slowestSettleMs) {
    stats.slowestSettleMs = took;
    stats.slowestOp = name;
  }
  if (took > budgetMs + 1000) stats.violations.push(`${name} settled after ${Math.round(took)} ms (budget ${budgetMs} + 1000)`);
  return outcome;
}

/** One worker: its own keys and counter, one operation at a time. */
async function worker(bucket: Bucket, w: number, until: number, random: () => number, keys: Map<string, KeyModel>, counters: Map<string, CounterModel>): Promise<void> {
  const own = Array.from({ length: KEYS_PER_WORKER }, (_, i) => `w${w}-k${i}`);
  for (const k of own) keys.set(k, new KeyModel());
  const counterKey = `w${w}-ctr`;
  const ctr = new CounterModel();
  counters.set(counterKey, ctr);
  let seq = 0;
  while (performance.now() < until) {
    const key = own[Math.floor(random() * own.length)]!;
    const model = keys.get(key)!;
    const r = random();
    if (r < 0.3) {
      const value = `w${w}-${++seq}`;
      const durable = random() < 0.05;
      const out = await measure(durable ? 'upsert+replicateTo' : 'upsert', OP_TIMEOUT + (durable ? DURABILITY_TIMEOUT : 0), () =>
        bucket.upsert(key, value, durable ? { replicateTo: 1 } : undefined),
      );
      if (out.ok) model.acked(value);
      else if (outcomeUnknown(out.error)) model.unknown(value);
    } else if (r < 0.6) {
      const out = await measure('get', OP_TIMEOUT, () => bucket.get<string>(key, { quiet: true }));
      if (out.ok) {
        const seen: Possible = out.value.success ? out.value.value : ABSENT;
        if (!model.allows(seen)) stats.violations.push(`get ${key} saw ${String(seen === ABSENT ? '<absent>' : seen)}, possible: ${model.describe()}`);
        model.observed(seen);
      }
    } else if (r < 0.7) {
      const out = await measure('remove', OP_TIMEOUT, () => bucket.remove(key, { quiet: true }));
      if (out.ok) model.acked(ABSENT);
      else if (outcomeUnknown(out.error)) model.unknown(ABSENT);
    } else if (r < 0.85) {
      const out = await measure('counter', OP_TIMEOUT, () => bucket.counter(counterKey, { delta: 1, initial: 1 }));
      if (out.ok) {
        ctr.acked++;
        if (!ctr.allows(out.value.value)) stats.violations.push(`counter ${counterKey} = ${out.value.value}, acknowledged ${ctr.acked} (+${ctr.unknown} unknown)`);
        // The server's value settles the unknown increments.
        ctr.acked = out.value.value;
        ctr.unknown = 0;
      } else if (outcomeUnknown(out.error)) ctr.unknown++;
    } else if (r < 0.93) {
      await measure('getMulti', OP_TIMEOUT, () => bucket.getMulti(own.slice(0, 4), { quiet: true }));
    } else {
      await measure('rget', OP_TIMEOUT, () => bucket.rget(key, { quiet: true }));
    }
  }
}

/** Reads back every key and counter (retrying while the cluster settles). */
async function verify(bucket: Bucket, keys: Map<string, KeyModel>, counters: Map<string, CounterModel>): Promise<number> {
  let checked = 0;
  const read = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  for (const [key, model] of keys) {
    const r = await read(() => bucket.get<string>(key, { quiet: true }));
    const seen: Possible = r.success ? r.value : ABSENT;
    if (!model.allows(seen)) stats.violations.push(`final ${key} is ${String(seen === ABSENT ? '<absent>' : seen)}, possible: ${model.describe()}`);
    checked++;
  }
  for (const [key, ctr] of counters) {
    const r = await read(() => bucket.get<number>(key, { quiet: true }));
    const value = r.success ? Number(r.value) : 0;
    if (!ctr.allows(value)) stats.violations.push(`final counter ${key} = ${value}, acknowledged ${ctr.acked} (+${ctr.unknown} unknown)`);
    checked++;
  }
  return checked;
}

async function main(): Promise<void> {
  const connstr = env('CONNSTR');
  const auth = `Basic ${Buffer.from('Administrator:password').toString('base64')}`;
  const random = prng(SEED);
  const faults = new FaultDriver(env('ADMIN_URL'), auth, prng(SEED + 1));
  const bucket = new Bucket(`${connstr}/default`, { username: 'Administrator', password: 'password', operationTimeout: OP_TIMEOUT });
  await faults.prepare();
  await bucket.connect();
  const keys = new Map<string, KeyModel>();
  const counters = new Map<string, CounterModel>();
  const started = performance.now();
  const until = started + DURATION_MS;
  let heapWarm = 0;
  const warmTimer = setTimeout(() => (heapWarm = heapMB()), Math.min(5000, DURATION_MS / 4));
  faults.start();
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(bucket, w, until, prng(SEED * 100 + w), keys, counters)));
  clearTimeout(warmTimer);
  await faults.stop();
  const heapEnd = heapMB();
  await faults.heal();
  const checked = await verify(bucket, keys, counters);
  await bucket.close();
  const totalMs = Math.round(performance.now() - started);
  process.stdout.write(
    `${JSON.stringify({
      seed: SEED,
      durationMs: DURATION_MS,
      totalMs,
      workers: WORKERS,
      attempted: stats.attempted,
      succeeded: stats.succeeded,
      failedByClass: stats.failed,
      failedByOp: stats.failedByOp,
      byOp: stats.byOp,
      opsPerSecond: Math.round(stats.attempted / (DURATION_MS / 1000)),
      faults: faults.counts,
      faultErrors: faults.errors,
      slowestSettleMs: Math.round(stats.slowestSettleMs),
      slowestOp: stats.slowestOp,
      checkedAfterwards: checked,
      unhandledRejections: unhandled,
      heapWarmMB: heapWarm,
      heapEndMB: heapEnd,
      violations: stats.violations.slice(0, 50),
      violationCount: stats.violations.length,
    })}\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`soak failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
