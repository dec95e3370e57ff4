/**
 * Unit tests of the dev cluster's KV semantics (kv/engine.ts) over a BucketStore built
 * directly, with wall time frozen (jest fake timers) and the cluster clock moved only by
 * `travel()`, so expiry and lock boundaries are checked to the millisecond.
 *
 * Proves: CAS and seqno discipline, CAS checks of every mutation, ADD/REPLACE rules,
 * relative and absolute expiry (protocol.md §1.11), lazy expiry into tombstones, locks and
 * their timeouts, counters (create, no-create, wrap, clamp, bad value), append/prepend,
 * GET_META on tombstones, lazy replication and persistence delays, and the vBucket map
 * layout. Expected values are typed in or computed with plain arithmetic, never by the engine.
 */
import * as engine from '../../src/kv/engine';
import { ENGINE, type Outcome } from '../../src/kv/engine';
import { BucketStore, buildVbucketMap } from '../../src/store/bucket-store';
import { ClusterClock } from '../../src/store/clock';
import type { StoredDoc } from '../../src/store/document';
import type { VBucketCopy } from '../../src/store/vbucket';

/** Frozen wall time: 2023-11-14T22:13:20Z, a whole second (Unix 1_700_000_000). */
const T0_MS = 1_700_000_000_000;
const T0_S = 1_700_000_000;
const THIRTY_DAYS_S = 30 * 24 * 3600; // 2_592_000
const U64_MAX = 18446744073709551615n; // 2^64 - 1
const NO_CREATE = 0xffffffff;

let clock: ClusterClock;
let bucket: BucketStore;
/** Active copy of vb 0 (node 0); its replica lives on node 1. */
let vb0: VBucketCopy;
/** Active copy of vb 1 (node 1). */
let vb1: VBucketCopy;

beforeEach(() => {
  jest.useFakeTimers({ now: T0_MS });
  clock = new ClusterClock();
  bucket = new BucketStore({ name: 'b', replicas: 1, numVbuckets: 8 }, 2, [0, 1], clock, { replicationDelayMs: 20, persistDelayMs: 20 });
  vb0 = bucket.activeOn(0, 0)!;
  vb1 = bucket.activeOn(1, 1)!;
});

afterEach(() => {
  jest.useRealTimers();
});

const now = (): number => clock.nowMs();
const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

/** The document of a successful outcome (fails the test otherwise). */
function docOf(o: Outcome): StoredDoc {
  if (o.code !== ENGINE.SUCCESS) throw new Error(`expected success, got ${o.code}`);
  return o.doc;
}

function set(key: string, value: string, opts: { cas?: bigint; expiry?: number; flags?: number; copy?: VBucketCopy; preserveTtl?: boolean } = {}): Outcome {
  return engine.store(bucket, opts.copy ?? vb0, 'set', key, { value: buf(value), flags: opts.flags ?? 0, datatype: 0, expiry: opts.expiry ?? 0, cas: opts.cas ?? 0n, preserveTtl: opts.preserveTtl }, now());
}
function add(key: string, value: string, cas = 0n): Outcome {
  return engine.store(bucket, vb0, 'add', key, { value: buf(value), flags: 0, datatype: 0, expiry: 0, cas }, now());
}
function replace(key: string, value: string, cas = 0n): Outcome {
  return engine.store(bucket, vb0, 'replace', key, { value: buf(value), flags: 0, datatype: 0, expiry: 0, cas }, now());
}
function remove(key: string, cas = 0n): Outcome {
  return engine.remove(bucket, vb0, key, cas, now());
}
function get(key: string): Outcome {
  return engine.get(bucket, vb0, key, now());
}
function append(key: string, bytes: string, cas = 0n): Outcome {
  return engine.concat(bucket, vb0, key, buf(bytes), cas, false, now());
}
function prepend(key: string, bytes: string, cas = 0n): Outcome {
  return engine.concat(bucket, vb0, key, buf(bytes), cas, true, now());
}
function incr(key: string, delta: bigint, initial = 0n, expiry = 0, cas = 0n): Outcome {
  return engine.counter(bucket, vb0, key, { delta, initial, expiry, increment: true, cas }, now());
}
function decr(key: string, delta: bigint, initial = 0n, expiry = 0, cas = 0n): Outcome {
  return engine.counter(bucket, vb0, key, { delta, initial, expiry, increment: false, cas }, now());
}
function lock(key: string, seconds: number): Outcome {
  return engine.getLocked(bucket, vb0, key, seconds, now());
}
function unlock(key: string, cas: bigint): Outcome {
  return engine.unlock(bucket, vb0, key, cas, now());
}
function valueOf(key: string): string | undefined {
  const o = get(key);
  return o.code === ENGINE.SUCCESS ? o.doc.value.toString('utf8') : undefined;
}

