/**
 * Client-side durability for one key: polls the active copy and the replicas until the
 * mutation is persisted on `persistTo` copies (the active among them) and held in memory
 * by `replicateTo` replicas, or the timeout passes (protocol.md §5.2, §5.3).
 *
 * Two modes, as libcouchbase has them:
 * - `seqno` — with a mutation token: OBSERVE_SEQNO to each node, compare its current and
 *   persisted seqnos with the token's; a failover that lost the mutation is detected
 *   from the failover entry the server returns.
 * - `cas` — without a token (the seeds' `endure(key, cas)`): OBSERVE to each node, which
 *   reports the key's state and CAS there.
 *
 * Each round sends its probes together and evaluates once all have answered; probes
 * carry the time left as their timeout, so a round never outlives the deadline. Probe
 * failures on replicas (down, moved, not yet there) are only "no progress".
 */
import { DurabilityError, KeyExistsError, NotFoundError, TimeoutError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_WATCH, TimerEvent, type IOPS } from '../iops/iops';
import type { KvOp, MultiCollector, OpOwner } from '../kv/kv-op';
import { STATUS } from '../mcbp/status';
import type { ObserveInfo } from '../results/observe-info';
import { Result, type MutationToken, type ValueResult } from '../results/result';
import { resolveRequirement, type DurabilityRequirement } from './durability-options';
import { KEY_STATE, type SeqnoState } from './observe-codec';
import { observeProbe, seqnoProbe } from './probes';

/** What the poll needs from the bucket. */
export interface PollHost {
  readonly iops: IOPS;
  readonly now: () => number;
  /** Dispatcher: routes and retries the probes. */
  readonly owner: OpOwner;
  schedule(op: KvOp, timeoutMs: number): void;
  /** Replica count of the current config (undefined before the first config). */
  numReplicas(): number | undefined;
}

/** Which mutation to wait for. */
export type EndureTarget = { readonly kind: 'seqno'; readonly token: MutationToken } | { readonly kind: 'cas'; readonly cas: bigint };

/** Parameters of one poll. */
export interface EndureSpec {
  readonly key: string;
  readonly target: EndureTarget;
  readonly requirement: DurabilityRequirement;
  /** Wait for a removal (cas mode; seqno mode does not need to know). */
  readonly checkRemoved: boolean;
  readonly timeout: number;
  readonly interval: number;
  /** Operation name for messages (`endure`, `upsert`, …). */
  readonly operation: string;
}

/** How far one round got. */
interface Tally {
  activeHas: boolean;
  activePersisted: boolean;
  persisted: number;
  replicated: number;
  fatal: CouchbaseError | undefined;
}

/** One key's durability poll; `onDone` is called exactly once. */
export class EndurePoll implements MultiCollector {
  readonly #host: PollHost;
  readonly #spec: EndureSpec;
  readonly #onDone: (error: CouchbaseError | undefined, activeCas: bigint) => void;
  readonly #deadline: number;
  readonly #timer: TimerEvent;
  #required: DurabilityRequirement = { persistTo: 0, replicateTo: 0 };
  #round = 0;
  #outstanding = 0;
  #replies: (Result | CouchbaseError | undefined)[] = [];
  #best: Tally = { activeHas: false, activePersisted: false, persisted: 0, replicated: 0, fatal: undefined };
  #activeCas = 0n;
  #lastNode: string | undefined;
  #done = false;

  constructor(host: PollHost, spec: EndureSpec, onDone: (error: CouchbaseError | undefined, activeCas: bigint) => void) {
    this.#host = host;
    this.#spec = spec;
    this.#onDone = onDone;
    this.#deadline = host.now() + spec.timeout;
    this.#timer = host.iops.timerEventFactory?.() ?? new TimerEvent();
    this.#timer._onReady = () => this.#startRound();
  }

  /** Starts polling (the bucket must have a config). */
  start(): void {
    this.#startRound();
  }

