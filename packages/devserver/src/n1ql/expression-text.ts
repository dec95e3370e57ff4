/**
 * Canonical text of expressions, in the real engine's style (`` (`t`.`name`) ``). It is how
 * two expressions are recognised as the same: an index key and a WHERE conjunct, a GROUP
 * BY key and a projection term. `withoutAlias` first rewrites references to a keyspace
 * alias (`t.name`, `META(t)`) into the alias-free form index definitions use.
 */
import type { CollectionBinding, Expr } from './ast';

const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

function literalText(v: unknown): string {
  if (v === undefined) return 'missing';
  return JSON.stringify(v);
}

function bindingsText(bs: readonly CollectionBinding[]): string {
  return bs.map((b) => `${b.nameVariable !== undefined ? `${quote(b.nameVariable)} : ` : ''}${quote(b.variable)} ${b.within ? 'within' : 'in'} ${exprText(b.expr)}`).join(', ');
}

/** The canonical text of an expression. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return literalText(e.value);
    case 'ident':
      return quote(e.name);
    case 'field':
      return `${exprText(e.target)}.${quote(e.name)}`;
    case 'element':
      return `${exprText(e.target)}[${exprText(e.index)}]`;
    case 'slice':
      return `${exprText(e.target)}[${exprText(e.start)} : ${e.end ? exprText(e.end) : ''}]`;
    case 'param':
      return `$${e.name}`;
    case 'array':
      return `[${e.items.map(exprText).join(', ')}]`;
    case 'object':
      return `{${e.entries.map((x) => `${exprText(x.key)}: ${exprText(x.value)}`).join(', ')}}`;
    case 'neg':
      return `(-${exprText(e.operand)})`;
    case 'not':
      return `(not ${exprText(e.operand)})`;
    case 'binary':
      return `(${exprText(e.left)} ${e.op} ${exprText(e.right)})`;
    case 'between':
      return `(${exprText(e.operand)} ${e.not ? 'not ' : ''}between ${exprText(e.low)} and ${exprText(e.high)})`;
    case 'like':
      return `(${exprText(e.operand)} ${e.not ? 'not ' : ''}like ${exprText(e.pattern)})`;
    case 'in':
      return `(${exprText(e.operand)} ${e.not ? 'not ' : ''}${e.within ? 'within' : 'in'} ${exprText(e.list)})`;
    case 'is':
      return `(${exprText(e.operand)} is ${e.not ? 'not ' : ''}${e.test})`;
    case 'case':
      return `case ${e.subject ? `${exprText(e.subject)} ` : ''}${e.whens.map((w) => `when ${exprText(w.when)} then ${exprText(w.then)}`).join(' ')}${
        e.otherwise ? ` else ${exprText(e.otherwise)}` : ''
      } end`;
    case 'quantified':
      return `${e.quantifier === 'any_every' ? 'any and every' : e.quantifier} ${bindingsText(e.bindings)} satisfies ${exprText(e.satisfies)} end`;
    case 'comprehension':
      return `${e.form} ${exprText(e.mapping)} for ${bindingsText(e.bindings)}${e.when ? ` when ${exprText(e.when)}` : ''} end`;
    case 'exists':
      return `(exists ${exprText(e.operand)})`;
    case 'call':
      return e.star ? `${e.name}(*)` : `${e.name}(${e.distinct ? 'distinct ' : ''}${e.args.map(exprText).join(', ')})`;
    case 'subquery':
      return '(select …)';
  }
}

/** Rebuilds `e` with `f` applied to each direct sub-expression. */
function mapChildren(e: Expr, f: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'field':
      return { ...e, target: f(e.target) };
    case 'element':
      return { ...e, target: f(e.target), index: f(e.index) };
    case 'slice':
      return { ...e, target: f(e.target), start: f(e.start), ...(e.end ? { end: f(e.end) } : {}) };
    case 'array':
      return { ...e, items: e.items.map(f) };
    case 'object':
      return { ...e, entries: e.entries.map((x) => ({ key: f(x.key), value: f(x.value) })) };
    case 'neg':
    case 'not':
    case 'exists':
    case 'is':
      return { ...e, operand: f(e.operand) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'between':
      return { ...e, operand: f(e.operand), low: f(e.low), high: f(e.high) };
    case 'like':
      return { ...e, operand: f(e.operand), pattern: f(e.pattern) };
    case 'in':
      return { ...e, operand: f(e.operand), list: f(e.list) };
    case 'case':
      return {
        ...e,
        ...(e.subject ? { subject: f(e.subject) } : {}),
        whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })),
        ...(e.otherwise ? { otherwise: f(e.otherwise) } : {}),
      };
    case 'quantified':
      return { ...e, bindings: e.bindings.map((b) => ({ ...b, expr: f(b.expr) })), satisfies: f(e.satisfies) };
    case 'comprehension':
      return { ...e, bindings: e.bindings.map((b) => ({ ...b, expr: f(b.expr) })), mapping: f(e.mapping), ...(e.when ? { when: f(e.when) } : {}) };
    case 'call':
      return { ...e, args: e.args.map(f) };
    default:
      return e;
  }
}

/** `e` with references through keyspace alias `alias` made alias-free (`t.a` → `a`, `META(t)` → `META()`). */
export function withoutAlias(e: Expr, alias: string): Expr {
  if (e.kind === 'field' && e.target.kind === 'ident' && e.target.name === alias) return { kind: 'ident', name: e.name };
  if (e.kind === 'call' && e.name === 'meta' && e.args.length === 1 && e.args[0]!.kind === 'ident' && e.args[0]!.name === alias) {
    return { ...e, args: [] };
  }
  return mapChildren(e, (x) => withoutAlias(x, alias));
}

/** Canonical text of `e` relative to keyspace alias `alias`. */
export function canonicalText(e: Expr, alias: string | undefined): string {
  return exprText(alias === undefined ? e : withoutAlias(e, alias));
}
