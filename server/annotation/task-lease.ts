/**
 * Leases: claiming the next task, renewing the lease by heartbeat, and returning tasks whose
 * lease ran out to the queue. A task waiting for an annotator is queued, or in progress with a
 * holder and an expiry, never in between: the claim reads and takes a task in one write
 * transaction (see write-transaction.ts), so two annotators never hold the same task.
 */
import type { Kysely } from 'kysely';
import type { Tier } from '../protocol-annotation.js';
import type { Store } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import { AnnotationError, notFound } from './annotation-error.js';
import type { TaskRow } from './annotation-rows.js';
import { TASK_EVENTS } from './task-states.js';
import { writeTransaction } from './write-transaction.js';

/** How long a claim holds a task without a heartbeat. */
export const DEFAULT_LEASE_MS = 10 * 60_000;

/** Annotation statuses that keep a task from being handed to the same annotator again. */
const DONE_BY_ME = ['submitted', 'accepted', 'skipped', 'honeypot'];

export interface ClaimRequest {
  queueId: string;
  userId: string;
  now: number;
  leaseMs: number;
}

/**
 * Hands the annotator their next task in the queue under a fresh lease, or null when there is none
 * for them. In order: the task they already hold; their own rejected work; a honeypot when their
 * share is due; then the highest priority, oldest task their tier may take and they have not done.
 */
export async function claimTask(store: Pick<Store, 'db' | 'engine'>, req: ClaimRequest): Promise<TaskRow | null> {
  return writeTransaction(store, async (db) => {
    const queue = await db
      .selectFrom('annotation_queues')
      .select((eb) => [
        'honeypot_share',
        eb.selectFrom('annotator_profiles').select('tier').where('user_id', '=', req.userId).as('tier'),
      ])
      .where('id', '=', req.queueId)
      .executeTakeFirst();
    if (!queue) throw notFound('queue', req.queueId);

    // The task they hold, else their oldest rejected work (both are theirs alone: no lock needed).
    const own = await db
      .selectFrom('annotation_tasks')
      .selectAll()
      .where('assignee', '=', req.userId)
      .where('queue_id', '=', req.queueId)
      .where((eb) => eb.or([
        eb.and([eb('state', '=', 'in_progress'), eb('lease_expires_at', '>', req.now)]),
        eb('state', 'in', TASK_EVENTS.rework.from),
      ]))
      .orderBy((eb) => eb.case().when('state', '=', 'in_progress').then(0).else(1).end())
      .orderBy('priority', 'desc')
      .orderBy('updated_at')
      .limit(1)
      .executeTakeFirst();
    if (own?.state === 'in_progress') return own;
    if (own) return take(db, own, req);

    // Lapsed leases go back to the queue now rather than at the next sweep, so the search below sees only queued tasks.
    await expireQueueLeases(db, req.queueId, req.now);
    const lock = store.engine === 'postgres';
    const tier: Tier = queue.tier === 'intermediate' ? 'intermediate' : 'junior';
    const honeypotShare = Number(queue.honeypot_share);
    if (honeypotShare > 0 && (await honeypotDue(db, req, honeypotShare))) {
      const honeypot = await nextQueued(db, req, { honeypot: true, tier, lock });
      if (honeypot) return take(db, honeypot, req);
    }
    const next = await nextQueued(db, req, { honeypot: false, tier, lock });
    return next ? take(db, next, req) : null;
  });
}

/** True when fewer than `share` of the annotator's submissions (counting the next) in this queue were honeypots. */
async function honeypotDue(db: Kysely<Schema>, req: ClaimRequest, share: number): Promise<boolean> {
  const row = await db
    .selectFrom('task_annotations')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('total'),
      eb.fn.sum<number | string | null>(eb.case().when('status', '=', 'honeypot').then(1).else(0).end()).as('honeypots'),
    ])
    .where('annotator_id', '=', req.userId)
    .where('queue_id', '=', req.queueId)
    .where('kind', '<>', 'skip')
    .executeTakeFirstOrThrow();
  return Number(row.honeypots ?? 0) < share * (Number(row.total) + 1);
}

/**
 * The next queued task for this annotator: the best of one candidate per difficulty the tier
 * allows, each found by walking the claim index in serving order and stopping at the first task
 * the annotator has not done.
 */
