/**
 * Secrets never leak: with a distinctive password, every place a secret could escape is
 * searched for it — log calls (messages and fields) of a capturing logger through a
 * successful bootstrap over SCRAM and PLAIN, a wrong password, a dropped connection, a
 * failed query and a closed bucket; error messages, stacks, contexts and causes;
 * `util.inspect` and `JSON.stringify` of buckets and errors; the connection string
 * echoed back. Also the base64 of `user:password` (HTTP Basic) and the SCRAM salted
 * password's hex are searched, so a derived secret cannot slip through either.
 */
import { inspect } from 'node:util';
import { Bucket, type CouchbaseError, type Logger } from '@couchts/promise';
import { startDevCluster, type DevCluster } from '@couchts/devserver';

const PASSWORD = 'Sup3r-S3cret-Pa55word!';
const WRONG = 'Wr0ng-Guess-Pa55word!';
const USER = 'auditor';
const needles = [PASSWORD, WRONG, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), Buffer.from(`${USER}:${WRONG}`).toString('base64')];

/** Everything reachable from an error: message, stack, context, cause chain, as text. */
function errorText(err: unknown, depth = 0): string {
  if (err === undefined || err === null || depth > 5) return '';
  const e = err as CouchbaseError & { cause?: unknown };
  return [String(e.message), String(e.stack), safeJson(e.context), inspect(e, { depth: 6 }), errorText(e.cause, depth + 1)].join('\n');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
  } catch {
    return '';
  }
}

function expectClean(text: string, where: string): void {
  for (const n of needles) {
    if (text.includes(n)) throw new Error(`secret found in ${where}: …${text.slice(Math.max(0, text.indexOf(n) - 60), text.indexOf(n) + 60)}…`);
  }
}

describe('secrets never leak', () => {
  let cluster: DevCluster;
  const logs: string[] = [];
  const logger: Logger = {
    debug: (m, f) => logs.push(`${m} ${safeJson(f)}`),
    info: (m, f) => logs.push(`${m} ${safeJson(f)}`),
    warn: (m, f) => logs.push(`${m} ${safeJson(f)}`),
    error: (m, f) => logs.push(`${m} ${safeJson(f)}`),
  };

  beforeAll(async () => {
    cluster = await startDevCluster({
      nodes: 2,
      scramIterations: 1,
      users: [
        { username: 'Administrator', password: 'password' },
        { username: USER, password: PASSWORD },
      ],
    });
  });
  afterAll(() => cluster.stop());

  test('through success, failure, reconnection and close', async () => {
    const collected: string[] = [];
    for (const saslMechanism of [undefined, 'PLAIN', 'SCRAM-SHA1'] as const) {
      const b = new Bucket(`${cluster.connectionString}/default`, { username: USER, password: PASSWORD, logger, ...(saslMechanism ? { saslMechanism } : {}) });
      await b.connect();
      await b.upsert('s-1', { a: 1 });
      collected.push(inspect(b, { depth: 8 }), safeJson(b), String(b));
      cluster.dropConnections();
      await new Promise((r) => setTimeout(r, 50));
      await b.get('s-1');
      const qerr = await b.n1qlQueryAll('SELEKT nonsense').then(
        () => undefined,
        (e: unknown) => e,
      );
      collected.push(errorText(qerr));
      await b.close();
      collected.push(errorText(await b.get('s-1').catch((e: unknown) => e)));
    }
    const wrong = new Bucket(`${cluster.connectionString}/default`, { username: USER, password: WRONG, logger, bootstrapTimeout: 3000 });
    const err = await wrong.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    collected.push(errorText(err), inspect(wrong, { depth: 8 }), safeJson(wrong));
    collected.push(errorText(await wrong.get('x').catch((e: unknown) => e)));
    await wrong.close();
    // Credentials in the connection string are refused, and the echo of the string is redacted.
    let inUrl: unknown;
    try {
      new Bucket(`couchbase://${USER}:${PASSWORD}@127.0.0.1:1/default`, { username: USER, password: PASSWORD, logger });
    } catch (e) {
      inUrl = e;
    }
    expect((inUrl as Error).name).toBe('ArgumentError');
    collected.push(errorText(inUrl));
    expect(logs.length).toBeGreaterThan(0);
    expectClean(logs.join('\n'), 'the logs');
    collected.forEach((text, i) => expectClean(text, `collected item ${i}`));
  }, 30_000);
});
