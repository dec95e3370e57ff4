/**
 * View options are validated and encoded as the seeds did (semantics.md §B.10):
 * booleans, counts (booleans refused), JSON-encoded keys, stale values, on_error, range
 * helpers, includeDocs vs reduce/group, unknown options, dev_ names, and long `keys`
 * lists moved to a POST body.
 */
import { ArgumentError } from '../../src/errors/classes';
import { designDocName, encodeViewOptions, MAX_GET_QUERY_LENGTH } from '../../src/views/view-options';

const params = (o: Parameters<typeof encodeViewOptions>[0]): Record<string, string> => Object.fromEntries(encodeViewOptions(o).params);

test('booleans: true/false, "true"/"false", numbers', () => {
  expect(params({ descending: true, inclusiveEnd: false, reduce: 'true', group: 0, fullSet: 1, debug: 'false' })).toEqual({
    descending: 'true',
    inclusive_end: 'false',
    reduce: 'true',
    group: 'false',
    full_set: 'true',
    debug: 'false',
  });
});

test('counts are integers; booleans and negatives are refused', () => {
  expect(params({ limit: 10, skip: 0, groupLevel: 2, connectionTimeout: 5000 })).toEqual({ limit: '10', skip: '0', group_level: '2', connection_timeout: '5000' });
  for (const bad of [true, -1, 1.5, '10', NaN]) expect(() => encodeViewOptions({ limit: bad as never })).toThrow(ArgumentError);
});

test('keys are JSON-encoded', () => {
  expect(params({ key: 'a b', startkey: ['x', 1], endkey: { z: null } })).toEqual({ key: '"a b"', startkey: '["x",1]', endkey: '{"z":null}' });
  expect(params({ keys: [1, 'two', [3]] })).toEqual({ keys: '[1,"two",[3]]' });
  expect(() => encodeViewOptions({ key: 5n })).toThrow(ArgumentError);
  expect(() => encodeViewOptions({ keys: 'nope' as never })).toThrow(ArgumentError);
});

test('stale: false, ok, update_after, or a boolean (true = ok)', () => {
  expect(params({ stale: false })).toEqual({ stale: 'false' });
  expect(params({ stale: true })).toEqual({ stale: 'ok' });
  expect(params({ stale: 'update_after' })).toEqual({ stale: 'update_after' });
  expect(() => encodeViewOptions({ stale: 'never' as never })).toThrow(ArgumentError);
});

test('doc ids are strings or numbers; onError is continue or stop', () => {
  expect(params({ startkeyDocid: 'a', endkeyDocid: 7 })).toEqual({ startkey_docid: 'a', endkey_docid: '7' });
  expect(() => encodeViewOptions({ startkeyDocid: true as never })).toThrow(ArgumentError);
  expect(params({ onError: 'stop' })).toEqual({ on_error: 'stop' });
  expect(encodeViewOptions({ onError: 'continue' }).continueOnError).toBe(true);
  expect(encodeViewOptions({}).continueOnError).toBe(false);
  expect(() => encodeViewOptions({ onError: 'ignore' as never })).toThrow(ArgumentError);
});

test('range helpers expand, and cannot be combined with the explicit forms', () => {
  expect(params({ mapkeyRange: ['a', 'z'] })).toEqual({ startkey: '"a"', endkey: '"z"' });
  expect(params({ mapkeyRange: [1] })).toEqual({ startkey: '1' });
  expect(params({ dockeyRange: ['id1', 'id9'] })).toEqual({ startkey_docid: 'id1', endkey_docid: 'id9' });
  expect(() => encodeViewOptions({ mapkeyRange: ['a'], startkey: 'b' })).toThrow(ArgumentError);
  expect(() => encodeViewOptions({ dockeyRange: ['a'], endkeyDocid: 'b' })).toThrow(ArgumentError);
  expect(() => encodeViewOptions({ mapkeyRange: [] })).toThrow(ArgumentError);
  expect(() => encodeViewOptions({ mapkeyRange: [1, 2, 3] })).toThrow(ArgumentError);
});

test('includeDocs cannot be combined with reduce, group or groupLevel', () => {
  expect(encodeViewOptions({ includeDocs: true, reduce: false }).includeDocs).toBe(true);
  for (const o of [{ reduce: true }, { group: true }, { groupLevel: 1 }]) expect(() => encodeViewOptions({ includeDocs: true, ...o })).toThrow(/includeDocs/);
  expect(() => encodeViewOptions({ includeDocs: 'yes' as never })).toThrow(ArgumentError);
});

test('unknown options and non-object options are refused', () => {
  expect(() => encodeViewOptions({ include_docs: true } as never)).toThrow(/unknown option 'include_docs'/);
  expect(() => encodeViewOptions('limit=1' as never)).toThrow(ArgumentError);
});

test('useDevmode gives the dev_ prefix, once', () => {
  expect(designDocName('beer', true)).toBe('dev_beer');
  expect(designDocName('dev_beer', true)).toBe('dev_beer');
  expect(designDocName('beer', false)).toBe('beer');
  expect(() => designDocName('', false)).toThrow(ArgumentError);
});

test('a long keys list goes in a POST body; a short one in the query string', () => {
  const short = encodeViewOptions({ keys: ['a', 'b'] });
  expect(short.keys).toBeUndefined();
  const many = Array.from({ length: 400 }, (_, i) => `key-number-${i}`);
  const long = encodeViewOptions({ keys: many });
  expect(long.keys).toEqual(many);
  expect(long.params.some(([k]) => k === 'keys')).toBe(false);
  expect(JSON.stringify(many).length).toBeGreaterThan(MAX_GET_QUERY_LENGTH);
});
