import { SCRAM_VECTORS, clientFinalOf, serverFirstOf } from '../../../core/test/sasl/scram-vectors';
import { ScramClient } from '../../../core/src/sasl/scram-client'; // TODO(internal-barrel)
import { plainAuthPayload } from '../../../core/src/sasl/plain'; // TODO(internal-barrel)
import { SaslServer, type SaslStep } from '../../src/auth/sasl-server';
import { UserStore } from '../../src/auth/user-store';

type ScramMech = 'SCRAM-SHA1' | 'SCRAM-SHA256' | 'SCRAM-SHA512';
const SCRAMS: readonly ScramMech[] = ['SCRAM-SHA512', 'SCRAM-SHA256', 'SCRAM-SHA1'];
const text = (s: SaslStep): string => s.payload.toString('utf8');

let store: UserStore;
beforeAll(async () => {
  store = await UserStore.create(
    [
      { username: 'alice', password: 'wonderland' },
      { username: 'we,ird=name', password: 'p@ss,word=' },
    ],
    { iterations: 64 }, // keeps the suite fast; the iteration count is not what is under test
  );
});

/** Full client ↔ server SCRAM exchange; returns the last server step. */
async function scram(server: SaslServer, mech: ScramMech, user: string, password: string, nonce?: string): Promise<SaslStep> {
  const client = new ScramClient(mech, user, password, nonce === undefined ? {} : { nonce });
  const first = await server.start(mech, Buffer.from(client.clientFirst()));
  expect(first.status).toBe('continue');
  const final = await server.step(mech, Buffer.from(await client.clientFinal(text(first))));
  if (final.status === 'success') client.verifyServerFinal(text(final));
  return final;
}

describe('SaslServer reproduces the protocol.md §2.3 vectors', () => {
  for (const v of SCRAM_VECTORS) {
    test(`${v.source} ${v.mech}`, async () => {
      const salts = new Map([[v.username, { salt: Buffer.from(v.saltB64, 'base64'), iterations: v.iterations }]]);
      const fixed = await UserStore.create([{ username: v.username, password: v.password }], { testingFixedSalts: salts });
      const server = new SaslServer(fixed, { serverNonce: () => v.fullNonce.slice(v.clientNonce.length) });
      const first = await server.start(v.mech, Buffer.from(`n,,n=${v.username},r=${v.clientNonce}`));
      expect(first).toEqual({ status: 'continue', payload: Buffer.from(serverFirstOf(v)) });
      const final = await server.step(v.mech, Buffer.from(clientFinalOf(v)));
      expect(final).toEqual({ status: 'success', payload: Buffer.from(v.serverFinal), username: v.username });
      expect(server.username).toBe(v.username);
    });
  }
});

describe('round trips', () => {
  test.each(SCRAMS)('%s', async (mech) => {
    const server = new SaslServer(store);
    const final = await scram(server, mech, 'alice', 'wonderland');
    expect(final.status).toBe('success');
    expect(final.username).toBe('alice');
    expect(server.username).toBe('alice');
  });

  test.each(SCRAMS)('%s with , and = in username and password', async (mech) => {
    const final = await scram(new SaslServer(store), mech, 'we,ird=name', 'p@ss,word=');
    expect(final).toMatchObject({ status: 'success', username: 'we,ird=name' });
  });

  test('PLAIN', async () => {
    const server = new SaslServer(store);
    const step = await server.start('PLAIN', plainAuthPayload('alice', 'wonderland'));
    expect(step).toEqual({ status: 'success', payload: Buffer.alloc(0), username: 'alice' });
    expect(server.username).toBe('alice');
    const weird = await new SaslServer(store).start('PLAIN', plainAuthPayload('we,ird=name', 'p@ss,word='));
    expect(weird.status).toBe('success');
    // authzid equal to the user is allowed; another authzid is not
    expect((await new SaslServer(store).start('PLAIN', Buffer.from('alice\0alice\0wonderland'))).status).toBe('success');
    expect((await new SaslServer(store).start('PLAIN', Buffer.from('bob\0alice\0wonderland'))).status).toBe('error');
  });

  test('the official SDK nonce is echoed exactly', async () => {
    const odd = '0xffffff8d 0x33 0xffffffde';
    const server = new SaslServer(store);
    const first = await server.start('SCRAM-SHA512', Buffer.from(`n,,n=alice,r=${odd}`));
    expect(first.status).toBe('continue');
    expect(text(first)).toMatch(/^r=0xffffff8d 0x33 0xffffffde[^,]+,s=[A-Za-z0-9+/=]+,i=64$/);
    expect((await scram(new SaslServer(store), 'SCRAM-SHA512', 'alice', 'wonderland', odd)).status).toBe('success');
  });

  test('listMechanisms', () => {
    const server = new SaslServer(store);
    expect(server.listMechanisms(false)).toBe('SCRAM-SHA512 SCRAM-SHA256 SCRAM-SHA1 PLAIN');
    expect(server.listMechanisms(true)).toBe('SCRAM-SHA512 SCRAM-SHA256 SCRAM-SHA1 PLAIN');
  });
});

