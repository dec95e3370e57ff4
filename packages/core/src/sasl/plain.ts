/**
 * SASL PLAIN (RFC 4616, protocol.md §2.2): one SASL_AUTH whose value is
 * `authzid NUL username NUL password` with an empty authzid. Only used over TLS or when
 * the user forces it (chooseMechanism), because the password travels as is.
 */
import { ArgumentError } from '../errors/classes';

/**
 * The SASL_AUTH value for PLAIN: `\0<username>\0<password>` (UTF-8).
 *
 * @throws ArgumentError if either contains a NUL byte: it would shift the fields and
 *   could authenticate as a different user. The message never includes the values.
 */
export function plainAuthPayload(username: string, password: string): Buffer {
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw new ArgumentError('PLAIN username and password must be strings');
  }
  if (username.includes('\0')) throw new ArgumentError('PLAIN username must not contain a NUL character');
  if (password.includes('\0')) throw new ArgumentError('PLAIN password must not contain a NUL character');
  return Buffer.concat([Buffer.from([0]), Buffer.from(username, 'utf8'), Buffer.from([0]), Buffer.from(password, 'utf8')]);
}
