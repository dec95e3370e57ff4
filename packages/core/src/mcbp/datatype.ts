/**
 * The datatype byte of a packet (BinaryProtocol.md "Data Types"). Each bit may only be
 * sent after HELLO negotiated it: JSON (feature 0x0b), SNAPPY (0x0a), XATTR (0x06).
 */
export const DATATYPE = {
  RAW: 0x00,
  JSON: 0x01,
  SNAPPY: 0x02,
  XATTR: 0x04,
} as const;
