/** The config parser on hand-written configs: minimal forms, IPv6, every rejection, revisions. */
import { ProtocolError } from '../../src/errors/classes';
import {
  compareConfigRevisions,
  isNewerConfig,
  parseClusterConfig,
  type ClusterConfig,
} from '../../src/routing/cluster-config';

const SOURCE = '10.1.2.3';

function rejection(json: string | Uint8Array): ProtocolError {
  try {
    parseClusterConfig(json, SOURCE);
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error(`expected rejection of ${String(json)}`);
}

const node = (services: Record<string, number>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  services,
  ...extra,
});

describe('minimal configs (official-sdk-observed.md)', () => {
  test('bucket config: only vBucketMap and nodesExt', () => {
    const json = JSON.stringify({
      vBucketServerMap: { vBucketMap: Array.from({ length: 64 }, () => [0]) },
      nodesExt: [node({ kv: 12000, n1ql: 12001, capi: 12002 })],
    });
    const c = parseClusterConfig(json, SOURCE);
    expect(c).toMatchObject({ rev: 0, revEpoch: 0, nodeLocator: 'vbucket', numReplicas: 0 });
    expect(c.vbucketMap).toHaveLength(64);
    expect(c.kvServers).toEqual([{ hostname: SOURCE, port: 12000, node: c.nodes[0] }]);
    expect(c.nodes[0]).toEqual({ hostname: SOURCE, services: { kv: 12000, n1ql: 12001, capi: 12002 }, thisNode: false });
    expect(c.bucketCapabilities).toEqual([]);
    expect(c.clusterCapabilities).toEqual({});
  });

  test('bucket-less (GCCCP) config gives nodeLocator none', () => {
    const c = parseClusterConfig(
      JSON.stringify({
        rev: 7,
        nodesExt: [node({ kv: 11210, n1ql: 8093 }, { thisNode: true }), node({ n1ql: 8093 }, { hostname: 'q1' })],
        clusterCapabilitiesVer: [1, 0],
        clusterCapabilities: { n1ql: ['enhancedPreparedStatements', 42] },
      }),
      SOURCE,
    );
    expect(c).toMatchObject({ rev: 7, nodeLocator: 'none', numReplicas: 0 });
    expect(c.name).toBeUndefined();
    expect(c.vbucketMap).toBeUndefined();
    expect(c.nodes.map((n) => n.hostname)).toEqual([SOURCE, 'q1']);
    expect(c.kvServers.map((s) => s.hostname)).toEqual([SOURCE]);
    expect(c.clusterCapabilities).toEqual({ n1ql: ['enhancedPreparedStatements'] });
  });

  test('nodesExt without kv ports: no KV servers, nothing invented', () => {
    const c = parseClusterConfig(JSON.stringify({ nodesExt: [node({ n1ql: 8093 })] }), SOURCE);
    expect(c.kvServers).toEqual([]);
  });
});

describe('host handling', () => {
  test('IPv6: serverList brackets removed and matched to bare nodesExt hostnames', () => {
    const c = parseClusterConfig(
      JSON.stringify({
        rev: 1,
        name: 'b',
        nodeLocator: 'vbucket',
        vBucketServerMap: { numReplicas: 1, serverList: ['[fd00::1]:11210', '[fd00::2]:11210'], vBucketMap: [[0, 1], [1, 0]] },
        nodesExt: [node({ kv: 11210, kvSSL: 11207 }, { hostname: 'fd00::1' }), node({ kv: 11210, kvSSL: 11207 }, { hostname: 'fd00::2' })],
      }),
      SOURCE,
    );
    expect(c.kvServers.map((s) => [s.hostname, s.port, s.tlsPort, s.node === c.nodes[c.kvServers.indexOf(s)]])).toEqual([
      ['fd00::1', 11210, 11207, true],
      ['fd00::2', 11210, 11207, true],
    ]);
  });

  test('an IPv6 source host replaces $HOST without brackets, and gets them inside URLs', () => {
    const c = parseClusterConfig(
      JSON.stringify({
        rev: 1,
        name: 'b',
        vBucketServerMap: { serverList: ['$HOST:11210'], vBucketMap: [[0]] },
        nodes: [{ hostname: '$HOST:8091', couchApiBase: 'http://$HOST:8092/b', ports: { direct: 11210 } }],
        nodesExt: [node({ kv: 11210, mgmt: 8091 })],
      }),
      '[::1]',
    );
    expect(c.kvServers[0]).toMatchObject({ hostname: '::1', port: 11210 });
    expect(c.nodes[0]?.hostname).toBe('::1');
    expect(c.nodes[0]?.couchApiBase).toBe('http://[::1]:8092/b');
  });

  test('serverList and nodesExt in different orders: the map follows serverList', () => {
    const c = parseClusterConfig(
      JSON.stringify({
        vBucketServerMap: { serverList: ['b:11210', 'a:11210'], vBucketMap: [[0], [1]] },
        nodesExt: [node({ kv: 11210 }, { hostname: 'a' }), node({ kv: 11210 }, { hostname: 'b' })],
      }),
      SOURCE,
    );
    expect(c.kvServers.map((s) => [s.hostname, s.node?.hostname])).toEqual([
      ['b', 'b'],
      ['a', 'a'],
    ]);
  });

  test('vBucketMapForward is validated and kept', () => {
    const c = parseClusterConfig(
      JSON.stringify({
        vBucketServerMap: { serverList: ['a:11210', 'b:11210'], vBucketMap: [[0, 1], [1, 0]], vBucketMapForward: [[1, 0], [1, 0]] },
        nodesExt: [node({ kv: 11210 }, { hostname: 'a' }), node({ kv: 11210 }, { hostname: 'b' })],
      }),
      SOURCE,
    );
    expect(c.vbucketMapForward).toEqual([[1, 0], [1, 0]]);
    expect(c.numReplicas).toBe(1);
  });
});

