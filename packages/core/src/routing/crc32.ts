/**
 * CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320 — the same function as zlib's crc32) and the
 * key → vBucket hash built on it (protocol.md §3.6).
 *
 * Hand-written rather than taken from `node:zlib`: `zlib.crc32` only exists on Node ≥ 20.15 /
 * 22.2 (we support 18.17), and it wants bytes, so every operation would first allocate a Buffer
 * for its key. Routing runs once per operation, so {@link crc32Utf8} encodes UTF-8 on the fly
 * and hashes without allocating anything.
 */

/** Byte-at-a-time lookup table, built once at module load (1 KiB). */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Mask that keeps the 15 hash bits Couchbase uses for vBucket selection. */
const VBUCKET_HASH_MASK = 0x7fff;

function step(crc: number, byte: number): number {
  return (crc >>> 8) ^ (TABLE[(crc ^ byte) & 0xff] as number);
}

/** CRC-32 of `bytes`, as an unsigned 32-bit number (equal to `zlib.crc32(bytes)`). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = step(crc, bytes[i] as number);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * CRC-32 of the UTF-8 encoding of `key`, without materialising that encoding.
 *
 * A lone surrogate is hashed as U+FFFD (EF BF BD), exactly as `Buffer.from(key)` and
 * `TextEncoder` encode it, so the hash always matches the bytes that go on the wire.
 */
export function crc32Utf8(key: string): number {
  let crc = 0xffffffff;
  const n = key.length;
  for (let i = 0; i < n; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) {
      crc = step(crc, c);
    } else if (c < 0x800) {
      crc = step(crc, 0xc0 | (c >>> 6));
      crc = step(crc, 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? key.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        crc = step(crc, 0xf0 | (cp >>> 18));
        crc = step(crc, 0x80 | ((cp >>> 12) & 0x3f));
        crc = step(crc, 0x80 | ((cp >>> 6) & 0x3f));
        crc = step(crc, 0x80 | (cp & 0x3f));
        continue;
      }
      c = 0xfffd;
      crc = step(crc, 0xe0 | (c >>> 12));
      crc = step(crc, 0x80 | ((c >>> 6) & 0x3f));
      crc = step(crc, 0x80 | (c & 0x3f));
    } else {
      crc = step(crc, 0xe0 | (c >>> 12));
      crc = step(crc, 0x80 | ((c >>> 6) & 0x3f));
      crc = step(crc, 0x80 | (c & 0x3f));
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * vBucket of `key` in a map of `numVbuckets` entries: bits 16–30 of the CRC-32 of the key's
 * UTF-8 bytes, modulo the map size. The key is the bare document key, without the collection-id
 * prefix that goes on the wire.
 *
 * `numVbuckets` must be a positive integer (the config parser guarantees it); it is not checked
 * here because this runs for every operation.
 */
export function vbucketOf(key: string, numVbuckets: number): number {
  return ((crc32Utf8(key) >>> 16) & VBUCKET_HASH_MASK) % numVbuckets;
}
