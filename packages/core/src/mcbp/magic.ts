/**
 * Magic bytes of the memcached binary protocol as Couchbase uses it
 * (kv_engine include/mcbp/protocol/magic.h).
 *
 * The "alt" magics carry flexible framing extras: byte 2 of the header becomes the
 * framing-extras length and byte 3 the (1-byte) key length.
 */
export const MAGIC = {
  /** Client → server request. */
  REQUEST: 0x80,
  /** Server → client response. */
  RESPONSE: 0x81,
  /** Client → server request with framing extras (only after HELLO acked ALT_REQUEST_SUPPORT). */
  ALT_REQUEST: 0x08,
  /** Server → client response with framing extras (e.g. server duration). */
  ALT_RESPONSE: 0x18,
  /** Server → client request (only after HELLO DUPLEX). */
  SERVER_REQUEST: 0x82,
  /** Client → server response to a 0x82 request. */
  SERVER_RESPONSE: 0x83,
} as const;

/** One of the magic byte values. */
export type Magic = (typeof MAGIC)[keyof typeof MAGIC];

/** True for the magics whose header bytes 2–3 hold framing-extras length and key length. */
export function isAltMagic(magic: number): boolean {
  return magic === MAGIC.ALT_REQUEST || magic === MAGIC.ALT_RESPONSE;
}

/** True for packets whose header bytes 6–7 carry a status (rather than a vbucket id). */
export function isResponseMagic(magic: number): boolean {
  return magic === MAGIC.RESPONSE || magic === MAGIC.ALT_RESPONSE || magic === MAGIC.SERVER_RESPONSE;
}

/** True for every magic this codec can frame. */
export function isKnownMagic(magic: number): boolean {
  return (
    magic === MAGIC.REQUEST ||
    magic === MAGIC.RESPONSE ||
    magic === MAGIC.ALT_REQUEST ||
    magic === MAGIC.ALT_RESPONSE ||
    magic === MAGIC.SERVER_REQUEST ||
    magic === MAGIC.SERVER_RESPONSE
  );
}