describe('rejections', () => {
  const nodesExt = [node({ kv: 11210 })];
  const bucket = (map: unknown, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ name: 'b', nodeLocator: 'vbucket', vBucketServerMap: map, nodesExt, ...extra });

  test.each([
    ['invalid JSON', '{"rev": 1,', /not valid JSON/],
    ['empty input', '', /not valid JSON/],
    ['not an object (array)', '[]', /not a JSON object/],
    ['not an object (null)', 'null', /not a JSON object/],
    ['not an object (number)', '42', /not a JSON object/],
    ['no nodes at all', JSON.stringify({ rev: 1 }), /no nodes/],
    ['empty nodesExt and no nodes', JSON.stringify({ rev: 1, nodesExt: [], nodes: [] }), /no nodes/],
    ['nodesExt not an array', JSON.stringify({ nodesExt: {} }), /nodesExt is not an array/],
    ['a nodesExt entry not an object', JSON.stringify({ nodesExt: [1] }), /nodesExt\[0\]/],
    ['a legacy node not an object', JSON.stringify({ nodes: ['x'] }), /nodes\[0\]/],
    ['vBucketMap present but empty', bucket({ vBucketMap: [] }), /present but empty/],
    ['row pointing outside kvServers', bucket({ vBucketMap: [[0], [1]] }), /vBucketMap\[1\] refers to server 1, but there are 1 KV servers/],
    ['row pointing below -1', bucket({ vBucketMap: [[-2]] }), /refers to server -2/],
    ['non-integer entry', bucket({ vBucketMap: [[0.5]] }), /refers to server 0.5/],
    ['string entry', bucket({ vBucketMap: [['0']] }), /refers to server "0"/],
    ['non-array row', bucket({ vBucketMap: [[0], 0] }), /vBucketMap\[1\] is not an array/],
    ['empty row', bucket({ vBucketMap: [[]] }), /vBucketMap\[0\] is empty/],
    ['vBucketMap not an array', bucket({ vBucketMap: {} }), /vBucketMap is not an array/],
    ['no vBucketMap', bucket({ serverList: ['a:11210'] }), /no vBucketMap/],
    ['vBucketServerMap not an object', bucket([]), /vBucketServerMap is not an object/],
    ['vbucket locator without map', JSON.stringify({ name: 'b', nodeLocator: 'vbucket', nodesExt }), /no vBucketServerMap/],
    ['unknown locator', JSON.stringify({ name: 'b', nodeLocator: 'ring', nodesExt }), /unknown nodeLocator "ring"/],
    ['bucket without locator or map', JSON.stringify({ name: 'b', nodesExt }), /neither/],
    ['vbucket count zero', bucket({ vBucketMap: [[0]] }, { numVBuckets: 0 }), /numVBuckets is 0/],
    ['vbucket count negative', bucket({ vBucketMap: [[0]] }, { numVBuckets: -64 }), /numVBuckets is -64/],
    ['vbucket count not a number', bucket({ vBucketMap: [[0]] }, { numVBuckets: '1' }), /numVBuckets is "1"/],
    ['vbucket count disagreeing with the map', bucket({ vBucketMap: [[0]] }, { numVBuckets: 1024 }), /1024 but vBucketMap has 1/],
    ['forward map of another size', bucket({ vBucketMap: [[0]], vBucketMapForward: [[0], [0]] }), /vBucketMapForward has 2/],
    ['rev not a number', JSON.stringify({ rev: '5', nodesExt }), /rev is not/],
    ['negative revEpoch', JSON.stringify({ rev: 5, revEpoch: -1, nodesExt }), /revEpoch is not/],
    ['numReplicas not a number', bucket({ vBucketMap: [[0]], numReplicas: 'one' }), /numReplicas/],
    ['serverList entry without port', bucket({ serverList: ['a'], vBucketMap: [[0]] }), /serverList\[0\]/],
    ['serverList entry not a string', bucket({ serverList: [5], vBucketMap: [[0]] }), /serverList\[0\]/],
    ['serverList not an array', bucket({ serverList: 'a:1', vBucketMap: [[0]] }), /serverList is not an array/],
    ['malformed legacy hostname', JSON.stringify({ nodes: [{ hostname: 'h:99999' }] }), /nodes\[0\]\.hostname/],
  ])('%s', (_name, json, message) => {
    const err = rejection(json);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^invalid cluster config: /);
    expect(typeof err.context['reason']).toBe('string');
  });

  test('invalid UTF-8 bytes', () => {
    expect(rejection(Uint8Array.from([0x7b, 0xff, 0x7d])).message).toMatch(/not valid JSON/);
  });

  test('the JSON syntax error is kept as the cause', () => {
    expect(rejection('{').cause).toBeInstanceOf(SyntaxError);
  });
});

