/**
 * MutationState: the mutations a query must see (`consistentWith`). Keeps, per bucket and
 * vBucket, the newest token, and renders the `scan_vectors` the query service expects
 * for `at_plus` consistency: `{"<bucket>": {"<vbid>": [<seqno>, "<vbuuid>"]}}`.
 */
import { ArgumentError } from '../errors/classes';
import { OperationResult, type MutationToken } from '../results/result';

/** A set of mutation tokens. */
export class MutationState {
  readonly #tokens = new Map<string, Map<number, MutationToken>>();

  /** Creates a state from results or tokens (see {@link add}). */
  constructor(...sources: (OperationResult | MutationToken)[]) {
    this.add(...sources);
  }

  /** Adds the tokens of mutation results (or tokens); a result without a token is an ArgumentError. */
  add(...sources: (OperationResult | MutationToken)[]): this {
    for (const s of sources) {
      const token = s instanceof OperationResult ? s.mutationToken : s;
      if (token === undefined || typeof token !== 'object' || typeof token.bucket !== 'string' || typeof token.seqno !== 'bigint') {
        throw new ArgumentError('MutationState.add needs mutation results with a mutation token (the server must send mutation tokens)');
      }
      let byVb = this.#tokens.get(token.bucket);
      if (byVb === undefined) {
        byVb = new Map();
        this.#tokens.set(token.bucket, byVb);
      }
      const current = byVb.get(token.vbid);
      if (current === undefined || token.seqno > current.seqno) byVb.set(token.vbid, token);
    }
    return this;
  }

  /** Number of tokens kept. */
  get size(): number {
    let n = 0;
    for (const byVb of this.#tokens.values()) n += byVb.size;
    return n;
  }

  /** The `scan_vectors` request field. */
  toScanVectors(): Record<string, Record<string, [number, string]>> {
    const out: Record<string, Record<string, [number, string]>> = {};
    for (const [bucket, byVb] of this.#tokens) {
      const vectors: Record<string, [number, string]> = {};
      for (const [vb, t] of byVb) vectors[String(vb)] = [Number(t.seqno), t.vbuuid.toString()];
      out[bucket] = vectors;
    }
    return out;
  }

  /** JSON form: the scan vectors. */
  toJSON(): Record<string, Record<string, [number, string]>> {
    return this.toScanVectors();
  }
}
