/**
 * The config parser against every config recorded from real servers
 * (test-fixtures/ (copied from the shared fixtures)/{gocbcore,libcouchbase}).
 */
import { ProtocolError } from '../../src/errors/classes';
import { parseClusterConfig, type ClusterConfig } from '../../src/routing/cluster-config';
import { vbucketOf } from '../../src/routing/crc32';
import { FIXTURE_FOLDERS, listFixtures, readFixture } from './fixtures';

const SOURCE = '10.1.2.3';

/**
 * Every fixture file must be classified here, so that a new fixture cannot be skipped silently:
 * `config` must parse, `invalid` must be rejected, `other` is not a cluster config at all.
 */
function classify(file: string): 'config' | 'invalid' | 'other' | undefined {
  if (file === 'bad.json') return 'invalid';
  if (/^(bucket_config_|full_|terse_|memd_|map_)/.test(file)) return 'config';
  if (/^(err_map|query_|search_)/.test(file) || file === 'ketama_expected.json') return 'other';
  return undefined;
}

function parse(folder: (typeof FIXTURE_FOLDERS)[number], file: string, source = SOURCE): ClusterConfig {
  return parseClusterConfig(readFixture(folder, file), source);
}

describe.each(FIXTURE_FOLDERS)('every fixture of %s', (folder) => {
  const files = listFixtures(folder);

  test('the folder has fixtures and each one is classified', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => classify(f) === undefined)).toEqual([]);
  });

  const configs = files.filter((f) => classify(f) === 'config');
  test.each(configs)('%s parses into a routable config', (file) => {
    const text = readFixture(folder, file);
    const config = parseClusterConfig(text, SOURCE);
    // The same bytes as received on the wire give the same result.
    expect(parseClusterConfig(new TextEncoder().encode(text), SOURCE)).toEqual(config);

    expect(config.nodes.length).toBeGreaterThan(0);
    expect(config.kvServers.length).toBeGreaterThan(0);
    expect(JSON.stringify(config)).not.toContain('$HOST');
    for (const server of config.kvServers) {
      expect(server.hostname).not.toBe('');
      expect(server.hostname).not.toMatch(/[[\]]/);
      expect(server.port).toBeGreaterThan(0);
    }
    expect(['vbucket', 'ketama']).toContain(config.nodeLocator);
    if (config.nodeLocator === 'vbucket') {
      const map = config.vbucketMap ?? [];
      expect(map.length).toBeGreaterThan(0);
      const active = map[vbucketOf('foo', map.length)]?.[0] ?? -1;
      expect(config.kvServers[active]).toBeDefined();
      for (const row of map) for (const idx of row) expect(idx).toBeLessThan(config.kvServers.length);
    } else {
      expect(config.vbucketMap).toBeUndefined();
    }
  });

  test('every invalid fixture is rejected with a ProtocolError', () => {
    for (const file of files.filter((f) => classify(f) === 'invalid')) {
      expect(() => parse(folder, file)).toThrow(ProtocolError);
    }
  });
});

