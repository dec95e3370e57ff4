/**
 * The client's link to one KV node: a connection plus its handshake, and its state
 * (connecting, ready, closed). The agent owns one link per node of the current config.
 */
import { handshake, userAgentKey, type Credentials, type HandshakeResult } from '../connection/bootstrap';
import { KvConnection } from '../connection/kv-connection';
import { ConnectError, TimeoutError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_WATCH, TimerEvent, type IOPS, type IOTlsOptions } from '../iops/iops';
import type { SaslMechanism } from '../sasl/mechanisms';
import type { Logger } from '../util/logger';
import { featureName } from '../mcbp/features';

/** Settings shared by every link of a bucket. */
export interface LinkSettings {
  readonly iops: IOPS;
  readonly credentials: Credentials;
  readonly saslMechanism: SaslMechanism | undefined;
  readonly tls: IOTlsOptions | false;
  readonly bucket: string;
  readonly logger: Logger;
  readonly clientId: string;
  readonly scramCache: Map<string, Buffer>;
  /** Longest a connection may take to connect and complete its handshake (ms). */
  readonly handshakeTimeout: number;
}

let connectionCounter = 0;

/** One node's connection and handshake. */
export class NodeLink {
  /** `host:port` identity. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  #conn: KvConnection | null = null;
  #ready = false;
  /** Consecutive failed attempts (drives the reconnect backoff). */
  attempts = 0;
  /** Set when the node left the config or the bucket closed: never reconnect. */
  retired = false;
  /** Called when the link's connection closes after having been ready or while connecting. */
  onDown: ((link: NodeLink, error: CouchbaseError | undefined) => void) | undefined;

  /** Creates an idle link. */
  constructor(
    private readonly settings: LinkSettings,
    host: string,
    port: number,
  ) {
    this.host = host;
    this.port = port;
    this.id = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** The connection, when it completed its handshake and is open. */
  get readyConnection(): KvConnection | undefined {
    return this.#ready && this.#conn !== null && this.#conn.state === 'open' ? this.#conn : undefined;
  }

  /** True while a connection attempt or a live connection exists. */
  get active(): boolean {
    return this.#conn !== null;
  }

  /** Opens a connection and runs the handshake; rejects with the handshake's error. */
  connect(fetchConfig: boolean): Promise<HandshakeResult> {
    const s = this.settings;
    return new Promise<HandshakeResult>((resolve, reject) => {
      let settled = false;
      // A node that accepts the TCP connection but never answers must not leave the
      // link stuck: give up after the handshake timeout (the agent reconnects later).
      const guard = s.iops.timerEventFactory?.() ?? new TimerEvent();
      const stopGuard = (): void => s.iops.updateTimer(guard, EVACTION_CLEANUP, 0);
      guard._onReady = () => {
        stopGuard();
        if (!settled) {
          conn.close(new TimeoutError(`Connecting to ${this.id} timed out after ${s.handshakeTimeout} ms`, { context: { node: this.id, timeout: s.handshakeTimeout } }));
        }
      };
      s.iops.updateTimer(guard, EVACTION_WATCH, s.handshakeTimeout * 1000);
      const conn = new KvConnection(
        s.iops,
        { host: this.host, port: this.port, tls: s.tls, logger: s.logger },
        {
          onOpen: (c) => {
            handshake(c, {
              userAgent: userAgentKey(s.clientId, ++connectionCounter),
              credentials: s.credentials,
              saslMechanism: s.saslMechanism,
              tls: s.tls !== false,
              bucket: s.bucket,
              fetchConfig,
              scramCache: s.scramCache,
            }).then(
              (result) => {
                if (c.state !== 'open') return;
                stopGuard();
                settled = true;
                this.#ready = true;
                this.attempts = 0;
                s.logger.debug?.('node connection ready', { node: this.id, mechanism: result.mechanism, features: [...result.features].map((f) => featureName(f)), tls: s.tls !== false });
                resolve(result);
              },
              (err: CouchbaseError) => {
                stopGuard();
                settled = true;
                c.close(err);
                reject(err);
              },
            );
          },
          onClose: (c, err) => {
            if (this.#conn === c) {
              this.#conn = null;
              this.#ready = false;
            }
            if (!settled) {
              stopGuard();
              settled = true;
              reject(err ?? new ConnectError(`Connection to ${this.id} closed during the handshake`, { context: { node: this.id } }));
            }
            this.onDown?.(this, err);
          },
        },
      );
      this.#conn = conn;
    });
  }

  /** Closes the link's connection (pending requests hear `error`). */
  close(error?: CouchbaseError): void {
    const conn = this.#conn;
    this.#conn = null;
    this.#ready = false;
    conn?.close(error);
  }

  /** Requests still waiting on this link's connection. */
  get pendingCount(): number {
    return this.#conn?.pendingCount ?? 0;
  }
}