describe('failures', () => {
  test.each(SCRAMS)('%s wrong password and unknown user fail the same way at STEP', async (mech) => {
    const wrong = await scram(new SaslServer(store), mech, 'alice', 'not-wonderland');
    const unknown = await scram(new SaslServer(store), mech, 'mallory', 'wonderland');
    expect(wrong).toEqual({ status: 'error', payload: Buffer.from('e=invalid-proof') });
    expect(unknown).toEqual(wrong);
  });

  test('server-first for an unknown user looks like a real one and is stable', async () => {
    const known = text(await new SaslServer(store).start('SCRAM-SHA256', Buffer.from('n,,n=alice,r=abc')));
    const a = text(await new SaslServer(store).start('SCRAM-SHA256', Buffer.from('n,,n=mallory,r=abc')));
    const b = text(await new SaslServer(store).start('SCRAM-SHA256', Buffer.from('n,,n=mallory,r=abc')));
    const shape = /^r=abc[A-Za-z0-9+/]{24},s=[A-Za-z0-9+/]{22}==,i=64$/;
    expect(known).toMatch(shape);
    expect(a).toMatch(shape);
    expect(a.split(',').slice(1)).toEqual(b.split(',').slice(1)); // same salt and iterations
  });

  test('PLAIN wrong password, unknown user, malformed', async () => {
    const expected = { status: 'error', payload: Buffer.from('Authentication failed') };
    for (const payload of [
      plainAuthPayload('alice', 'nope'),
      plainAuthPayload('mallory', 'wonderland'),
      Buffer.from('alice\0wonderland'),
      Buffer.from('\0alice\0wonder\0land'),
      Buffer.from('\0\0wonderland'),
      Buffer.from([0, 0x61, 0, 0xff, 0xfe]),
      Buffer.alloc(0),
    ]) {
      expect(await new SaslServer(store).start('PLAIN', payload)).toEqual(expected);
    }
  });

  test('unknown mechanisms', async () => {
    for (const mech of ['CRAM-MD5', 'SCRAM-SHA-256', 'scram-sha512', 'OAUTHBEARER', '', '\0'.repeat(100)]) {
      const step = await new SaslServer(store).start(mech, Buffer.from('n,,n=alice,r=abc'));
      expect(step.status).toBe('error');
    }
  });

  test('a mismatched nonce, channel binding or proof at STEP fails', async () => {
    const cases: ((nonce: string) => string)[] = [
      (n) => `c=biws,r=${n}X,p=${'A'.repeat(86)}==`,
      (n) => `c=biws,r=${n.slice(0, -1)},p=${'A'.repeat(86)}==`,
      (n) => `c=eSws,r=${n},p=${'A'.repeat(86)}==`,
      (n) => `c=biws,r=${n},p=${'A'.repeat(86)}==`,
      (n) => `c=biws,r=${n},p=AAAA`,
      (n) => `c=biws,r=${n},p=***`,
      (n) => `c=biws,r=${n}`,
      (n) => `r=${n},c=biws,p=${'A'.repeat(86)}==`,
      (n) => `c=biws,r=${n},p=${'A'.repeat(86)}==,x=1`,
      () => '',
    ];
    for (const make of cases) {
      const server = new SaslServer(store);
      const first = await server.start('SCRAM-SHA512', Buffer.from('n,,n=alice,r=abc'));
      const nonce = /^r=([^,]+)/.exec(text(first))![1]!;
      const step = await server.step('SCRAM-SHA512', Buffer.from(make(nonce)));
      expect(step.status).toBe('error');
      expect(server.username).toBeUndefined();
    }
  });

  test('STEP without AUTH, with another mechanism, or twice', async () => {
    expect((await new SaslServer(store).step('SCRAM-SHA512', Buffer.from('c=biws,r=a,p=AAAA'))).status).toBe('error');

    const server = new SaslServer(store);
    const client = new ScramClient('SCRAM-SHA256', 'alice', 'wonderland');
    const first = await server.start('SCRAM-SHA256', Buffer.from(client.clientFirst()));
    const final = Buffer.from(await client.clientFinal(text(first)));
    expect((await server.step('SCRAM-SHA512', final)).status).toBe('error');
    // The exchange was abandoned by the bad step: replaying the right message is refused too.
    expect((await server.step('SCRAM-SHA256', final)).status).toBe('error');
  });

  test('a new AUTH resets the previous authentication', async () => {
    const server = new SaslServer(store);
    await scram(server, 'SCRAM-SHA1', 'alice', 'wonderland');
    expect(server.username).toBe('alice');
    expect((await server.start('PLAIN', plainAuthPayload('alice', 'bad'))).status).toBe('error');
    expect(server.username).toBeUndefined();
  });
});

