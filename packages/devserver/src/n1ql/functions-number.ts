/**
 * Numeric functions (expression/func_num.go). ROUND rounds half to even, exactly as the
 * real roundFloat does (including its floating-point behaviour), and RANDOM(seed) is
 * repeatable for a given seed (though not the same sequence as Go's generator).
 */
import { def, isInteger, isNumber, numberFn, strict, type FunctionTable } from './function-types';
import type { Value } from './values';

/** func_num.go roundFloat with to_even = true. */
export function roundHalfEven(x: number, prec: number): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const pow = Math.pow(10, prec);
  const intermed = Math.abs(x) * pow + 0.5;
  let rounder = Math.floor(intermed);
  if (rounder === intermed && rounder % 2 !== 0) rounder--;
  return (sign * rounder) / pow;
}

/** func_num.go truncateFloat. */
function truncate(x: number, prec: number): number {
  const pow = Math.pow(10, prec);
  return Math.trunc(x * pow) / pow;
}

/** ROUND / TRUNC: a number and an optional integral precision. */
function withPrecision(f: (x: number, p: number) => number) {
  return def(1, 2, 'number', (a) =>
    strict(a, (v, i) => (i === 0 ? isNumber(v) : isInteger(v)), () => f(a[0] as number, a.length > 1 ? (a[1] as number) : 0)),
  );
}

/** mulberry32: a small seeded generator for RANDOM(seed). */
function seeded(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function random(a: readonly Value[]): Value {
  if (a.length === 0) return Math.random();
  return strict(a, isInteger, () => seeded(a[0] as number));
}

/** The numeric functions by name. */
export const NUMBER_FUNCTIONS: FunctionTable = {
  abs: numberFn(Math.abs),
  ceil: numberFn(Math.ceil),
  floor: numberFn(Math.floor),
  sqrt: numberFn(Math.sqrt),
  ln: numberFn(Math.log),
  log: numberFn(Math.log10),
  exp: numberFn(Math.exp),
  sign: numberFn((n) => (n < 0 ? -1 : n > 0 ? 1 : 0)),
  round: withPrecision(roundHalfEven),
  trunc: withPrecision(truncate),
  power: def(2, 2, 'number', (a) => strict(a, isNumber, () => Math.pow(a[0] as number, a[1] as number))),
  pi: def(0, 0, 'number', () => Math.PI),
  random: def(0, 1, 'number', random),
};
