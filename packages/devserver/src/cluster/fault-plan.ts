/**
 * Faults that act on individual KV requests: per-node response latency, and statuses
 * injected into the next N matching requests (TMPFAIL, EBUSY, NOT_MY_VBUCKET, ENOMEM…).
 * Sessions consult it for every request; the cluster's fault API fills it.
 */
import { OPCODES } from '@couchts/core/internal';

/** One injection: answer `count` matching requests with `status`. */
export interface StatusInjection {
  /** Only this opcode (default: any data command — never the handshake). */
  opcode?: number;
  status: number;
  count: number;
  /** Only requests to this node (default: any node). */
  node?: number;
}

/** Commands an injection without an opcode never hits: a connection must still bootstrap. */
const HANDSHAKE: ReadonlySet<number> = new Set([
  OPCODES.HELLO,
  OPCODES.SASL_LIST_MECHS,
  OPCODES.SASL_AUTH,
  OPCODES.SASL_STEP,
  OPCODES.SELECT_BUCKET,
  OPCODES.GET_ERROR_MAP,
  OPCODES.GET_CLUSTER_CONFIG,
  OPCODES.NOOP,
  OPCODES.VERSION,
]);

/** The per-request faults of a cluster. */
export class FaultPlan {
  readonly #latency = new Map<number, number>();
  #injections: { spec: StatusInjection; left: number }[] = [];
  /** Statuses injected so far (for tests and the admin API). */
  injected = 0;

  /** Delays every response of `node` by `ms` (0 removes the delay). */
  setLatency(node: number, ms: number): void {
    if (ms <= 0) this.#latency.delete(node);
    else this.#latency.set(node, ms);
  }

  /** Response delay of a node. */
  latency(node: number): number {
    return this.#latency.get(node) ?? 0;
  }

  /** Queues an injection. */
  inject(spec: StatusInjection): void {
    this.#injections.push({ spec, left: spec.count });
  }

  /** The status to inject into this request, if one applies (consumes one use). */
  take(node: number, opcode: number): number | undefined {
    for (const inj of this.#injections) {
      const s = inj.spec;
      if (inj.left <= 0) continue;
      if (s.node !== undefined && s.node !== node) continue;
      if (s.opcode !== undefined ? s.opcode !== opcode : HANDSHAKE.has(opcode)) continue;
      inj.left--;
      this.injected++;
      if (inj.left <= 0) this.#injections = this.#injections.filter((i) => i.left > 0);
      return s.status;
    }
    return undefined;
  }

  /** Removes every latency and pending injection. */
  clear(): void {
    this.#latency.clear();
    this.#injections = [];
  }

  /** Injections still pending. */
  get pending(): number {
    return this.#injections.reduce((n, i) => n + i.left, 0);
  }
}
