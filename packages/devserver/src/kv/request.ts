/**
 * A request as the handlers see it: the packet, the key as a string (collection id
 * stripped), and the flexible frames that matter (preserve TTL, durability).
 */
import { decodeFrameInfos, decodeLeb128, isAltMagic, REQUEST_FRAME_IDS, type Packet } from '@couchts/core/internal';

/** A parsed request. */
export interface KvRequestView {
  readonly packet: Packet;
  readonly opcode: number;
  readonly opaque: number;
  readonly vbucket: number;
  readonly cas: bigint;
  /** Key without the collection prefix, decoded as UTF-8. */
  readonly key: string;
  /** Collection id (0 = default; always 0 without collections). */
  readonly cid: number;
  readonly extras: Buffer;
  readonly value: Buffer;
  readonly preserveTtl: boolean;
  /** Durability level from frame 1, 0 when absent. */
  readonly durabilityLevel: number;
}

/** Why a request could not be parsed: the status to answer with. */
export type ParseFailure = { readonly status: number; readonly message: string };

const STATUS_EINVAL = 0x04;
const STATUS_UNKNOWN_FRAME_INFO = 0x80;

/** Parses a request; `collections` says whether keys carry a LEB128 collection id. */
export function parseRequest(packet: Packet, collections: boolean, keyed: boolean): KvRequestView | ParseFailure {
  let preserveTtl = false;
  let durabilityLevel = 0;
  if (isAltMagic(packet.magic) && packet.framingExtrasLength > 0) {
    const frames = decodeFrameInfos(packet.framingExtras);
    if (frames === undefined) return { status: STATUS_EINVAL, message: 'malformed framing extras' };
    for (const f of frames) {
      if (f.id === REQUEST_FRAME_IDS.BARRIER) continue;
      if (f.id === REQUEST_FRAME_IDS.PRESERVE_TTL) preserveTtl = true;
      else if (f.id === REQUEST_FRAME_IDS.DURABILITY_REQUIREMENT && (f.data.byteLength === 1 || f.data.byteLength === 3)) durabilityLevel = f.data[0]!;
      else return { status: STATUS_UNKNOWN_FRAME_INFO, message: `unknown frame info ${f.id}` };
    }
  }
  let keyBytes = packet.key;
  let cid = 0;
  if (keyed && collections) {
    const leb = decodeLeb128(keyBytes);
    if (leb === undefined) return { status: STATUS_EINVAL, message: 'invalid collection id prefix' };
    cid = leb.value;
    keyBytes = keyBytes.subarray(leb.length);
  }
  const key = keyBytes.toString('utf8');
  if (key.includes('\uFFFD') && !Buffer.from(key, 'utf8').equals(keyBytes)) return { status: STATUS_EINVAL, message: 'key is not valid UTF-8' };
  return {
    packet,
    opcode: packet.opcode,
    opaque: packet.opaque,
    vbucket: packet.vbucket,
    cas: packet.cas,
    key,
    cid,
    extras: packet.extras,
    value: packet.value,
    preserveTtl,
    durabilityLevel,
  };
}
