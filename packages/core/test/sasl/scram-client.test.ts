import { inspect } from 'node:util';
import { AuthError, ArgumentError, ProtocolError } from '../../src/errors/classes';
import { ScramClient } from '../../src/sasl/scram-client';
import { SCRAM_VECTORS, clientFinalOf, serverFirstOf } from './scram-vectors';

const PASSWORD = 'S3cret-Pa55word!';

describe('ScramClient against the protocol.md §2.3 vectors', () => {
  for (const v of SCRAM_VECTORS) {
    test(`${v.source} ${v.mech}`, async () => {
      const client = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce });
      expect(client.clientFirst()).toBe(`n,,n=${v.username},r=${v.clientNonce}`);
      expect(await client.clientFinal(serverFirstOf(v))).toBe(clientFinalOf(v));
      expect(() => client.verifyServerFinal(v.serverFinal)).not.toThrow();
    });
  }

  test('kv_engine dump sizes: client-first 28 bytes, client-final 72, server-final 30', async () => {
    const v = SCRAM_VECTORS[0]!;
    const client = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce });
    expect(Buffer.byteLength(client.clientFirst())).toBe(28);
    expect(Buffer.byteLength(await client.clientFinal(serverFirstOf(v)))).toBe(72);
    expect(Buffer.byteLength(v.serverFinal)).toBe(30);
  });

  test('a wrong server signature is rejected', async () => {
    const v = SCRAM_VECTORS[1]!;
    const client = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce });
    await client.clientFinal(serverFirstOf(v));
    // Another row's (valid-looking, same length) signature.
    expect(() => client.verifyServerFinal(SCRAM_VECTORS[0]!.serverFinal)).toThrow(/signature mismatch/);
  });

  test('the wrong password gives a different proof', async () => {
    const v = SCRAM_VECTORS[1]!;
    const client = new ScramClient(v.mech, v.username, 'pencil2', { nonce: v.clientNonce });
    expect(await client.clientFinal(serverFirstOf(v))).not.toBe(clientFinalOf(v));
  });
});

describe('ScramClient messages', () => {
  test('default nonce: 24 random bytes in base64, no commas, differs per client', () => {
    const a = new ScramClient('SCRAM-SHA512', 'u', 'p').clientFirst();
    const b = new ScramClient('SCRAM-SHA512', 'u', 'p').clientFirst();
    const nonce = /^n,,n=u,r=(.*)$/.exec(a)![1]!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(24);
    expect(a).not.toBe(b);
  });

  test('usernames with , and = are escaped', () => {
    const c = new ScramClient('SCRAM-SHA256', 'a,b=c', 'p', { nonce: 'abc' });
    expect(c.clientFirst()).toBe('n,,n=a=2Cb=3Dc,r=abc');
  });

  test('the official SDK nonce shape (spaces, 0x…) is accepted', () => {
    const c = new ScramClient('SCRAM-SHA512', 'u', 'p', { nonce: '0xffffff8d 0x33 0xffffffde' });
    expect(c.clientFirst()).toBe('n,,n=u,r=0xffffff8d 0x33 0xffffffde');
  });

  test.each(['', 'a,b', 'caf\u00e9', 'tab\there'])('bad nonce %j is an ArgumentError', (nonce) => {
    expect(() => new ScramClient('SCRAM-SHA1', 'u', 'p', { nonce })).toThrow(ArgumentError);
  });

  test('an unknown mechanism is an ArgumentError', () => {
    expect(() => new ScramClient('PLAIN' as 'SCRAM-SHA1', 'u', 'p')).toThrow(ArgumentError);
  });
});

