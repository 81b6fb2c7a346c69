import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../../server/store/database.js';
import { createTaskForImage } from '../../../../server/annotation/task-intake.js';
import { claimTask } from '../../../../server/annotation/task-lease.js';
import { insertImage, makeQueue } from './fixtures.js';
const store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'x-')), 'a.sqlite') });
const q = await makeQueue(store.db);
await store.db.transaction().execute(async (trx) => { for (let i = 0; i < 3000; i++) await createTaskForImage(trx, await insertImage(trx, { patrol: q, capturedAt: i })); });
const now = Date.now();
for (const n of [500, 500, 500]) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await claimTask(store, { queueId: q, userId: 'u' + Math.random(), now, leaseMs: 60000 });
  console.log(n, 'claims ms/claim', (performance.now() - t) / n);
}
await store.close();
