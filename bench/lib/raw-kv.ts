/**
 * The raw MCBP pieces of the limit client (and of the data loader, which is the same
 * thing run once): a handshake, pre-encoded request rings, and a response counter that
 * reads only the 24-byte headers. Nothing here decodes a value, allocates per response
 * or builds a packet while timing: it is the floor of what any client must do.
 */
import { connect, type Socket } from 'node:net';
import {
  DATATYPE,
  encodeFeatures,
  encodePacket,
  FEATURES,
  FORMAT_FLAGS,
  FrameDecoder,
  OPCODES,
  plainAuthPayload,
  STATUS,
  storeExtras,
  vbucketOf,
  type Packet,
  type PacketInit,
} from '@couchts/core/internal';
import { SEED_KEY, type BenchTarget } from './workloads';

const HEADER = 24;

/** Sends one request and resolves with its response (handshake only: one at a time). */
function request(socket: Socket, init: PacketInit): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const decoder = new FrameDecoder();
    const onData = (chunk: Buffer): void => {
      decoder.push(chunk);
      const packet = decoder.next();
      if (packet === undefined) return;
      cleanup();
      resolve(packet);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(`connection closed during handshake (opcode 0x${init.opcode.toString(16)})`));
    };
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(encodePacket(init));
  });
}

async function expectSuccess(socket: Socket, step: string, init: PacketInit): Promise<void> {
  const reply = await request(socket, init);
  if (reply.status !== STATUS.SUCCESS) throw new Error(`${step} failed with status 0x${reply.status.toString(16)}: ${reply.value.toString('utf8').slice(0, 200)}`);
}

/**
 * Connects and runs the handshake: HELLO (TCP_NODELAY, XERROR, SELECT_BUCKET, JSON),
 * SASL PLAIN (the dev cluster accepts it on plain TCP; a one-round-trip mechanism keeps
 * this client minimal, and the handshake is not timed anyway), SELECT_BUCKET.
 */
export async function openRawKv(target: BenchTarget): Promise<Socket> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: target.kvHost, port: target.kvPort, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
  try {
    const features = [FEATURES.TCPNODELAY, FEATURES.XERROR, FEATURES.SELECT_BUCKET, FEATURES.JSON];
    await expectSuccess(socket, 'HELLO', { opcode: OPCODES.HELLO, key: 'couchts-bench-limit', value: encodeFeatures(features) });
    await expectSuccess(socket, 'SASL_AUTH', { opcode: OPCODES.SASL_AUTH, key: 'PLAIN', value: plainAuthPayload(target.username, target.password) });
    await expectSuccess(socket, 'SELECT_BUCKET', { opcode: OPCODES.SELECT_BUCKET, key: target.bucket });
  } catch (err) {
    socket.destroy();
    throw err;
  }
  return socket;
}

/** Many pre-encoded requests laid end to end in one buffer, sent as slices of it. */
export interface RequestRing {
  bytes: Buffer;
  /** offsets[i] is where request i starts; offsets[count] is the end. */
  offsets: Uint32Array;
  count: number;
}

/** Encodes `inits` once into one contiguous ring. */
export function buildRing(inits: readonly PacketInit[]): RequestRing {
  const encoded = inits.map((p) => encodePacket(p));
  const offsets = new Uint32Array(encoded.length + 1);
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
  return { bytes: Buffer.concat(encoded), offsets, count: encoded.length };
}

/** GET requests for `keys`. */
export function getRequests(keys: readonly string[], numVbuckets: number): PacketInit[] {
  return keys.map((key, i) => ({ opcode: OPCODES.GET, vbucket: vbucketOf(key, numVbuckets), key, opaque: i }));
}

/** SET (upsert) requests writing the JSON `value` under each key, with the JSON common flags. */
export function upsertRequests(keys: readonly string[], value: string, numVbuckets: number): PacketInit[] {
  const extras = storeExtras(FORMAT_FLAGS.json, 0);
  return keys.map((key, i) => ({ opcode: OPCODES.SET, vbucket: vbucketOf(key, numVbuckets), key, value, extras, datatype: DATATYPE.JSON, opaque: i }));
}

