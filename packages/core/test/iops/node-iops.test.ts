/**
 * NodeIOPS against real sockets: the seeds' event contract (WRITE readiness when
 * connected, READ readiness when data or end-of-stream arrives, watches that stay armed,
 * unwatch, cleanup), one-shot timers that re-arming replaces, and — the point of the
 * READ watch — that an unwatched socket stops reading, so the peer's writes back up
 * (TCP back-pressure) until READ is watched again.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { EVACTION_CLEANUP, EVACTION_UNWATCH, EVACTION_WATCH, IOEvent, READ_EVENT, TimerEvent, WRITE_EVENT } from '../../src/iops/iops';
import { NodeIOPS } from '../../src/iops/node-iops';

let server: Server;
let port: number;
let accepted: Promise<Socket>;
let accept: (s: Socket) => void;

beforeEach(async () => {
  accepted = new Promise((r) => (accept = r));
  server = createServer((s) => accept(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('NodeIOPS sockets', () => {
  test('WRITE readiness on connect, READ readiness on data and on close; fileno is stable', async () => {
    const iops = new NodeIOPS();
    const ev = iops.ioEventFactory();
    const seen: number[] = [];
    ev._onReady = (flags) => seen.push(flags);
    const sock = iops.connect({ host: '127.0.0.1', port });
    ev.socket = sock;
    const id = ev.fileno();
    iops.updateEvent(ev, EVACTION_WATCH, READ_EVENT | WRITE_EVENT);
    const peer = await accepted;
    await tick();
    expect(sock.connected).toBe(true);
    expect(seen.some((f) => (f & WRITE_EVENT) !== 0)).toBe(true);
    seen.length = 0;
    peer.write('hello');
    await tick();
    expect(seen.some((f) => (f & READ_EVENT) !== 0)).toBe(true);
    expect(Buffer.from(sock.read()!).toString()).toBe('hello');
    expect(sock.read()).toBeNull();
    peer.end();
    await tick();
    expect(sock.closed).toBe(true);
    expect(ev.fileno()).toBe(id);
    iops.updateEvent(ev, EVACTION_CLEANUP, 0);
  });

  test('a refused connection becomes closed with an error (signalled to the watcher)', async () => {
    const iops = new NodeIOPS();
    await new Promise<void>((r) => server.close(() => r()));
    const ev = new IOEvent();
    let signalled = 0;
    ev._onReady = () => signalled++;
    const sock = iops.connect({ host: '127.0.0.1', port });
    ev.socket = sock;
    iops.updateEvent(ev, EVACTION_WATCH, READ_EVENT | WRITE_EVENT);
    await tick(50);
    expect(sock.closed).toBe(true);
    expect((sock.error as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED');
    expect(signalled).toBeGreaterThan(0);
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });

  test('unwatching READ stops reading: the peer backs up; watching again drains it', async () => {
    const iops = new NodeIOPS();
    const ev = new IOEvent();
    let readable = 0;
    ev._onReady = (f) => {
      if (f & READ_EVENT) readable++;
    };
    const sock = iops.connect({ host: '127.0.0.1', port });
    ev.socket = sock;
    iops.updateEvent(ev, EVACTION_WATCH, WRITE_EVENT);
    const peer = await accepted;
    await tick();
    iops.updateEvent(ev, EVACTION_UNWATCH, 0);
    // Write until the peer's socket reports congestion: kernel buffers and Node's
    // stream buffer on our side are full because nobody reads.
    const chunk = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    let congested = false;
    for (let i = 0; i < 2000 && !congested; i++) {
      congested = !peer.write(chunk);
      written += chunk.byteLength;
      if (i % 16 === 0) await tick(1);
    }
    await tick(100);
    expect(congested).toBe(true);
    expect(readable).toBe(0);
    expect(peer.writableLength).toBeGreaterThan(0);
    const drained = new Promise<void>((r) => peer.once('drain', () => r()));
    ev._onReady = (f) => {
      if (f & READ_EVENT) while (sock.read() !== null) readable++;
    };
    iops.updateEvent(ev, EVACTION_WATCH, READ_EVENT);
    await drained;
    expect(readable).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(chunk.byteLength);
    sock.close();
    peer.destroy();
  });
});

describe('NodeIOPS timers', () => {
  test('fire once; re-arming replaces; unwatch cancels; cleanup frees', async () => {
    const iops = new NodeIOPS();
    const t = iops.timerEventFactory();
    const fired: number[] = [];
    t._onReady = (flags) => fired.push(flags);
    iops.updateTimer(t, EVACTION_WATCH, 10_000);
    iops.updateTimer(t, EVACTION_WATCH, 5_000);
    await tick(30);
    expect(fired).toEqual([0]);
    await tick(30);
    expect(fired).toEqual([0]);
    iops.updateTimer(t, EVACTION_WATCH, 5_000);
    iops.updateTimer(t, EVACTION_UNWATCH, 0);
    await tick(30);
    expect(fired).toEqual([0]);
    iops.updateTimer(t, EVACTION_CLEANUP, 0);
    t.ready(0);
    expect(fired).toEqual([0]);
    const t2 = new TimerEvent();
    expect(t2.state).toBe('suspended');
    expect(iops.now()).toBeGreaterThan(0);
  });
});