describe('revision ordering (protocol.md §3.7)', () => {
  const rev = (revEpoch: number, r: number, vbuckets?: number): Pick<ClusterConfig, 'rev' | 'revEpoch' | 'vbucketMap'> => ({
    revEpoch,
    rev: r,
    ...(vbuckets === undefined ? {} : { vbucketMap: Array.from({ length: vbuckets }, () => [0]) }),
  });

  test('compareConfigRevisions orders by epoch first, then rev', () => {
    expect(compareConfigRevisions(rev(0, 5), rev(0, 5))).toBe(0);
    expect(compareConfigRevisions(rev(0, 5), rev(0, 6))).toBeLessThan(0);
    expect(compareConfigRevisions(rev(0, 6), rev(0, 5))).toBeGreaterThan(0);
    expect(compareConfigRevisions(rev(2, 1), rev(1, 1000))).toBeGreaterThan(0);
    expect(compareConfigRevisions(rev(1, 1000), rev(2, 1))).toBeLessThan(0);
    const sorted = [rev(1, 3), rev(0, 9), rev(2, 0), rev(1, 1)].sort(compareConfigRevisions);
    expect(sorted.map((r) => [r.revEpoch, r.rev])).toEqual([[0, 9], [1, 1], [1, 3], [2, 0]]);
  });

  test('a missing revEpoch parses as 0 and so is older than any epoch', () => {
    const old = parseClusterConfig(JSON.stringify({ rev: 500, nodesExt: [node({ kv: 1 })] }), SOURCE);
    const epoch = parseClusterConfig(JSON.stringify({ rev: 1, revEpoch: 1, nodesExt: [node({ kv: 1 })] }), SOURCE);
    expect(old.revEpoch).toBe(0);
    expect(isNewerConfig(epoch, old)).toBe(true);
    expect(isNewerConfig(old, epoch)).toBe(false);
  });

  test('isNewerConfig: strictly greater only', () => {
    expect(isNewerConfig(rev(0, 1, 64), undefined)).toBe(true);
    expect(isNewerConfig(rev(0, 0), undefined)).toBe(true);
    expect(isNewerConfig(rev(1, 5, 64), rev(1, 5, 64))).toBe(false);
    expect(isNewerConfig(rev(1, 4, 64), rev(1, 5, 64))).toBe(false);
    expect(isNewerConfig(rev(1, 6, 64), rev(1, 5, 64))).toBe(true);
    expect(isNewerConfig(rev(2, 0, 64), rev(1, 5, 64))).toBe(true);
    expect(isNewerConfig(rev(0, 0), rev(0, 0))).toBe(false);
  });

  test('isNewerConfig never switches the vBucket count', () => {
    expect(isNewerConfig(rev(1, 6, 128), rev(1, 5, 64))).toBe(false);
    expect(isNewerConfig(rev(9, 9, 1024), rev(1, 5, 64))).toBe(false);
    expect(isNewerConfig(rev(1, 6), rev(1, 5, 64))).toBe(false);
    // A bucket config may follow a bucket-less (cluster) config.
    expect(isNewerConfig(rev(1, 6, 64), rev(1, 5))).toBe(true);
  });
});
