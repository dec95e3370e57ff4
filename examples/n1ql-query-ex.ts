/**
 * `n1qlQueryEx` with a handler class — the seeds' Twisted RowsHandler:
 *
 *   class RowsHandler(AsyncN1QLRequest):
 *       def on_rows(self, rows): print "Got {} rows".format(len(rows))
 *       def on_done(self): print "Rows complete!"; self.deferred.callback(self)
 *       def on_error(self, ex): self.deferred.errback(ex)
 *
 * The handler receives rows in batches as they arrive, then exactly one ending: onDone,
 * or onError followed by onDone.
 */
import { AsyncN1QLRequest, Bucket, N1QLQuery, type CouchbaseError } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

class RowsHandler extends AsyncN1QLRequest {
  readonly finished: Promise<RowsHandler>;
  #resolve!: (h: RowsHandler) => void;
  #reject!: (e: CouchbaseError) => void;
  #error: CouchbaseError | undefined;
  total = 0;

  constructor(...args: ConstructorParameters<typeof AsyncN1QLRequest>) {
    super(...args);
    this.finished = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  override onRows(rows: unknown[]): void {
    this.total += rows.length;
    console.log(`Got ${rows.length} rows`);
  }

  override onError(err: CouchbaseError): void {
    this.#error = err;
  }

  override onDone(): void {
    console.log('Rows complete!');
    if (this.#error !== undefined) this.#reject(this.#error);
    else this.#resolve(this);
  }
}

export async function main(): Promise<void> {
  const conn = await connection('travel-sample', { samples: ['travel-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    // Started at once (before the connection is even up: it starts once connected).
    const handler = cb.n1qlQueryEx(RowsHandler, new N1QLQuery('SELECT * FROM `travel-sample` LIMIT 10'));
    await handler.finished;
    console.log(`${handler.total} rows in total; request ${handler.meta?.requestId}`);

    // Errors reach onError (then onDone), never vanish.
    const bad = cb.n1qlQueryEx(RowsHandler, 'SELEKT nonsense');
    await bad.finished.catch((err: CouchbaseError) => console.log(`error: ${err.name} code ${err.code}`));
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
