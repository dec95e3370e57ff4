/**
 * Type tests, checked by `tsc --noEmit` in `npm test` (never run): what the public types
 * infer, and what they refuse. Each `@ts-expect-error` line must be an error, or the
 * type-check fails — so a misspelled option, a wrong row type or a lost generic is a
 * failure of `npm test`.
 */
import {
  AsyncBucket,
  AsyncN1QLRequest,
  Bucket,
  NodeIOPS,
  SD,
  type AsyncResult,
  type BatchedView,
  type MultiResult,
  type N1QLRowStream,
  type OperationResult,
  type SubdocResult,
  type ValueResult,
  type ViewRow,
} from '@couchts/promise';

interface User {
  name: string;
  age: number;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

export async function typeTests(bucket: Bucket, core: AsyncBucket): Promise<void> {
  // get<T> gives ValueResult<T>; value is T.
  const u = await bucket.get<User>('u');
  assertType<Equal<typeof u, ValueResult<User>>>(true);
  const age: number = u.value.age;
  void age;
  // @ts-expect-error — value is a User, not a string
  const wrong: string = u.value;
  void wrong;

  // Mutations give OperationResult; cas is a bigint.
  const r = await bucket.upsert('u', { name: 'a', age: 1 }, { ttl: 10, persistTo: 1 });
  assertType<Equal<typeof r, OperationResult>>(true);
  assertType<Equal<typeof r.cas, bigint>>(true);

  // A misspelled option is a type error (and an ArgumentError at run time).
  // @ts-expect-error — 'tll' is not an option
  await bucket.upsert('u', 1, { tll: 10 });
  // @ts-expect-error — get has no 'cas' option
  await bucket.get('u', { cas: 1n });
  // @ts-expect-error — counter delta is a number or bigint
  await bucket.counter('c', { delta: '1' });
  // @ts-expect-error — lock needs its options (ttl)
  await bucket.lock('u');

  // Multi operations give MultiResult of the single result.
  const m = await bucket.getMulti<User>(['a', 'b']);
  assertType<Equal<typeof m, MultiResult<ValueResult<User>>>>(true);

  // N1QL rows are typed through for await.
  const rows = bucket.n1qlQuery<User>('SELECT name, age FROM `default`');
  assertType<Equal<typeof rows, N1QLRowStream<User>>>(true);
  for await (const row of rows) {
    const n: string = row.name;
    void n;
    // @ts-expect-error — rows are Users
    row.missing;
  }
  // @ts-expect-error — 'highWatermark' is misspelled
  bucket.n1qlQuery('SELECT 1', { highWatermark: 10 });

  // View rows: key, value and doc types flow.
  for await (const row of bucket.query<string[], number, User>('beer', 'brewery_beers', { includeDocs: true })) {
    assertType<Equal<typeof row, ViewRow<string[], number, User>>>(true);
    const k: string[] = row.key;
    const v: number = row.value;
    const name: string | undefined = row.doc?.value.name;
    void k, v, name;
  }
  const all = await bucket.queryAll<string, null>('d', 'v', { limit: 10, stale: 'ok' });
  assertType<Equal<typeof all, BatchedView<string, null, unknown>>>(true);
  // @ts-expect-error — stale takes false, 'ok', 'update_after' or a boolean
  await bucket.queryAll('d', 'v', { stale: 'never' });
  // @ts-expect-error — 'include_docs' is the wire name; the option is includeDocs
  await bucket.queryAll('d', 'v', { include_docs: true });

  // Sub-documents.
  const sd = await bucket.lookupIn('u', SD.get('name'), SD.exists('age'));
  assertType<Equal<typeof sd, SubdocResult>>(true);
  await bucket.mutateIn('u', SD.upsert('a.b', 1, { createParents: true }), SD.counter('n', 1), { cas: sd.cas, ttl: 5 });
  // @ts-expect-error — createParents is a mutation option, not a lookup one
  SD.get('a', { createParents: true });

  // The raw core returns AsyncResult of the same results.
  const ar = core.get<User>('u');
  assertType<Equal<typeof ar, AsyncResult<ValueResult<User>>>>(true);
  ar.callback = (res) => {
    const n: string = res.value.name;
    void n;
  };
  // @ts-expect-error — itercls must be an AsyncN1QLRequest class
  core.n1qlQuery('SELECT 1', { itercls: Object });
  core.n1qlQuery('SELECT 1', { itercls: AsyncN1QLRequest });

  // AbortSignal everywhere.
  await bucket.get('u', { signal: AbortSignal.timeout(100) });
  // @ts-expect-error — signal must be an AbortSignal
  await bucket.get('u', { signal: true });

  // Constructors.
  new Bucket('couchbase://h/b', { username: 'u', password: 'p', operationTimeout: 100 });
  // @ts-expect-error — 'operation_timeout' is the connection-string spelling; the option is operationTimeout
  new Bucket('couchbase://h/b', { operation_timeout: 100 });
  new AsyncBucket(new NodeIOPS(), 'couchbase://h/b');
}
