/**
 * RowStreamParser: property tests (fast-check) and adversarial inputs.
 *
 * Proves that for arbitrary JSON rows and metadata values (strings full of quotes,
 * backslashes, brackets, commas, control characters, lone surrogates, multi-byte UTF-8;
 * numbers in every notation; deep nesting), laid out as N1QL-style bodies with a random
 * subset and order of the other top-level fields, compact / pretty-printed / random
 * whitespace, and field names written plainly or as \u escapes:
 *   - the rows emitted deep-equal `JSON.parse(body).results` (or `.rows`), in order, and
 *     `end()` returns exactly the other top-level fields;
 *   - this holds whether the body is fed in one chunk, one byte at a time, or at random
 *     split points (non-Buffer Uint8Array views with a byte offset), and every piece is
 *     overwritten after push() returns (the parser keeps no view into caller buffers);
 *   - fed byte by byte, each row is emitted at the exact byte that completes it (rows
 *     stream out, nothing is held back), with the fields before the array already in
 *     `partialMeta`;
 *   - every proper prefix of a body is rejected by `end()` with ProtocolError.
 * Also: the views shape with `rows`, empty arrays, primitive rows, multi-byte characters
 * split at every position, deep nesting, a 200 000-row body in 64 KiB chunks (rowCount
 * after every chunk equals the rows completed so far), malformed bodies (not an object,
 * unbalanced brackets, garbage between rows, bytes after the end, bad primitives / strings)
 * → ProtocolError in every split, and a value over 64 MiB arriving in 64 KiB chunks →
 * ProtocolError as soon as the limit is passed.
 */
import fc from 'fast-check';
import { ProtocolError } from '../../src/errors/classes';
import { MAX_ROW_BYTES, RowStreamParser } from '../../src/services/row-stream-parser';

// ---------------------------------------------------------------------------------------
// Building bodies

/** String units chosen to break a naive scanner, plus arbitrary graphemes and code points. */
const nastyUnit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('"', '\\', '\\"', '"\\', '[', ']', '{', '}', ',', ':', ' ', '\n', '\r', '\t', '/', 'é', '✓', '😀', '\u2028', '\u0000', '\u001f', '\ud800', '\udfff', 'true', 'null', '-1e5', '\\u0022'),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const value = fc.jsonValue({ maxDepth: 5, stringUnit: nastyUnit });

const META_NAMES = ['requestID', 'clientContextID', 'signature', 'errors', 'warnings', 'status', 'metrics', 'profile', 'prepared'] as const;

const metaValue = (name: string): fc.Arbitrary<unknown> => {
  switch (name) {
    case 'requestID':
      return fc.uuid();
    case 'status':
      return fc.constantFrom('success', 'errors', 'fatal', 'timeout');
    case 'errors':
      return fc.array(fc.record({ code: fc.integer({ min: 1000, max: 30000 }), msg: fc.string({ unit: nastyUnit, maxLength: 20 }) }), { maxLength: 3 });
    case 'metrics':
      return fc.record({ elapsedTime: fc.string({ maxLength: 8 }), resultCount: fc.nat(), resultSize: fc.nat(), errorCount: fc.option(fc.nat(), { nil: undefined }) }).map((m) => JSON.parse(JSON.stringify(m)) as unknown);
    default:
      return value;
  }
};

/** Other top-level fields: a random subset of META_NAMES in random order, with values. */
const metaFields: fc.Arbitrary<Array<[string, unknown]>> = fc
  .tuple(fc.record(Object.fromEntries(META_NAMES.map((n) => [n, metaValue(n)])) as Record<(typeof META_NAMES)[number], fc.Arbitrary<unknown>>), fc.shuffledSubarray([...META_NAMES]))
  .map(([values, names]) => names.map((n): [string, unknown] => [n, values[n]]));

/** Case counts: these in `npm test`; `npm run fuzz` (FUZZ_RUNS=10⁵) raises each to a tenth of FUZZ_RUNS. */
const runs = (n: number): number => Math.max(n, Math.floor(Number(process.env.FUZZ_RUNS ?? 0) / 10));

const WS = ['', ' ', '\n', '\r\n', '\t', '  \n\t '];

interface Style {
  /** JSON.stringify indent for the values themselves. */
  indent: undefined | number | string;
  /** Whitespace cycled through at every structural position. */
  ws: string[];
  /** Write field names as \u escapes ("results" still names the rows). */
  escapeKeys: boolean;
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(undefined, 2, '\t', ' \r\n'),
  ws: fc.array(fc.constantFrom(...WS), { minLength: 1, maxLength: 6 }),
  escapeKeys: fc.boolean(),
});

