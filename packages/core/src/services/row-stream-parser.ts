/**
 * Streaming row splitter for query-style JSON bodies:
 *
 *   {"requestID": …, "signature": …, "results": [ row, row, … ], "errors": …, "status": …, "metrics": …}
 *   {"total_rows": N, "rows": [ row, row, … ], "errors": …}
 *
 * Rows are cut out of the named array as bytes arrive and each is `JSON.parse`d exactly
 * once; every other top-level field is kept and parsed into the metadata object at the
 * end. Memory is bounded by the largest single row, not by the result.
 *
 * Written by hand because it is the hot path of every query (one pass over each byte,
 * no intermediate copies for rows that sit inside one network chunk) and because no
 * library splits a JSON array out of an enclosing object incrementally while leaving
 * each element to JSON.parse.
 */
import { ProtocolError } from '../errors/classes';

const P = {
  OBJECT_START: 0,
  KEY_OR_END: 1,
  KEY: 2,
  COLON: 3,
  VALUE: 4,
  IN_VALUE: 5,
  COMMA_OR_END: 6,
  ELEMENT_OR_END: 7,
  ELEMENT: 8,
  IN_ELEMENT: 9,
  ELEMENT_COMMA_OR_END: 10,
  DONE: 11,
} as const;

/** Largest single row or metadata value accepted (a hostile server must not exhaust memory). */
export const MAX_ROW_BYTES = 64 * 1024 * 1024;

