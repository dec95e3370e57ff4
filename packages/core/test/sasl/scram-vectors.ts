/**
 * The SCRAM test-vector table of protocol.md §2.3, typed in by hand. Expected proofs and
 * signatures come from the document (kv_engine docs, gocaves, RFC 5802 §5 and the
 * document's own recomputation), never from the code under test.
 * Shared by the core client tests and the dev-server SASL tests.
 */
import type { ScramMechanism } from '../../src/sasl/mechanisms';

/** One row of the table. */
export interface ScramVector {
  /** Where the row comes from. */
  source: string;
  /** Mechanism of the row. */
  mech: ScramMechanism;
  /** Username (needs no escaping in any row). */
  username: string;
  /** Password. */
  password: string;
  /** Client nonce. */
  clientNonce: string;
  /** Client nonce + server nonce, as in server-first. */
  fullNonce: string;
  /** Salt, base64 as in server-first. */
  saltB64: string;
  /** PBKDF2 iteration count. */
  iterations: number;
  /** Expected `p=…` of client-final. */
  proof: string;
  /** Expected server-final `v=…`. */
  serverFinal: string;
}

const GOCAVES = { username: 'user', password: 'pencil', clientNonce: 'clientNONCE', fullNonce: 'clientNONCEserverNONCE', saltB64: 'c2FsdFNBTFRzYWx0', iterations: 4096 };

/** Every row of protocol.md §2.3. */
export const SCRAM_VECTORS: readonly ScramVector[] = [
  {
    source: 'kv_engine docs/sasl.md',
    mech: 'SCRAM-SHA1',
    username: 'user',
    password: 'pencil',
    clientNonce: 'd40a02e348040590',
    fullNonce: 'd40a02e348040590ec8ac784d46faf9d',
    saltB64: 'fw3GRQYlFy6QEqT5y7Of4XbGaGg=',
    iterations: 10,
    proof: 'p=co6kWwNhpVYuuFHWQv5VVcWrPJM=',
    serverFinal: 'v=inZJ2d0Ms4dnENnHwPaqVfNn7DY=',
  },
  {
    source: 'gocaves scram_test.go',
    mech: 'SCRAM-SHA1',
    ...GOCAVES,
    proof: 'p=I4oktcY7BOL0Agn0NlWRXlRP1mg=',
    serverFinal: 'v=oKPvB1bE/9ydptJ+kohMgL+NdM0=',
  },
  {
    source: 'computed (gocaves inputs)',
    mech: 'SCRAM-SHA256',
    ...GOCAVES,
    proof: 'p=ItXnHvCDW7VGij6H+4rv2o93HvkLwrQaLkfVjeSMfrc=',
    serverFinal: 'v=P61v8wxOu6B9J7Uij+Sk4zewSK1e6en6f5rCFO4OUNE=',
  },
  {
    source: 'computed (gocaves inputs)',
    mech: 'SCRAM-SHA512',
    ...GOCAVES,
    proof: 'p=34wMEWVO5TJYXrP98S6KmffFBp9Q1JkjAZPeI4AbE/WMhAG0PbHTocC1vWrzV/FbPhO7owIade2tYoD7xDix5A==',
    serverFinal: 'v=K5J6UGWkvwZJYv6XT1VR6PpUWgea8Kzpo8Zu4ko69jOipPAvrDuvgXHrZ2b61obGzGsGGKcJFZz+fu+JQH0Chw==',
  },
  {
    source: 'RFC 5802 §5',
    mech: 'SCRAM-SHA1',
    username: 'user',
    password: 'pencil',
    clientNonce: 'fyko+d2lbbFgONRv9qkxdawL',
    fullNonce: 'fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j',
    saltB64: 'QSXCR+Q6sek8bf92',
    iterations: 4096,
    proof: 'p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
];

/** server-first of a row: `r=<full nonce>,s=<salt>,i=<iterations>`. */
export function serverFirstOf(v: ScramVector): string {
  return `r=${v.fullNonce},s=${v.saltB64},i=${v.iterations}`;
}

/** Expected client-final of a row: `c=biws,r=<full nonce>,<proof>`. */
export function clientFinalOf(v: ScramVector): string {
  return `c=biws,r=${v.fullNonce},${v.proof}`;
}
