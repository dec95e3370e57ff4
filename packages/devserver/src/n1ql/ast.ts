/**
 * The syntax tree of SQL++ expressions. Plain data (discriminated on `kind`) so a
 * statement can be kept in the prepared cache, printed canonically for index matching,
 * and compiled to closures once per execution.
 */
import type { SelectStatement } from './statement-ast';

/** Binary operators, by their SQL++ spelling (`==` is normalised to `=`, `<>` to `!=`). */
export const BINARY_OPS = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', '||', '+', '-', '*', '/', '%'] as const;
/** One of {@link BINARY_OPS}. */
export type BinaryOp = (typeof BINARY_OPS)[number];

/** `IS [NOT] …` tests. */
export type IsTest = 'null' | 'missing' | 'valued';

/** `x IN arr` / `i:x IN obj` / `x WITHIN obj` in ANY/EVERY/ARRAY/FIRST. */
export interface CollectionBinding {
  readonly variable: string;
  /** `name:var` form: the position (arrays) or field name (objects). */
  readonly nameVariable?: string;
  readonly expr: Expr;
  /** WITHIN: every value nested anywhere inside `expr`. */
  readonly within: boolean;
}

/** A SQL++ expression. `offset` is where it starts in the statement (for messages). */
export type Expr =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'ident'; readonly name: string }
  | { readonly kind: 'field'; readonly target: Expr; readonly name: string }
  /** `a[expr]`: an element (number) or a field (string). */
  | { readonly kind: 'element'; readonly target: Expr; readonly index: Expr }
  | { readonly kind: 'slice'; readonly target: Expr; readonly start: Expr; readonly end?: Expr }
  /** `$1` / `?` (positional, `position` set) or `$name`. */
  | { readonly kind: 'param'; readonly name: string; readonly position?: number }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[] }
  | { readonly kind: 'neg'; readonly operand: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'between'; readonly operand: Expr; readonly low: Expr; readonly high: Expr; readonly not: boolean }
  | { readonly kind: 'like'; readonly operand: Expr; readonly pattern: Expr; readonly not: boolean }
  | { readonly kind: 'in'; readonly operand: Expr; readonly list: Expr; readonly not: boolean; readonly within: boolean }
  | { readonly kind: 'is'; readonly operand: Expr; readonly test: IsTest; readonly not: boolean }
  | {
      readonly kind: 'case';
      readonly subject?: Expr;
      readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
      readonly otherwise?: Expr;
    }
  | {
      readonly kind: 'quantified';
      readonly quantifier: 'any' | 'every' | 'any_every';
      readonly bindings: readonly CollectionBinding[];
      readonly satisfies: Expr;
    }
  | {
      readonly kind: 'comprehension';
      readonly form: 'array' | 'first';
      readonly mapping: Expr;
      readonly bindings: readonly CollectionBinding[];
      readonly when?: Expr;
    }
  | { readonly kind: 'exists'; readonly operand: Expr }
  /** A function or aggregate call; `name` is lower-cased. `star` is COUNT(*). */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly distinct: boolean; readonly star: boolean }
  | { readonly kind: 'subquery'; readonly query: SelectStatement };

/** The implicit name of an expression in a projection or object constructor (its last field name). */
export function implicitName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'ident':
      return e.name;
    case 'field':
      return e.name;
    default:
      return undefined;
  }
}

/** The direct sub-expressions of `e` (not descending into subqueries). */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'ident':
    case 'param':
    case 'subquery':
      return [];
    case 'field':
      return [e.target];
    case 'element':
      return [e.target, e.index];
    case 'slice':
      return e.end === undefined ? [e.target, e.start] : [e.target, e.start, e.end];
    case 'array':
      return [...e.items];
    case 'object':
      return e.entries.flatMap((x) => [x.key, x.value]);
    case 'neg':
    case 'not':
    case 'exists':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'between':
      return [e.operand, e.low, e.high];
    case 'like':
      return [e.operand, e.pattern];
    case 'in':
      return [e.operand, e.list];
    case 'is':
      return [e.operand];
    case 'case':
      return [...(e.subject ? [e.subject] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'quantified':
      return [...e.bindings.map((b) => b.expr), e.satisfies];
    case 'comprehension':
      return [...e.bindings.map((b) => b.expr), e.mapping, ...(e.when ? [e.when] : [])];
    case 'call':
      return [...e.args];
  }
}