describe('CAS and seqno', () => {
  test('every kind of mutation gets a new, strictly greater CAS and the next seqno of its vBucket', () => {
    const steps: (() => Outcome)[] = [
      () => set('k', 'v1'),
      () => replace('k', 'v2'),
      () => append('k', '-a'),
      () => prepend('k', 'p-'),
      () => engine.touch(bucket, vb0, 'k', 100, now()),
      () => remove('k'),
      () => add('k', '7'),
      () => incr('k', 1n),
      () => decr('k', 1n),
      () => set('k', 'again'),
    ];
    let lastCas = 0n;
    steps.forEach((step, i) => {
      const doc = docOf(step());
      expect(doc.cas).toBeGreaterThan(lastCas);
      expect(doc.seqno).toBe(BigInt(i + 1));
      lastCas = doc.cas;
    });
    expect(vb0.highSeqno).toBe(10n);
  });

  test('CAS stays strictly increasing while the clock does not move (same millisecond)', () => {
    const cases = Array.from({ length: 50 }, (_, i) => docOf(set(`k${i}`, 'v')).cas);
    for (let i = 1; i < cases.length; i++) expect(cases[i]!).toBeGreaterThan(cases[i - 1]!);
  });

  test('CAS looks like a nanosecond timestamp of the cluster clock', () => {
    const cas = docOf(set('k', 'v')).cas;
    expect(cas).toBeGreaterThanOrEqual(BigInt(T0_MS) * 1_000_000n);
    expect(cas).toBeLessThan(BigInt(T0_MS + 1) * 1_000_000n);
    clock.travel(5_000);
    expect(docOf(set('k', 'v')).cas).toBeGreaterThanOrEqual(BigInt(T0_MS + 5_000) * 1_000_000n);
  });

  test('seqnos are per vBucket', () => {
    expect(docOf(set('a', '1')).seqno).toBe(1n);
    expect(docOf(set('b', '1', { copy: vb1 })).seqno).toBe(1n);
    expect(docOf(set('a', '2')).seqno).toBe(2n);
    expect(docOf(set('b', '2', { copy: vb1 })).seqno).toBe(2n);
    expect(docOf(set('c', '1', { copy: vb1 })).seqno).toBe(3n);
    expect([vb0.highSeqno, vb1.highSeqno]).toEqual([2n, 3n]);
  });

  test('failed mutations change nothing: same CAS, same seqno', () => {
    const before = docOf(set('k', 'v'));
    expect(add('k', 'x').code).toBe(ENGINE.EXISTS);
    expect(replace('k', 'x', before.cas + 1n).code).toBe(ENGINE.EXISTS);
    expect(remove('k', before.cas + 1n).code).toBe(ENGINE.EXISTS);
    expect(vb0.highSeqno).toBe(1n);
    expect(docOf(get('k')).cas).toBe(before.cas);
    expect(valueOf('k')).toBe('v');
  });

  test('revno counts the versions of a key', () => {
    expect(docOf(set('k', '1')).revno).toBe(1);
    expect(docOf(set('k', '2')).revno).toBe(2);
    expect(docOf(remove('k')).revno).toBe(3);
    expect(docOf(add('k', '3')).revno).toBe(4);
  });
});

