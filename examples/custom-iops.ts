/**
 * A custom IOPS — the seeds' extension point ("subclass this module for your I/O
 * framework"): the core never touches sockets or timers itself, it asks its IOPS to
 * watch events (`updateEvent`), arm timers (`updateTimer`) and open sockets (`connect`),
 * and the IOPS calls back `event.ready(flags)` when the event loop says so.
 *
 * This one wraps the default NodeIOPS to meter what the core asks of the event loop —
 * the shape of an IOPS that integrates with another loop, or instruments one. The rules
 * it keeps: one IOPS per bucket (it is owned by the bucket), watchers are one-shot until
 * re-armed, and every call is delegated so the semantics stay Node's.
 */
import {
  AsyncBucket,
  EVACTION_CLEANUP,
  EVACTION_WATCH,
  NodeIOPS,
  type EvAction,
  type IOConnectOptions,
  type IOEvent,
  type IOSocket,
  type TimerEvent,
} from '@couchts/core';
import { defer } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

/** NodeIOPS plus counters of what the core asked for. */
class MeteredIOPS extends NodeIOPS {
  readonly counts = { sockets: 0, watches: 0, cleanups: 0, timersArmed: 0 };

  override connect(options: IOConnectOptions): IOSocket {
    this.counts.sockets++;
    console.log(`  iops: connect ${options.host}:${options.port}${options.tls ? ' (TLS)' : ''}`);
    return super.connect(options);
  }

  override updateEvent(event: IOEvent, action: EvAction, flags: number): void {
    if (action === EVACTION_WATCH) this.counts.watches++;
    if (action === EVACTION_CLEANUP) this.counts.cleanups++;
    super.updateEvent(event, action, flags);
  }

  override updateTimer(timer: TimerEvent, action: EvAction, usecs: number): void {
    if (action === EVACTION_WATCH) this.counts.timersArmed++;
    super.updateTimer(timer, action, usecs);
  }
}

export async function main(): Promise<void> {
  const conn = await connection();
  const iops = new MeteredIOPS();
  const bucket = new AsyncBucket(iops, conn.connstr, { username: conn.username, password: conn.password });
  try {
    // 1000 operations: the core pipelines them and coalesces writes, so the event loop
    // sees far fewer watches and timers than operations.
    const writes = [];
    for (let i = 0; i < 1000; i++) writes.push(defer(bucket.upsert(`iops-${i}`, { i })));
    await Promise.all(writes);
    const got = await defer(bucket.get('iops-999'));
    console.log('get(iops-999) →', got.value);
    const c = iops.counts;
    console.log(`  1000 upserts + 1 get: ${c.sockets} socket(s), ${c.watches} event watches, ${c.timersArmed} timers armed`);
  } finally {
    await new Promise<void>((resolve) => {
      bucket.registerEvent('destroy', { callback: () => resolve(), errback: () => resolve() });
      bucket.close();
    });
    console.log(`  after close: ${iops.counts.cleanups} event(s) cleaned up`);
    await conn.close();
  }
}

runIfMain(__filename, main);
