import { ProtocolError } from '../../src/errors/classes';
import {
  decodeBase64,
  escapeUsername,
  isValidNonce,
  parseIterations,
  parseScramAttributes,
  saltedPassword,
  scramKeys,
  unescapeUsername,
  xor,
} from '../../src/sasl/scram-primitives';

describe('parseScramAttributes', () => {
  test('parses in order and keeps = inside values', () => {
    const m = parseScramAttributes('r=abc,s=QSXCR+Q6sek8bf92,i=4096,v=AA==');
    expect([...m]).toEqual([
      ['r', 'abc'],
      ['s', 'QSXCR+Q6sek8bf92'],
      ['i', '4096'],
      ['v', 'AA=='],
    ]);
    expect(parseScramAttributes('n=')).toEqual(new Map([['n', '']]));
  });

  test.each(['', ',', 'r=a,', ',r=a', 'r', 'ra=b', '1=a', 'r=a,,s=b', '=a', 'r=a,r=b', '\u00e9=a'])('rejects %j', (msg) => {
    expect(() => parseScramAttributes(msg)).toThrow(ProtocolError);
  });
});

describe('username escaping', () => {
  test.each([
    ['user', 'user'],
    ['a,b', 'a=2Cb'],
    ['a=b', 'a=3Db'],
    ['=,=2C', '=3D=2C=3D2C'],
  ])('%j ↔ %j', (plain, escaped) => {
    expect(escapeUsername(plain)).toBe(escaped);
    expect(unescapeUsername(escaped)).toBe(plain);
  });

  test.each(['a=b', 'a=2c', 'a=', '=3'])('rejects bad escape %j', (s) => {
    expect(() => unescapeUsername(s)).toThrow(ProtocolError);
  });
});

describe('small helpers', () => {
  test('xor', () => {
    expect(xor(Buffer.from([0xf0, 0x0f]), Buffer.from([0xff, 0xff]))).toEqual(Buffer.from([0x0f, 0xf0]));
    expect(() => xor(Buffer.alloc(1), Buffer.alloc(2))).toThrow(RangeError);
  });

  test('decodeBase64 is strict', () => {
    expect(decodeBase64('c2FsdFNBTFRzYWx0')?.toString()).toBe('saltSALTsalt');
    for (const bad of ['', 'c2FsdA', 'c2Fsd===', 'c2 F', '****', 'c2FsdA==x']) expect(decodeBase64(bad)).toBeUndefined();
  });

  test('isValidNonce', () => {
    expect(isValidNonce('0xffffff8d 0x33 0xffffffde')).toBe(true);
    expect(isValidNonce('fyko+d2lbbFgONRv9qkxdawL')).toBe(true);
    for (const bad of ['', 'a,b', 'a\nb', 'caf\u00e9', '\0']) expect(isValidNonce(bad)).toBe(false);
  });

  test('parseIterations', () => {
    expect(parseIterations('1')).toBe(1);
    expect(parseIterations('10000000')).toBe(10_000_000);
    for (const bad of ['0', '10000001', '99999999999', '-5', '1e3', ' 1', '01', '']) expect(parseIterations(bad)).toBeUndefined();
  });
});

describe('key derivation', () => {
  // RFC 6070 test vector 2: PBKDF2-HMAC-SHA1("password", "salt", 2, 20).
  test('saltedPassword matches RFC 6070', async () => {
    const out = await saltedPassword('SCRAM-SHA1', 'password', Buffer.from('salt'), 2);
    expect(out.toString('hex')).toBe('ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
  });

  test('output sizes follow the mechanism', async () => {
    for (const [mech, size] of [['SCRAM-SHA1', 20], ['SCRAM-SHA256', 32], ['SCRAM-SHA512', 64]] as const) {
      const salted = await saltedPassword(mech, 'p', Buffer.from('s'), 1);
      const keys = scramKeys(mech, salted);
      expect([salted.length, keys.clientKey.length, keys.storedKey.length, keys.serverKey.length]).toEqual([size, size, size, size]);
    }
  });
});
