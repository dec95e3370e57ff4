/**
 * Aggregate accumulators (algebra/agg_*.go): COUNT(*) counts rows; COUNT(x) counts
 * values that are neither MISSING nor NULL; SUM and AVG take numbers only; MIN and MAX
 * ignore MISSING and NULL and use collation; ARRAY_AGG keeps everything but MISSING and
 * returns it sorted (as the real engine does). With no input every aggregate but COUNT
 * is NULL; DISTINCT variants count each value once (equality under collation).
 */
import { collate, collationKey } from './collation';
import type { AggregateName } from './function-registry';
import type { Value } from './values';

/** Collects one aggregate over a group. */
export interface Accumulator {
  add(v: Value): void;
  result(): Value;
}

/** Filters values through a distinct-set when DISTINCT was given. */
function deduper(distinct: boolean): (v: Value) => boolean {
  if (!distinct) return () => true;
  const seen = new Set<string>();
  return (v) => {
    const k = collationKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

/** A new accumulator for `name` (COUNT(*) when `star`). */
export function makeAccumulator(name: AggregateName, distinct: boolean, star: boolean): Accumulator {
  const first = deduper(distinct);
  switch (name) {
    case 'count': {
      let n = 0;
      return {
        add: (v) => {
          if (star || (v !== undefined && v !== null && first(v))) n++;
        },
        result: () => n,
      };
    }
    case 'sum':
    case 'avg': {
      let sum = 0;
      let n = 0;
      return {
        add: (v) => {
          if (typeof v === 'number' && first(v)) {
            sum += v;
            n++;
          }
        },
        result: () => (n === 0 ? null : name === 'sum' ? sum : sum / n),
      };
    }
    case 'min':
    case 'max': {
      let best: Value = null;
      const better = name === 'min' ? (c: number) => c < 0 : (c: number) => c > 0;
      return {
        add: (v) => {
          if (v === undefined || v === null) return;
          if (best === null || better(collate(v, best))) best = v;
        },
        result: () => best,
      };
    }
    case 'array_agg': {
      const items: Value[] = [];
      return {
        add: (v) => {
          if (v !== undefined && first(v)) items.push(v);
        },
        result: () => (items.length === 0 ? null : [...items].sort(collate)),
      };
    }
  }
}
