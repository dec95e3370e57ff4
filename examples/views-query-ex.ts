/**
 * `queryEx` with a handler class — the seeds' Twisted RowsHandler for views:
 *
 *   class RowsHandler(AsyncViewBase):
 *       def on_rows(self, rows):
 *           print '** Got row callback!'
 *           for row in rows:
 *               print row.key, row.doc.value['description'][:10] + '...'
 *       def on_error(self, ex): self.deferred.errback(ex)
 *       def on_done(self): self.deferred.callback(self)
 *
 *   handler = cb.queryEx(RowsHandler, 'beer', 'brewery_beers', limit=20, include_docs=True)
 *
 * The handler gets rows in batches as they arrive, then exactly one ending.
 */
import { AsyncViewBase, Bucket, type CouchbaseError, type ViewRow } from '@couchts/promise';
import { connection, runIfMain } from './lib/connection';

class RowsHandler extends AsyncViewBase<string[], null, { description: string }> {
  readonly finished: Promise<RowsHandler>;
  #resolve!: (h: RowsHandler) => void;
  #reject!: (e: CouchbaseError) => void;
  #error: CouchbaseError | undefined;

  constructor(...args: ConstructorParameters<typeof AsyncViewBase>) {
    super(...args);
    this.finished = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  override onRows(rows: ViewRow<string[], null, { description: string }>[]): void {
    console.log('** Got row callback!');
    for (const row of rows) console.log(row.key.join(' / '), '→', `${row.doc!.value.description.slice(0, 10)}...`);
  }

  override onError(err: CouchbaseError): void {
    this.#error = err;
  }

  override onDone(): void {
    if (this.#error !== undefined) this.#reject(this.#error);
    else this.#resolve(this);
  }
}

export async function main(): Promise<void> {
  const conn = await connection('beer-sample', { samples: ['beer-sample'] });
  const cb = new Bucket(conn.connstr, { username: conn.username, password: conn.password });
  try {
    const handler = cb.queryEx(RowsHandler, 'beer', 'brewery_beers', { limit: 20, includeDocs: true });
    await handler.finished;
    console.log(`done: ${handler.meta?.totalRows} rows in the view`);

    // A missing view reaches onError: an HTTPError with status 404.
    const missing = cb.queryEx(RowsHandler, 'beer', 'no_such_view', {});
    await missing.finished.catch((err: CouchbaseError & { status?: number }) => console.log(`error: ${err.name} (HTTP ${err.status})`));
  } finally {
    await cb.close();
    await conn.close();
  }
}

runIfMain(__filename, main);