/**
 * Counts complete responses in a byte stream by reading only header fields: body
 * length (to skip the body) and status (to count failures). A header split across two
 * reads is reassembled in a 24-byte scratch buffer.
 */
export class ResponseCounter {
  /** Responses whose status was not SUCCESS. */
  failures = 0;
  /** Status of the first failure, to report it. */
  firstFailure: number | undefined;
  #scratch = Buffer.alloc(HEADER);
  #scratchFill = 0;
  /** Body bytes of the current response still to skip; -1 while reading a header. */
  #skip = -1;

  /** Consumes a chunk; returns how many responses completed in it. */
  feed(chunk: Buffer): number {
    let done = 0;
    let o = 0;
    const n = chunk.length;
    while (o < n) {
      if (this.#skip > 0) {
        const s = Math.min(this.#skip, n - o);
        this.#skip -= s;
        o += s;
        if (this.#skip === 0) {
          done++;
          this.#skip = -1;
        }
        continue;
      }
      let status: number;
      let body: number;
      if (this.#scratchFill === 0 && n - o >= HEADER) {
        status = chunk.readUInt16BE(o + 6);
        body = chunk.readUInt32BE(o + 8);
        o += HEADER;
      } else {
        const take = Math.min(HEADER - this.#scratchFill, n - o);
        chunk.copy(this.#scratch, this.#scratchFill, o, o + take);
        this.#scratchFill += take;
        o += take;
        if (this.#scratchFill < HEADER) break;
        this.#scratchFill = 0;
        status = this.#scratch.readUInt16BE(6);
        body = this.#scratch.readUInt32BE(8);
      }
      if (status !== STATUS.SUCCESS) {
        this.failures++;
        this.firstFailure ??= status;
      }
      if (body === 0) done++;
      else this.#skip = body;
    }
    return done;
  }
}

/**
 * Keeps `concurrency` requests of `ring` in flight until `total` responses arrived. Each
 * read refills exactly as many requests as completed, in one write of a ring slice (two
 * when the slice wraps): no copy, no encoding, one syscall per read at most.
 * With `latenciesMs` (concurrency 1), each response's round trip is recorded.
 */
export function runPipelined(socket: Socket, ring: RequestRing, total: number, concurrency: number, latenciesMs?: Float64Array): Promise<ResponseCounter> {
  const counter = new ResponseCounter();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    let index = 0;
    let t0 = 0;
    const send = (k: number): void => {
      sent += k;
      while (k > 0) {
        const end = Math.min(ring.count, index + k);
        socket.write(ring.bytes.subarray(ring.offsets[index]!, ring.offsets[end]!));
        k -= end - index;
        index = end === ring.count ? 0 : end;
      }
    };
    const finish = (err?: Error): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      if (err === undefined) resolve(counter);
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      const done = counter.feed(chunk);
      if (done === 0) return;
      if (latenciesMs !== undefined) latenciesMs[received] = performance.now() - t0;
      received += done;
      if (received >= total) return finish();
      const k = Math.min(done, total - sent);
      if (latenciesMs !== undefined) t0 = performance.now();
      if (k > 0) send(k);
    };
    const onClose = (): void => finish(new Error(`connection closed after ${received} of ${total} responses`));
    socket.on('data', onData);
    socket.once('close', onClose);
    t0 = performance.now();
    send(Math.min(concurrency, total));
  });
}

/** Stores the data set (every bench key, plus the seed document of the N1QL statement) through one raw connection. */
export async function loadDocuments(target: BenchTarget, keys: readonly string[], documentJson: string): Promise<void> {
  const socket = await openRawKv(target);
  try {
    const ring = buildRing(upsertRequests([...keys, SEED_KEY], documentJson, target.numVbuckets));
    const counter = await runPipelined(socket, ring, ring.count, 256);
    if (counter.failures > 0) throw new Error(`${counter.failures} upserts failed while loading (status 0x${counter.firstFailure!.toString(16)})`);
  } finally {
    socket.destroy();
  }
}