describe('ScramClient rejects malformed server-first', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['garbage', 'hello world'],
    ['missing i', 'r=abcSRV,s=c2FsdA=='],
    ['missing s', 'r=abcSRV,i=4096'],
    ['missing r', 's=c2FsdA==,i=4096'],
    ['mandatory extension m=', 'm=ext,r=abcSRV,s=c2FsdA==,i=4096'],
    ['extra extension', 'r=abcSRV,s=c2FsdA==,i=4096,x=1'],
    ['wrong order', 's=c2FsdA==,r=abcSRV,i=4096'],
    ['duplicate r', 'r=abcSRV,r=abcSRV,s=c2FsdA==,i=4096'],
    ['nonce not extending client nonce', 'r=xyzSRV,s=c2FsdA==,i=4096'],
    ['nonce equal to client nonce', 'r=abc,s=c2FsdA==,i=4096'],
    ['salt not base64', 'r=abcSRV,s=***,i=4096'],
    ['salt empty', 'r=abcSRV,s=,i=4096'],
    ['salt unpadded', 'r=abcSRV,s=c2FsdA,i=4096'],
    ['iterations zero', 'r=abcSRV,s=c2FsdA==,i=0'],
    ['iterations negative', 'r=abcSRV,s=c2FsdA==,i=-1'],
    ['iterations huge', 'r=abcSRV,s=c2FsdA==,i=10000001'],
    ['iterations fractional', 'r=abcSRV,s=c2FsdA==,i=1.5'],
    ['iterations leading zero', 'r=abcSRV,s=c2FsdA==,i=04096'],
    ['server error instead', 'e=other-error'],
  ];
  test.each(cases)('%s', async (_name, serverFirst) => {
    const c = new ScramClient('SCRAM-SHA256', 'u', PASSWORD, { nonce: 'abc' });
    const err = await c.clientFinal(serverFirst).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/^malformed SCRAM server-first message/);
    expect((err as Error).message).not.toContain(PASSWORD);
    expect(JSON.stringify((err as AuthError).context)).not.toContain(PASSWORD);
  });

  test('iteration count 10,000,000 is accepted (the upper bound)', async () => {
    const c = new ScramClient('SCRAM-SHA1', 'u', 'p', { nonce: 'abc', saltedPasswordCache: new Map([['SCRAM-SHA1:10000000:c2FsdA==', Buffer.alloc(20, 1)]]) });
    await expect(c.clientFinal('r=abcSRV,s=c2FsdA==,i=10000000')).resolves.toMatch(/^c=biws,r=abcSRV,p=/);
  });
});

describe('ScramClient server-final handling', () => {
  async function ready(): Promise<ScramClient> {
    const v = SCRAM_VECTORS[2]!;
    const c = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce });
    await c.clientFinal(serverFirstOf(v));
    return c;
  }

  test('e= error carries the server text', async () => {
    const c = await ready();
    expect(() => c.verifyServerFinal('e=invalid-proof')).toThrow(/server error: invalid-proof/);
  });

  test.each(['', 'v=', 'v=!!', 'x=1', 'v=AAAA,x=1'])('malformed %j', async (final) => {
    const c = await ready();
    expect(() => c.verifyServerFinal(final)).toThrow(AuthError);
  });

  test('out of order calls are ProtocolErrors', async () => {
    const v = SCRAM_VECTORS[2]!;
    const c = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce });
    expect(() => c.verifyServerFinal(v.serverFinal)).toThrow(ProtocolError);
    await c.clientFinal(serverFirstOf(v));
    await expect(c.clientFinal(serverFirstOf(v))).rejects.toThrow(ProtocolError);
    c.verifyServerFinal(v.serverFinal);
    expect(() => c.verifyServerFinal(v.serverFinal)).toThrow(ProtocolError);
  });
});

describe('salted password cache', () => {
  test('keyed by mechanism, iterations and salt; reused by later clients', async () => {
    const v = SCRAM_VECTORS[3]!;
    const cache = new Map<string, Buffer>();
    const first = new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce, saltedPasswordCache: cache });
    expect(await first.clientFinal(serverFirstOf(v))).toBe(clientFinalOf(v));
    expect([...cache.keys()]).toEqual([`SCRAM-SHA512:4096:${v.saltB64}`]);

    // A client with a different password still gets the cached (correct) value: proof that it was used.
    const second = new ScramClient(v.mech, v.username, 'not-the-password', { nonce: v.clientNonce, saltedPasswordCache: cache });
    expect(await second.clientFinal(serverFirstOf(v))).toBe(clientFinalOf(v));
  });

  test('concurrent clients share one computation', async () => {
    const v = SCRAM_VECTORS[2]!;
    const cache = new Map<string, Buffer>();
    const clients = Array.from({ length: 5 }, () => new ScramClient(v.mech, v.username, v.password, { nonce: v.clientNonce, saltedPasswordCache: cache }));
    const finals = await Promise.all(clients.map((c) => c.clientFinal(serverFirstOf(v))));
    expect(new Set(finals)).toEqual(new Set([clientFinalOf(v)]));
    expect(cache.size).toBe(1);
  });
});

describe('no password material in output', () => {
  test('inspect, JSON, toString and String() of a client', async () => {
    const c = new ScramClient('SCRAM-SHA512', 'alice', PASSWORD, { nonce: 'abc' });
    const views = [inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c), c.toString(), String(c)];
    await c.clientFinal('r=abcSRV,s=c2FsdA==,i=16');
    views.push(inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c));
    for (const text of views) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('abc'); // not even the nonce
    }
    expect(inspect(c)).toContain('alice');
  });
});