  /** Stops without calling back (the bucket closed and fails the caller itself). */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#host.iops.updateTimer(this.#timer, EVACTION_CLEANUP, 0);
  }

  #startRound(): void {
    if (this.#done) return;
    const replicas = this.#host.numReplicas() ?? 0;
    try {
      // Re-resolved every round: a rebalance may change what "all replicas" means.
      this.#required = resolveRequirement(this.#spec.requirement, replicas, this.#spec.operation, this.#spec.key);
    } catch (err) {
      this.#finish(err as CouchbaseError);
      return;
    }
    const needReplicas = this.#required.replicateTo > 0 || this.#required.persistTo > 1;
    const copies = needReplicas ? replicas + 1 : 1;
    const remaining = Math.max(1, this.#deadline - this.#host.now());
    this.#round++;
    this.#outstanding = copies;
    this.#replies = new Array(copies);
    const { key, target } = this.#spec;
    for (let i = 0; i < copies; i++) {
      const op = target.kind === 'seqno' ? seqnoProbe(this.#host.owner, key, target.token.vbuuid, i, this) : observeProbe(this.#host.owner, key, i, this);
      this.#host.schedule(op, remaining);
    }
  }

  /** A probe's outcome (MultiCollector: `index` is the copy, 0 = active). */
  done(index: number, result: Result, error: CouchbaseError | undefined): void {
    if (this.#done || index >= this.#replies.length || this.#replies[index] !== undefined) return;
    this.#replies[index] = error ?? result;
    if (--this.#outstanding > 0) return;
    const tally = this.#tally();
    if (tally.replicated >= this.#best.replicated && tally.persisted >= this.#best.persisted) this.#best = tally;
    if (tally.fatal !== undefined) return this.#finish(tally.fatal);
    const r = this.#required;
    const met = tally.activeHas && (r.persistTo === 0 || (tally.activePersisted && tally.persisted >= r.persistTo)) && tally.replicated >= r.replicateTo;
    if (met) return this.#finish(undefined);
    const now = this.#host.now();
    if (now >= this.#deadline) return this.#finish(this.#timeoutError());
    const wait = Math.min(this.#spec.interval, this.#deadline - now);
    this.#host.iops.updateTimer(this.#timer, EVACTION_WATCH, wait * 1000);
  }

  #tally(): Tally {
    const t: Tally = { activeHas: false, activePersisted: false, persisted: 0, replicated: 0, fatal: undefined };
    this.#replies.forEach((reply, copy) => {
      if (reply === undefined) return;
      if (!(reply instanceof Result)) {
        if (copy === 0) this.#activeFailure(t, reply);
        return;
      }
      if (!reply.success) return;
      const value = (reply as ValueResult<unknown>).value;
      const state = this.#spec.target.kind === 'seqno' ? this.#seqnoState(t, value as SeqnoState) : this.#observeState(t, copy, value as ObserveInfo);
      if (state === undefined) return;
      if (copy === 0) {
        t.activeHas = state.has;
        t.activePersisted = state.persisted;
      } else if (state.has) {
        t.replicated++;
      }
      if (state.persisted) t.persisted++;
    });
    return t;
  }

  /** The active copy could not be asked: only "not found" for a token means the mutation is gone. */
  #activeFailure(t: Tally, err: CouchbaseError): void {
    this.#lastNode = (err.context?.node as string | undefined) ?? this.#lastNode;
    if (this.#spec.target.kind === 'seqno' && err.rc === STATUS.KEY_ENOENT) {
      t.fatal = this.#lost('the vBucket no longer has the history of the mutation token');
    }
  }

  #seqnoState(t: Tally, s: SeqnoState): { has: boolean; persisted: boolean } | undefined {
    const token = (this.#spec.target as { token: MutationToken }).token;
    if (s.failover !== undefined && s.failover.oldVbuuid === token.vbuuid && s.failover.lastSeqno < token.seqno) {
      t.fatal ??= this.#lost(`a failover kept seqnos up to ${s.failover.lastSeqno} of the mutation's history, the mutation had seqno ${token.seqno}`);
      return undefined;
    }
    return { has: s.currentSeqno >= token.seqno, persisted: s.persistedSeqno >= token.seqno };
  }

  #observeState(t: Tally, copy: number, info: ObserveInfo): { has: boolean; persisted: boolean } | undefined {
    const cas = (this.#spec.target as { cas: bigint }).cas;
    const { key, operation } = this.#spec;
    if (this.#spec.checkRemoved) {
      if (info.flags === KEY_STATE.NOT_FOUND) return { has: true, persisted: true };
      if (info.flags === KEY_STATE.LOGICALLY_DELETED) return { has: true, persisted: false };
      return { has: false, persisted: false };
    }
    const found = info.flags === KEY_STATE.FOUND_NOT_PERSISTED || info.flags === KEY_STATE.FOUND_PERSISTED;
    if (copy === 0) {
      this.#activeCas = info.cas;
      if (!found) {
        t.fatal ??= new NotFoundError(`${operation} '${key}': the document no longer exists on its active node`, { key, rc: STATUS.KEY_ENOENT, context: this.#context() });
        return undefined;
      }
      if (cas !== 0n && info.cas !== cas) {
        t.fatal ??= new KeyExistsError(`${operation} '${key}': the document was modified by someone else (CAS ${info.cas}, expected ${cas})`, {
          key,
          rc: STATUS.KEY_EEXISTS,
          context: this.#context(),
        });
        return undefined;
      }
    }
    const same = found && (cas === 0n || info.cas === cas);
    return { has: same, persisted: same && info.flags === KEY_STATE.FOUND_PERSISTED };
  }

  #lost(why: string): DurabilityError {
    const { key, operation } = this.#spec;
    return new DurabilityError(`${operation} '${key}': the mutation was lost (${why})`, { key, context: this.#context() });
  }

  #timeoutError(): TimeoutError {
    const { key, operation, timeout } = this.#spec;
    const r = this.#required;
    const b = this.#best;
    return new TimeoutError(
      `${operation} '${key}': durability (persistTo ${r.persistTo}, replicateTo ${r.replicateTo}) not reached within ${timeout} ms: ` +
        `persisted on ${b.persisted}${b.activePersisted ? ' (active included)' : ''}, replicated to ${b.replicated} after ${this.#round} poll${this.#round === 1 ? '' : 's'}`,
      { key, context: this.#context() },
    );
  }

  #context(): Record<string, unknown> & { key: string } {
    const r = this.#required;
    return {
      key: this.#spec.key,
      operation: this.#spec.operation,
      durability: true,
      persistTo: r.persistTo,
      replicateTo: r.replicateTo,
      persisted: this.#best.persisted,
      replicated: this.#best.replicated,
      polls: this.#round,
      timeout: this.#spec.timeout,
      node: this.#lastNode,
    };
  }

  #finish(error: CouchbaseError | undefined): void {
    if (this.#done) return;
    this.#done = true;
    this.#host.iops.updateTimer(this.#timer, EVACTION_CLEANUP, 0);
    this.#onDone(error, this.#activeCas);
  }
}
