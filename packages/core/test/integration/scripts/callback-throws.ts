// Child process: a user callback throws. The exception must surface as an uncaught
// exception (not be swallowed), and the bucket must keep working afterwards.
import { AsyncBucket, NodeIOPS } from '@couchts/core';

const bucket = new AsyncBucket(new NodeIOPS(), process.env.CONNSTR!, { username: process.env.CB_USER!, password: process.env.CB_PASS! });
process.on('uncaughtException', (err) => {
  process.stdout.write(`uncaught:${err.message}\n`);
  const ar = bucket.get('thrower');
  ar.callback = (r) => {
    process.stdout.write(`after:${JSON.stringify(r.value)}\n`);
    bucket.close();
  };
  ar.errback = (e) => {
    process.stdout.write(`after-error:${e.message}\n`);
    bucket.close();
  };
});
const ar = bucket.upsert('thrower', 'still works');
ar.callback = () => {
  throw new Error('user bug');
};