describe('facts of specific fixtures', () => {
  test('bad.json: the empty vBucketMap is the reason', () => {
    let error: unknown;
    try {
      parse('libcouchbase', 'bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toMatch(/vBucketMap is present but empty/);
    expect((error as ProtocolError).context['reason']).toMatch(/empty/);
  });

  test('gocbcore bucket_config_with_rev_epoch: single $HOST node of a 7.x server', () => {
    const c = parse('gocbcore', 'bucket_config_with_rev_epoch.json');
    expect(c).toMatchObject({ rev: 2, revEpoch: 2, name: 'travel-sample', nodeLocator: 'vbucket', numReplicas: 1 });
    expect(c.uuid).toBe('ae4c45a9818aee3bd83bf65d10c99d9d');
    expect(c.collectionsManifestUid).toBe('1');
    expect(c.vbucketMap).toHaveLength(1024);
    expect(c.vbucketMap?.[115]).toEqual([0, -1]);
    expect(c.kvServers.map(({ hostname, port, tlsPort }) => ({ hostname, port, tlsPort }))).toEqual([
      { hostname: SOURCE, port: 11210, tlsPort: 11207 },
    ]);
    expect(c.kvServers[0]?.node).toBe(c.nodes[0]);
    const node = c.nodes[0];
    expect(node?.hostname).toBe(SOURCE);
    expect(node?.thisNode).toBe(true);
    expect(node?.services).toMatchObject({ kv: 11210, kvSSL: 11207, n1ql: 8093, n1qlSSL: 18093, capi: 8092, eventingAdminPort: 8096 });
    expect(node?.couchApiBase).toBe(`http://${SOURCE}:8092/travel-sample%2Bae4c45a9818aee3bd83bf65d10c99d9d`);
    expect(c.bucketCapabilities).toContain('collections');
    expect(c.bucketCapabilities).toContain('durableWrite');
    expect(c.clusterCapabilities['n1ql']).toEqual(['enhancedPreparedStatements']);
  });

  test('gocbcore bucket_config_with_external_addresses: alternate addresses with ports', () => {
    const c = parse('gocbcore', 'bucket_config_with_external_addresses.json');
    expect(c.rev).toBe(1073);
    expect(c.revEpoch).toBe(0);
    expect(c.kvServers.map((s) => `${s.hostname}:${s.port}/${s.tlsPort}`)).toEqual([
      '172.17.0.2:11210/11207',
      '172.17.0.3:11210/11207',
      '172.17.0.4:11210/11207',
    ]);
    expect(c.nodes.map((n) => n.thisNode)).toEqual([true, false, false]);
    expect(c.nodes[0]?.alternateAddresses?.['external']).toEqual({
      hostname: '192.168.132.234',
      ports: {
        mgmt: 32790, mgmtSSL: 32773, fts: 32787, ftsSSL: 32770, kv: 32775,
        kvSSL: 32776, capi: 32789, capiSSL: 32772, n1ql: 32788, n1qlSSL: 32771,
      },
    });
    expect(c.nodes[2]?.alternateAddresses?.['external']?.ports.kv).toBe(32823);
    // Index alignment: map index i is serverList[i], which is nodesExt[i] here.
    c.kvServers.forEach((s, i) => expect(s.node).toBe(c.nodes[i]));
  });

  test('gocbcore bucket_config_with_external_addresses_without_ports: hostname only', () => {
    const c = parse('gocbcore', 'bucket_config_with_external_addresses_without_ports.json');
    for (const node of c.nodes) {
      expect(node.alternateAddresses).toEqual({ external: { hostname: '192.168.132.234', ports: {} } });
    }
  });

  test('gocbcore bucket_config_with_node_uuids: node UUIDs and thisNode', () => {
    const c = parse('gocbcore', 'bucket_config_with_node_uuids.json');
    expect(c).toMatchObject({ rev: 134, revEpoch: 1, numReplicas: 1 });
    expect(c.nodes.map((n) => n.nodeUUID)).toEqual([
      '2ef565f7abff0a3f827cb2ab31dfcdc4',
      '9a5e59ac41a1cc006c4850805e43cfe0',
      'badcf695fc523f63bf55cc56d3a1c787',
    ]);
    expect(c.nodes.map((n) => n.thisNode)).toEqual([false, true, false]);
    expect(c.nodes[0]?.couchApiBase).toMatch(/^http:\/\/192\.168\.106\.128:8092\/default%2B/);
  });

  test('gocbcore bucket_config_with_app_telemetry: numVBuckets, server groups, capabilities', () => {
    const c = parse('gocbcore', 'bucket_config_with_app_telemetry.json');
    expect(c).toMatchObject({ rev: 1100, revEpoch: 1, numReplicas: 1 });
    expect(c.vbucketMap).toHaveLength(1024);
    expect(c.nodes[0]?.serverGroup).toBe('Group 1');
    expect(c.clusterCapabilities['search']).toEqual(['vectorSearch', 'scopedSearchIndex']);
    expect(c.bucketCapabilities).toContain('rangeScan');
  });

  test('libcouchbase terse_25: legacy nodes only, $HOST replaced, 64 vBuckets', () => {
    const c = parse('libcouchbase', 'terse_25.json');
    expect(c).toMatchObject({ rev: 19, revEpoch: 0, name: 'default', numReplicas: 1 });
    expect(c.vbucketMap).toHaveLength(64);
    expect(c.kvServers).toHaveLength(1);
    expect(c.kvServers[0]).toMatchObject({ hostname: SOURCE, port: 11210 });
    expect(c.kvServers[0]?.tlsPort).toBeUndefined();
    expect(c.nodes[0]?.services).toEqual({ kv: 11210, mgmt: 8091, capi: 8092 });
  });

  test('libcouchbase full_25: verbose config, no rev, empty nodesExt', () => {
    const c = parse('libcouchbase', 'full_25.json');
    expect(c).toMatchObject({ rev: 0, revEpoch: 0, name: 'default', numReplicas: 1, nodeLocator: 'vbucket' });
    expect(c.vbucketMap).toHaveLength(64);
    expect(c.nodes).toHaveLength(1);
    expect(c.nodes[0]).toMatchObject({ hostname: '10.0.0.120', thisNode: true });
    expect(c.nodes[0]?.services).toMatchObject({ kv: 11210, mgmt: 8091, mgmtSSL: 18091, capiSSL: 18092 });
    expect(c.kvServers[0]?.node).toBe(c.nodes[0]);
  });

  test('libcouchbase terse_30: nodesExt without hostname takes the source host', () => {
    const c = parse('libcouchbase', 'terse_30.json');
    expect(c.rev).toBe(17);
    expect(c.vbucketMap).toHaveLength(1024);
    expect(c.nodes[0]?.hostname).toBe(SOURCE);
    expect(c.kvServers[0]).toMatchObject({ hostname: SOURCE, port: 11210, tlsPort: 11207 });
  });

  test('libcouchbase terse_long_hostname: long external hostname kept intact', () => {
    const c = parse('libcouchbase', 'terse_long_hostname.json');
    expect(c.nodes[0]?.alternateAddresses?.['external']?.hostname).toBe(
      'ec2-35-165-248-26.us-west-2-long.long-long-name.compute.amazonaws.com',
    );
    expect(c.nodes[0]?.alternateAddresses?.['external']?.ports).toMatchObject({ kv: 11210, cbas: 8095 });
  });

  test('libcouchbase memd_30: memcached bucket, ketama, $HOST', () => {
    const c = parse('libcouchbase', 'memd_30.json');
    expect(c).toMatchObject({ rev: 17, name: 'memd', nodeLocator: 'ketama', numReplicas: 0 });
    expect(c.vbucketMap).toBeUndefined();
    expect(c.kvServers.map(({ hostname, port, tlsPort }) => ({ hostname, port, tlsPort }))).toEqual([
      { hostname: SOURCE, port: 11210, tlsPort: 11207 },
    ]);
  });

  test('libcouchbase memd_45: cluster_run ports, nodes without hostname', () => {
    const c = parse('libcouchbase', 'memd_45.json');
    expect(c.kvServers.map((s) => `${s.hostname}:${s.port}/${s.tlsPort}`)).toEqual([
      '10.0.0.195:12000/11996',
      `${SOURCE}:12002/11992`,
      `${SOURCE}:12004/11988`,
      `${SOURCE}:12006/11984`,
    ]);
    expect(c.nodes[0]?.services.n1ql).toBe(9499);
    expect(c.nodes[3]?.couchApiBase).toBe(`http://${SOURCE}:9503/memd%2B5f0bea1472aab794b613ff6f0b9fc936`);
  });

  test('libcouchbase map_node_present_nodesext_missing_nodes: a node not yet in the bucket gets no keys', () => {
    const c = parse('libcouchbase', 'map_node_present_nodesext_missing_nodes.json');
    expect(c.nodeLocator).toBe('ketama');
    expect(c.nodes.map((n) => n.hostname)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(c.kvServers.map((s) => s.hostname)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  test('libcouchbase memd_ketama_config / memd_25: legacy memcached configs', () => {
    const k = parse('libcouchbase', 'memd_ketama_config.json', '192.168.1.104');
    expect(k).toMatchObject({ rev: 0, nodeLocator: 'ketama', name: 'memd' });
    expect(k.kvServers.map((s) => `${s.hostname}:${s.port}`)).toEqual([
      '192.168.1.103:11210',
      '192.168.1.101:11210',
      '192.168.1.102:11210',
      '192.168.1.104:11210',
    ]);
    const m = parse('libcouchbase', 'memd_25.json');
    expect(m.kvServers.map((s) => `${s.hostname}:${s.port}`)).toEqual(['10.0.0.120:11210']);
    expect(m.nodes[0]?.thisNode).toBe(true);
  });

  test('vBucket routing agrees with the raw map of a 3-node fixture', () => {
    const text = readFixture('gocbcore', 'bucket_config_with_node_uuids.json');
    const raw = JSON.parse(text) as { vBucketServerMap: { serverList: string[]; vBucketMap: number[][] } };
    const c = parseClusterConfig(text, SOURCE);
    // 'foo' → vBucket 115 of 1024 (protocol.md §3.6 table).
    const expectedActive = raw.vBucketServerMap.serverList[raw.vBucketServerMap.vBucketMap[115]?.[0] ?? -1];
    const row = c.vbucketMap?.[vbucketOf('foo', 1024)] ?? [];
    const server = c.kvServers[row[0] ?? -1];
    expect(`${server?.hostname}:${server?.port}`).toBe(expectedActive);
  });
});
