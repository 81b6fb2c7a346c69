import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type CompiledQuery } from 'kysely';
import { openStore } from '../../../../server/store/database.js';
import { createTaskForImage } from '../../../../server/annotation/task-intake.js';
import { claimTask } from '../../../../server/annotation/task-lease.js';
import { insertImage, makeQueue } from './fixtures.js';
const store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'x-')), 'a.sqlite') });
const q = await makeQueue(store.db);
await store.db.transaction().execute(async (trx) => { for (let i = 0; i < 3000; i++) await createTaskForImage(trx, await insertImage(trx, { patrol: q, capturedAt: i })); });
const now = Date.now();
for (let i = 0; i < 1000; i++) await claimTask(store, { queueId: q, userId: 'u' + Math.random(), now, leaseMs: 60000 });
const db = store.db;
const queries: Record<string, CompiledQuery> = {
  own: db.selectFrom('annotation_tasks').selectAll().where('assignee', '=', 'me').where('queue_id', '=', q)
    .where((eb) => eb.or([eb.and([eb('state', '=', 'in_progress'), eb('lease_expires_at', '>', now)]), eb('state', 'in', ['rejected'])]))
    .orderBy((eb) => eb.case().when('state', '=', 'in_progress').then(0).else(1).end()).orderBy('priority', 'desc').orderBy('updated_at').limit(1).compile(),
  expire: db.updateTable('annotation_tasks').set((eb) => ({ state: 'queued', expired_holder: eb.ref('assignee') })).where('queue_id', '=', q).where('state', 'in', ['in_progress']).where('lease_expires_at', '<=', now).compile(),
  queueTier: db.selectFrom('annotation_queues').select((eb) => ['honeypot_share', eb.selectFrom('annotator_profiles').select('tier').where('user_id', '=', 'me').as('tier')]).where('id', '=', q).compile(),
  take: db.updateTable('annotation_tasks').set({ state: 'in_progress', updated_at: 1 }).where('id', '=', 'x').where('state', '=', 'queued').returningAll().compile(),
};
for (const [k, c] of Object.entries(queries)) {
  const plan = await sql.raw(`explain query plan ${c.sql}`).execute(db).catch(() => null);
  const t = performance.now();
  for (let i = 0; i < 100; i++) await db.executeQuery({ ...c, parameters: c.parameters } as CompiledQuery).catch((e) => { console.log(e.message); });
  console.log(k, ((performance.now() - t) / 100).toFixed(3), 'ms');
}
for (const [k, c] of Object.entries(queries)) {
  const r = await db.executeQuery(CompiledQuery_raw(`explain query plan ${c.sql}`, c.parameters));
  console.log(k, r.rows.map((x: any) => x.detail));
}
function CompiledQuery_raw(s: string, p: readonly unknown[]) { return { sql: s, parameters: p, query: { kind: 'RawNode' } } as unknown as CompiledQuery; }
await store.close();
