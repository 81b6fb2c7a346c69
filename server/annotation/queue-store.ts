/** Queues: their settings, depths by state, and admin edits. */
import type { Kysely } from 'kysely';
import type { DepthDTO, QueueDTO, QueueUpdate, TaskState } from '../protocol-annotation.js';
import type { Schema } from '../store/schema.js';
import { notFound } from './annotation-error.js';
import { emptyDepth, toQueueSettings, type QueueSettings } from './annotation-rows.js';

/** Work tasks per state and honeypot count of each queue. */
export type QueueDepths = Map<string, { depth: DepthDTO; honeypots: number }>;

/** Depths of every queue (queues without tasks included, all zero). */
export async function queueDepths(db: Kysely<Schema>): Promise<QueueDepths> {
  const [queues, counts] = await Promise.all([
    db.selectFrom('annotation_queues').select('id').orderBy('id').execute(),
    db
      .selectFrom('annotation_tasks')
      .select((eb) => ['queue_id', 'state', 'honeypot', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['queue_id', 'state', 'honeypot'])
      .execute(),
  ]);
  const out: QueueDepths = new Map(queues.map((q) => [q.id, { depth: emptyDepth(), honeypots: 0 }]));
  for (const c of counts) {
    const entry = out.get(c.queue_id);
    if (!entry) continue;
    if (Number(c.honeypot) === 1) entry.honeypots += Number(c.n);
    else if (c.state in entry.depth) entry.depth[c.state as TaskState] += Number(c.n);
  }
  return out;
}

/** Settings of one queue; throws 404. */
export async function getQueueSettings(db: Kysely<Schema>, id: string): Promise<QueueSettings> {
  const row = await db.selectFrom('annotation_queues').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('queue', id);
  return toQueueSettings(row);
}

function toDTO(q: QueueSettings, depths: QueueDepths): QueueDTO {
  const d = depths.get(q.id) ?? { depth: emptyDepth(), honeypots: 0 };
  return {
    id: q.id,
    name: q.name,
    patrol: q.patrol,
    labels: q.labels,
    attributes: q.attributes,
    consensus: q.annotatorsPerTask >= 2 ? 'two' : 'off',
    honeypotShare: q.honeypotShare,
    depth: d.depth,
    honeypots: d.honeypots,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
  };
}

/** Every queue with its depth by state. */
export async function listQueues(db: Kysely<Schema>): Promise<QueueDTO[]> {
  const [rows, depths] = await Promise.all([db.selectFrom('annotation_queues').selectAll().orderBy('id').execute(), queueDepths(db)]);
  return rows.map((r) => toDTO(toQueueSettings(r), depths));
}

/** One queue with its depth; throws 404. */
export async function getQueue(db: Kysely<Schema>, id: string): Promise<QueueDTO> {
  const [q, depths] = await Promise.all([getQueueSettings(db, id), queueDepths(db)]);
  return toDTO(q, depths);
}

/** Applies an admin's edit; new settings apply to tasks made from now on (consensus) and to every claim (honeypot share). */
export async function updateQueue(db: Kysely<Schema>, id: string, patch: QueueUpdate, now: number): Promise<QueueDTO> {
  const result = await db
    .updateTable('annotation_queues')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.labels !== undefined && { labels: JSON.stringify(patch.labels) }),
      ...(patch.attributes !== undefined && { attributes: JSON.stringify(patch.attributes) }),
      ...(patch.consensus !== undefined && { annotators_per_task: patch.consensus === 'two' ? 2 : 1 }),
      ...(patch.honeypotShare !== undefined && { honeypot_share: patch.honeypotShare }),
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('queue', id);
  return getQueue(db, id);
}
