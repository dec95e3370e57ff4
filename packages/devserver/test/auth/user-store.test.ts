import { inspect } from 'node:util';
import { ArgumentError } from '../../../core/src/errors/classes'; // TODO(internal-barrel)
import { UserStore } from '../../src/auth/user-store';

const SECRET = 'Very-Secret-Password-42';

describe('UserStore', () => {
  test('keeps no password: inspect and JSON show usernames and roles only', async () => {
    const store = await UserStore.create([
      { username: 'alice', password: SECRET },
      { username: 'bob', password: SECRET + '2', roles: [{ role: 'data_reader', bucket: 'travel' }] },
    ]);
    const views = [
      inspect(store, { showHidden: true, depth: 20 }),
      JSON.stringify(store),
      String(store),
      JSON.stringify(Object.getOwnPropertyNames(store).map((k) => (store as unknown as Record<string, unknown>)[k])),
    ];
    for (const text of views) expect(text).not.toContain(SECRET);
    expect(inspect(store)).toBe('UserStore { users: ["alice","bob"] }');
    expect(JSON.parse(JSON.stringify(store))).toEqual({
      users: [
        { username: 'alice', roles: [{ role: 'bucket_full_access', bucket: '*' }] },
        { username: 'bob', roles: [{ role: 'data_reader', bucket: 'travel' }] },
      ],
    });
  });

  test('credentials: random 16-byte salts, distinct per mechanism and user, default 4096 iterations', async () => {
    const store = await UserStore.create([
      { username: 'a', password: 'same' },
      { username: 'b', password: 'same' },
    ]);
    const salts = new Set<string>();
    for (const user of ['a', 'b']) {
      for (const mech of ['SCRAM-SHA1', 'SCRAM-SHA256', 'SCRAM-SHA512'] as const) {
        const c = store.scramCredentials(user, mech);
        expect(c.known).toBe(true);
        expect(c.iterations).toBe(4096);
        expect(c.salt).toHaveLength(16);
        salts.add(c.salt.toString('hex'));
      }
    }
    expect(salts.size).toBe(6);
    expect((await UserStore.create([{ username: 'a', password: 'x' }], { iterations: 10 })).scramCredentials('a', 'SCRAM-SHA1').iterations).toBe(10);
  });

  test('unknown users get stable, store-specific fake salts', async () => {
    const store = await UserStore.create([{ username: 'alice', password: 'x' }]);
    const other = await UserStore.create([{ username: 'alice', password: 'x' }]);
    const a = store.scramCredentials('mallory', 'SCRAM-SHA512');
    expect(a.known).toBe(false);
    expect(a.salt).toHaveLength(16);
    expect(a.iterations).toBe(4096);
    expect(store.scramCredentials('mallory', 'SCRAM-SHA512').salt).toEqual(a.salt);
    expect(store.scramCredentials('mallory', 'SCRAM-SHA1').salt).not.toEqual(a.salt);
    expect(store.scramCredentials('eve', 'SCRAM-SHA512').salt).not.toEqual(a.salt);
    expect(other.scramCredentials('mallory', 'SCRAM-SHA512').salt).not.toEqual(a.salt);
  });

  test('verifyPlain', async () => {
    const store = await UserStore.create([{ username: 'alice', password: SECRET }], { iterations: 64 });
    await expect(store.verifyPlain('alice', SECRET)).resolves.toBe(true);
    await expect(store.verifyPlain('alice', SECRET + 'x')).resolves.toBe(false);
    await expect(store.verifyPlain('alice', '')).resolves.toBe(false);
    await expect(store.verifyPlain('nobody', SECRET)).resolves.toBe(false);
  });

  test('roles and bucket access', async () => {
    const store = await UserStore.create([
      { username: 'full', password: 'p' },
      { username: 'reader', password: 'p', roles: [{ role: 'data_reader', bucket: 'travel' }] },
      { username: 'writer', password: 'p', roles: [{ role: 'data_writer', bucket: '*' }] },
      { username: 'admin', password: 'p', roles: [{ role: 'admin', bucket: 'ignored' }] },
      { username: 'bfa', password: 'p', roles: [{ role: 'bucket_full_access', bucket: 'beer' }] },
      { username: 'none', password: 'p', roles: [] },
    ], { iterations: 1 });
    expect(store.canAccessBucket('full', 'anything')).toBe(true);
    expect(store.canAccessBucket('reader', 'travel')).toBe(true);
    expect(store.canAccessBucket('reader', 'beer')).toBe(false);
    expect(store.canAccessBucket('writer', 'beer')).toBe(true);
    expect(store.canAccessBucket('admin', 'beer')).toBe(true);
    expect(store.canAccessBucket('bfa', 'beer')).toBe(true);
    expect(store.canAccessBucket('bfa', 'travel')).toBe(false);
    expect(store.canAccessBucket('none', 'travel')).toBe(false);
    expect(store.canAccessBucket('ghost', 'travel')).toBe(false);

    expect(store.hasPermission('reader', 'travel', 'read')).toBe(true);
    expect(store.hasPermission('reader', 'travel', 'write')).toBe(false);
    expect(store.hasPermission('writer', 'x', 'write')).toBe(true);
    expect(store.hasPermission('writer', 'x', 'read')).toBe(false);
    expect(store.hasPermission('full', 'x', 'write')).toBe(true);
    expect(store.has('reader')).toBe(true);
    expect(store.has('ghost')).toBe(false);
    expect(store.size).toBe(6);
  });

  test('validation errors never include passwords', async () => {
    const bad: [unknown[], object?][] = [
      [[{ username: '', password: SECRET }]],
      [[{ username: 'a', password: SECRET }, { username: 'a', password: SECRET }]],
      [[{ username: 'a', password: 42 }]],
      [[{ username: 'a', password: SECRET, roles: [{ role: 'superuser', bucket: '*' }] }]],
      [[{ username: 'a', password: SECRET, roles: [{ role: 'data_reader', bucket: '' }] }]],
      [[{ username: 'a', password: SECRET }], { iterations: 0 }],
      [[{ username: 'a', password: SECRET }], { iterations: 1.5 }],
      [[{ username: 'a', password: SECRET }], { iterations: 10_000_001 }],
    ];
    for (const [users, options] of bad) {
      const err = await UserStore.create(users as never, options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as Error).message).not.toContain(SECRET);
    }
  });
});
