/**
 * Ketama consistent hashing for memcached buckets (`nodeLocator: "ketama"`, sdk-rfcs 0026;
 * protocol.md §3.6). Memcached buckets have no vBuckets: every client must place keys on the
 * same continuum as every other client, so the point derivation below is fixed by the RFC
 * and by what libcouchbase and gocbcore compute, not a free design choice.
 *
 * MD5 comes from `node:crypto`; on a FIPS-only Node build MD5 is unavailable and memcached
 * buckets cannot be used (Couchbase buckets are unaffected).
 */
import { createHash } from 'node:crypto';

/** MD5 digests per server; each digest gives 4 points, so 160 points per server. */
const HASHES_PER_SERVER = 40;
const POINTS_PER_HASH = 4;

/** A server as the continuum names it. `hostname` is bare (no IPv6 brackets). */
export interface KetamaServer {
  hostname: string;
  port: number;
}

/**
 * The ketama ring: `points` sorted ascending, `servers[i]` the index (into the server list the
 * continuum was built from) that owns `points[i]`. Typed arrays keep the lookup cache-friendly.
 */
export interface KetamaContinuum {
  readonly points: Uint32Array;
  readonly servers: Uint32Array;
}

/**
 * Builds the continuum of `servers`. Each server contributes the MD5 digests of
 * `"<host>:<port>-<n>"` for n = 0…39, each read as four little-endian u32 points. IPv6 hosts
 * are written in brackets in that string, the way servers spell their own addresses.
 * Equal points (practically never seen) are ordered by server index so the result is deterministic.
 */
export function buildKetamaContinuum(servers: readonly KetamaServer[]): KetamaContinuum {
  const total = servers.length * HASHES_PER_SERVER * POINTS_PER_HASH;
  const entries: { point: number; server: number }[] = new Array(total);
  let k = 0;
  servers.forEach((server, index) => {
    const host = server.hostname.includes(':') ? `[${server.hostname}]` : server.hostname;
    for (let rep = 0; rep < HASHES_PER_SERVER; rep++) {
      const digest = createHash('md5').update(`${host}:${server.port}-${rep}`, 'utf8').digest();
      for (let p = 0; p < POINTS_PER_HASH; p++) {
        entries[k++] = { point: digest.readUInt32LE(p * 4), server: index };
      }
    }
  });
  entries.sort((a, b) => a.point - b.point || a.server - b.server);
  const points = new Uint32Array(total);
  const owners = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    const e = entries[i] as { point: number; server: number };
    points[i] = e.point;
    owners[i] = e.server;
  }
  return { points, servers: owners };
}

/** Ketama hash of a key: the first four bytes of MD5(UTF-8 key), little-endian. */
export function ketamaHash(key: string): number {
  return createHash('md5').update(key, 'utf8').digest().readUInt32LE(0);
}

/**
 * Index of the server that owns `key`: the owner of the first point ≥ the key's hash, wrapping
 * to the first point past the end of the ring. Returns -1 for an empty continuum (no servers),
 * like a vBucket map entry with no node.
 */
export function ketamaServerFor(continuum: KetamaContinuum, key: string): number {
  const { points, servers } = continuum;
  if (points.length === 0) return -1;
  const hash = ketamaHash(key);
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as number) < hash) lo = mid + 1;
    else hi = mid;
  }
  return servers[lo === points.length ? 0 : lo] as number;
}
