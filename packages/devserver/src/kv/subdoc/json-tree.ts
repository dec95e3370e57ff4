/**
 * A JSON value as sub-document operations see it: parsed, immutable, and remembering its
 * source text. A real server edits documents in place (subjson splices byte ranges), so
 * what it returns and stores is the client's own text: numbers beyond 2^53 keep every
 * digit, strings keep their escapes, untouched parts keep their whitespace. Keeping the
 * source text on every parsed node gives the same results here: serializing a node that
 * was never rebuilt returns its exact source, and only containers on the edited path are
 * re-serialized (compactly).
 *
 * Depth is counted as jsonsl counts levels: the top-level value is at depth 1, and the
 * parser refuses to go deeper than the limit it is given (kv_engine allows 32).
 */

/** A string, a number or a literal (true, false, null), with its exact source text. */
export interface JsonScalar {
  readonly kind: 'string' | 'number' | 'literal';
  /** Source text (strings with their quotes and escapes as written). */
  readonly raw: string;
  /** Numbers only: no fraction and no exponent (what subdoc counters accept). */
  readonly integer?: boolean;
}

/** One member of an object. */
export interface JsonEntry {
  /** The key as written between its quotes (escapes kept: paths name keys by this text). */
  readonly key: string;
  readonly value: JsonNode;
}

/** An object; members in document order (duplicate keys are kept, the first one is found). */
export interface JsonObject {
  readonly kind: 'object';
  readonly entries: readonly JsonEntry[];
  /** Source text, absent when the object was rebuilt by an operation. */
  readonly raw?: string;
}

/** An array. */
export interface JsonArray {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
  /** Source text, absent when the array was rebuilt by an operation. */
  readonly raw?: string;
}

/** Any JSON value. */
export type JsonNode = JsonScalar | JsonObject | JsonArray;

/** Why text did not parse: not JSON at all, or nested deeper than allowed. */
export type JsonParseError = 'invalid' | 'too-deep';

/** True for `{…}` and `[…]`. */
export function isContainer(node: JsonNode): node is JsonObject | JsonArray {
  return node.kind === 'object' || node.kind === 'array';
}

/** The text of a node: its source when it has one, otherwise built compactly from its parts. */
export function serialize(node: JsonNode): string {
  if (node.kind === 'object') {
    return node.raw ?? `{${node.entries.map((e) => `"${e.key}":${serialize(e.value)}`).join(',')}}`;
  }
  if (node.kind === 'array') return node.raw ?? `[${node.items.map(serialize).join(',')}]`;
  return node.raw;
}

/** Depth of a value: 1 for a scalar or an empty container, 1 + the deepest child otherwise. */
export function depthOf(node: JsonNode): number {
  if (node.kind === 'object') return 1 + node.entries.reduce((d, e) => Math.max(d, depthOf(e.value)), 0);
  if (node.kind === 'array') return 1 + node.items.reduce((d, i) => Math.max(d, depthOf(i)), 0);
  return 1;
}

/** Thrown inside the parser only. */
class Stop {
  constructor(readonly error: JsonParseError) {}
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A recursive-descent parser over one string; recursion is bounded by `maxDepth`. */
class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  ws(): void {
    while (this.pos < this.text.length && WS.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonNode {
    if (depth > this.maxDepth) throw new Stop('too-deep');
    this.ws();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return { kind: 'string', raw: this.text.slice(this.pos, this.string()) };
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (this.text.startsWith(lit, this.pos)) {
        this.pos += lit.length;
        return { kind: 'literal', raw: lit };
      }
    }
    throw new Stop('invalid');
  }

  /** Scans a string starting at its opening quote; returns the offset after the closing one. */
  string(): number {
    const t = this.text;
    let i = this.pos + 1;
    for (;;) {
      if (i >= t.length) throw new Stop('invalid');
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw new Stop('invalid');
      if (c === 0x5c) {
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) throw new Stop('invalid');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Stop('invalid');
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    return this.pos;
  }

  number(): JsonScalar {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (found === null) throw new Stop('invalid');
    this.pos += found[0].length;
    return { kind: 'number', raw: found[0], integer: found[1] === undefined && found[2] === undefined };
  }

  object(depth: number): JsonObject {
    const start = this.pos++;
    const entries: JsonEntry[] = [];
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { kind: 'object', entries, raw: this.text.slice(start, this.pos) };
    }
    for (;;) {
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 0x22) throw new Stop('invalid');
      const keyStart = this.pos;
      const keyEnd = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 0x3a) throw new Stop('invalid');
      this.pos++;
      entries.push({ key: this.text.slice(keyStart + 1, keyEnd - 1), value: this.value(depth + 1) });
      this.ws();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x7d) return { kind: 'object', entries, raw: this.text.slice(start, this.pos) };
      if (c !== 0x2c) throw new Stop('invalid');
    }
  }

  array(depth: number): JsonArray {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { kind: 'array', items, raw: this.text.slice(start, this.pos) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x5d) return { kind: 'array', items, raw: this.text.slice(start, this.pos) };
      if (c !== 0x2c) throw new Stop('invalid');
    }
  }
}

/**
 * Parses exactly one JSON value (whitespace around it allowed) whose depth is at most
 * `maxDepth`, or says why not.
 */
export function parseJson(text: string, maxDepth: number): JsonNode | JsonParseError {
  const p = new Parser(text, maxDepth);
  try {
    const node = p.value(1);
    p.ws();
    if (p.pos !== text.length) return 'invalid';
    return node;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    throw e;
  }
}

/**
 * Parses a comma-separated list of JSON values, as array commands accept them (kv_engine
 * validates `[` + value + `]`): the values of `1, "two", [3]` are three nodes, each keeping
 * its own text. An empty list is an error, as the values must insert something.
 */
export function parseJsonList(text: string, maxDepth: number): readonly JsonNode[] | JsonParseError {
  // Parsing the wrapped text puts the values at depth 2; allow one more level for that.
  const wrapped = parseJson(`[${text}]`, maxDepth + 1);
  if (typeof wrapped === 'string') return wrapped;
  const items = (wrapped as JsonArray).items;
  return items.length === 0 ? 'invalid' : items;
}
