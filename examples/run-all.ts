/**
 * `npm start`: runs every example in turn, each against an embedded dev cluster (or
 * the real cluster named by COUCHBASE_CONNSTR).
 */
import { main as kvAwait } from './kv-await';
import { main as kvRawCallbacks } from './kv-raw-callbacks';
import { main as kvDefer } from './kv-defer';
import { main as kvSubdoc } from './kv-subdoc';
import { main as customIops } from './custom-iops';
import { main as n1qlForAwait } from './n1ql-for-await';
import { main as n1qlQueryAll } from './n1ql-query-all';
import { main as n1qlQueryEx } from './n1ql-query-ex';
import { main as viewsForAwait } from './views-for-await';
import { main as viewsQueryAll } from './views-query-all';
import { main as viewsQueryEx } from './views-query-ex';

const examples: [string, () => Promise<void>][] = [
  ['kv-await.ts — key-value operations with async/await (acouchbase)', kvAwait],
  ['kv-raw-callbacks.ts — the raw core with AsyncResult callbacks (txcouchbase RawBucket)', kvRawCallbacks],
  ['kv-defer.ts — defer(): an AsyncResult as a Promise (txcouchbase defer)', kvDefer],
  ['kv-subdoc.ts — sub-documents (lookupIn / mutateIn), AbortSignal, await using', kvSubdoc],
  ['custom-iops.ts — a custom IOPS: the I/O extension point of the seeds (gcouchbase, txcouchbase)', customIops],
  ['n1ql-for-await.ts — N1QL rows with for await (acouchbase)', n1qlForAwait],
  ['n1ql-query-all.ts — n1qlQueryAll: every row at once (txcouchbase)', n1qlQueryAll],
  ['n1ql-query-ex.ts — n1qlQueryEx with a RowsHandler class (txcouchbase)', n1qlQueryEx],
  ['views-for-await.ts — MapReduce (view) rows with for await and includeDocs (acouchbase)', viewsForAwait],
  ['views-query-all.ts — queryAll: every view row at once (txcouchbase)', viewsQueryAll],
  ['views-query-ex.ts — queryEx with a RowsHandler class (txcouchbase)', viewsQueryEx],
];

async function runAll(): Promise<void> {
  const target = process.env.COUCHBASE_CONNSTR ? `the cluster at ${process.env.COUCHBASE_CONNSTR}` : 'an embedded dev cluster';
  console.log(`Running ${examples.length} examples against ${target}\n`);
  for (const [title, run] of examples) {
    console.log(`=== ${title}`);
    await run();
    console.log('');
  }
  console.log('All examples finished.');
}

runAll().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
