/**
 * The query service's request reading: Go durations (formatted as Go prints them, parsed
 * as the service accepts them), and requests in each encoding clients use — JSON body,
 * form body, GET query string — with every field, and the errors for bad ones.
 */
import { formatGoDuration, parseGoDuration } from '../../src/query/go-duration';
import { BadRequest, parseQueryRequest } from '../../src/query/request-params';

describe('Go durations', () => {
  test.each([
    [0, '0s'],
    [0.0005, '500ns'],
    [0.1347944, '134.794µs'],
    [1.167435, '1.167435ms'],
    [999, '999ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_723_500, '1h2m3.5s'],
  ])('%p ms formats as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  test.each([
    ['75000ms', 75000],
    ['10s', 10000],
    ['1.5s', 1500],
    ['1m30s', 90000],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['0', 0],
    ['2h', 7_200_000],
  ])('%s parses as %p ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  test.each(['', '10', 'ten seconds', '10 s', '-5s', '5x', '1.5', 'x'.repeat(100)])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  test('formatting round-trips through parsing', () => {
    for (const ms of [0.001, 0.5, 3.25, 42, 1234.5, 61_000, 3_600_001]) expect(parseGoDuration(formatGoDuration(ms))).toBeCloseTo(ms, 3);
  });
});

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
const post = (o: unknown) => parseQueryRequest('POST', new URL('http://h/query/service'), 'application/json', json(o));

describe('query requests', () => {
  test('a JSON body with every field', () => {
    const p = post({
      statement: 'SELECT $1, $name',
      args: [1],
      $name: 'x',
      timeout: '2500ms',
      client_context_id: 'ctx',
      readonly: true,
      metrics: false,
      profile: 'timings',
      scan_consistency: 'at_plus',
      scan_vectors: { default: { '12': [5, '123'] } },
      auto_execute: true,
      prepared: 'p1',
    });
    expect(p).toMatchObject({
      statement: 'SELECT $1, $name',
      args: [1],
      named: { name: 'x' },
      timeoutMs: 2500,
      clientContextId: 'ctx',
      readonly: true,
      metrics: false,
      profile: 'timings',
      scanConsistency: 'at_plus',
      scanVectors: { default: { '12': [5, '123'] } },
      autoExecute: true,
      prepared: 'p1',
      viaGet: false,
    });
  });

  test('a form body: args and $parameters are JSON text', () => {
    const body = Buffer.from(new URLSearchParams({ statement: 'SELECT $a', args: '[1,"two"]', $a: '{"x":true}', readonly: 'true' }).toString());
    const p = parseQueryRequest('POST', new URL('http://h/query/service'), 'application/x-www-form-urlencoded', body);
    expect(p.args).toEqual([1, 'two']);
    expect(p.named).toEqual({ a: { x: true } });
    expect(p.readonly).toBe(true);
  });

  test('a GET: the query string, marked as a GET', () => {
    const p = parseQueryRequest('GET', new URL('http://h/query/service?statement=SELECT%201&args=%5B2%5D'), '', Buffer.alloc(0));
    expect(p).toMatchObject({ statement: 'SELECT 1', args: [2], viaGet: true, metrics: true, scanConsistency: 'not_bounded' });
  });

  test.each([
    ['no statement', {}, 1050],
    ['a number statement', { statement: 1 }, 1050],
    ['args not an array', { statement: 'x', args: { a: 1 } }, 1065],
    ['a bad timeout', { statement: 'x', timeout: 'soon' }, 1065],
    ['an unknown consistency', { statement: 'x', scan_consistency: 'eventually' }, 1065],
    ['at_plus without vectors', { statement: 'x', scan_consistency: 'at_plus' }, 1065],
    ['a bad profile', { statement: 'x', profile: 'everything' }, 1065],
    ['a bad boolean', { statement: 'x', readonly: 'maybe' }, 1065],
  ])('%s is a BadRequest with code %p', (_name, body, code) => {
    let err: unknown;
    try {
      post(body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadRequest);
    expect((err as BadRequest).code).toBe(code);
  });

  test('a body that is not JSON, or not an object, is refused', () => {
    expect(() => parseQueryRequest('POST', new URL('http://h/q'), 'application/json', Buffer.from('{nope'))).toThrow(BadRequest);
    expect(() => parseQueryRequest('POST', new URL('http://h/q'), 'application/json', Buffer.from('[1]'))).toThrow(BadRequest);
    const form = new URLSearchParams({ statement: 'x', args: '[1,' }).toString();
    expect(() => parseQueryRequest('POST', new URL('http://h/q'), 'application/x-www-form-urlencoded', Buffer.from(form))).toThrow(BadRequest);
  });
});
