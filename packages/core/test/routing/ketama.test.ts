import { createHash } from 'node:crypto';
import { parseClusterConfig } from '../../src/routing/cluster-config';
import { buildKetamaContinuum, ketamaHash, ketamaServerFor } from '../../src/routing/ketama';
import { readFixture } from './fixtures';

interface ExpectedPoint {
  hash: number;
  hostname: string;
}

/**
 * ketama_expected.json is libcouchbase's expected continuum for memd_ketama_config.json once
 * `$HOST` is replaced by 192.168.1.104: all 640 points (4 servers × 160), ascending, each
 * with the `host:port` that owns it.
 */
const expected = JSON.parse(readFixture('libcouchbase', 'ketama_expected.json')) as ExpectedPoint[];
const config = parseClusterConfig(readFixture('libcouchbase', 'memd_ketama_config.json'), '192.168.1.104');
const names = config.kvServers.map((s) => `${s.hostname}:${s.port}`);
const continuum = buildKetamaContinuum(config.kvServers);

/** Owner of a hash, looked up in the fixture's continuum by a plain linear scan. */
function expectedOwner(hash: number): string {
  const point = expected.find((p) => p.hash >= hash) ?? expected[0];
  return point?.hostname ?? '';
}

describe('ketama continuum vs libcouchbase ketama_expected.json', () => {
  test('fixture shape', () => {
    expect(expected).toHaveLength(640);
    expect(config.nodeLocator).toBe('ketama');
    expect(names).toEqual(['192.168.1.103:11210', '192.168.1.101:11210', '192.168.1.102:11210', '192.168.1.104:11210']);
  });

  test('every point and its owner match, in order', () => {
    expect(continuum.points).toHaveLength(640);
    const got = Array.from(continuum.points, (hash, i) => ({ hash, hostname: names[continuum.servers[i] ?? -1] }));
    expect(got).toEqual(expected);
  });

  test('keys go to the owner of the first point at or after their hash', () => {
    for (let i = 0; i < 2000; i++) {
      const key = `key_${i}`;
      const index = ketamaServerFor(continuum, key);
      expect(names[index]).toBe(expectedOwner(ketamaHash(key)));
    }
  });

  test('a hash equal to a point belongs to that point; past the last point wraps to the first', () => {
    const h = ketamaHash('foo');
    const ring = (...points: number[]) => ({
      points: Uint32Array.from(points),
      servers: Uint32Array.from(points.map((_, i) => i)),
    });
    expect(ketamaServerFor(ring(h - 1, h, h + 1), 'foo')).toBe(1);
    expect(ketamaServerFor(ring(h - 2, h - 1, h + 5), 'foo')).toBe(2);
    expect(ketamaServerFor(ring(h + 1, h + 2), 'foo')).toBe(0);
    expect(ketamaServerFor(ring(h - 2, h - 1), 'foo')).toBe(0);
  });

  test('ketamaHash is the first 4 bytes of MD5, little-endian', () => {
    for (const key of ['', 'foo', 'café', '😀']) {
      expect(ketamaHash(key)).toBe(createHash('md5').update(Buffer.from(key, 'utf8')).digest().readUInt32LE(0));
    }
  });

  test('an empty continuum routes nowhere', () => {
    expect(ketamaServerFor(buildKetamaContinuum([]), 'foo')).toBe(-1);
  });

  test('distribution: every server owns a fair share of keys', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[ketamaServerFor(continuum, `user::${i}`)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(500);
  });
});
