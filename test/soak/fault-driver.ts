/**
 * Drives the dev cluster's faults over its admin HTTP API (the cluster runs in another
 * process): every 1–2 s one random fault — failover (recovered later by adding a node),
 * a swap rebalance, a stopped node (restarted later), dropped connections, latency,
 * injected TMPFAIL / EBUSY / ENOMEM / NOT_MY_VBUCKET. The cluster keeps 3 members with 1
 * replica between faults, so no acknowledged write can be lost by a single failover.
 */

/** One node as the admin API describes it. */
interface NodeInfo {
  index: number;
  member: boolean;
  running: boolean;
}

const STATUSES = { TMPFAIL: 0x86, EBUSY: 0x85, ENOMEM: 0x82, NOT_MY_VBUCKET: 0x07 } as const;

/** A seeded PRNG (mulberry32): the fault sequence of a run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Injects faults until stopped; `counts` says what it did. */
export class FaultDriver {
  readonly counts: Record<string, number> = {};
  readonly errors: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #pending: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #later = new Set<NodeJS.Timeout>();

  constructor(
    private readonly adminUrl: string,
    private readonly auth: string,
    private readonly random: () => number,
  ) {}

  /**
   * Immediate replication (so an acknowledged write survives a failover, as one written
   * with replicateTo would on a real cluster) and a short persistence delay.
   */
  async prepare(): Promise<void> {
    await this.#post('setReplicationDelay', { ms: 0 });
    await this.#post('setPersistDelay', { ms: 5 });
  }

  /** Starts injecting. */
  start(): void {
    this.#schedule();
  }

  /** Stops injecting and waits for the fault in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const t of this.#later) clearTimeout(t);
    this.#later.clear();
    await this.#pending;
  }

  /** Puts the cluster back to health: no latency or injections, every node running, 3 members. */
  async heal(): Promise<void> {
    await this.#post('clearFaults', {});
    for (const n of await this.#nodes()) if (!n.running) await this.#post('startNode', { node: n.index });
    const members = (await this.#nodes()).filter((n) => n.member).length;
    if (members < 3) await this.#post('rebalance', { add: 3 - members });
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#pending = this.#inject().catch((err: Error) => {
        this.errors.push(err.message);
      });
      void this.#pending.then(() => this.#schedule());
    }, 1000 + this.random() * 1000);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  #count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** Runs `fn` after `ms` unless stopped first. */
  #after(ms: number, fn: () => Promise<unknown>): void {
    const t = setTimeout(() => {
      this.#later.delete(t);
      fn().catch((err: Error) => this.errors.push(err.message));
    }, ms);
    this.#later.add(t);
  }

  async #inject(): Promise<void> {
    const nodes = await this.#nodes();
    const members = nodes.filter((n) => n.member && n.running);
    const running = nodes.filter((n) => n.member);
    const kind = this.#pick(['failover', 'swap', 'stopNode', 'dropConnections', 'latency', 'status', 'status'] as const);
    switch (kind) {
      case 'failover': {
        if (members.length < 3) return this.#inject();
        const victim = this.#pick(members).index;
        await this.#post('failover', { node: victim });
        // Recovery: a fresh node joins a little later, as an operator would add one.
        this.#after(500 + this.random() * 1000, () => this.#post('rebalance', { add: 1 }));
        break;
      }
      case 'swap': {
        if (members.length < 3) return this.#inject();
        await this.#post('rebalance', { add: 1, remove: [this.#pick(members).index] });
        break;
      }
      case 'stopNode': {
        const victim = this.#pick(members).index;
        await this.#post('stopNode', { node: victim });
        this.#after(500 + this.random() * 1000, () => this.#post('startNode', { node: victim }));
        break;
      }
      case 'dropConnections':
        await this.#post('dropConnections', this.random() < 0.5 ? {} : { node: this.#pick(running).index });
        break;
      case 'latency': {
        const node = this.#pick(running).index;
        await this.#post('setLatency', { node, ms: Math.floor(20 + this.random() * 300) });
        this.#after(500 + this.random() * 1000, () => this.#post('setLatency', { node, ms: 0 }));
        break;
      }
      case 'status': {
        const name = this.#pick(Object.keys(STATUSES) as (keyof typeof STATUSES)[]);
        await this.#post('injectStatus', { status: STATUSES[name], count: Math.floor(5 + this.random() * 50), node: this.#pick(running).index });
        this.#count(`inject ${name}`);
        return;
      }
    }
    this.#count(kind);
  }

  async #nodes(): Promise<NodeInfo[]> {
    const res = await fetch(this.adminUrl, { headers: { authorization: this.auth } });
    if (!res.ok) throw new Error(`admin GET: ${res.status}`);
    return ((await res.json()) as { nodes: NodeInfo[] }).nodes;
  }

  async #post(action: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.adminUrl}/${action}`, { method: 'POST', headers: { authorization: this.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`admin ${action} ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
  }
}
