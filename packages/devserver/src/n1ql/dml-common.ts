/**
 * What the DML statements share: RETURNING projections over the written document, the
 * result shape, and rows that run their writes once however often they are iterated.
 */
import type { CompileEnv } from './compile-expression';
import type { DocMeta } from './datastore';
import type { ExecContext } from './exec-context';
import { planProjection, type ProjectionPlan } from './projection';
import type { QueryError } from './query-error';
import { childScope, rootScope, type Scope } from './scope';
import { queryEnv } from './select-executor';
import type { Returning } from './statement-ast';
import type { Value } from './values';

/** A planned DML statement. */
export interface DmlPlan {
  /** The `signature` (absent without RETURNING). */
  readonly signature: unknown;
  /** RETURNING rows; iterating performs the writes (once). */
  readonly rows: Iterable<Value>;
  /** Documents written so far. */
  mutations(): number;
}

/** The compile environment of a DML statement on `alias`. */
export function dmlEnv(ctx: ExecContext, alias: string, clause: string): CompileEnv {
  return queryEnv(ctx, [alias], clause);
}

/** The scope of one document as `alias` (with its metadata). */
export function docScope(alias: string, value: Value, meta: DocMeta | undefined, outer: Scope = rootScope()): Scope {
  return childScope(outer, { [alias]: value }, meta === undefined ? undefined : { [alias]: meta }, alias);
}

/** Plans a RETURNING clause over `alias`. */
export function planReturning(returning: Returning | undefined, alias: string, env: CompileEnv): ProjectionPlan | undefined {
  return returning === undefined ? undefined : planProjection(returning.raw, returning.terms, [alias], env);
}

/**
 * Rows backed by a generator that performs writes: the first iteration runs it, later
 * ones replay what it produced (and its error), so writes never happen twice.
 */
export function writeOnce(run: () => Generator<Value, QueryError | undefined>): Iterable<Value> {
  const produced: Value[] = [];
  let gen: Generator<Value, QueryError | undefined> | undefined;
  let done = false;
  let failure: unknown;
  return {
    *[Symbol.iterator]() {
      let i = 0;
      for (;;) {
        if (i < produced.length) {
          yield produced[i++];
          continue;
        }
        if (done) {
          if (failure !== undefined) throw failure;
          return;
        }
        gen ??= run();
        let step: IteratorResult<Value, QueryError | undefined>;
        try {
          step = gen.next();
        } catch (err) {
          done = true;
          failure = err;
          throw err;
        }
        if (step.done === true) {
          done = true;
          failure = step.value;
          continue;
        }
        produced.push(step.value);
      }
    },
  };
}
