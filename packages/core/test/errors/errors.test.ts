/**
 * The public error classes (API.md "Errors") and the status → error mapping.
 * Proves that every class API.md lists is exported from the package entry point with its
 * `name`, a stable `code` string, `rc`, `cause`, `context` and stack kept, and the
 * category getters; that the documented subclass relations hold; that the
 * Symbol.hasInstance brand makes `instanceof` work across two copies of the module (and
 * only for related classes); and that `errorForStatus` picks the class the status table
 * says, falls back to the server's error map for unknown statuses, and carries enhanced
 * error details (`{"error":{"context","ref"}}`) into the context and message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as core from '../../src/index';
import { parseErrorMap, type ErrorMap } from '../../src/connection/error-map';
import {
  AbortError,
  ArgumentError,
  AuthError,
  BucketNotFoundError,
  ConnectError,
  DeltaBadvalError,
  DurabilityError,
  HTTPError,
  KeyExistsError,
  LockedError,
  N1QLError,
  NetworkError,
  NotFoundError,
  NotStoredError,
  NotSupportedError,
  ObjectDestroyedError,
  ProtocolError,
  SubdocError,
  SubdocPathExistsError,
  SubdocPathMismatchError,
  SubdocPathNotFoundError,
  TemporaryFailError,
  TimeoutError,
  TooBigError,
  ValueFormatError,
  ViewEngineError,
} from '../../src/errors/classes';
import { CLIENT_RC, CouchbaseError } from '../../src/errors/couchbase-error';
import { describeStatus, enhancedErrorDetail, errorForStatus, isRetriableStatus } from '../../src/errors/status-errors';
import { DATATYPE } from '../../src/mcbp/datatype';
import { STATUS_TABLE, type StatusErrorKind } from '../../src/mcbp/status';

type ErrorClass = typeof CouchbaseError;

/** API.md's list of classes, in its order, with the code each one carries. */
const API_CLASSES: [name: string, code: string][] = [
  ['NotFoundError', 'CB_NOT_FOUND'],
  ['KeyExistsError', 'CB_KEY_EXISTS'],
  ['TemporaryFailError', 'CB_TEMPORARY_FAIL'],
  ['LockedError', 'CB_LOCKED'],
  ['TooBigError', 'CB_TOO_BIG'],
  ['NotStoredError', 'CB_NOT_STORED'],
  ['DeltaBadvalError', 'CB_DELTA_BADVAL'],
  ['TimeoutError', 'CB_TIMEOUT'],
  ['NetworkError', 'CB_NETWORK'],
  ['ConnectError', 'CB_CONNECT'],
  ['AuthError', 'CB_AUTH'],
  ['BucketNotFoundError', 'CB_BUCKET_NOT_FOUND'],
  ['ArgumentError', 'CB_ARGUMENT'],
  ['ValueFormatError', 'CB_VALUE_FORMAT'],
  ['ProtocolError', 'CB_PROTOCOL'],
  ['ObjectDestroyedError', 'CB_OBJECT_DESTROYED'],
  ['NotSupportedError', 'CB_NOT_SUPPORTED'],
  ['DurabilityError', 'CB_DURABILITY'],
  ['HTTPError', 'CB_HTTP'],
  ['N1QLError', 'CB_N1QL'],
  ['ViewEngineError', 'CB_VIEW_ENGINE'],
  ['SubdocPathNotFoundError', 'CB_SUBDOC_PATH_NOT_FOUND'],
  ['SubdocPathExistsError', 'CB_SUBDOC_PATH_EXISTS'],
  ['SubdocPathMismatchError', 'CB_SUBDOC_PATH_MISMATCH'],
  ['SubdocError', 'CB_SUBDOC'],
  ['AbortError', 'ABORT_ERR'],
];

const exported = core as unknown as Record<string, unknown>;
const classOf = (name: string): ErrorClass => exported[name] as ErrorClass;

