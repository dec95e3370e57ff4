/**
 * Design documents: validation of a design document's body, and the stored form of one
 * (its JSON, its revision, and per view the definition, the sandbox and the index).
 *
 * Validation follows the real server (couch_set_view_mapreduce.erl
 * `validate_ddoc_views`), with its messages: `views` must be an object (a design
 * document without `views` is allowed, it simply has none); view names non-empty and
 * without surrounding whitespace; each view an object with a string `map` that compiles
 * to a function; `reduce`, when present, a string: `_count`, `_sum`, `_stats`, or
 * JavaScript that compiles to a function (any other `_name` is refused).
 */
import { createHash } from 'node:crypto';
import { isBuiltinReduce } from './reduce';
import { ViewSandbox, checkFunctionSource } from './sandbox';
import { ViewIndex } from './view-index';
import { ViewHttpError } from './view-errors';

/** Prefix of development design documents. */
export const DEV_PREFIX = 'dev_';

/** One view of a design document as defined. */
export interface ViewDefinition {
  readonly map: string;
  readonly reduce?: string;
}

/** A validated design document. */
export interface DesignDocDefinition {
  /** The JSON body as given (stored and returned by GET). */
  readonly body: Record<string, unknown>;
  readonly views: ReadonlyMap<string, ViewDefinition>;
}

/** A view of a stored design document: definition, sandbox, index. */
export interface ViewEntry {
  readonly name: string;
  readonly def: ViewDefinition;
  readonly sandbox: ViewSandbox;
  readonly index: ViewIndex;
}

/** A stored design document. */
export interface DesignDocEntry {
  /** Name without `_design/` (with `dev_` for development documents). */
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly rev: string;
  readonly views: ReadonlyMap<string, ViewEntry>;
}

/** A 400 `invalid_design_document`. */
export function invalidDesignDocument(reason: string): ViewHttpError {
  return new ViewHttpError(400, 'invalid_design_document', reason);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validateView(name: string, spec: unknown, timeoutMs: number): ViewDefinition {
  if (name === '') throw invalidDesignDocument('View name cannot be an empty string');
  if (/^[ \t\n\r]|[ \t\n\r]$/.test(name)) throw invalidDesignDocument(`View name \`${name}\` cannot have leading or trailing whitespace`);
  if (!isPlainObject(spec)) throw invalidDesignDocument(`Value for view \`${name}' is not a json object.`);
  const { map, reduce } = spec;
  if (map === undefined) throw invalidDesignDocument(`The \`map' field for the view \`${name}' is missing.`);
  if (typeof map !== 'string') throw invalidDesignDocument(`The \`map' field of the view \`${name}' is not a json string.`);
  const mapError = checkFunctionSource(map, timeoutMs);
  if (mapError !== undefined) throw invalidDesignDocument(`Syntax error in the map function of the view \`${name}': ${mapError}`);
  if (reduce === undefined) return { map };
  if (typeof reduce !== 'string') throw invalidDesignDocument(`The \`reduce' field of the view \`${name}' is not a json string.`);
  if (reduce.startsWith('_')) {
    if (!isBuiltinReduce(reduce)) throw invalidDesignDocument(`Invalid built-in reduce function for view \`${name}': ${reduce}`);
    return { map, reduce };
  }
  const reduceError = checkFunctionSource(reduce, timeoutMs);
  if (reduceError !== undefined) throw invalidDesignDocument(`Syntax error in the reduce function of the view \`${name}': ${reduceError}`);
  return { map, reduce };
}

/**
 * Validates a design document body (already parsed JSON).
 *
 * @throws ViewHttpError 400 `invalid_design_document`
 */
export function validateDesignDoc(body: unknown, timeoutMs: number): DesignDocDefinition {
  if (!isPlainObject(body)) throw invalidDesignDocument('Document must be a JSON object');
  const views = body.views ?? {};
  if (!isPlainObject(views)) throw invalidDesignDocument("The field `views' is not a json object.");
  const defs = new Map<string, ViewDefinition>();
  for (const [name, spec] of Object.entries(views)) defs.set(name, validateView(name, spec, timeoutMs));
  // A deep copy: the caller's object (e.g. a frozen sample constant) stays its own.
  return { body: JSON.parse(JSON.stringify(body)) as Record<string, unknown>, views: defs };
}

/** Validates a design document name (without `_design/`). */
export function validateDesignDocName(name: string): void {
  if (name === '' || name === DEV_PREFIX) throw new ViewHttpError(400, 'bad_request', 'Design document name must not be empty');
}

/** Whether a design document name is a development one. */
export function isDevName(name: string): boolean {
  return name.startsWith(DEV_PREFIX);
}

/** A revision `<n>-<hex>` for the n-th version of a design document body. */
export function designDocRev(revno: number, body: Record<string, unknown>): string {
  return `${revno}-${createHash('md5').update(JSON.stringify(body)).digest('hex').slice(0, 8)}`;
}

/** Builds the stored form of a validated design document (sandboxes compiled, indexes empty). */
export function createEntry(name: string, def: DesignDocDefinition, revno: number, timeoutMs: number): DesignDocEntry {
  const views = new Map<string, ViewEntry>();
  for (const [viewName, viewDef] of def.views) {
    const js = viewDef.reduce !== undefined && !viewDef.reduce.startsWith('_') ? viewDef.reduce : undefined;
    const sandbox = new ViewSandbox(viewDef.map, js, timeoutMs);
    views.set(viewName, { name: viewName, def: viewDef, sandbox, index: new ViewIndex(sandbox) });
  }
  return { name, body: def.body, rev: designDocRev(revno, def.body), views };
}
