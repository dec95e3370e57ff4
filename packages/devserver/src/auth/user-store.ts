/**
 * The dev server's users: SCRAM credentials and bucket roles.
 *
 * Passwords are never kept. At creation each user gets, per SCRAM mechanism, a random
 * salt and the RFC 5802 StoredKey / ServerKey (what ns_server stores too); the password
 * is then dropped. PLAIN is checked by re-deriving the SHA512 StoredKey from the
 * offered password. Everything is in #private fields, so `util.inspect` and
 * `JSON.stringify` of a store show usernames at most.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { ArgumentError } from '@couchts/core/internal';
import {
  MAX_ITERATIONS,
  SCRAM_HASH,
  SCRAM_MECHANISMS,
  constantTimeEqual,
  saltedPassword,
  scramKeys,
  type ScramMechanism,
} from '@couchts/core/internal';

/** Role names understood by the dev server (a subset of Couchbase RBAC). */
export const USER_ROLES = ['data_reader', 'data_writer', 'bucket_full_access', 'admin'] as const;

/** A role name. */
export type UserRoleName = (typeof USER_ROLES)[number];

/** One role grant: a role on one bucket, or on every bucket with `'*'`. */
export interface UserRole {
  /** The role. `admin` is cluster-wide: its bucket is ignored. */
  role: UserRoleName;
  /** Bucket name, or `'*'` for all buckets. Default `'*'`. */
  bucket?: string;
}

/** A user of the dev cluster (the `users` option of `startDevCluster`). */
export interface UserSpec {
  /** Username (any non-empty string; SCRAM escaping is handled on the wire). */
  username: string;
  /** Password; used once to derive keys, then forgotten. */
  password: string;
  /** Roles; default: full access to every bucket. */
  roles?: readonly UserRole[];
}

/** What a role lets a user do on a bucket's data. */
export type DataPermission = 'read' | 'write';

/** Fixed salt and iteration count for one user (tests reproducing published vectors). */
export interface FixedScramParams {
  /** Salt used for every SCRAM mechanism of the user. */
  salt: Buffer;
  /** Iteration count used for every SCRAM mechanism of the user. */
  iterations: number;
}

/** Options of {@link UserStore.create}. */
export interface UserStoreOptions {
  /** PBKDF2 iteration count for new credentials. Default 4096 (what gocaves and RFC 5802 use). */
  iterations?: number;
  /**
   * @internal Testing only: username → fixed salt and iterations instead of random ones,
   * so a published SCRAM test vector can be reproduced. Never use in a real setup.
   */
  testingFixedSalts?: ReadonlyMap<string, FixedScramParams>;
}

/** SCRAM material of one user for one mechanism (what a SCRAM server needs). */
export interface ScramCredentials {
  /** Salt sent in server-first. */
  readonly salt: Buffer;
  /** Iteration count sent in server-first. */
  readonly iterations: number;
  /** H(ClientKey), to check the client proof. */
  readonly storedKey: Buffer;
  /** HMAC(SaltedPassword, "Server Key"), to sign server-final. */
  readonly serverKey: Buffer;
  /** False for the stand-in credentials of an unknown user: a proof must then fail. */
  readonly known: boolean;
}

interface StoredUser {
  readonly roles: readonly Required<UserRole>[];
  readonly scram: ReadonlyMap<ScramMechanism, ScramCredentials>;
}

const DEFAULT_ITERATIONS = 4096;
const SALT_BYTES = 16;
const FULL_ACCESS: readonly Required<UserRole>[] = Object.freeze([Object.freeze({ role: 'bucket_full_access', bucket: '*' } as const)]);

/** What each role allows on the data of the buckets it covers (Couchbase: data_writer cannot read). */
const ROLE_PERMISSIONS = {
  data_reader: ['read'],
  data_writer: ['write'],
  bucket_full_access: ['read', 'write'],
  admin: ['read', 'write'],
} as const satisfies Record<UserRoleName, readonly DataPermission[]>;

/** The dev server's user database. Create with {@link UserStore.create}. */
export class UserStore {
  readonly #users: ReadonlyMap<string, StoredUser>;
  /** Keys the fake salts of unknown users, so they are stable but unpredictable. */
  readonly #secret: Buffer;
  readonly #iterations: number;
  /** Random stand-in keys for unknown users: the proof check runs the same code and fails. */
  readonly #decoyKeys: ReadonlyMap<ScramMechanism, { storedKey: Buffer; serverKey: Buffer }>;

