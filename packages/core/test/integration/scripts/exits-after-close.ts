// Child process: use a bucket, close it, and do nothing else. The parent checks that the
// process then exits on its own (no socket or timer left behind).
import { Bucket } from '@couchts/promise';

async function main(): Promise<void> {
  const bucket = new Bucket(process.env.CONNSTR!, { username: process.env.CB_USER!, password: process.env.CB_PASS! });
  await bucket.connect();
  await bucket.upsert('child-key', { pid: process.pid });
  const got = await bucket.get('child-key');
  const pending = bucket.get('child-key');
  await bucket.close();
  await pending.catch((err: Error) => process.stdout.write(`pending:${err.name}\n`));
  process.stdout.write(`value:${JSON.stringify(got.value)}\n`);
}
main().catch((err) => {
  process.stdout.write(`error:${String(err)}\n`);
  process.exitCode = 1;
});
