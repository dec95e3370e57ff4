import { ArgumentError } from '../../src/errors/classes';
import { plainAuthPayload } from '../../src/sasl/plain';

describe('plainAuthPayload', () => {
  test('matches the value of golden dump F (protocol.md §8)', () => {
    // Bytes 0x1d..0x28 of dump F: 00 75 73 65 72 00 70 65 6e 63 69 6c.
    expect(plainAuthPayload('user', 'pencil')).toEqual(Buffer.from('00757365720070656e63696c', 'hex'));
  });

  test('UTF-8 and empty password', () => {
    expect(plainAuthPayload('\u00e9', '')).toEqual(Buffer.from([0, 0xc3, 0xa9, 0]));
  });

  test('NUL in either field is refused without echoing the value', () => {
    expect(() => plainAuthPayload('a\0b', 'x')).toThrow(ArgumentError);
    expect(() => plainAuthPayload('a', 'sec\0ret')).toThrow(/password must not contain a NUL/);
    try {
      plainAuthPayload('a', 'sec\0ret');
    } catch (e) {
      expect((e as Error).message).not.toContain('sec');
    }
  });
});
