/**
 * The SASL mechanisms couchts speaks over MCBP (protocol.md §2), their hash parameters,
 * and the rule that picks one for a connection (§2.5).
 *
 * Names are spelled the way kv_engine spells them on the wire: `SCRAM-SHA512`, with no
 * dash between `SHA` and the digits.
 */
import { AuthError } from '../errors/classes';

/** Every mechanism couchts supports, strongest first (also the order the dev server lists them). */
export const SASL_MECHANISMS = ['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1', 'PLAIN'] as const;

/** A supported SASL mechanism name, exactly as sent in the key of SASL_AUTH / SASL_STEP. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The SCRAM mechanisms, strongest first. */
export const SCRAM_MECHANISMS = ['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1'] as const;

/** A SCRAM mechanism (RFC 5802 family). */
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

/** Hash parameters of one SCRAM mechanism. */
export interface ScramHashParams {
  /** Digest name for `node:crypto` (`createHash`, `createHmac`, `pbkdf2`). */
  readonly hash: 'sha1' | 'sha256' | 'sha512';
  /** Output size of the hash in bytes; also the PBKDF2 `dkLen` of SaltedPassword. */
  readonly size: number;
}

/** Hash parameters per SCRAM mechanism. */
export const SCRAM_HASH = {
  'SCRAM-SHA512': { hash: 'sha512', size: 64 },
  'SCRAM-SHA256': { hash: 'sha256', size: 32 },
  'SCRAM-SHA1': { hash: 'sha1', size: 20 },
} as const satisfies Record<ScramMechanism, ScramHashParams>;

/** True if `name` is a mechanism couchts supports (exact, case-sensitive, as on the wire). */
export function isSaslMechanism(name: unknown): name is SaslMechanism {
  return typeof name === 'string' && (SASL_MECHANISMS as readonly string[]).includes(name);
}

/** True if `name` is one of the SCRAM mechanisms. */
export function isScramMechanism(name: unknown): name is ScramMechanism {
  return typeof name === 'string' && (SCRAM_MECHANISMS as readonly string[]).includes(name);
}

/** Options of {@link chooseMechanism}. */
export interface ChooseMechanismOptions {
  /** The connection is TLS: PLAIN is then preferred (the channel already protects the password). */
  tls: boolean;
  /** A mechanism the user insists on (`saslMechanism` option / `sasl_mech_force`). */
  forced?: SaslMechanism;
}

/**
 * Picks the mechanism for one connection.
 *
 * - `forced` wins. If the server's list is known and lacks it, this throws instead of
 *   sending a SASL_AUTH that can only fail with a less helpful AUTH_ERROR.
 * - Plain TCP: the strongest SCRAM the server lists (SHA512 > SHA256 > SHA1). PLAIN is
 *   never chosen, even if it is all the server offers: it would send the password in clear.
 * - TLS: PLAIN (what couchnode/gocbcore do: cheaper, and LDAP users can only use PLAIN);
 *   if the server does not list PLAIN, the strongest SCRAM it lists.
 * - `serverList` undefined means "not known yet" (SASL_LIST_MECHS is pipelined with
 *   SASL_AUTH, §2.5): the default for the transport is returned.
 *
 * @throws AuthError when nothing acceptable is offered; the message names the offered
 *   mechanisms (never credentials).
 */
export function chooseMechanism(serverList: readonly string[] | undefined, options: ChooseMechanismOptions): SaslMechanism {
  // The list comes from the server: bound what is kept of it for messages and contexts.
  const offered = serverList
    ?.map((m) => String(m).trim())
    .filter((m) => m.length > 0)
    .slice(0, 32);
  const { tls, forced } = options;

  if (forced !== undefined) {
    if (!isSaslMechanism(forced)) {
      throw new AuthError(`unsupported SASL mechanism forced: ${String(forced)}`, {
        context: { mechanism: String(forced), supported: [...SASL_MECHANISMS] },
      });
    }
    if (offered === undefined || offered.includes(forced)) return forced;
    throw new AuthError(
      `the forced SASL mechanism ${forced} is not offered by the server (offered: ${describe(offered)})`,
      { context: { mechanism: forced, offered } },
    );
  }

  if (offered === undefined) return tls ? 'PLAIN' : SCRAM_MECHANISMS[0];
  if (tls && offered.includes('PLAIN')) return 'PLAIN';
  const scram = SCRAM_MECHANISMS.find((m) => offered.includes(m));
  if (scram !== undefined) return scram;

  const why = tls
    ? 'neither PLAIN nor a SCRAM mechanism is offered'
    : 'no SCRAM mechanism is offered, and PLAIN is only used over TLS or when forced';
  throw new AuthError(`no acceptable SASL mechanism: ${why} (offered: ${describe(offered)})`, {
    context: { offered, tls },
  });
}

function describe(offered: readonly string[]): string {
  const text = offered.length === 0 ? 'none' : offered.join(' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
