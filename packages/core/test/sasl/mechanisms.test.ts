import { AuthError } from '../../src/errors/classes';
import { SASL_MECHANISMS, SCRAM_HASH, chooseMechanism, isSaslMechanism, isScramMechanism } from '../../src/sasl/mechanisms';

const ALL = ['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1', 'PLAIN'];

describe('mechanism tables', () => {
  test('names and hash sizes', () => {
    expect(SASL_MECHANISMS).toEqual(ALL);
    expect(SCRAM_HASH['SCRAM-SHA512']).toEqual({ hash: 'sha512', size: 64 });
    expect(SCRAM_HASH['SCRAM-SHA256']).toEqual({ hash: 'sha256', size: 32 });
    expect(SCRAM_HASH['SCRAM-SHA1']).toEqual({ hash: 'sha1', size: 20 });
    expect(isSaslMechanism('PLAIN')).toBe(true);
    expect(isSaslMechanism('SCRAM-SHA-512')).toBe(false); // the RFC spelling is not the wire spelling
    expect(isScramMechanism('PLAIN')).toBe(false);
    expect(isScramMechanism('scram-sha1')).toBe(false);
  });
});

describe('chooseMechanism', () => {
  test('plain TCP: strongest SCRAM offered', () => {
    expect(chooseMechanism(ALL, { tls: false })).toBe('SCRAM-SHA512');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA1', 'SCRAM-SHA256'], { tls: false })).toBe('SCRAM-SHA256');
    expect(chooseMechanism(['SCRAM-SHA1', 'PLAIN'], { tls: false })).toBe('SCRAM-SHA1');
  });

  test('plain TCP never picks PLAIN on its own', () => {
    expect(() => chooseMechanism(['PLAIN'], { tls: false })).toThrow(AuthError);
    expect(() => chooseMechanism(['PLAIN', 'OAUTHBEARER'], { tls: false })).toThrow(/offered: PLAIN OAUTHBEARER/);
  });

  test('TLS: PLAIN, or the strongest SCRAM if PLAIN is not offered', () => {
    expect(chooseMechanism(ALL, { tls: true })).toBe('PLAIN');
    expect(chooseMechanism(['SCRAM-SHA1', 'SCRAM-SHA256'], { tls: true })).toBe('SCRAM-SHA256');
    expect(() => chooseMechanism(['OAUTHBEARER'], { tls: true })).toThrow(AuthError);
  });

  test('unknown server list: the default for the transport', () => {
    expect(chooseMechanism(undefined, { tls: false })).toBe('SCRAM-SHA512');
    expect(chooseMechanism(undefined, { tls: true })).toBe('PLAIN');
  });

  test('forced wins', () => {
    expect(chooseMechanism(ALL, { tls: false, forced: 'PLAIN' })).toBe('PLAIN');
    expect(chooseMechanism(ALL, { tls: true, forced: 'SCRAM-SHA1' })).toBe('SCRAM-SHA1');
    expect(chooseMechanism(undefined, { tls: false, forced: 'SCRAM-SHA256' })).toBe('SCRAM-SHA256');
  });

  test('forced but not offered: AuthError naming what is offered', () => {
    expect(() => chooseMechanism(['SCRAM-SHA512'], { tls: false, forced: 'PLAIN' })).toThrow(
      /forced SASL mechanism PLAIN is not offered by the server \(offered: SCRAM-SHA512\)/,
    );
    expect(() => chooseMechanism(['X'], { tls: false, forced: 'CRAM-MD5' as 'PLAIN' })).toThrow(AuthError);
  });

  test('empty list, whitespace and unknown names', () => {
    expect(() => chooseMechanism([], { tls: false })).toThrow(/offered: none/);
    expect(chooseMechanism([' SCRAM-SHA1 ', ''], { tls: false })).toBe('SCRAM-SHA1');
    expect(() => chooseMechanism(['CRAM-MD5'], { tls: false })).toThrow(AuthError);
  });

  test('a huge hostile list does not make a huge message', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => `M${i}`);
    try {
      chooseMechanism(list, { tls: false });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AuthError);
      expect((e as Error).message.length).toBeLessThan(400);
    }
  });
});