describe('hostile input never throws', () => {
  const big = Buffer.alloc(1024 * 1024, 0x61);
  const payloads: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['garbage', Buffer.from('garbage')],
    ['binary', Buffer.from([0xff, 0x00, 0xfe, 0x2c, 0x3d, 0x80])],
    ['1 MB', big],
    ['1 MB client-first', Buffer.concat([Buffer.from('n,,n=alice,r='), big])],
    ['no gs2 header', Buffer.from('n=alice,r=abc')],
    ['channel binding requested', Buffer.from('p=tls-unique,,n=alice,r=abc')],
    ['y gs2 flag', Buffer.from('y,,n=alice,r=abc')],
    ['authzid', Buffer.from('n,a=bob,n=alice,r=abc')],
    ['missing nonce', Buffer.from('n,,n=alice')],
    ['missing user', Buffer.from('n,,r=abc')],
    ['empty user', Buffer.from('n,,n=,r=abc')],
    ['empty nonce', Buffer.from('n,,n=alice,r=')],
    ['mandatory extension', Buffer.from('n,,m=x,n=alice,r=abc')],
    ['extension', Buffer.from('n,,n=alice,r=abc,x=1')],
    ['duplicate attribute', Buffer.from('n,,n=alice,n=bob,r=abc')],
    ['bad escape', Buffer.from('n,,n=al=ice,r=abc')],
    ['non-ASCII nonce', Buffer.from('n,,n=alice,r=caf\u00e9')],
    ['control char nonce', Buffer.from('n,,n=alice,r=a\tb')],
    ['invalid UTF-8', Buffer.from([0x6e, 0x2c, 0x2c, 0x6e, 0x3d, 0xc3, 0x28, 0x2c, 0x72, 0x3d, 0x61])],
  ];

  test.each(payloads)('SCRAM AUTH: %s', async (_name, payload) => {
    const step = await new SaslServer(store).start('SCRAM-SHA512', payload);
    expect(step.status).toBe('error');
    expect(step.payload.length).toBeLessThan(100);
  });

  test.each(payloads)('SCRAM STEP: %s', async (_name, payload) => {
    const server = new SaslServer(store);
    expect((await server.start('SCRAM-SHA512', Buffer.from('n,,n=alice,r=abc'))).status).toBe('continue');
    expect((await server.step('SCRAM-SHA512', payload)).status).toBe('error');
  });

  test.each(payloads)('PLAIN: %s', async (_name, payload) => {
    expect((await new SaslServer(store).start('PLAIN', payload)).status).toBe('error');
  });

  test('values that are not Buffers', async () => {
    for (const bad of [undefined, null, 'n,,n=alice,r=abc', 42, {}]) {
      const server = new SaslServer(store);
      expect((await server.start('SCRAM-SHA1', bad as unknown as Buffer)).status).toBe('error');
      expect((await server.start(bad as unknown as string, Buffer.from('x'))).status).toBe('error');
      expect((await server.step('SCRAM-SHA1', bad as unknown as Buffer)).status).toBe('error');
    }
  });
});