describe.each(API_CLASSES)('%s', (name, code) => {
  test('is exported from the package entry point as a CouchbaseError subclass', () => {
    expect(typeof exported[name]).toBe('function');
    expect(classOf(name).prototype).toBeInstanceOf(CouchbaseError);
    expect(exported.CouchbaseError).toBe(CouchbaseError);
  });

  test('has its name, its code, a client rc, and keeps message, cause, context, key and stack', () => {
    const cls = classOf(name);
    const cause = new Error('root cause');
    const err = new cls('something failed', { cause, context: { node: 'h:11210' }, key: 'doc-1' });
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(CouchbaseError);
    expect(err).toBeInstanceOf(cls);
    expect(err.name).toBe(name);
    expect(String(err)).toBe(`${name}: something failed`);
    expect(err.message).toBe('something failed');
    expect(err.code).toBe(code);
    expect(typeof err.code).toBe('string');
    expect(err.rc).toBeGreaterThanOrEqual(0x1000); // a CLIENT_RC, never a server status
    expect(Object.values(CLIENT_RC)).toContain(err.rc);
    expect(err.cause).toBe(cause);
    expect(err.key).toBe('doc-1');
    expect(err.context).toEqual({ node: 'h:11210', key: 'doc-1' });
    expect(err.stack).toContain(`${name}: something failed`);
    expect(err.stack).toContain('errors.test.ts');
    for (const getter of ['isTransient', 'isNetwork', 'isData', 'isInput', 'isFatal'] as const) {
      expect(typeof err[getter]).toBe('boolean');
    }
  });

  test('a given rc (a server status) is kept; no cause means no cause property', () => {
    const err = new (classOf(name))('x', { rc: 0x86 });
    expect(err.rc).toBe(0x86);
    expect('cause' in err).toBe(false);
    expect(err.context).toEqual({});
  });

  test('the name survives a bundler renaming the class', () => {
    const cls = classOf(name);
    expect(Object.getOwnPropertyDescriptor(cls.prototype, 'name')?.value).toBe(name);
  });
});

test('the codes are all different', () => {
  expect(new Set(API_CLASSES.map(([, code]) => code)).size).toBe(API_CLASSES.length);
});

test('CouchbaseError itself', () => {
  const err = new CouchbaseError('base');
  expect(err.name).toBe('CouchbaseError');
  expect(err.code).toBe('CB_ERROR');
  expect(err.stack).toContain('errors.test.ts');
});

describe('category getters', () => {
  test.each([
    [TimeoutError, ['isTransient', 'isNetwork']],
    [NetworkError, ['isTransient', 'isNetwork']],
    [ConnectError, ['isTransient', 'isNetwork']],
    [TemporaryFailError, ['isTransient']],
    [LockedError, ['isTransient', 'isData']],
    [DurabilityError, ['isTransient']],
    [NotFoundError, ['isData']],
    [KeyExistsError, ['isData']],
    [NotStoredError, ['isData']],
    [SubdocPathNotFoundError, ['isData']],
    [TooBigError, ['isData', 'isInput']],
    [DeltaBadvalError, ['isData', 'isInput']],
    [ArgumentError, ['isInput']],
    [ValueFormatError, ['isInput', 'isData']],
    [AuthError, ['isFatal', 'isInput']],
    [BucketNotFoundError, ['isFatal', 'isInput']],
    [NotSupportedError, ['isFatal', 'isInput']],
    [ObjectDestroyedError, ['isFatal']],
    [ProtocolError, ['isFatal', 'isNetwork']],
    [HTTPError, ['isNetwork']],
    [AbortError, []],
  ] as [ErrorClass, string[]][])('%p', (cls, truthy) => {
    const err = new cls('x') as unknown as Record<string, boolean>;
    for (const getter of ['isTransient', 'isNetwork', 'isData', 'isInput', 'isFatal']) {
      expect([getter, err[getter]]).toEqual([getter, truthy.includes(getter)]);
    }
  });
});

describe('class-specific members', () => {
  test('HTTPError keeps status and body; ViewEngineError too', () => {
    const e = new HTTPError('not found', { status: 404, body: '{"error":"not_found"}' });
    expect(e.status).toBe(404);
    expect(e.body).toBe('{"error":"not_found"}');
    expect(new HTTPError('no response').status).toBe(0);
    const v = new ViewEngineError('view failed', { status: 500, body: 'x' });
    expect(v.status).toBe(500);
    expect(v.code).toBe('CB_VIEW_ENGINE');
  });

  test('N1QLError: code and msg of the first error, requestId, all errors', () => {
    const errors = [
      { code: 12009, msg: 'DML Error, possible causes include CAS mismatch' },
      { code: 5000, msg: 'second' },
    ];
    const e = new N1QLError('query failed', { errors, requestId: 'r-1', status: 200 });
    expect(e.code).toBe(12009);
    expect(e.msg).toBe('DML Error, possible causes include CAS mismatch');
    expect(e.requestId).toBe('r-1');
    expect(e.errors).toEqual(errors);
    expect(e.status).toBe(200);
    const bare = new N1QLError('no details');
    expect(bare.code).toBe('CB_N1QL');
    expect(bare.msg).toBe('no details');
    expect(bare.errors).toEqual([]);
  });

  test("AbortError's name is 'AbortError' as in the DOM", () => {
    expect(new AbortError('aborted').name).toBe('AbortError');
  });
});

