/**
 * The JavaScript context of one view: a `node:vm` context holding the view's map
 * function, its JavaScript reduce function if any, and the helpers the real server's
 * V8 context provides (`emit`, `log`, `sum`, `dateToArray`, `decodeBase64`) plus the
 * CouchDB ones map functions copied from CouchDB use (`isArray`, `toJSON`).
 *
 * The context is a guard against honest mistakes — an endless loop, a function that
 * throws, an endless `emit` loop (capped at 1 MiB emitted per document, as the real
 * server's max_kv_size_per_doc) — not a security boundary: code in it can reach the
 * host through the objects it is given. Every run has a time limit.
 *
 * Runs are batched: starting a `vm` run with a timeout costs ~60 µs (a watchdog thread),
 * far more than mapping one document, so a whole batch of documents (or reduce groups)
 * runs in one call. The in-context loop records which item it is on; when the batch hits
 * the time limit, the items before that one are kept, the item is re-run alone with a
 * full time limit of its own (so no item ever gets less than the limit), and the batch
 * resumes after it. An item that times out alone fails with `timeout`, the message the
 * real server records.
 */
import * as vm from 'node:vm';

/** The helpers and batch loops, evaluated once in every view context. */
const BOOTSTRAP = String.raw`
var __stringify = JSON.stringify;
var __parse = JSON.parse;
var __emitted = null;
var __emittedSize = 0;
var __maxEmitSize = 1048576;
var __progress = 0;
var __map = null;
var __reduce = null;

function emit(key, value) {
  if (__emitted === null) return;
  var k = __stringify(key);
  var v = __stringify(value);
  if (k === undefined) k = 'null';
  if (v === undefined) v = 'null';
  // The real server's max_kv_size_per_doc (1 MiB, counted here in characters): also
  // what stops an endless emit loop long before it exhausts memory.
  __emittedSize += k.length + v.length;
  if (__emittedSize > __maxEmitSize) throw 'too much data emitted: ' + __emittedSize + ' bytes';
  __emitted.push(k, v);
}
function log(message) {}
function sum(values) {
  var s = 0;
  for (var i = 0; i < values.length; ++i) s += values[i];
  return s;
}
function isArray(value) { return Array.isArray(value); }
function toJSON(value) { return __stringify(value); }
function dateToArray(date) {
  // Zone-less date-times ("2010-07-22 20:00:20") are read as UTC, so results never
  // depend on the host's time zone.
  if (typeof date === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(date)) date = date.replace(' ', 'T') + 'Z';
  date = date && date.getUTCDate ? date : new Date(date);
  return isFinite(date.valueOf())
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : null;
}
function decodeBase64(b64) {
  // As the real server's builtin: the decoded bytes as an array of numbers.
  var i, l, tmp, scratch, arr = [];
  var lookup = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  if (typeof b64 !== 'string') throw 'Input is not a string';
  if (b64.length % 4 > 0) throw 'Invalid base64 source.';
  scratch = b64.indexOf('=');
  scratch = scratch > 0 ? b64.length - scratch : 0;
  l = scratch > 0 ? b64.length - 4 : b64.length;
  for (i = 0; i < l; i += 4) {
    tmp = (lookup.indexOf(b64[i]) << 18) | (lookup.indexOf(b64[i + 1]) << 12) | (lookup.indexOf(b64[i + 2]) << 6) | lookup.indexOf(b64[i + 3]);
    arr.push((tmp & 0xFF0000) >> 16, (tmp & 0xFF00) >> 8, tmp & 0xFF);
  }
  if (scratch === 2) {
    tmp = (lookup.indexOf(b64[i]) << 2) | (lookup.indexOf(b64[i + 1]) >> 4);
    arr.push(tmp & 0xFF);
  } else if (scratch === 1) {
    tmp = (lookup.indexOf(b64[i]) << 10) | (lookup.indexOf(b64[i + 1]) << 4) | (lookup.indexOf(b64[i + 2]) >> 2);
    arr.push((tmp >> 8) & 0xFF, tmp & 0xFF);
  }
  return arr;
}

function __errorText(e) {
  try { return String(e); } catch (_) { return 'unknown error'; }
}

function __mapBatch(items, start, out, base64Of) {
  for (var i = start; i < items.length; i++) {
    __progress = i;
    var it = items[i];
    var doc, type = 'base64';
    if (it.json) {
      try { doc = __parse(it.text); type = 'json'; } catch (_) { doc = base64Of(i); }
    } else {
      doc = it.text;
    }
    var meta = { id: it.id, rev: it.rev, seq: it.seq, vb: it.vb, expiration: it.expiration, flags: it.flags, type: type, cas: it.cas };
    __emitted = [];
    __emittedSize = 0;
    try {
      __map(doc, meta);
      out[i] = __emitted;
    } catch (e) {
      out[i] = __errorText(e);
    }
    __emitted = null;
  }
  __progress = items.length;
}

function __reduceAll(keys, values, chunk) {
  var partials = [];
  for (var i = 0; i < values.length; i += chunk) partials.push(__reduce(keys.slice(i, i + chunk), values.slice(i, i + chunk), false));
  while (partials.length > 1) {
    var next = [];
    for (var j = 0; j < partials.length; j += chunk) next.push(__reduce(null, partials.slice(j, j + chunk), true));
    partials = next;
  }
  return partials[0];
}

function __reduceBatch(items, start, out, chunk) {
  for (var i = start; i < items.length; i++) {
    __progress = i;
    var it = items[i];
    try {
      var text = __stringify(__reduceAll(__parse(it.keys), __parse(it.values), chunk));
      out[i] = [true, text === undefined ? 'null' : text];
    } catch (e) {
      out[i] = [false, __errorText(e)];
    }
  }
  __progress = items.length;
}
`;