async function nextQueued(db: Kysely<Schema>, req: ClaimRequest, opts: { honeypot: boolean; tier: Tier; lock: boolean }): Promise<TaskRow | undefined> {
  const difficulties: Tier[] = opts.tier === 'intermediate' ? ['intermediate', 'junior'] : ['junior'];
  const found: TaskRow[] = [];
  for (const difficulty of difficulties) {
    const row = await db
      .selectFrom('annotation_tasks as t')
      .selectAll('t')
      .where('t.queue_id', '=', req.queueId)
      .where('t.state', 'in', TASK_EVENTS.claim.from)
      .where('t.honeypot', '=', opts.honeypot ? 1 : 0)
      .where('t.difficulty', '=', difficulty)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('task_annotations as a')
              .select('a.id')
              .whereRef('a.task_id', '=', 't.id')
              .where('a.annotator_id', '=', req.userId)
              .where('a.status', 'in', DONE_BY_ME),
          ),
        ),
      )
      .orderBy('t.priority', 'desc')
      .orderBy('t.captured_at')
      .orderBy('t.id')
      .limit(1)
      .$if(opts.lock, (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (row) found.push(row);
  }
  // Priority first; at equal priority trained annotators take the harder work, leaving juniors what they can do; then the oldest.
  const rank = (t: TaskRow) => (t.difficulty === opts.tier ? 0 : 1);
  found.sort((a, b) =>
    Number(b.priority) - Number(a.priority) || rank(a) - rank(b) || Number(a.captured_at) - Number(b.captured_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found[0];
}

async function take(db: Kysely<Schema>, task: TaskRow, req: ClaimRequest): Promise<TaskRow> {
  // Whoever let the lease lapse is told so on a late submit, unless they have claimed the task back.
  const back = task.expired_holder === req.userId ? { expired_holder: null, expired_at: null } : {};
  return db
    .updateTable('annotation_tasks')
    .set({
      state: 'in_progress',
      assignee: req.userId,
      claimed_at: req.now,
      lease_expires_at: req.now + req.leaseMs,
      rework: task.state === 'rejected' ? 1 : 0,
      ...back,
      updated_at: req.now,
    })
    .where('id', '=', task.id)
    // The row was read under the write lock (SQLite) or locked (PostgreSQL); the state check is a second guard.
    .where('state', '=', task.state)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Throws unless `userId` holds a live lease on `task`: 404 for no task, 409 `lease_expired` with
 * when it ran out, 409 `not_your_lease` otherwise.
 */
export function requireLease(task: TaskRow | undefined, taskId: string, userId: string, now: number): asserts task is TaskRow {
  if (!task) throw notFound('task', taskId);
  const when = (ms: number | null) => (ms === null ? 'earlier' : new Date(Number(ms)).toISOString());
  if (task.state === 'in_progress' && task.assignee === userId) {
    if (Number(task.lease_expires_at) > now) return;
    throw new AnnotationError(409, 'lease_expired', `your lease on task ${taskId} expired at ${when(task.lease_expires_at)}; claim again`);
  }
  if (task.expired_holder === userId) {
    const where = task.state === 'in_progress' ? 'to another annotator' : 'back to the queue';
    throw new AnnotationError(409, 'lease_expired', `your lease on task ${taskId} expired at ${when(task.expired_at)} and the task went ${where}`);
  }
  throw new AnnotationError(409, 'not_your_lease', `task ${taskId} is not leased to you (it is ${task.state})`);
}

/** The task row, locked until the transaction ends when `lock` (PostgreSQL; SQLite's write lock already covers it). */
export async function readTaskForUpdate(db: Kysely<Schema>, lock: boolean, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('annotation_tasks').selectAll().where('id', '=', id).$if(lock, (q) => q.forUpdate()).executeTakeFirst();
}

/** Renews the holder's lease to `now + leaseMs`; the new expiry. */
export async function heartbeat(store: Pick<Store, 'db' | 'engine'>, req: { taskId: string; userId: string; now: number; leaseMs: number }): Promise<number> {
  return writeTransaction(store, async (db) => {
    const task = await readTaskForUpdate(db, store.engine === 'postgres', req.taskId);
    requireLease(task, req.taskId, req.userId, req.now);
    const expires = req.now + req.leaseMs;
    await db
      .updateTable('annotation_tasks')
      .set({ lease_expires_at: expires, updated_at: req.now })
      .where('id', '=', req.taskId)
      .where('state', 'in', TASK_EVENTS.heartbeat.from)
      .execute();
    return expires;
  });
}

/** Returns the queue's tasks whose lease ran out by `now` to the queue, noting who let each lapse; how many. */
async function expireQueueLeases(db: Kysely<Schema>, queueId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('annotation_tasks')
    .set((eb) => ({
      state: TASK_EVENTS.expire.to,
      expired_holder: eb.ref('assignee'),
      expired_at: eb.ref('lease_expires_at'),
      assignee: null,
      claimed_at: null,
      lease_expires_at: null,
      rework: 0,
      updated_at: now,
    }))
    .where('queue_id', '=', queueId)
    .where('state', 'in', TASK_EVENTS.expire.from)
    .where('lease_expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Returns every task whose lease ran out by `now` to its queue; how many. */
export async function expireLeases(store: Pick<Store, 'db' | 'engine'>, now: number): Promise<number> {
  // Queue by queue, each in its own short transaction, along the (queue, state, lease) index.
  const queues = await store.db.selectFrom('annotation_queues').select('id').execute();
  let n = 0;
  for (const q of queues) n += await writeTransaction(store, (db) => expireQueueLeases(db, q.id, now));
  return n;
}