describe('subclass relations of API.md', () => {
  test.each([
    [LockedError, TemporaryFailError],
    [ValueFormatError, ArgumentError],
    [ConnectError, NetworkError],
    [ViewEngineError, HTTPError],
    [SubdocPathNotFoundError, SubdocError],
    [SubdocPathExistsError, SubdocError],
    [SubdocPathMismatchError, SubdocError],
  ] as [ErrorClass, ErrorClass][])('%p is a %p (and not the other way round)', (sub, sup) => {
    const e = new sub('x');
    expect(e).toBeInstanceOf(sup);
    expect(e).toBeInstanceOf(CouchbaseError);
    expect(Object.getPrototypeOf(sub)).toBe(sup);
    expect(new sup('x')).not.toBeInstanceOf(sub);
  });

  test('unrelated classes are not instances of each other', () => {
    expect(new NotFoundError('x')).not.toBeInstanceOf(KeyExistsError);
    expect(new TemporaryFailError('x')).not.toBeInstanceOf(LockedError);
    expect(new ArgumentError('x')).not.toBeInstanceOf(ValueFormatError);
    expect(new TimeoutError('x')).not.toBeInstanceOf(NetworkError);
    expect(new N1QLError('x')).not.toBeInstanceOf(HTTPError);
    expect(new SubdocError('x')).not.toBeInstanceOf(SubdocPathNotFoundError);
    expect(new SubdocPathExistsError('x')).not.toBeInstanceOf(SubdocPathNotFoundError);
  });
});

describe('the brand: instanceof across two copies of the module', () => {
  type Classes = typeof import('../../src/errors/classes');
  type Base = typeof import('../../src/errors/couchbase-error');
  let copy2!: Classes;
  let base2!: Base;
  jest.isolateModules(() => {
    copy2 = require('../../src/errors/classes') as Classes;
    base2 = require('../../src/errors/couchbase-error') as Base;
  });

  test('the second copy really is a different set of classes', () => {
    expect(copy2.NotFoundError).not.toBe(NotFoundError);
    expect(base2.CouchbaseError).not.toBe(CouchbaseError);
    expect(Object.getPrototypeOf(copy2.NotFoundError)).toBe(base2.CouchbaseError);
  });

  test('an error of copy 2 is an instance of the copy-1 class, its copy-1 ancestors and Error', () => {
    const e = new copy2.NotFoundError('x');
    expect(e instanceof NotFoundError).toBe(true);
    expect(e instanceof CouchbaseError).toBe(true);
    expect(e instanceof Error).toBe(true);
    const locked = new copy2.LockedError('y');
    expect(locked instanceof LockedError).toBe(true);
    expect(locked instanceof TemporaryFailError).toBe(true);
    expect(new copy2.ValueFormatError('z') instanceof ArgumentError).toBe(true);
    expect(new copy2.ViewEngineError('v') instanceof HTTPError).toBe(true);
  });

  test('and the other way round', () => {
    expect(new NotFoundError('x') instanceof copy2.NotFoundError).toBe(true);
    expect(new NotFoundError('x') instanceof base2.CouchbaseError).toBe(true);
    expect(new ConnectError('x') instanceof copy2.NetworkError).toBe(true);
  });

  test('but not of an unrelated class of either copy', () => {
    const e = new copy2.NotFoundError('x');
    expect(e instanceof KeyExistsError).toBe(false);
    expect(e instanceof copy2.KeyExistsError).toBe(false);
    expect(e instanceof SubdocError).toBe(false);
    expect(new copy2.TemporaryFailError('t') instanceof LockedError).toBe(false);
    class Unrelated {}
    expect(e instanceof Unrelated).toBe(false);
    expect(e instanceof TypeError).toBe(false);
  });

  test('errors and objects that are not couchts errors are not instances', () => {
    expect(new Error('plain') instanceof CouchbaseError).toBe(false);
    expect({} instanceof CouchbaseError).toBe(false);
    expect(Object.create(null) instanceof CouchbaseError).toBe(false);
    const lookalike = { name: 'NotFoundError', code: 'CB_NOT_FOUND', message: 'x' };
    expect(lookalike instanceof NotFoundError).toBe(false);
    const fakeCtor = { constructor: { name: 'NotFoundError' } };
    expect(Object.create(fakeCtor) instanceof NotFoundError).toBe(false);
  });

  test('non-objects are never instances', () => {
    for (const v of [null, undefined, 0, 42, 'NotFoundError', true, Symbol('x'), 10n]) {
      expect(NotFoundError[Symbol.hasInstance](v)).toBe(false);
      expect(CouchbaseError[Symbol.hasInstance](v)).toBe(false);
      expect((v as unknown) instanceof CouchbaseError).toBe(false);
    }
    // A class (a function) is not an instance of its base class either.
    expect(NotFoundError[Symbol.hasInstance](NotFoundError)).toBe(false);
    expect((NotFoundError as unknown) instanceof CouchbaseError).toBe(false);
    expect((copy2.NotFoundError as unknown) instanceof CouchbaseError).toBe(false);
  });
});

