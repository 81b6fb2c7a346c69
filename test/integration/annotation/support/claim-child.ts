/**
 * A claiming process for the kill test: claims tasks of one queue in a tight loop, each as a new
 * annotator, and prints `taskId annotator leaseExpiresAt` only once the claim has committed.
 * Usage: claim-child.ts (--file PATH | --url URL) --queue ID
 */
import { parseArgs } from 'node:util';
import { claimTask } from '../../../../server/annotation/task-lease.js';
import { openStore } from '../../../../server/store/database.js';

const { values } = parseArgs({ options: { file: { type: 'string' }, url: { type: 'string' }, queue: { type: 'string' } } });
if (!values.queue || (!values.file && !values.url)) {
  process.stderr.write('usage: claim-child.ts (--file PATH | --url URL) --queue ID\n');
  process.exit(2);
}
const store = await openStore(values.url ? { url: values.url } : { file: values.file });
for (let i = 0; ; i++) {
  const user = `child-${process.pid}-${i}`;
  const task = await claimTask(store, { queueId: values.queue, userId: user, now: Date.now(), leaseMs: 60_000 });
  if (!task) break;
  process.stdout.write(`${task.id} ${user} ${task.lease_expires_at}\n`);
}
await store.close();
