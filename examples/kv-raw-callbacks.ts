/**
 * The raw core: AsyncResult callbacks, as in the seeds' Twisted example —
 *
 *   def on_ok(result): print "Operation succeeded"; print "Value is", result.value
 *   def on_err(err): print "Operation failed", err
 *   bucket.upsert('id', {'some':['value']}).addCallback(on_ok).addErrback(on_err)
 *   bucket.get('id').addCallback(on_ok).addErrback(on_err)
 *
 * Here the operations return AsyncResult objects; the caller assigns `callback` and
 * `errback` after the call returns. Operations on the same key are performed in the
 * order they were scheduled, so the get sees the upsert.
 */
import { AsyncBucket, NodeIOPS, type CouchbaseError, type MultiResult, type Result, type ValueResult } from '@couchts/core';
import { connection, runIfMain } from './lib/connection';

export function main(): Promise<void> {
  return connection().then(
    (conn) =>
      new Promise<void>((done) => {
        const bucket = new AsyncBucket(new NodeIOPS(), conn.connstr, { username: conn.username, password: conn.password });
        let outstanding = 3;
        const finish = (): void => {
          if (--outstanding > 0) return;
          bucket.registerEvent('destroy', { callback: () => void conn.close().then(done) });
          bucket.close();
        };

        const onOk = (result: Result): void => {
          console.log(`Operation succeeded (${result.key})`);
          if ('value' in result) console.log('Value is', (result as ValueResult).value);
          finish();
        };
        const onErr = (err: CouchbaseError): void => {
          console.log('Operation failed', err.message);
          finish();
        };

        bucket.registerEvent('connect', {
          callback: () => console.log("I'm connected"),
          errback: (err) => console.log('Connection failed', err.message),
        });

        const set = bucket.upsert('id', { some: ['value'] });
        set.callback = onOk;
        set.errback = onErr;

        const get = bucket.get('id');
        get.callback = onOk;
        get.errback = onErr;

        // A multi operation completes once, with a MultiResult, or with the first error
        // (which carries allResults).
        const multi = bucket.getMulti(['id', 'missing-key']);
        multi.callback = (mres: MultiResult<ValueResult>) => {
          for (const [key, r] of mres) console.log(`Got result for key ${key}: ${JSON.stringify(r.value)}`);
          finish();
        };
        multi.errback = (err) => {
          console.log(`getMulti: ${err.name} for '${err.key}'; the other keys:`);
          for (const [key, r] of err.allResults ?? []) if (r.success) console.log(`  ${key}: ${JSON.stringify((r as ValueResult).value)}`);
          finish();
        };
      }),
  );
}

runIfMain(__filename, main);