// ---- status → error ------------------------------------------------------------------------

/** The class each error kind of the status table stands for (API.md / class docs). */
const CLASS_FOR_KIND: Record<Exclude<StatusErrorKind, 'none'>, ErrorClass> = {
  NotFound: NotFoundError,
  KeyExists: KeyExistsError,
  TooBig: TooBigError,
  Argument: ArgumentError,
  NotStored: NotStoredError,
  DeltaBadval: DeltaBadvalError,
  NotMyVbucket: TemporaryFailError,
  BucketNotFound: BucketNotFoundError,
  Locked: LockedError,
  TemporaryFail: TemporaryFailError,
  Auth: AuthError,
  NotSupported: NotSupportedError,
  Internal: CouchbaseError,
  Durability: DurabilityError,
  SubdocPathNotFound: SubdocPathNotFoundError,
  SubdocPathExists: SubdocPathExistsError,
  SubdocPathMismatch: SubdocPathMismatchError,
  Subdoc: SubdocError,
};

const INFO = { key: 'doc-1', operation: 'get' };
const hex = (c: number): string => `0x${c.toString(16).padStart(2, '0')}`;

describe('errorForStatus for every status of the table', () => {
  const failures = [...STATUS_TABLE].filter(([, info]) => info.error !== 'none');

  test.each(failures.map(([code, info]) => [hex(code), info.name, code] as const))('%s %s', (_h, name, code) => {
    const info = STATUS_TABLE.get(code)!;
    const expected = CLASS_FOR_KIND[info.error as Exclude<StatusErrorKind, 'none'>];
    const err = errorForStatus(code, { ...INFO, node: 'h:11210', opaque: 9, bucket: 'b' });
    expect(err.constructor).toBe(expected);
    expect(err).toBeInstanceOf(expected);
    expect(err.rc).toBe(code);
    expect(err.key).toBe('doc-1');
    expect(err.context).toMatchObject({ key: 'doc-1', operation: 'get', status: name, node: 'h:11210', opaque: 9, bucket: 'b' });
    expect(err.message).toContain("'doc-1'");
    expect(err.stack).toContain('errors.test.ts');
  });

  test('the non-failure statuses (SUCCESS, AUTH_CONTINUE, SUBDOC_SUCCESS_DELETED) still give a CouchbaseError', () => {
    const none = [...STATUS_TABLE].filter(([, info]) => info.error === 'none').map(([c]) => c);
    expect(none.map(hex)).toEqual(['0x00', '0x21', '0xcd']);
    for (const code of none) {
      const err = errorForStatus(code, INFO);
      expect(err).toBeInstanceOf(CouchbaseError);
      expect(err.rc).toBe(code);
    }
  });

  test('messages name the document', () => {
    expect(errorForStatus(0x01, INFO).message).toBe("Document not found: 'doc-1'");
    expect(errorForStatus(0x02, { key: 'k', operation: 'insert' }).message).toBe("Document already exists: 'k'");
    expect(errorForStatus(0x02, { key: 'k', operation: 'replace', hadCas: true }).message).toMatch(/^CAS mismatch for 'k'/);
    expect(errorForStatus(0x09, { key: 'k', operation: 'upsert' }).message).toBe("Document is locked: 'k'");
    expect(errorForStatus(0x86, { key: 'k', operation: 'get' }).message).toBe("get 'k' failed: Temporary failure, try again (ETMPFAIL)");
  });

  test('retries and their reasons go into the context when there were any', () => {
    const err = errorForStatus(0x86, { ...INFO, retries: 3, retryReasons: ['ETMPFAIL', 'NOT_MY_VBUCKET'] });
    expect(err.context.retries).toBe(3);
    expect(err.context.retryReasons).toEqual(['ETMPFAIL', 'NOT_MY_VBUCKET']);
    const none = errorForStatus(0x86, { ...INFO, retries: 0 });
    expect('retries' in none.context).toBe(false);
  });
});