/** The rows field: an array of rows (usually), absent, or null. */
type RowsSpec = unknown[] | 'absent' | null;

interface Built {
  body: Buffer;
  /** Byte offset just after each row's text. */
  rowEnds: number[];
  rowIsPrimitive: boolean[];
  /** Byte offset just after the closing brace of the body. */
  objectEnd: number;
  /** Names of the fields written before the rows array. */
  before: string[];
}

function encodeKey(key: string, escape: boolean): string {
  if (!escape) return JSON.stringify(key);
  return `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

/** Serialises a body by hand so that whitespace lands everywhere and row offsets are known. */
function build(rowsKey: string, fields: Array<[string, unknown]>, rows: RowsSpec, rowsAt: number, style: Style): Built {
  let k = 0;
  const w = (): string => style.ws[k++ % style.ws.length]!;
  const parts: string[] = [];
  let offset = 0;
  const emit = (s: string): void => {
    parts.push(s);
    offset += Buffer.byteLength(s, 'utf8');
  };
  const rowEnds: number[] = [];
  const rowIsPrimitive: boolean[] = [];
  const entries: Array<[string, unknown] | 'rows'> = [...fields];
  if (rows !== 'absent') entries.splice(Math.min(rowsAt, entries.length), 0, 'rows');
  const before: string[] = [];
  let seenRows = false;
  emit(`${w()}{`);
  entries.forEach((entry, i) => {
    emit(i > 0 ? `${w()},${w()}` : w());
    if (entry === 'rows') {
      seenRows = true;
      emit(`${encodeKey(rowsKey, style.escapeKeys)}${w()}:${w()}`);
      if (rows === null) {
        emit('null');
        return;
      }
      emit('[');
      (rows as unknown[]).forEach((row, j) => {
        emit(j > 0 ? `${w()},${w()}` : w());
        emit(JSON.stringify(row, null, style.indent));
        rowEnds.push(offset);
        rowIsPrimitive.push(row === null || typeof row === 'number' || typeof row === 'boolean');
      });
      emit(`${w()}]`);
      return;
    }
    if (!seenRows) before.push(entry[0]);
    emit(`${encodeKey(entry[0], style.escapeKeys)}${w()}:${w()}${JSON.stringify(entry[1], null, style.indent)}`);
  });
  emit(`${w()}}`);
  const objectEnd = offset;
  emit(w());
  return { body: Buffer.from(parts.join(''), 'utf8'), rowEnds, rowIsPrimitive, objectEnd, before };
}

/** What the parser must report, computed by JSON.parse of the whole body. */
function expected(body: Buffer, rowsKey: string): { rows: unknown[]; meta: Record<string, unknown> } {
  const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const rows = parsed[rowsKey];
  if (!Array.isArray(rows)) return { rows: [], meta: parsed };
  const meta = { ...parsed };
  delete meta[rowsKey];
  return { rows, meta };
}

// ---------------------------------------------------------------------------------------
// Feeding the parser

interface Result {
  rows: unknown[];
  meta: Record<string, unknown>;
  /** Bytes fed (including the current piece) when each row was emitted. */
  emittedAt: number[];
  /** partialMeta keys when the first row was emitted. */
  metaAtFirstRow: string[] | undefined;
  completeBeforeEnd: boolean;
  rowCount: number;
}

/** Feeds `body` in pieces given by `cuts`; each piece is a Uint8Array view (with an offset) overwritten after push(). */
function feed(body: Buffer, cuts: readonly number[], rowsKey = 'results'): Result {
  const rows: unknown[] = [];
  const emittedAt: number[] = [];
  let fed = 0;
  let metaAtFirstRow: string[] | undefined;
  const parser: RowStreamParser = new RowStreamParser(rowsKey, (row) => {
    rows.push(row);
    emittedAt.push(fed);
    if (metaAtFirstRow === undefined) metaAtFirstRow = Object.keys(parser.partialMeta);
  });
  let prev = 0;
  for (const cut of [...cuts, body.byteLength]) {
    const len = cut - prev;
    const backing = new Uint8Array(len + 8).fill(0x7b); // '{' around the piece: an offset bug shows
    const piece = backing.subarray(3, 3 + len);
    piece.set(body.subarray(prev, cut));
    fed = cut;
    parser.push(piece);
    backing.fill(0x5d); // ']' everywhere: a kept view would corrupt the rows
    prev = cut;
  }
  const completeBeforeEnd = parser.complete;
  const meta = parser.end();
  return { rows, meta, emittedAt, metaAtFirstRow, completeBeforeEnd, rowCount: parser.rowCount };
}

const everyByte = (n: number): number[] => Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1);

/** Cut positions from arbitrary fractions of the length. */
const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 24 });
function cutsFrom(f: readonly number[], n: number): number[] {
  return [...new Set(f.map((x) => Math.floor(x * n)).filter((c) => c > 0 && c < n))].sort((a, b) => a - b);
}

/** The three feeding modes agree with JSON.parse; byte by byte, rows come out at the byte that completes them. */
function checkBody(b: Built, rowsKey: string, f: readonly number[]): void {
  const want = expected(b.body, rowsKey);
  const whole = feed(b.body, [], rowsKey);
  expect(whole.rows).toEqual(want.rows);
  expect(whole.meta).toEqual(want.meta);
  expect(whole.rowCount).toBe(want.rows.length);
  expect(whole.completeBeforeEnd).toBe(true);

  const bytewise = feed(b.body, everyByte(b.body.byteLength), rowsKey);
  expect(bytewise.rows).toEqual(want.rows);
  expect(bytewise.meta).toEqual(want.meta);
  // Streaming: a row is emitted by the byte that ends it (a primitive needs the delimiter after it).
  expect(bytewise.emittedAt).toEqual(b.rowEnds.map((end, i) => end + (b.rowIsPrimitive[i] ? 1 : 0)));
  if (want.rows.length > 0) expect(bytewise.metaAtFirstRow!.sort()).toEqual([...b.before].sort());

  const split = feed(b.body, cutsFrom(f, b.body.byteLength), rowsKey);
  expect(split.rows).toEqual(want.rows);
  expect(split.meta).toEqual(want.meta);
}

function errorOf(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Properties

describe('RowStreamParser properties', () => {
  test('N1QL bodies: rows and metadata equal JSON.parse, in one chunk, byte by byte and at random splits', () => {
    const rowsSpec: fc.Arbitrary<RowsSpec> = fc.oneof(
      { weight: 12, arbitrary: fc.array(value, { maxLength: 10 }) },
      { weight: 1, arbitrary: fc.constant<RowsSpec>('absent') },
      { weight: 1, arbitrary: fc.constant<RowsSpec>(null) },
    );
    fc.assert(
      fc.property(metaFields, rowsSpec, fc.nat(), styleArb, fractions, (fields, rows, at, style, f) => {
        checkBody(build('results', fields, rows, at, style), 'results', f);
      }),
      { numRuns: runs(1000) },
    );
  });

  test('views bodies: the "rows" key, with total_rows and other fields around it', () => {
    const viewRow = fc.record({ id: fc.string({ unit: nastyUnit, maxLength: 12 }), key: value, value });
    const fields = fc.tuple(fc.nat(), fc.option(value, { nil: undefined })).map(([n, extra]): Array<[string, unknown]> =>
      extra === undefined ? [['total_rows', n]] : [['total_rows', n], ['debug_info', extra]],
    );
    fc.assert(
      fc.property(fields, fc.array(viewRow, { maxLength: 8 }), fc.nat(), styleArb, fractions, (fs, rows, at, style, f) => {
        const b = build('rows', fs, rows, at, style);
        checkBody(b, 'rows', f);
        // With rowsKey "results" the same body has no rows: "rows" is just metadata.
        const other = feed(b.body, [], 'results');
        expect(other.rows).toEqual([]);
        expect(other.meta).toEqual(JSON.parse(b.body.toString('utf8')));
      }),
      { numRuns: runs(400) },
    );
  });

  test('primitive rows (numbers in every notation, booleans, null, strings)', () => {
    const primitive = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constantFrom(0, -0, 1e21, -1e-7, 5e-324, Number.MAX_SAFE_INTEGER),
      fc.boolean(),
      fc.constant(null),
      fc.string({ unit: nastyUnit, maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(primitive, { maxLength: 20 }), styleArb, fractions, (rows, style, f) => {
        checkBody(build('results', [['status', 'success']], rows, 0, style), 'results', f);
      }),
      { numRuns: runs(300) },
    );
  });

  test('a proper prefix of a body is accepted by push() and rejected by end() with ProtocolError', () => {
    fc.assert(
      fc.property(metaFields, fc.array(value, { maxLength: 5 }), fc.nat(), styleArb, fc.double({ min: 0, max: 1, noNaN: true }), (fields, rows, at, style, x) => {
        const b = build('results', fields, rows, at, style);
        const cut = Math.min(b.objectEnd - 1, Math.floor(x * b.objectEnd));
        const p = new RowStreamParser('results', () => {});
        p.push(b.body.subarray(0, cut)); // a valid prefix is not an error yet
        expect(p.complete).toBe(false);
        expect(errorOf(() => p.end())).toBeInstanceOf(ProtocolError);
      }),
      { numRuns: runs(400) },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Examples

/** Feeds `text` every way (one chunk, byte by byte, 2-piece splits at every position). */
function everyWay(text: string | Buffer, rowsKey = 'results'): Result {
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const whole = feed(body, [], rowsKey);
  const same = (r: Result): void => {
    expect(r.rows).toEqual(whole.rows);
    expect(r.meta).toEqual(whole.meta);
  };
  same(feed(body, everyByte(body.byteLength), rowsKey));
  for (let i = 1; i < body.byteLength; i++) same(feed(body, [i], rowsKey));
  return whole;
}

describe('RowStreamParser examples', () => {
  test('views shape {"total_rows": 3, "rows": [...]}', () => {
    const body = '{"total_rows": 3, "rows": [\r\n{"id":"a","key":1,"value":null},\r\n{"id":"b","key":[2,"x"],"value":{"v":true}},\r\n{"id":"c","key":"]","value":"}"}\r\n]\r\n}\n';
    const r = everyWay(body, 'rows');
    expect(r.rows).toEqual([
      { id: 'a', key: 1, value: null },
      { id: 'b', key: [2, 'x'], value: { v: true } },
      { id: 'c', key: ']', value: '}' },
    ]);
    expect(r.meta).toEqual({ total_rows: 3 });
  });

  test.each([
    ['{"results":[]}', {}],
    ['{"results":[ ],"status":"success"}', { status: 'success' }],
    ['{ "requestID" : "r" , "results" : [\n\n] , "metrics" : {"resultCount":0} }', { requestID: 'r', metrics: { resultCount: 0 } }],
    ['{}', {}],
    ['{"status":"errors","errors":[{"code":1050,"msg":"No credentials"}]}', { status: 'errors', errors: [{ code: 1050, msg: 'No credentials' }] }],
  ])('no rows: %s', (body, meta) => {
    const r = everyWay(body);
    expect(r.rows).toEqual([]);
    expect(r.rowCount).toBe(0);
    expect(r.meta).toEqual(meta);
  });

  test('primitive rows, including a number right before the closing bracket', () => {
    const r = everyWay('{"results":[1,-2.5e+10,true,false,null,"s",0,1E-3,-0.0,123456789012345678901234567890],"status":"success"}');
    expect(r.rows).toEqual([1, -2.5e10, true, false, null, 's', 0, 1e-3, -0, 1.2345678901234568e29]);
    expect(r.meta).toEqual({ status: 'success' });
    expect(everyWay('{"results":[ 7 , 8\t,\n9 ]}').rows).toEqual([7, 8, 9]);
    expect(everyWay('{"n":42,"results":[true],"m":-1}').meta).toEqual({ n: 42, m: -1 });
  });

  test('multi-byte UTF-8 (2, 3 and 4 bytes) split at every position, in rows, field names and metadata', () => {
    const body = Buffer.from('{"clé":"ça✓😀","results":["é","✓","😀",{"ключ":"значение","🔑":["😀😀","\\ud83d\\ude00"]}],"état":"😀"}', 'utf8');
    const r = everyWay(body);
    expect(r.rows).toEqual(['é', '✓', '😀', { ключ: 'значение', '🔑': ['😀😀', '😀'] }]);
    expect(r.meta).toEqual({ clé: 'ça✓😀', état: '😀' });
    // three pieces: every pair of cut points
    for (let i = 1; i < body.byteLength; i += 3) for (let j = i + 1; j < body.byteLength; j += 5) expect(feed(body, [i, j]).rows).toEqual(r.rows);
  });

  test('strings that look like structure: quotes, backslashes, brackets, the rows key itself', () => {
    const rows = ['"', '\\', '\\"', '"]', '[', '}{', '\\\\"]}', 'results', '{"results":[1]}', '\u0000\u001f\u2028\ud800'];
    const body = JSON.stringify({ signature: { results: ['"]'] }, results: rows, 'res]ults': '[' });
    const r = everyWay(body);
    expect(r.rows).toEqual(rows);
    expect(r.meta).toEqual({ signature: { results: ['"]'] }, 'res]ults': '[' });
  });

  test('deep nesting: rows 1000 arrays / objects deep', () => {
    const deepArray = JSON.parse(`${'['.repeat(1000)}"x]"${']'.repeat(1000)}`) as unknown;
    let deepObject: unknown = 'leaf}';
    for (let i = 0; i < 1000; i++) deepObject = { a: deepObject, b: [i, '{'] };
    const body = Buffer.from(JSON.stringify({ results: [deepArray, deepObject], signature: deepArray }));
    const r = feed(body, []);
    expect(r.rows).toEqual([deepArray, deepObject]);
    expect(r.meta).toEqual({ signature: deepArray });
    const cuts = Array.from({ length: Math.floor(body.byteLength / 97) }, (_, i) => (i + 1) * 97);
    expect(feed(body, cuts).rows).toEqual([deepArray, deepObject]);
    expect(feed(body, everyByte(body.byteLength)).rows).toEqual([deepArray, deepObject]);
  });

  test('a 200 000-row body in 64 KiB chunks: rows stream out chunk by chunk', () => {
    const N = 200_000;
    const parts: string[] = ['{"requestID":"abc","signature":{"*":"*"},"results":['];
    const rowEnds: number[] = [];
    let offset = Buffer.byteLength(parts[0]!);
    for (let i = 0; i < N; i++) {
      const s = `${i > 0 ? ',' : ''}{"id":${i},"name":"user-${i}","tags":["a","]"]}`;
      parts.push(s);
      offset += s.length;
      rowEnds.push(offset);
    }
    parts.push(`],"status":"success","metrics":{"resultCount":${N}}}`);
    const body = Buffer.from(parts.join(''));
    let count = 0;
    let idsInOrder = true;
    const p = new RowStreamParser('results', (row) => {
      if ((row as { id: number }).id !== count) idsInOrder = false;
      count++;
    });
    const CHUNK = 64 * 1024;
    let completed = 0;
    let chunks = 0;
    for (let at = 0; at < body.byteLength; at += CHUNK) {
      const end = Math.min(at + CHUNK, body.byteLength);
      p.push(Buffer.from(body.subarray(at, end)));
      chunks++;
      while (completed < N && rowEnds[completed]! <= end) completed++;
      // After every chunk exactly the rows it completed are out: nothing is held back.
      if (p.rowCount !== completed) throw new Error(`after chunk ${chunks}: rowCount ${p.rowCount}, completed ${completed}`);
    }
    expect(chunks).toBeGreaterThan(100);
    expect(count).toBe(N);
    expect(idsInOrder).toBe(true);
    expect(p.end()).toEqual({ requestID: 'abc', signature: { '*': '*' }, status: 'success', metrics: { resultCount: N } });
  });

  test('partialMeta exposes the fields before the rows while they stream', () => {
    const seen: unknown[] = [];
    const p: RowStreamParser = new RowStreamParser('results', () => seen.push({ ...p.partialMeta }));
    p.push(Buffer.from('{"requestID":"r1","signature":{"a":"json"},"results":[1,2'));
    expect(seen).toEqual([{ requestID: 'r1', signature: { a: 'json' } }]);
    p.push(Buffer.from('],"status":"success"}'));
    expect(p.end()).toEqual({ requestID: 'r1', signature: { a: 'json' }, status: 'success' });
    expect(p.rowCount).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------
// Malformed input

/** Feeds `text` in one chunk, byte by byte and at 60 random splits; each must end in ProtocolError. */
function expectRejectedEveryWay(text: string): void {
  const body = Buffer.from(text, 'utf8');
  const attempt = (cuts: readonly number[]): unknown => errorOf(() => feed(body, cuts));
  const check = (err: unknown): void => {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/^Malformed response body: /);
  };
  check(attempt([]));
  check(attempt(everyByte(body.byteLength)));
  fc.assert(
    fc.property(fractions, (f) => check(attempt(cutsFrom(f, body.byteLength)))),
    { numRuns: runs(60) },
  );
}

describe('RowStreamParser on malformed bodies', () => {
  test.each([
    ['empty body', ''],
    ['only whitespace', ' \r\n\t '],
    ['an array', '[1,2,3]'],
    ['a string', '"results"'],
    ['a number', '42'],
    ['null', 'null'],
    ['HTML', '<html><body>502 Bad Gateway</body></html>'],
    ['plain text', 'Unauthorized'],
  ])('not an object: %s', (_name, text) => expectRejectedEveryWay(text));

  test.each([
    ['truncated in a row', '{"results":[{"a":1},{"b":'],
    ['truncated in a string', '{"results":["abc'],
    ['truncated after the array', '{"results":[1,2]'],
    ['truncated in a primitive', '{"results":[12'],
    ['truncated in a key', '{"requestID":"x","resu'],
    ['truncated in metadata', '{"results":[],"metrics":{"a":1'],
    ['truncated in a trailing primitive', '{"results":[],"count":12'],
    ['truncated inside an escape', '{"results":["ab\\'],
  ])('truncated: %s', (_name, text) => expectRejectedEveryWay(text));

  test.each([
    ['mismatched brackets in a row', '{"results":[{"a":[1,2}]}'],
    ['an extra closing bracket after a row', '{"results":[[1,2]]]}'],
    ['array closed by a brace', '{"results":[1,2}'],
    ['an extra closing brace', '{"results":[],"m":{"a":1}}}'],
    ['an unclosed object in a row', '{"results":[{]}'],
  ])('unbalanced: %s', (_name, text) => expectRejectedEveryWay(text));

  test.each([
    ['a word between rows', '{"results":[1 x 2]}'],
    ['garbage after a row', '{"results":[{"a":1}garbage,{"b":2}]}'],
    ['two commas', '{"results":[1,,2]}'],
    ['trailing comma', '{"results":[1,]}'],
    ['leading comma', '{"results":[,1]}'],
    ['missing comma between rows', '{"results":[{"a":1}{"b":2}]}'],
    ['missing comma between fields', '{"a":1 "results":[]}'],
    ['missing colon', '{"results" []}'],
    ['unquoted key', '{results:[]}'],
    ['single-quoted string', "{'results':[]}"],
    ['a bad literal row', '{"results":[tru]}'],
    ['a bad literal value', '{"status":nul}'],
    ['a bad number', '{"results":[1.2.3]}'],
    ['a number glued to a string', '{"results":[1"a"]}'],
    ['a bad escape', '{"results":["\\x"]}'],
    ['a raw newline inside a string', '{"results":["line\nbreak"]}'],
    ['an unexpected byte as a value', '{"status":@}'],
    ['an unexpected byte as a row', '{"results":[@]}'],
  ])('garbage: %s', (_name, text) => expectRejectedEveryWay(text));

  test.each([
    ['text', '{"results":[]} x'],
    ['a second object', '{"results":[1]}{"results":[2]}'],
    ['a comma', '{"results":[]},'],
  ])('bytes after the end: %s', (_name, text) => expectRejectedEveryWay(text));

  test('trailing whitespace after the end is fine', () => {
    expect(everyWay('{"results":[1]} \r\n\t ').rows).toEqual([1]);
  });

  test('the error carries the rows key and the rows emitted before it', () => {
    const rows: unknown[] = [];
    const p = new RowStreamParser('results', (r) => rows.push(r));
    const err = errorOf(() => p.push(Buffer.from('{"results":[1,2,3 oops')));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(rows).toEqual([1, 2, 3]);
    expect((err as ProtocolError).context).toMatchObject({ rowsKey: 'results', rows: 3 });
  });

  test(`a value over ${MAX_ROW_BYTES / 1024 / 1024} MiB arriving in 64 KiB chunks is refused once past the limit`, () => {
    const CHUNK = 64 * 1024;
    const body = Buffer.alloc(65 * 1024 * 1024 + 64);
    for (const [prefix, suffix] of [
      ['{"results":["', '"]}'], // a row
      ['{"signature":"', '"}'], // a metadata value
    ] as const) {
      body.fill(0x78); // 'x'
      body.write(prefix, 0, 'latin1');
      body.write(suffix, body.byteLength - suffix.length, 'latin1');
      let emitted = 0;
      const p = new RowStreamParser('results', () => emitted++);
      let fed = 0;
      const err = errorOf(() => {
        for (let at = 0; at < body.byteLength; at += CHUNK) {
          const piece = body.subarray(at, Math.min(at + CHUNK, body.byteLength));
          fed += piece.byteLength;
          p.push(piece);
        }
        p.end();
      });
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as Error).message).toMatch(/exceeds 67108864 bytes/);
      expect(fed).toBeLessThanOrEqual(MAX_ROW_BYTES + 2 * CHUNK); // refused at the limit, not at the end
      expect(emitted).toBe(0);
    }
  }, 20000);
});
