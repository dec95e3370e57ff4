/**
 * N1QLQuery: a statement with its parameters and options, in the seeds' shape
 * (couchbase/n1ql.py): `new N1QLQuery(statement, ...positional)`, named parameters with
 * `setNamedParams`, options as properties, `setOption` for anything else. It renders
 * the JSON body of `POST /query/service` (protocol.md §4.1).
 */
import { ArgumentError } from '../errors/classes';
import { MutationState } from './mutation-state';

/** Scan consistency of a query. */
export type QueryConsistency = 'not_bounded' | 'request_plus';

/** Profile modes. */
export type QueryProfile = 'off' | 'phases' | 'timings';

const PROFILES: readonly string[] = ['off', 'phases', 'timings'];

function checkJsonValue(value: unknown, what: string): void {
  if (value === undefined) throw new ArgumentError(`${what} is undefined (use null for a JSON null)`);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new ArgumentError(`${what} cannot be serialised as JSON: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new ArgumentError(`${what} has no JSON form`);
}

function checkCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ArgumentError(`N1QLQuery.${name} must be a non-negative integer`);
  return value;
}

/** A N1QL (SQL++) query. */
export class N1QLQuery {
  /** The statement text. */
  readonly statement: string;
  readonly #positional: unknown[];
  readonly #named = new Map<string, unknown>();
  readonly #raw = new Map<string, unknown>();
  #consistency: QueryConsistency = 'not_bounded';
  #state: MutationState | undefined;
  /** False: prepare the statement once and execute the prepared plan (cached per bucket). */
  adhoc = true;
  /** Timeout in milliseconds (default: the bucket's n1qlTimeout). */
  #timeout: number | undefined;
  /** Ask for metrics in the response (default true, as the query service does). */
  metrics: boolean | undefined;
  #profile: QueryProfile | undefined;
  /** Refuse statements that change data. */
  readonly: boolean | undefined;
  #scanCap: number | undefined;
  #pipelineBatch: number | undefined;
  #pipelineCap: number | undefined;
  /** Echoed by the server as clientContextID (default: a random id per request). */
  clientContextId: string | undefined;

  /** Creates a query; `positional` fill `$1`, `$2`… (and `?`) in order. */
  constructor(statement: string, ...positional: unknown[]) {
    if (typeof statement !== 'string' || statement.trim() === '') throw new ArgumentError('N1QLQuery needs a non-empty statement string');
    positional.forEach((v, i) => checkJsonValue(v, `positional parameter $${i + 1}`));
    this.statement = statement;
    this.#positional = positional;
  }

  /** Turns a string or a query into a query. */
  static from(query: N1QLQuery | string): N1QLQuery {
    if (query instanceof N1QLQuery) return query;
    if (typeof query === 'string') return new N1QLQuery(query);
    throw new ArgumentError('expected a N1QLQuery or a statement string');
  }

  /** Positional parameters. */
  get positionalParams(): readonly unknown[] {
    return this.#positional;
  }

  /** Sets named parameters (`$` added where missing). An undefined value is an ArgumentError. */
  setNamedParams(params: Record<string, unknown>): this {
    if (typeof params !== 'object' || params === null) throw new ArgumentError('setNamedParams needs an object');
    for (const [name, value] of Object.entries(params)) {
      checkJsonValue(value, `named parameter ${name}`);
      this.#named.set(name.startsWith('$') ? name : `$${name}`, value);
    }
    return this;
  }

  /** Named parameters, with their `$`. */
  get namedParams(): ReadonlyMap<string, unknown> {
    return this.#named;
  }

  /** `not_bounded` (default) or `request_plus`. */
  get consistency(): QueryConsistency {
    return this.#consistency;
  }
  set consistency(value: QueryConsistency) {
    if (value !== 'not_bounded' && value !== 'request_plus') throw new ArgumentError(`consistency must be 'not_bounded' or 'request_plus', got ${String(value)}`);
    if (value !== 'not_bounded' && this.#state !== undefined) throw new ArgumentError('consistency cannot be combined with consistentWith');
    this.#consistency = value;
  }

  /** Makes the query see at least these mutations (`at_plus` scan consistency). */
  consistentWith(state: MutationState): this {
    if (!(state instanceof MutationState) || state.size === 0) throw new ArgumentError('consistentWith needs a non-empty MutationState');
    if (this.#consistency !== 'not_bounded') throw new ArgumentError('consistentWith cannot be combined with a consistency other than not_bounded');
    this.#state = state;
    return this;
  }

  /** Timeout in milliseconds. */
  get timeout(): number | undefined {
    return this.#timeout;
  }
  set timeout(ms: number | undefined) {
    if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0)) throw new ArgumentError('N1QLQuery.timeout must be a positive number of milliseconds');
    this.#timeout = ms;
  }

  /** Profile mode: 'off', 'phases' or 'timings'. */
  get profile(): QueryProfile | undefined {
    return this.#profile;
  }
  set profile(value: QueryProfile | undefined) {
    if (value !== undefined && !PROFILES.includes(value)) throw new ArgumentError(`profile must be one of ${PROFILES.join(', ')}`);
    this.#profile = value;
  }

  /** Maximum buffered channel size between indexer and query service. */
  get scanCap(): number | undefined {
    return this.#scanCap;
  }
  set scanCap(v: number | undefined) {
    this.#scanCap = checkCount(v, 'scanCap');
  }
  /** Items per batch between query operators. */
  get pipelineBatch(): number | undefined {
    return this.#pipelineBatch;
  }
  set pipelineBatch(v: number | undefined) {
    this.#pipelineBatch = checkCount(v, 'pipelineBatch');
  }
  /** Items buffered per query operator. */
  get pipelineCap(): number | undefined {
    return this.#pipelineCap;
  }
  set pipelineCap(v: number | undefined) {
    this.#pipelineCap = checkCount(v, 'pipelineCap');
  }

  /** Sets any other request field (sent as given; `undefined` removes it). */
  setOption(name: string, value: unknown): this {
    if (typeof name !== 'string' || name === '') throw new ArgumentError('setOption needs a field name');
    if (value === undefined) this.#raw.delete(name);
    else {
      checkJsonValue(value, `option ${name}`);
      this.#raw.set(name, value);
    }
    return this;
  }

  /**
   * The request body for the query service. `timeoutMs` is the effective timeout;
   * `statement` overrides the statement: `PREPARE …` to prepare, or `null` to send none
   * (executing a prepared plan by name).
   */
  toRequestBody(timeoutMs: number, clientContextId: string, statement: string | null = this.statement): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (statement !== null) body.statement = statement;
    if (this.#positional.length > 0) body.args = this.#positional;
    for (const [name, value] of this.#named) body[name] = value;
    if (this.#state !== undefined) {
      body.scan_consistency = 'at_plus';
      body.scan_vectors = this.#state.toScanVectors();
    } else if (this.#consistency !== 'not_bounded') body.scan_consistency = this.#consistency;
    body.timeout = `${Math.max(1, Math.round(timeoutMs))}ms`;
    if (this.metrics !== undefined) body.metrics = this.metrics;
    if (this.#profile !== undefined) body.profile = this.#profile;
    if (this.readonly !== undefined) body.readonly = this.readonly;
    // The service takes these tuning knobs as strings of integers.
    if (this.#scanCap !== undefined) body.scan_cap = String(this.#scanCap);
    if (this.#pipelineBatch !== undefined) body.pipeline_batch = String(this.#pipelineBatch);
    if (this.#pipelineCap !== undefined) body.pipeline_cap = String(this.#pipelineCap);
    body.client_context_id = this.clientContextId ?? clientContextId;
    for (const [name, value] of this.#raw) body[name] = value;
    return body;
  }

  /** JSON form: the statement and its parameters. */
  toJSON(): Record<string, unknown> {
    return { statement: this.statement, args: this.#positional, named: Object.fromEntries(this.#named), adhoc: this.adhoc };
  }
}