describe('unknown statuses: the server error map decides', () => {
  const map = (attrs: unknown): ErrorMap =>
    parseErrorMap(JSON.stringify({ version: 2, revision: 1, errors: { '7f': { name: 'SOME_NEW_STATUS', desc: 'Something new happened', attrs } } }))!;

  test.each([
    [['temp', 'retry-now'], TemporaryFailError, true],
    [['temp', 'retry-later'], TemporaryFailError, true],
    [['temp', 'auto-retry'], TemporaryFailError, true],
    [['temp'], TemporaryFailError, false],
    [['auth'], AuthError, false],
    [['conn-state-invalidated', 'auth'], AuthError, false],
    [['item-locked', 'item-only'], LockedError, false],
    [['support'], NotSupportedError, false],
    [['invalid-input'], ArgumentError, false],
    [['retry-now'], CouchbaseError, false],
    [[], CouchbaseError, false],
  ] as [string[], ErrorClass, boolean][])('attrs %j → %p, retried: %s', (attrs, cls, retried) => {
    const m = map(attrs);
    const err = errorForStatus(0x7f, INFO, m);
    expect(err.constructor).toBe(cls);
    expect(err.rc).toBe(0x7f);
    expect(err.context.status).toBe('SOME_NEW_STATUS');
    expect(err.message).toContain('Something new happened');
    expect(err.message).toContain('SOME_NEW_STATUS');
    expect(isRetriableStatus(0x7f, m)).toBe(retried);
  });

  test('a status missing from both the table and the map', () => {
    const err = errorForStatus(0x7e, INFO, map(['temp']));
    expect(err.constructor).toBe(CouchbaseError);
    expect(err.context.status).toBe('0x7e');
    expect(err.message).toContain('unknown status 0x7e');
    expect(isRetriableStatus(0x7e)).toBe(false);
    expect(describeStatus(0x7e)).toEqual({ name: '0x7e', desc: 'unknown status 0x7e', attrs: [], kind: undefined });
  });

  test('the table wins over the server map for codes it knows', () => {
    const m = parseErrorMap('{"errors":{"1":{"name":"WHATEVER","desc":"d","attrs":["auth"]}}}')!;
    const err = errorForStatus(0x01, INFO, m);
    expect(err.constructor).toBe(NotFoundError);
    expect(err.context.status).toBe('KEY_ENOENT');
  });

  test('with a real 7.1 map: STREAM_NOT_FOUND (0x0a) and NO_COLLECTIONS_MANIFEST (0x89)', () => {
    const real = parseErrorMap(fs.readFileSync(path.resolve(__dirname, '../../../../test-fixtures/gocbcore/err_map71_v2.json')))!;
    const a = errorForStatus(0x0a, INFO, real);
    expect(a.context.status).toBe('STREAM_NOT_FOUND');
    expect(a.constructor).toBe(CouchbaseError);
    const b = errorForStatus(0x89, INFO, real);
    expect(b.context.status).toBe('NO_COLLECTIONS_MANIFEST');
    // retry-later without temp: not retried.
    expect(isRetriableStatus(0x89, real)).toBe(false);
    // Rate limiting is in our table (not retried), whatever the map's temp + retry-later says.
    expect(isRetriableStatus(0x30, real)).toBe(false);
    expect(errorForStatus(0x30, INFO, real).constructor).toBe(TemporaryFailError);
  });
});