describe('CAS checks', () => {
  test('set: matching CAS succeeds, a stale one is EXISTS', () => {
    const v1 = docOf(set('k', 'v1'));
    const v2 = docOf(set('k', 'v2', { cas: v1.cas }));
    expect(v2.cas).not.toBe(v1.cas);
    expect(set('k', 'v3', { cas: v1.cas }).code).toBe(ENGINE.EXISTS);
    expect(valueOf('k')).toBe('v2');
  });

  test('replace: matching CAS succeeds, a stale one is EXISTS', () => {
    const v1 = docOf(set('k', 'v1'));
    expect(replace('k', 'v2', v1.cas + 7n).code).toBe(ENGINE.EXISTS);
    const v2 = docOf(replace('k', 'v2', v1.cas));
    expect(v2.value.toString()).toBe('v2');
    expect(replace('k', 'v3', v1.cas).code).toBe(ENGINE.EXISTS);
  });

  test('remove: matching CAS succeeds, a stale one is EXISTS', () => {
    const v1 = docOf(set('k', 'v1'));
    const v2 = docOf(set('k', 'v2'));
    expect(remove('k', v1.cas).code).toBe(ENGINE.EXISTS);
    expect(valueOf('k')).toBe('v2');
    expect(docOf(remove('k', v2.cas)).deleted).toBe(true);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('append / prepend: matching CAS succeeds, a stale one is EXISTS', () => {
    const v1 = docOf(set('k', 'mid'));
    expect(append('k', '-end', v1.cas + 1n).code).toBe(ENGINE.EXISTS);
    const v2 = docOf(append('k', '-end', v1.cas));
    expect(prepend('k', 'start-', v1.cas).code).toBe(ENGINE.EXISTS);
    docOf(prepend('k', 'start-', v2.cas));
    expect(valueOf('k')).toBe('start-mid-end');
  });

  test('counter: matching CAS succeeds, a stale one is EXISTS', () => {
    const v1 = docOf(set('n', '10'));
    expect(incr('n', 1n, 0n, 0, v1.cas + 1n).code).toBe(ENGINE.EXISTS);
    const v2 = docOf(incr('n', 5n, 0n, 0, v1.cas));
    expect(v2.value.toString()).toBe('15');
    expect(decr('n', 1n, 0n, 0, v1.cas).code).toBe(ENGINE.EXISTS);
    expect(docOf(decr('n', 1n, 0n, 0, v2.cas)).value.toString()).toBe('14');
  });
});

describe('ADD / REPLACE / SET on missing documents', () => {
  test('add on an existing document is EXISTS; on a missing one it creates', () => {
    expect(docOf(add('k', 'first')).value.toString()).toBe('first');
    expect(add('k', 'second').code).toBe(ENGINE.EXISTS);
    expect(valueOf('k')).toBe('first');
  });

  test('add with a CAS is EINVAL, whether or not the document exists', () => {
    expect(add('missing', 'v', 123n).code).toBe(ENGINE.EINVAL);
    const d = docOf(set('k', 'v'));
    expect(add('k', 'v', d.cas).code).toBe(ENGINE.EINVAL);
    expect(get('missing').code).toBe(ENGINE.NOT_FOUND);
  });

  test('replace on a missing document is NOT_FOUND', () => {
    expect(replace('missing', 'v').code).toBe(ENGINE.NOT_FOUND);
    expect(get('missing').code).toBe(ENGINE.NOT_FOUND);
  });

  test('set with a CAS on a missing document is NOT_FOUND; without one it creates', () => {
    expect(set('missing', 'v', { cas: 42n }).code).toBe(ENGINE.NOT_FOUND);
    expect(get('missing').code).toBe(ENGINE.NOT_FOUND);
    expect(docOf(set('missing', 'v')).value.toString()).toBe('v');
  });

  test('remove of a missing (or already removed) document is NOT_FOUND', () => {
    expect(remove('missing').code).toBe(ENGINE.NOT_FOUND);
    docOf(set('k', 'v'));
    docOf(remove('k'));
    expect(remove('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('add and replace see a removed document as missing', () => {
    docOf(set('k', 'v'));
    docOf(remove('k'));
    expect(replace('k', 'v2').code).toBe(ENGINE.NOT_FOUND);
    expect(docOf(add('k', 'v3')).value.toString()).toBe('v3');
  });

  test('stored values keep their flags; JSON values get the JSON datatype, others raw', () => {
    const json = docOf(set('j', '{"a":[1,2]}', { flags: 0x02000000 }));
    expect(json.flags).toBe(0x02000000);
    expect(json.datatype).toBe(0x01);
    expect(docOf(set('r', 'not json', { flags: 0x03000000 })).datatype).toBe(0);
    expect(docOf(set('r2', '{"truncated"')).datatype).toBe(0);
    expect(docOf(get('j')).flags).toBe(0x02000000);
  });
});

describe('expiry', () => {
  test('relative expiry (seconds ≤ 30 days): live just before, missing just after', () => {
    const d = docOf(set('k', 'v', { expiry: 10 }));
    expect(d.expiresAtMs).toBe(T0_MS + 10_000);
    clock.travel(9_999);
    expect(valueOf('k')).toBe('v');
    clock.travel(1);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('exactly 30 days is still relative', () => {
    docOf(set('k', 'v', { expiry: THIRTY_DAYS_S }));
    clock.travel(THIRTY_DAYS_S * 1000 - 1);
    expect(valueOf('k')).toBe('v');
    clock.travel(1);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('absolute expiry (a Unix time): live just before that second, missing at it', () => {
    const d = docOf(set('k', 'v', { expiry: T0_S + 100 }));
    expect(d.expiresAtMs).toBe((T0_S + 100) * 1000);
    clock.travel(99_999);
    expect(valueOf('k')).toBe('v');
    clock.travel(1);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('30 days + 1 s is an absolute time in 1970: the document is expired at once', () => {
    const d = docOf(set('k', 'v', { expiry: THIRTY_DAYS_S + 1 }));
    expect(d.expiresAtMs).toBe((THIRTY_DAYS_S + 1) * 1000);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });

  test('expiry 0 never expires', () => {
    docOf(set('k', 'v', { expiry: 0 }));
    clock.travel(10 * 365 * 24 * 3600 * 1000);
    expect(valueOf('k')).toBe('v');
  });

  test('an expired document behaves as missing for every operation', () => {
    const setExpired = (key: string): void => {
      docOf(set(key, '5', { expiry: 1 }));
    };
    ['r', 'rm', 'ap', 'tch', 'gl', 'add', 'cnt', 'nocreate'].forEach(setExpired);
    clock.travel(1_000);
    expect(replace('r', 'x').code).toBe(ENGINE.NOT_FOUND);
    expect(remove('rm').code).toBe(ENGINE.NOT_FOUND);
    expect(append('ap', 'x').code).toBe(ENGINE.NOT_STORED);
    expect(engine.touch(bucket, vb0, 'tch', 100, now()).code).toBe(ENGINE.NOT_FOUND);
    expect(lock('gl', 5).code).toBe(ENGINE.NOT_FOUND);
    expect(docOf(add('add', 'fresh')).value.toString()).toBe('fresh');
    // A counter on an expired document starts again from `initial`.
    expect(docOf(incr('cnt', 1n, 100n)).value.toString()).toBe('100');
    expect(incr('nocreate', 1n, 0n, NO_CREATE).code).toBe(ENGINE.NOT_FOUND);
    expect(bucket.itemCount()).toBe(2);
  });

  test('an expired document becomes a tombstone with a new CAS and seqno when next touched', () => {
    const live = docOf(set('k', 'v', { expiry: 5, flags: 7 }));
    clock.travel(5_000);
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
    const tomb = docOf(engine.getMeta(bucket, vb0, 'k', clock.nowMs()));
    expect(tomb.deleted).toBe(true);
    expect(tomb.seqno).toBe(live.seqno + 1n);
    expect(tomb.cas).toBeGreaterThan(live.cas);
    expect(tomb.value.byteLength).toBe(0);
    // Reading again does not write a second tombstone.
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
    expect(vb0.highSeqno).toBe(live.seqno + 1n);
  });

  test('touch sets a new expiry (relative), and 0 clears it', () => {
    docOf(set('k', 'v', { expiry: 5 }));
    const t = docOf(engine.touch(bucket, vb0, 'k', 60, now()));
    expect(t.expiresAtMs).toBe(T0_MS + 60_000);
    clock.travel(59_999);
    expect(valueOf('k')).toBe('v');
    docOf(engine.touch(bucket, vb0, 'k', 0, now()));
    clock.travel(1_000_000);
    expect(valueOf('k')).toBe('v');
  });

  test('a set replaces the expiry; with preserveTtl it keeps the old one', () => {
    docOf(set('k', 'v1', { expiry: 10 }));
    expect(docOf(set('k', 'v2', { expiry: 100, preserveTtl: true })).expiresAtMs).toBe(T0_MS + 10_000);
    expect(docOf(set('k', 'v3')).expiresAtMs).toBe(0);
    clock.travel(20_000);
    expect(valueOf('k')).toBe('v3');
  });
});

describe('locks', () => {
  test('getLocked returns the document with a new CAS that the lock is keyed on', () => {
    const d = docOf(set('k', 'v'));
    const l = docOf(lock('k', 10));
    expect(l.cas).toBeGreaterThan(d.cas);
    expect(l.value.toString()).toBe('v');
    expect(l.lockedUntilMs).toBe(T0_MS + 10_000);
    // A lock is not a mutation: same seqno.
    expect(l.seqno).toBe(d.seqno);
  });

  test('a second getLocked on a locked document is LOCKED_TMPFAIL', () => {
    docOf(set('k', 'v'));
    docOf(lock('k', 10));
    expect(lock('k', 10).code).toBe(ENGINE.LOCKED_TMPFAIL);
  });

  test('mutations without the lock CAS are LOCKED, with a wrong CAS too', () => {
    const d = docOf(set('k', '1'));
    const l = docOf(lock('k', 10));
    expect(set('k', 'x').code).toBe(ENGINE.LOCKED);
    expect(set('k', 'x', { cas: d.cas }).code).toBe(ENGINE.LOCKED);
    expect(replace('k', 'x').code).toBe(ENGINE.LOCKED);
    expect(remove('k').code).toBe(ENGINE.LOCKED);
    expect(remove('k', l.cas + 1n).code).toBe(ENGINE.LOCKED);
    expect(append('k', 'x').code).toBe(ENGINE.LOCKED);
    expect(prepend('k', 'x').code).toBe(ENGINE.LOCKED);
    expect(incr('k', 1n).code).toBe(ENGINE.LOCKED);
    expect(engine.touch(bucket, vb0, 'k', 10, now()).code).toBe(ENGINE.LOCKED);
    expect(add('k', 'x').code).toBe(ENGINE.EXISTS);
    expect(valueOf('k')).toBe('1');
    expect(vb0.highSeqno).toBe(d.seqno);
  });

  test('a mutation carrying the lock CAS succeeds and releases the lock', () => {
    docOf(set('k', 'v'));
    const l = docOf(lock('k', 10));
    const m = docOf(set('k', 'v2', { cas: l.cas }));
    expect(m.cas).toBeGreaterThan(l.cas);
    expect(m.lockedUntilMs).toBe(0);
    expect(docOf(set('k', 'v3')).value.toString()).toBe('v3');
  });

  test('remove, append and counter with the lock CAS succeed too', () => {
    docOf(set('a', 'x'));
    docOf(set('r', 'x'));
    docOf(set('c', '1'));
    expect(docOf(append('a', 'y', docOf(lock('a', 5)).cas)).value.toString()).toBe('xy');
    expect(docOf(remove('r', docOf(lock('r', 5)).cas)).deleted).toBe(true);
    expect(docOf(incr('c', 2n, 0n, 0, docOf(lock('c', 5)).cas)).value.toString()).toBe('3');
    expect(docOf(set('a', 'free')).value.toString()).toBe('free');
  });

  test('the lock expires after its lock time', () => {
    docOf(set('k', 'v'));
    docOf(lock('k', 5));
    clock.travel(4_999);
    expect(set('k', 'x').code).toBe(ENGINE.LOCKED);
    clock.travel(1);
    expect(docOf(set('k', 'x')).lockedUntilMs).toBe(0);
  });

  test.each([
    [0, 15],
    [31, 15],
    [1_000_000, 15],
    [30, 30],
    [1, 1],
  ])('lock time %i s holds for %i s', (asked, holds) => {
    docOf(set('k', 'v'));
    expect(docOf(lock('k', asked)).lockedUntilMs).toBe(T0_MS + holds * 1000);
    clock.travel(holds * 1000 - 1);
    expect(lock('k', asked).code).toBe(ENGINE.LOCKED_TMPFAIL);
    clock.travel(1);
    expect(lock('k', asked).code).toBe(ENGINE.SUCCESS);
  });

  test('unlock with the lock CAS succeeds and unlocks', () => {
    docOf(set('k', 'v'));
    const l = docOf(lock('k', 10));
    expect(docOf(unlock('k', l.cas)).lockedUntilMs).toBe(0);
    expect(docOf(set('k', 'v2')).value.toString()).toBe('v2');
  });

  test('unlock of a document that is not locked is NOT_LOCKED (also after the lock expired)', () => {
    const d = docOf(set('k', 'v'));
    expect(unlock('k', d.cas).code).toBe(ENGINE.NOT_LOCKED);
    const l = docOf(lock('k', 2));
    clock.travel(2_000);
    expect(unlock('k', l.cas).code).toBe(ENGINE.NOT_LOCKED);
  });

  test('unlock with a wrong CAS is LOCKED_TMPFAIL and keeps the lock', () => {
    const d = docOf(set('k', 'v'));
    const l = docOf(lock('k', 10));
    expect(unlock('k', d.cas).code).toBe(ENGINE.LOCKED_TMPFAIL);
    expect(unlock('k', l.cas + 1n).code).toBe(ENGINE.LOCKED_TMPFAIL);
    expect(set('k', 'x').code).toBe(ENGINE.LOCKED);
  });

  test('unlock and getLocked of a missing document are NOT_FOUND', () => {
    expect(unlock('missing', 1n).code).toBe(ENGINE.NOT_FOUND);
    expect(lock('missing', 5).code).toBe(ENGINE.NOT_FOUND);
  });

  test('a plain get of a locked document still returns it (the wire layer hides the CAS)', () => {
    docOf(set('k', 'v'));
    const l = docOf(lock('k', 10));
    expect(docOf(get('k')).cas).toBe(l.cas);
    expect(docOf(get('k')).lockedUntilMs).toBe(T0_MS + 10_000);
  });
});

describe('counters', () => {
  test('a missing counter is created with `initial` (delta not applied), JSON, flags 0', () => {
    const c = docOf(incr('n', 5n, 42n));
    expect(c.value.toString()).toBe('42');
    expect(c.datatype).toBe(0x01);
    expect(c.flags).toBe(0);
    expect(docOf(decr('m', 5n, 7n)).value.toString()).toBe('7');
  });

  test('a created counter takes the request expiry', () => {
    expect(docOf(incr('n', 1n, 1n, 10)).expiresAtMs).toBe(T0_MS + 10_000);
    clock.travel(10_000);
    expect(get('n').code).toBe(ENGINE.NOT_FOUND);
  });

  test('expiry 0xFFFFFFFF means "do not create": NOT_FOUND', () => {
    expect(incr('n', 1n, 5n, NO_CREATE).code).toBe(ENGINE.NOT_FOUND);
    expect(decr('n', 1n, 5n, NO_CREATE).code).toBe(ENGINE.NOT_FOUND);
    expect(get('n').code).toBe(ENGINE.NOT_FOUND);
    docOf(set('n', '9'));
    expect(docOf(incr('n', 1n, 5n, NO_CREATE)).value.toString()).toBe('10');
  });

  test('increment and decrement existing ASCII decimal values', () => {
    docOf(set('n', '100'));
    expect(docOf(incr('n', 23n)).value.toString()).toBe('123');
    expect(docOf(decr('n', 100n)).value.toString()).toBe('23');
    expect(docOf(incr('n', 0n)).value.toString()).toBe('23');
  });

  test('increment wraps at 2^64', () => {
    docOf(set('n', U64_MAX.toString()));
    expect(docOf(incr('n', 1n)).value.toString()).toBe('0');
    docOf(set('m', (U64_MAX - 1n).toString()));
    expect(docOf(incr('m', 5n)).value.toString()).toBe('3');
    docOf(set('big', '10'));
    expect(docOf(incr('big', U64_MAX)).value.toString()).toBe('9');
  });

  test('decrement stops at 0', () => {
    docOf(set('n', '5'));
    expect(docOf(decr('n', 10n)).value.toString()).toBe('0');
    expect(docOf(decr('n', 1n)).value.toString()).toBe('0');
    docOf(set('m', '5'));
    expect(docOf(decr('m', 5n)).value.toString()).toBe('0');
  });

  test.each(['abc', '12a', '-1', ' 1', '1.5', '', '18446744073709551616', '{"n":1}'])('a non-numeric value %j is DELTA_BADVAL', (v) => {
    docOf(set('n', v));
    expect(incr('n', 1n).code).toBe(ENGINE.DELTA_BADVAL);
    expect(decr('n', 1n).code).toBe(ENGINE.DELTA_BADVAL);
    expect(valueOf('n')).toBe(v);
  });

  test('a counter update keeps flags and expiry', () => {
    docOf(set('n', '1', { flags: 0xabcd, expiry: 50 }));
    const c = docOf(incr('n', 1n));
    expect(c.flags).toBe(0xabcd);
    expect(c.expiresAtMs).toBe(T0_MS + 50_000);
  });
});

describe('append / prepend', () => {
  test('on a missing document: NOT_STORED', () => {
    expect(append('missing', 'x').code).toBe(ENGINE.NOT_STORED);
    expect(prepend('missing', 'x').code).toBe(ENGINE.NOT_STORED);
    expect(get('missing').code).toBe(ENGINE.NOT_FOUND);
  });

  test('concatenate and keep flags and expiry', () => {
    docOf(set('k', 'mid', { flags: 0x04000000, expiry: 30 }));
    const a = docOf(append('k', '>>'));
    const p = docOf(prepend('k', '<<'));
    expect(p.value.toString()).toBe('<<mid>>');
    for (const d of [a, p]) {
      expect(d.flags).toBe(0x04000000);
      expect(d.expiresAtMs).toBe(T0_MS + 30_000);
    }
  });

  test('bytes are concatenated as bytes', () => {
    docOf(engine.store(bucket, vb0, 'set', 'bin', { value: Buffer.from([0, 1, 2]), flags: 0, datatype: 0, expiry: 0, cas: 0n }, now()));
    const d = docOf(engine.concat(bucket, vb0, 'bin', Buffer.from([0xff, 0xfe]), 0n, false, now()));
    expect([...d.value]).toEqual([0, 1, 2, 0xff, 0xfe]);
  });
});

describe('GET_META', () => {
  test('sees live documents and tombstones; a never-written key is NOT_FOUND', () => {
    expect(engine.getMeta(bucket, vb0, 'never', clock.nowMs()).code).toBe(ENGINE.NOT_FOUND);
    const live = docOf(set('k', 'v', { flags: 3 }));
    expect(docOf(engine.getMeta(bucket, vb0, 'k', clock.nowMs()))).toMatchObject({ deleted: false, flags: 3, cas: live.cas, seqno: live.seqno });
    const gone = docOf(remove('k'));
    const meta = docOf(engine.getMeta(bucket, vb0, 'k', clock.nowMs()));
    expect(meta).toMatchObject({ deleted: true, cas: gone.cas, seqno: live.seqno + 1n });
    expect(get('k').code).toBe(ENGINE.NOT_FOUND);
  });
});

describe('StoredDoc versions are immutable', () => {
  test('a version held by a reader never changes when the key is mutated or locked', () => {
    const v1 = docOf(set('k', 'one', { flags: 1 }));
    const snapshot = { ...v1, value: Buffer.from(v1.value) };
    docOf(set('k', 'two', { flags: 2 }));
    docOf(lock('k', 5));
    docOf(unlock('k', docOf(get('k')).cas));
    docOf(remove('k'));
    expect(v1).toEqual(snapshot);
  });
});

describe('replication (lazy, after replicationDelayMs)', () => {
  test('a replica does not see a write before the delay and sees it after', () => {
    const d = docOf(set('k', 'v'));
    const replica = (): VBucketCopy => bucket.replicaOn(0, 1)!;
    expect(replica()).toBeDefined();
    expect(engine.getReplica(replica(), 'k', now()).code).toBe(ENGINE.NOT_FOUND);
    clock.travel(19);
    expect(engine.getReplica(replica(), 'k', now()).code).toBe(ENGINE.NOT_FOUND);
    clock.travel(1);
    const r = docOf(engine.getReplica(replica(), 'k', now()));
    expect(r).toBe(d); // the very same immutable version
    expect(replica().highSeqno).toBe(1n);
  });

  test('a replica applies mutations in seqno order, only those that are due', () => {
    docOf(set('a', '1'));
    clock.travel(10);
    docOf(set('b', '1'));
    docOf(set('a', '2'));
    clock.travel(10);
    const replica = bucket.replicaOn(0, 1)!;
    expect(replica.highSeqno).toBe(1n);
    expect(docOf(engine.getReplica(replica, 'a', now())).value.toString()).toBe('1');
    expect(engine.getReplica(replica, 'b', now()).code).toBe(ENGINE.NOT_FOUND);
    clock.travel(10);
    const caughtUp = bucket.replicaOn(0, 1)!;
    expect(caughtUp.highSeqno).toBe(3n);
    expect(docOf(engine.getReplica(caughtUp, 'a', now())).value.toString()).toBe('2');
    expect(docOf(engine.getReplica(caughtUp, 'b', now())).value.toString()).toBe('1');
  });

  test('deletes replicate; a replica serves no tombstones', () => {
    docOf(set('k', 'v'));
    clock.travel(20);
    expect(engine.getReplica(bucket.replicaOn(0, 1)!, 'k', now()).code).toBe(ENGINE.SUCCESS);
    docOf(remove('k'));
    clock.travel(20);
    const replica = bucket.replicaOn(0, 1)!;
    expect(engine.getReplica(replica, 'k', now()).code).toBe(ENGINE.NOT_FOUND);
    expect(docOf(engine.getMeta(bucket, replica, 'k', clock.nowMs())).deleted).toBe(true);
  });

  test('locks are not replicated', () => {
    const d = docOf(set('k', 'v'));
    docOf(lock('k', 10));
    clock.travel(100);
    expect(docOf(engine.getReplica(bucket.replicaOn(0, 1)!, 'k', now())).cas).toBe(d.cas);
  });

  test('each vBucket replicates independently to its own replica node', () => {
    docOf(set('a', '1'));
    docOf(set('b', '1', { copy: vb1 }));
    clock.travel(20);
    expect(bucket.replicaOn(0, 1)!.highSeqno).toBe(1n);
    expect(bucket.replicaOn(1, 0)!.highSeqno).toBe(1n);
    expect(engine.getReplica(bucket.replicaOn(1, 0)!, 'a', now()).code).toBe(ENGINE.NOT_FOUND);
  });

  test('a node holds no replica of a vBucket it is active for, and no active copy of one it replicates', () => {
    expect(bucket.replicaOn(0, 0)).toBeUndefined();
    expect(bucket.activeOn(0, 1)).toBeUndefined();
    expect(bucket.activeNode(0)).toBe(0);
    expect(bucket.activeNode(1)).toBe(1);
    expect(bucket.activeNode(8)).toBe(-1);
  });

  test('a changed replicationDelayMs applies to later reads', () => {
    bucket.replicationDelayMs = 500;
    docOf(set('k', 'v'));
    clock.travel(499);
    expect(engine.getReplica(bucket.replicaOn(0, 1)!, 'k', now()).code).toBe(ENGINE.NOT_FOUND);
    clock.travel(1);
    expect(engine.getReplica(bucket.replicaOn(0, 1)!, 'k', now()).code).toBe(ENGINE.SUCCESS);
  });
});

describe('persistence (persistedSeqno after persistDelayMs)', () => {
  test('the active copy persists each mutation persistDelayMs after it was written', () => {
    docOf(set('a', '1'));
    clock.travel(5);
    docOf(set('b', '1'));
    expect(vb0.persistedSeqno(now(), bucket.persistDelayMs)).toBe(0n);
    clock.travel(14); // 19 ms after the first write
    expect(vb0.persistedSeqno(now(), bucket.persistDelayMs)).toBe(0n);
    clock.travel(1); // 20 ms
    expect(vb0.persistedSeqno(now(), bucket.persistDelayMs)).toBe(1n);
    clock.travel(4); // 24 ms after the first, 19 after the second
    expect(vb0.persistedSeqno(now(), bucket.persistDelayMs)).toBe(1n);
    clock.travel(1);
    expect(vb0.persistedSeqno(now(), bucket.persistDelayMs)).toBe(2n);
  });

  test('a replica persists persistDelayMs after it received the mutation', () => {
    docOf(set('a', '1'));
    clock.travel(39);
    const replica = bucket.replicaOn(0, 1)!;
    expect(replica.highSeqno).toBe(1n);
    expect(replica.persistedSeqno(now(), bucket.persistDelayMs)).toBe(0n);
    clock.travel(1);
    expect(replica.persistedSeqno(now(), bucket.persistDelayMs)).toBe(1n);
  });
});

describe('buildVbucketMap', () => {
  test('layouts typed in: 1..4 nodes, 0..3 replicas', () => {
    expect(buildVbucketMap(4, [0], 0)).toEqual([[0], [0], [0], [0]]);
    expect(buildVbucketMap(2, [0], 3)).toEqual([
      [0, -1, -1, -1],
      [0, -1, -1, -1],
    ]);
    expect(buildVbucketMap(4, [0, 1], 1)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(buildVbucketMap(3, [0, 1], 2)).toEqual([
      [0, 1, -1],
      [1, 0, -1],
      [0, 1, -1],
    ]);
    expect(buildVbucketMap(4, [0, 1, 2], 2)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 1, 2],
    ]);
    expect(buildVbucketMap(4, [0, 1, 2], 3)).toEqual([
      [0, 1, 2, -1],
      [1, 2, 0, -1],
      [2, 0, 1, -1],
      [0, 1, 2, -1],
    ]);
    expect(buildVbucketMap(5, [0, 1, 2, 3], 3)).toEqual([
      [0, 1, 2, 3],
      [1, 2, 3, 0],
      [2, 3, 0, 1],
      [3, 0, 1, 2],
      [0, 1, 2, 3],
    ]);
    expect(buildVbucketMap(4, [0, 1, 2, 3], 0)).toEqual([[0], [1], [2], [3]]);
  });

  test('node indexes are the given ones (a subset of the cluster)', () => {
    expect(buildVbucketMap(3, [1, 3], 1)).toEqual([
      [1, 3],
      [3, 1],
      [1, 3],
    ]);
  });

  for (let nodes = 1; nodes <= 4; nodes++) {
    for (let replicas = 0; replicas <= 3; replicas++) {
      test(`${nodes} node(s), ${replicas} replica(s): shape, distinct copies, balance, -1 only without enough nodes`, () => {
        const numVbuckets = 64;
        const list = Array.from({ length: nodes }, (_, i) => i);
        const map = buildVbucketMap(numVbuckets, list, replicas);
        expect(map).toHaveLength(numVbuckets);
        const missingPerRow = Math.max(0, replicas + 1 - nodes);
        const activeCount = new Array<number>(nodes).fill(0);
        for (const row of map) {
          expect(row).toHaveLength(replicas + 1);
          const placed = row.filter((n) => n >= 0);
          expect(placed).toHaveLength(replicas + 1 - missingPerRow);
          expect(new Set(placed).size).toBe(placed.length); // never two copies on one node
          // The -1 entries come last.
          expect(row.slice(placed.length).every((n) => n === -1)).toBe(true);
          expect(row[0]).toBeGreaterThanOrEqual(0);
          activeCount[row[0]!]!++;
        }
        // 64 vBuckets spread as evenly as possible over the nodes.
        for (const c of activeCount) {
          expect(c).toBeGreaterThanOrEqual(Math.floor(numVbuckets / nodes));
          expect(c).toBeLessThanOrEqual(Math.ceil(numVbuckets / nodes));
        }
      });
    }
  }

  test('a BucketStore creates exactly the copies its map names', () => {
    const b = new BucketStore({ name: 'x', replicas: 2, numVbuckets: 4 }, 3, [0, 1, 2], clock, { replicationDelayMs: 0, persistDelayMs: 0 });
    expect(b.vbmap).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 1, 2],
    ]);
    for (let node = 0; node < 3; node++) {
      for (let vb = 0; vb < 4; vb++) {
        const role = b.vbmap[vb]!.indexOf(node);
        expect(b.copies[node]![vb]!.state).toBe(role === 0 ? 'active' : 'replica');
        // Every copy of a vBucket shares its history UUID.
        expect(b.copies[node]![vb]!.uuid).toBe(b.copies[0]![vb]!.uuid);
      }
    }
  });
});

describe('GET_META sees expiry', () => {
  test('an expired document reads as a tombstone before anything else touched it', () => {
    const clock = new ClusterClock();
    const bucket = new BucketStore({ name: 'm', replicas: 0, numVbuckets: 1 }, 1, [0], clock, { replicationDelayMs: 0, persistDelayMs: 0 });
    const vb = bucket.activeOn(0, 0)!;
    engine.store(bucket, vb, 'set', 'exp', { value: Buffer.from('1'), flags: 0, datatype: 0, expiry: 5, cas: 0n }, clock.nowMs());
    clock.travel(6_000);
    const meta = engine.getMeta(bucket, vb, 'exp', clock.nowMs());
    expect(meta.code).toBe(ENGINE.SUCCESS);
    expect(meta.code === ENGINE.SUCCESS && meta.doc.deleted).toBe(true);
  });
});
