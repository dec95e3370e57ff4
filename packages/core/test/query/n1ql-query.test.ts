/**
 * N1QLQuery renders the request body of protocol.md §4.1 (field names and encodings as
 * the query service and the other SDKs use them), validates its options, and refuses
 * parameters that have no JSON form; MutationState renders scan vectors.
 */
import { ArgumentError } from '../../src/errors/classes';
import { MutationState } from '../../src/query/mutation-state';
import { N1QLQuery } from '../../src/query/n1ql-query';
import { OperationResult } from '../../src/results/result';

describe('N1QLQuery', () => {
  test('a plain statement: statement, timeout as a Go duration, client_context_id', () => {
    expect(new N1QLQuery('SELECT 1').toRequestBody(75000, 'ctx')).toEqual({ statement: 'SELECT 1', timeout: '75000ms', client_context_id: 'ctx' });
  });

  test('a prepared execution sends no statement; a preparation sends PREPARE', () => {
    const q = new N1QLQuery('SELECT $1', 1);
    expect('statement' in q.toRequestBody(1, 'c', null)).toBe(false);
    expect(q.toRequestBody(1, 'c', null).args).toEqual([1]);
    expect(q.toRequestBody(1, 'c', 'PREPARE SELECT $1').statement).toBe('PREPARE SELECT $1');
  });

  test('positional and named parameters ($ added where missing)', () => {
    const q = new N1QLQuery('SELECT $1, $2, $city, $x', 1, 'two').setNamedParams({ city: 'London', $x: [1] });
    const body = q.toRequestBody(1000, 'c');
    expect(body.args).toEqual([1, 'two']);
    expect(body.$city).toBe('London');
    expect(body.$x).toEqual([1]);
    expect(q.namedParams.get('$city')).toBe('London');
  });

  test('options map to their request fields', () => {
    const q = new N1QLQuery('SELECT 1');
    q.consistency = 'request_plus';
    q.metrics = false;
    q.profile = 'phases';
    q.readonly = true;
    q.scanCap = 10;
    q.pipelineBatch = 20;
    q.pipelineCap = 30;
    q.clientContextId = 'mine';
    q.setOption('max_parallelism', '4').setOption('pretty', true);
    expect(q.toRequestBody(500, 'ignored')).toEqual({
      statement: 'SELECT 1',
      scan_consistency: 'request_plus',
      timeout: '500ms',
      metrics: false,
      profile: 'phases',
      readonly: true,
      scan_cap: '10',
      pipeline_batch: '20',
      pipeline_cap: '30',
      client_context_id: 'mine',
      max_parallelism: '4',
      pretty: true,
    });
    q.setOption('pretty', undefined);
    expect('pretty' in q.toRequestBody(1, 'c')).toBe(false);
  });

  test('consistentWith sends at_plus with the newest token per vbucket', () => {
    const t = (vbid: number, seqno: bigint, vbuuid: bigint) => new OperationResult('k', 1n, { bucket: 'default', vbid, vbuuid, seqno });
    const state = new MutationState(t(5, 10n, 99n), t(5, 7n, 99n), t(9, 3n, 123456789012345678n));
    const body = new N1QLQuery('SELECT 1').consistentWith(state).toRequestBody(1, 'c');
    expect(body.scan_consistency).toBe('at_plus');
    expect(body.scan_vectors).toEqual({ default: { '5': [10, '99'], '9': [3, '123456789012345678'] } });
  });

  test('undefined, BigInt and circular parameters are ArgumentErrors; so are bad options', () => {
    const circular: Record<string, unknown> = {};
    circular.me = circular;
    expect(() => new N1QLQuery('SELECT $1', undefined)).toThrow(ArgumentError);
    expect(() => new N1QLQuery('SELECT $1', 5n)).toThrow(ArgumentError);
    expect(() => new N1QLQuery('SELECT 1').setNamedParams({ city: undefined })).toThrow(/named parameter city/);
    expect(() => new N1QLQuery('SELECT 1').setNamedParams({ c: circular })).toThrow(ArgumentError);
    expect(() => new N1QLQuery('')).toThrow(ArgumentError);
    const q = new N1QLQuery('SELECT 1');
    expect(() => (q.consistency = 'eventual' as never)).toThrow(ArgumentError);
    expect(() => (q.profile = 'all' as never)).toThrow(ArgumentError);
    expect(() => (q.timeout = -1)).toThrow(ArgumentError);
    expect(() => (q.scanCap = 1.5)).toThrow(ArgumentError);
    expect(() => q.consistentWith(new MutationState())).toThrow(ArgumentError);
    q.consistency = 'request_plus';
    const state = new MutationState({ bucket: 'b', vbid: 1, vbuuid: 1n, seqno: 1n });
    expect(() => q.consistentWith(state)).toThrow(ArgumentError);
    expect(() => N1QLQuery.from(42 as never)).toThrow(ArgumentError);
    expect(N1QLQuery.from('SELECT 2').statement).toBe('SELECT 2');
  });

  test('MutationState refuses results without a token', () => {
    expect(() => new MutationState(new OperationResult('k', 1n))).toThrow(ArgumentError);
  });
});