describe('enhanced error bodies', () => {
  const body = Buffer.from('{"error":{"context":"x","ref":"y"}}');

  test('context and ref go into the error context, context into the message', () => {
    const err = errorForStatus(0x04, INFO, undefined, DATATYPE.JSON, body);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.context.serverContext).toBe('x');
    expect(err.context.serverRef).toBe('y');
    expect(err.message).toContain('(server: x, ref y)');
  });

  test('a body that is a view into a larger buffer', () => {
    const backing = Buffer.concat([Buffer.from('xx'), body, Buffer.from('}}')]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, body.byteLength);
    expect(enhancedErrorDetail(DATATYPE.JSON, view)).toEqual({ context: 'x', ref: 'y' });
  });

  test('only ref, only context', () => {
    expect(enhancedErrorDetail(DATATYPE.JSON, Buffer.from('{"error":{"ref":"r"}}'))).toEqual({ context: undefined, ref: 'r' });
    const err = errorForStatus(0x01, INFO, undefined, DATATYPE.JSON, Buffer.from('{"error":{"ref":"r"}}'));
    expect(err.context.serverRef).toBe('r');
    expect('serverContext' in err.context).toBe(false);
    expect(err.message).toBe("Document not found: 'doc-1' (server: ref r)");
  });

  test('without the JSON datatype bit the body is not parsed', () => {
    const err = errorForStatus(0x04, INFO, undefined, 0, body);
    expect(err.context.serverContext).toBeUndefined();
    expect(err.context.serverRef).toBeUndefined();
    expect(err.message).not.toContain('server:');
  });

  test.each([
    ['not JSON', 'Not found'],
    ['truncated JSON', '{"error":{"context":'],
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"error"'],
    ['error is a string', '{"error":"boom"}'],
    ['error is null', '{"error":null}'],
    ['context and ref not strings', '{"error":{"context":5,"ref":{"a":1}}}'],
    ['empty', ''],
    ['invalid UTF-8', '\u00ff'],
  ])('a %s body with the JSON bit does not throw and adds nothing', (_name, text) => {
    const bytes = text === '\u00ff' ? Buffer.from([0xff, 0xfe]) : Buffer.from(text);
    let err: CouchbaseError | undefined;
    expect(() => {
      err = errorForStatus(0x01, INFO, undefined, DATATYPE.JSON, bytes);
    }).not.toThrow();
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err!.context.serverContext).toBeUndefined();
    expect(err!.context.serverRef).toBeUndefined();
    expect(err!.message).toBe("Document not found: 'doc-1'");
  });

  test('the JSON bit among others (JSON | XATTR) is enough', () => {
    expect(enhancedErrorDetail(DATATYPE.JSON | DATATYPE.XATTR, body)).toEqual({ context: 'x', ref: 'y' });
  });
});

describe('user subclasses of the error classes', () => {
  test('do not inherit their parent\'s brand, and report their own name', () => {
    class MyNotFound extends NotFoundError {}
    const mine = new MyNotFound('mine');
    expect(mine).toBeInstanceOf(MyNotFound);
    expect(mine).toBeInstanceOf(NotFoundError);
    expect(mine).toBeInstanceOf(CouchbaseError);
    expect(new NotFoundError('x') instanceof MyNotFound).toBe(false);
    expect(mine.name).toBe('MyNotFound');
    expect(mine.code).toBe('CB_NOT_FOUND');
  });
});

describe('secondary brands', () => {
  test('a query 401 carrying errors is both an N1QLError and an AuthError, and nothing else', async () => {
    const { N1QLAuthError, N1QLError, AuthError, NotFoundError } = await import('../../src/errors/classes');
    const err = new N1QLAuthError('nope', { errors: [{ code: 10000, msg: 'Authentication failure' }] });
    expect(err).toBeInstanceOf(N1QLError);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).not.toBeInstanceOf(NotFoundError);
    expect(err.code).toBe(10000);
    expect(new N1QLError('x') instanceof N1QLAuthError).toBe(false);
    expect(new AuthError('x') instanceof N1QLAuthError).toBe(false);
    expect(new AuthError('x') instanceof N1QLError).toBe(false);
  });
});