const RUN_MAP = new vm.Script('__mapBatch(__items, __start, __out, __base64Of)', { filename: 'view-map' });
const RUN_REDUCE = new vm.Script('__reduceBatch(__items, __start, __out, __chunk)', { filename: 'view-reduce' });

/** Thrown by {@link compileFunction} when a source is not a usable function. */
export class FunctionSourceError extends Error {}

/** The message recorded for an item that ran out of time. */
export const TIMEOUT_MESSAGE = 'timeout';

function isTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Turns function source into an expression: `function (doc) {…};` → `(function (doc) {…}\n)`. */
function asExpression(source: string): string {
  return `(${source.replace(/[\s;]+$/, '')}\n)`;
}

/** Evaluates `source` in `context`; it must yield a function. */
function compileFunction(context: vm.Context, source: string, timeoutMs: number): unknown {
  let fn: unknown;
  try {
    fn = vm.runInContext(asExpression(source), context, { timeout: timeoutMs, filename: 'view-source' });
  } catch (err) {
    throw new FunctionSourceError(isTimeout(err) ? TIMEOUT_MESSAGE : String((err as Error)?.message ?? err));
  }
  if (typeof fn !== 'function') throw new FunctionSourceError(`Invalid function: ${source}`);
  return fn;
}

/**
 * Checks that `source` compiles to a function (in a throwaway context); returns the
 * reason when it does not.
 */
export function checkFunctionSource(source: string, timeoutMs = 1000): string | undefined {
  try {
    compileFunction(vm.createContext({}), source, timeoutMs);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** What a batch run gives back for one item: the loop's result, or an error message. */
type BatchResult = unknown;

/** The vm context of one view. */
export class ViewSandbox {
  readonly #context: vm.Context;
  readonly #timeoutMs: number;

  /**
   * Compiles the map function (and a JavaScript reduce function, when given).
   *
   * @throws FunctionSourceError when a source does not compile to a function
   */
  constructor(mapSource: string, reduceSource: string | undefined, timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#context = vm.createContext({});
    vm.runInContext(BOOTSTRAP, this.#context, { filename: 'view-bootstrap' });
    this.#context.__map = compileFunction(this.#context, mapSource, timeoutMs);
    if (reduceSource !== undefined) this.#context.__reduce = compileFunction(this.#context, reduceSource, timeoutMs);
  }

  /**
   * Runs the map loop over `items` (see sandbox BOOTSTRAP `__mapBatch`): per item, an
   * in-context array of emitted JSON texts `[k0, v0, k1, v1, …]`, or an error message.
   */
  mapBatch(items: readonly unknown[], base64Of: (index: number) => string): BatchResult[] {
    return this.#runBatched(RUN_MAP, items, (batch, offset) => ({ __base64Of: (i: number) => base64Of(i + offset), __items: batch }), (message) => message);
  }

  /**
   * Runs the reduce loop over groups `{ keys, values }` (JSON texts): per group
   * `[true, resultJson]` or `[false, message]`. Values are reduced `chunk` at a time,
   * partial results rereduced `chunk` at a time.
   */
  reduceBatch(items: readonly { keys: string; values: string }[], chunk: number): BatchResult[] {
    this.#context.__chunk = chunk;
    return this.#runBatched(RUN_REDUCE, items, (batch) => ({ __items: batch }), (message) => [false, message]);
  }

  /**
   * Runs `script` over all items under the time limit, isolating the item that exceeds
   * it (see the module comment). `bind` provides the context globals for a (sub)batch
   * that starts at `offset` of the full list; `failed` shapes the result of a timed-out item.
   */
  #runBatched(
    script: vm.Script,
    items: readonly unknown[],
    bind: (batch: readonly unknown[], offset: number) => Record<string, unknown>,
    failed: (message: string) => BatchResult,
  ): BatchResult[] {
    const out: BatchResult[] = new Array(items.length);
    const ctx = this.#context;
    let start = 0;
    while (start < items.length) {
      Object.assign(ctx, bind(items, 0), { __start: start, __out: out, __progress: start });
      try {
        script.runInContext(ctx, { timeout: this.#timeoutMs });
        break;
      } catch (err) {
        if (!isTimeout(err)) throw err;
      }
      const culprit = ctx.__progress as number;
      const single: BatchResult[] = [undefined];
      Object.assign(ctx, bind([items[culprit]], culprit), { __start: 0, __out: single, __progress: 0 });
      try {
        script.runInContext(ctx, { timeout: this.#timeoutMs });
        out[culprit] = single[0];
      } catch (err) {
        if (!isTimeout(err)) throw err;
        out[culprit] = failed(TIMEOUT_MESSAGE);
      }
      start = culprit + 1;
    }
    // Drop references to the batch so the documents can be collected.
    Object.assign(ctx, { __items: null, __out: null, __base64Of: null });
    return out;
  }
}
