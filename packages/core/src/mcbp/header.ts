/**
 * The 24-byte header shared by every packet (BinaryProtocol.md "Packet Structure").
 *
 * ```
 * off size  classic request/response        alt (0x08 / 0x18)
 *  0   1    magic                            magic
 *  1   1    opcode                           opcode
 *  2   2    key length (u16)                 framing extras length (u8) | key length (u8)
 *  4   1    extras length                    extras length
 *  5   1    datatype                         datatype
 *  6   2    vbucket (request) / status (response)
 *  8   4    total body length = framing extras + extras + key + value
 * 12   4    opaque (echoed byte for byte)
 * 16   8    CAS
 * ```
 */
export const HEADER_SIZE = 24;

/** Largest key an alt packet can carry (1-byte key length). */
export const MAX_ALT_KEY_LENGTH = 255;

/** Largest key a classic packet can carry (u16 key length). */
export const MAX_KEY_LENGTH = 0xffff;