function isWs(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Splits rows out of a streaming JSON body. */
export class RowStreamParser {
  #phase: number = P.OBJECT_START;
  /** Bytes of the value being scanned, from earlier chunks. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #key = '';
  #depth = 0;
  #inString = false;
  #escape = false;
  /** The value being scanned is a primitive (number, true, false, null) at depth 0. */
  #primitive = false;
  readonly #meta: Record<string, unknown> = {};
  #rowCount = 0;

  /**
   * `rowsKey` names the array whose elements are rows (`results` for N1QL, `rows` for
   * views); `onRow` receives each parsed row.
   */
  constructor(
    private readonly rowsKey: string,
    private readonly onRow: (row: unknown) => void,
  ) {}

  /** Rows emitted so far. */
  get rowCount(): number {
    return this.#rowCount;
  }

  /** True once the closing brace of the body was seen. */
  get complete(): boolean {
    return this.#phase === P.DONE;
  }

  /** Feeds body bytes; emits every row they complete. Throws ProtocolError on malformed input. */
  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = -1; // start in this chunk of a value being scanned
    if (this.#phase === P.IN_VALUE || this.#phase === P.IN_ELEMENT || this.#phase === P.KEY) start = 0;
    const n = buf.byteLength;
    for (let i = 0; i < n; i++) {
      const b = buf[i]!;
      switch (this.#phase) {
        case P.OBJECT_START:
          if (isWs(b)) continue;
          if (b !== 0x7b) this.#fail(`expected '{' at the start of the body, got '${String.fromCharCode(b)}'`);
          this.#phase = P.KEY_OR_END;
          continue;
        case P.KEY_OR_END:
          if (isWs(b)) continue;
          if (b === 0x7d) {
            this.#phase = P.DONE;
            continue;
          }
          if (b !== 0x22) this.#fail(`expected a field name, got '${String.fromCharCode(b)}'`);
          this.#phase = P.KEY;
          this.#resetScan();
          this.#inString = true;
          start = i;
          continue;
        case P.KEY:
        case P.IN_VALUE:
        case P.IN_ELEMENT: {
          // Scan one JSON value; `end` is the index after its last byte, -1 while unfinished.
          let end = -1;
          if (this.#inString) {
            if (this.#escape) this.#escape = false;
            else if (b === 0x5c) this.#escape = true;
            else if (b === 0x22) {
              this.#inString = false;
              if (this.#depth === 0) end = i + 1;
            }
          } else if (this.#primitive) {
            if (isWs(b) || b === 0x2c || b === 0x5d || b === 0x7d) {
              end = i;
              i--; // the delimiter belongs to the enclosing structure
            }
          } else if (b === 0x22) this.#inString = true;
          else if (b === 0x7b || b === 0x5b) this.#depth++;
          else if (b === 0x7d || b === 0x5d) {
            if (--this.#depth === 0) end = i + 1;
            else if (this.#depth < 0) this.#fail('unbalanced brackets');
          }
          if (end < 0) continue;
          const text = this.#takeText(buf, start, end);
          start = -1;
          this.#valueDone(text);
          continue;
        }
        case P.COLON:
          if (isWs(b)) continue;
          if (b !== 0x3a) this.#fail(`expected ':' after field "${this.#key}"`);
          this.#phase = P.VALUE;
          continue;
        case P.VALUE:
          if (isWs(b)) continue;
          if (this.#key === this.rowsKey && b === 0x5b) {
            this.#phase = P.ELEMENT_OR_END;
            continue;
          }
          // Rows are an array (or null, which servers send for "no rows"); anything else
          // would silently read as "no rows".
          if (this.#key === this.rowsKey && b !== 0x6e) this.#fail(`"${this.rowsKey}" is not an array`);
          this.#phase = P.IN_VALUE;
          start = this.#beginValue(b, i);
          if (this.#primitive === false && this.#depth === 0 && !this.#inString) {
            // A value that cannot be one byte long started with a byte we cannot scan.
            this.#fail(`unexpected '${String.fromCharCode(b)}' as the value of "${this.#key}"`);
          }
          continue;
        case P.COMMA_OR_END:
          if (isWs(b)) continue;
          if (b === 0x2c) this.#phase = P.KEY_OR_END;
          else if (b === 0x7d) this.#phase = P.DONE;
          else this.#fail(`expected ',' or '}' after field "${this.#key}", got '${String.fromCharCode(b)}'`);
          continue;
        case P.ELEMENT_OR_END:
        case P.ELEMENT:
          if (isWs(b)) continue;
          if (b === 0x5d && this.#phase === P.ELEMENT_OR_END) {
            this.#phase = P.COMMA_OR_END;
            continue;
          }
          this.#phase = P.IN_ELEMENT;
          start = this.#beginValue(b, i);
          if (this.#primitive === false && this.#depth === 0 && !this.#inString) this.#fail(`unexpected '${String.fromCharCode(b)}' in "${this.rowsKey}"`);
          continue;
        case P.ELEMENT_COMMA_OR_END:
          if (isWs(b)) continue;
          if (b === 0x2c) this.#phase = P.ELEMENT;
          else if (b === 0x5d) this.#phase = P.COMMA_OR_END;
          else this.#fail(`expected ',' or ']' between rows, got '${String.fromCharCode(b)}'`);
          continue;
        default:
          if (!isWs(b)) this.#fail('bytes after the end of the body');
      }
    }
    if (start >= 0) this.#keep(buf.subarray(start));
  }

  /**
   * The body ended: returns the metadata (every top-level field but the rows). Throws
   * ProtocolError when the body was cut short.
   */
  end(): Record<string, unknown> {
    if (this.#phase === P.IN_VALUE && this.#primitive && this.#depth === 0) {
      // A trailing primitive is only complete once a delimiter arrives; a body never ends with one.
      this.#fail('body ended inside a value');
    }
    if (this.#phase !== P.DONE) this.#fail(this.#phase === P.OBJECT_START ? 'empty body' : 'body ended before its closing brace');
    return this.#meta;
  }

  /** Metadata fields seen so far (before the end, for early fields such as requestID). */
  get partialMeta(): Readonly<Record<string, unknown>> {
    return this.#meta;
  }

  #resetScan(): void {
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
    this.#primitive = false;
  }

  /** Starts scanning a value at byte `b` (index i); returns its start index. */
  #beginValue(b: number, i: number): number {
    this.#resetScan();
    if (b === 0x22) this.#inString = true;
    else if (b === 0x7b || b === 0x5b) this.#depth = 1;
    else if (b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e) this.#primitive = true;
    return i;
  }

  #keep(part: Buffer): void {
    this.#pendingBytes += part.byteLength;
    if (this.#pendingBytes > MAX_ROW_BYTES) this.#fail(`a single value exceeds ${MAX_ROW_BYTES} bytes`);
    // Copy: the caller may reuse its buffer after push() returns.
    this.#pending.push(Buffer.from(part));
  }

  #takeText(buf: Buffer, start: number, end: number): string {
    // Bounded however the bytes were split: a value within one chunk counts too.
    if (this.#pendingBytes + (end - start) > MAX_ROW_BYTES) this.#fail(`a single value exceeds ${MAX_ROW_BYTES} bytes`);
    if (this.#pending.length === 0) return buf.toString('utf8', start, end);
    const parts = [...this.#pending, buf.subarray(start, end)];
    this.#pending = [];
    this.#pendingBytes = 0;
    return Buffer.concat(parts).toString('utf8');
  }

  #valueDone(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      this.#fail(`malformed JSON (${(cause as Error).message})`);
    }
    switch (this.#phase) {
      case P.KEY:
        this.#key = value as string;
        this.#phase = P.COLON;
        return;
      case P.IN_VALUE:
        // defineProperty: a field named "__proto__" is data, not a prototype change.
        Object.defineProperty(this.#meta, this.#key, { value, enumerable: true, writable: true, configurable: true });
        this.#phase = P.COMMA_OR_END;
        return;
      default:
        this.#phase = P.ELEMENT_COMMA_OR_END;
        this.#rowCount++;
        this.onRow(value);
    }
  }

  #fail(reason: string): never {
    throw new ProtocolError(`Malformed response body: ${reason}`, { context: { rowsKey: this.rowsKey, rows: this.#rowCount } });
  }
}
