/**
 * A scripted KV server for deterministic client tests over VirtualIOPS. It answers the
 * handshake (HELLO, SASL PLAIN, SELECT_BUCKET, GET_CLUSTER_CONFIG) with a small config,
 * then hands every data request to a test-supplied responder, which may answer, answer
 * later, or stay silent. Built on the core's codec; the real dev cluster is tested
 * elsewhere.
 */
import { encodeFeatures, encodePacket, FrameDecoder, MAGIC, OPCODES, STATUS, decodeFeatures, type Packet, type PacketInit } from '../../src/internal';
import type { VirtualIOPS, VirtualServerSocket } from '../../src/iops/virtual-iops';

/** How a data request is answered: a response, or undefined for silence. */
export type Responder = (req: Packet, node: number) => Partial<PacketInit> | undefined;

/** A fake cluster of `nodes` nodes listening on virtual ports 11210, 11220, … */
export class FakeCluster {
  readonly ports: number[];
  rev = 1;
  numVbuckets = 16;
  /** Data requests seen, in arrival order, per node. */
  readonly seen: { node: number; opcode: number; key: string; vbucket: number }[] = [];
  responder: Responder = () => ({ status: STATUS.SUCCESS });
  /** Answers HTTP requests on the query port: raw response bytes, or undefined for silence. */
  queryResponder: ((request: string) => string | undefined) | undefined;
  /** Query port of every node (virtual). */
  readonly queryPort = 8093;
  /** Raw HTTP requests the query port received. */
  readonly queryRequests: string[] = [];
  /** vbucket map: default active = vb % nodes. */
  vbmap: number[][];
  readonly sockets = new Set<VirtualServerSocket>();

  constructor(
    readonly iops: VirtualIOPS,
    readonly nodes = 1,
    readonly host = '10.0.0.1',
  ) {
    this.ports = Array.from({ length: nodes }, (_, i) => 11210 + 10 * i);
    this.vbmap = Array.from({ length: this.numVbuckets }, (_, vb) => [vb % nodes]);
    this.ports.forEach((port, node) => iops.listen(host, port, (sock) => this.#serve(sock, node)));
    iops.listen(host, this.queryPort, (sock) => {
      this.sockets.add(sock);
      let text = '';
      sock.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const head = text.indexOf('\r\n\r\n');
        if (head < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(text.slice(0, head))?.[1] ?? 0);
        if (text.length < head + 4 + length) return;
        this.queryRequests.push(text);
        text = '';
        const reply = this.queryResponder?.(this.queryRequests[this.queryRequests.length - 1]!);
        if (reply !== undefined) sock.write(Buffer.from(reply, 'latin1'));
      });
    });
  }

  /** Connection string of the fake cluster. */
  get connectionString(): string {
    return `couchbase://${this.ports.map((p) => `${this.host}:${p}`).join(',')}`;
  }

  /** The terse bucket config the fake serves. */
  config(): string {
    return JSON.stringify({
      rev: this.rev,
      name: 'default',
      nodeLocator: 'vbucket',
      uuid: 'fake',
      vBucketServerMap: { hashAlgorithm: 'CRC', numReplicas: 0, serverList: this.ports.map((p) => `${this.host}:${p}`), vBucketMap: this.vbmap },
      nodesExt: this.ports.map((p) => ({ hostname: this.host, services: { kv: p, n1ql: this.queryPort } })),
    });
  }

  /** Closes every server-side connection (the client sees its connections drop). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  #serve(sock: VirtualServerSocket, node: number): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    const decoder = new FrameDecoder();
    const reply = (req: Packet, init: Partial<PacketInit>): void => {
      sock.write(encodePacket({ magic: MAGIC.RESPONSE, opcode: req.opcode, opaque: req.opaque, ...init } as PacketInit));
    };
    sock.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      for (let p = decoder.next(); p !== undefined; p = decoder.next()) {
        switch (p.opcode) {
          case OPCODES.HELLO:
            reply(p, { value: encodeFeatures(decodeFeatures(p.value).filter((f) => f === 0x04 || f === 0x0b)) });
            break;
          case OPCODES.SASL_LIST_MECHS:
            reply(p, { value: 'PLAIN' });
            break;
          case OPCODES.SASL_AUTH:
            reply(p, {});
            break;
          case OPCODES.SELECT_BUCKET:
            reply(p, {});
            break;
          case OPCODES.GET_CLUSTER_CONFIG:
            reply(p, { value: this.config(), datatype: 1 });
            break;
          default: {
            this.seen.push({ node, opcode: p.opcode, key: p.key.toString('utf8'), vbucket: p.vbucket });
            const r = this.responder(p, node);
            if (r !== undefined) reply(p, r);
          }
        }
      }
    });
  }
}