  private constructor(users: ReadonlyMap<string, StoredUser>, iterations: number) {
    this.#users = users;
    this.#iterations = iterations;
    this.#secret = randomBytes(32);
    this.#decoyKeys = new Map(
      SCRAM_MECHANISMS.map((m) => {
        const { size } = SCRAM_HASH[m];
        return [m, { storedKey: randomBytes(size), serverKey: randomBytes(size) }] as const;
      }),
    );
  }

  /**
   * Derives every user's credentials (asynchronous PBKDF2, 3 per user) and builds the store.
   *
   * @throws ArgumentError for an empty or duplicate username, a non-string password,
   *   unknown roles, or an iteration count outside 1..10,000,000.
   */
  static async create(users: readonly UserSpec[], options: UserStoreOptions = {}): Promise<UserStore> {
    const iterations = options.iterations ?? DEFAULT_ITERATIONS;
    checkIterations(iterations, 'UserStore iterations');
    if (!Array.isArray(users)) throw new ArgumentError('UserStore.create expects an array of users');

    const names = new Set<string>();
    for (const user of users) {
      const name: unknown = user?.username;
      if (typeof name !== 'string' || name.length === 0) throw new ArgumentError('a username must be a non-empty string');
      if (names.has(name)) throw new ArgumentError(`duplicate user '${name}'`);
      if (typeof user.password !== 'string') throw new ArgumentError(`the password of user '${name}' must be a string`);
      names.add(name);
    }

    const entries = await Promise.all(
      users.map(async (user): Promise<[string, StoredUser]> => {
        const fixed = options.testingFixedSalts?.get(user.username);
        if (fixed !== undefined) checkIterations(fixed.iterations, `fixed iterations of user '${user.username}'`);
        const scram = new Map<ScramMechanism, ScramCredentials>();
        for (const mech of SCRAM_MECHANISMS) {
          const salt = fixed?.salt ?? randomBytes(SALT_BYTES);
          const iter = fixed?.iterations ?? iterations;
          const { storedKey, serverKey } = scramKeys(mech, await saltedPassword(mech, user.password, salt, iter));
          scram.set(mech, Object.freeze({ salt, iterations: iter, storedKey, serverKey, known: true }));
        }
        return [user.username, { roles: normaliseRoles(user.username, user.roles), scram }];
      }),
    );
    return new UserStore(new Map(entries), iterations);
  }

  /** True if the user exists. (For admin endpoints; SASL never reveals this to a client.) */
  has(username: string): boolean {
    return this.#users.has(username);
  }

  /** Number of users. */
  get size(): number {
    return this.#users.size;
  }

  /**
   * SCRAM material for a user and mechanism. For an unknown user it returns stand-in
   * credentials with a salt derived from HMAC(per-store secret, mechanism + username):
   * the same answer on every attempt, like a real user's, so server-first does not
   * reveal whether the user exists; `known` is false and a proof can never verify.
   */
  scramCredentials(username: string, mech: ScramMechanism): ScramCredentials {
    const real = this.#users.get(username)?.scram.get(mech);
    if (real !== undefined) return real;
    const salt = createHmac('sha256', this.#secret).update(`${mech}\0${username}`).digest().subarray(0, SALT_BYTES);
    const decoy = this.#decoyKeys.get(mech)!;
    return { salt, iterations: this.#iterations, ...decoy, known: false };
  }

  /**
   * Checks a PLAIN password: recomputes SaltedPassword with the user's SCRAM-SHA512 salt
   * and iterations and compares the derived StoredKey in constant time. Unknown users
   * cost the same PBKDF2 (against stand-in credentials) and return false.
   */
  async verifyPlain(username: string, password: string): Promise<boolean> {
    if (typeof username !== 'string' || typeof password !== 'string') return false;
    const creds = this.scramCredentials(username, 'SCRAM-SHA512');
    const salted = await saltedPassword('SCRAM-SHA512', password, creds.salt, creds.iterations);
    const matches = constantTimeEqual(scramKeys('SCRAM-SHA512', salted).storedKey, creds.storedKey);
    return matches && creds.known;
  }

  /** True if the user may use `bucket` at all (any of its roles covers the bucket). */
  canAccessBucket(username: string, bucket: string): boolean {
    return this.#rolesOn(username, bucket).length > 0;
  }

  /** True if the user may read or write the documents of `bucket`. */
  hasPermission(username: string, bucket: string, permission: DataPermission): boolean {
    return this.#rolesOn(username, bucket).some((r) => (ROLE_PERMISSIONS[r.role] as readonly DataPermission[]).includes(permission));
  }

  /** Usernames and roles only. */
  toJSON(): { users: { username: string; roles: Required<UserRole>[] }[] } {
    return { users: [...this.#users].map(([username, u]) => ({ username, roles: u.roles.map((r) => ({ ...r })) })) };
  }

  /** `util.inspect` form: usernames only (#private fields are never shown anyway). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `UserStore { users: ${JSON.stringify([...this.#users.keys()])} }`;
  }

  #rolesOn(username: string, bucket: string): readonly Required<UserRole>[] {
    const user = this.#users.get(username);
    if (user === undefined) return [];
    return user.roles.filter((r) => r.role === 'admin' || r.bucket === '*' || r.bucket === bucket);
  }
}

function checkIterations(n: unknown, what: string): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ITERATIONS) {
    throw new ArgumentError(`${what} must be an integer in 1..${MAX_ITERATIONS}`);
  }
}

function normaliseRoles(username: string, roles: readonly UserRole[] | undefined): readonly Required<UserRole>[] {
  if (roles === undefined) return FULL_ACCESS;
  if (!Array.isArray(roles)) throw new ArgumentError(`the roles of user '${username}' must be an array`);
  return Object.freeze(
    roles.map((r: UserRole) => {
      if (!(USER_ROLES as readonly string[]).includes(r?.role)) {
        throw new ArgumentError(`unknown role '${String(r?.role)}' for user '${username}' (known: ${USER_ROLES.join(', ')})`);
      }
      const bucket = r.bucket ?? '*';
      if (typeof bucket !== 'string' || bucket.length === 0) {
        throw new ArgumentError(`role '${r.role}' of user '${username}' needs a bucket name or '*'`);
      }
      return Object.freeze({ role: r.role, bucket });
    }),
  );
}
