/**
 * An annotator's answers on a leased task: submit labels (or nothing found), or skip with a
 * reason. A submission goes to review, waits for a second annotator (consensus), is accepted at
 * once when two agree, or is scored when the task is a honeypot.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Labelling, Shape, SubmitOutcome } from '../protocol-annotation.js';
import type { Store } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import type { TaskRow } from './annotation-rows.js';
import { compareSubmissions } from './consensus.js';
import { createFindings } from './findings.js';
import { honeypotScore } from './honeypot-score.js';
import { getQueueSettings } from './queue-store.js';
import { validateShapes } from './shape-validation.js';
import { readTaskImage } from './task-image.js';
import { readTaskForUpdate, requireLease } from './task-lease.js';
import { submitEvent, TASK_EVENTS } from './task-states.js';
import { writeTransaction } from './write-transaction.js';

export interface SubmitRequest {
  taskId: string;
  userId: string;
  now: number;
  body: Labelling;
}

export interface SubmitResult {
  task: TaskRow;
  outcome: SubmitOutcome;
  findingIds: string[];
}

/** Fields that end a lease. */
const released = { assignee: null, claimed_at: null, lease_expires_at: null, rework: 0 } as const;

/** Records the holder's answer and moves the task on; 404 / 409 (lease) / 400 (shapes) otherwise. */
export async function submitTask(store: Pick<Store, 'db' | 'engine'>, req: SubmitRequest): Promise<SubmitResult> {
  return writeTransaction(store, async (db) => {
    const task = await readTaskForUpdate(db, store.engine === 'postgres', req.taskId);
    requireLease(task, req.taskId, req.userId, req.now);
    const queue = await getQueueSettings(db, task.queue_id);
    const image = await readTaskImage(db, task.image_id);
    const shapes = validateShapes(req.body.shapes ?? [], { ...queue, width: image?.width ?? null, height: image?.height ?? null });

    const others = Number(task.annotators_required) >= 2 && Number(task.honeypot) === 0
      ? await db
        .selectFrom('task_annotations')
        .selectAll()
        .where('task_id', '=', task.id)
        .where('status', '=', 'submitted')
        .where('annotator_id', '<>', req.userId)
        .orderBy('submitted_at')
        .execute()
      : [];
    const other = others[0];
    let merged: Shape[] = [];
    const event = submitEvent({
      honeypot: Number(task.honeypot) === 1,
      annotatorsRequired: Number(task.annotators_required),
      othersSubmitted: others.length,
      agrees: () => {
        const r = compareSubmissions(JSON.parse(other.shapes) as Shape[], shapes, queue.attributes);
        if (r.agree) merged = r.merged;
        return r.agree;
      },
    });

    const annotationId = randomUUID();
    const score = event === 'submitHoneypot' ? honeypotScore(shapes, honeypotAnswer(task)) : null;
    await db
      .insertInto('task_annotations')
      .values({
        id: annotationId,
        task_id: task.id,
        queue_id: task.queue_id,
        annotator_id: req.userId,
        kind: shapes.length > 0 ? 'labels' : 'nothing',
        shapes: JSON.stringify(shapes),
        skip_reason: null,
        status: event === 'submitHoneypot' ? 'honeypot' : event === 'agree' ? 'accepted' : 'submitted',
        honeypot_score: score,
        started_at: Number(task.claimed_at ?? req.now),
        submitted_at: req.now,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
      })
      .execute();

    let findingIds: string[] = [];
    if (event === 'agree') {
      await db.updateTable('task_annotations').set({ status: 'accepted', reviewed_at: req.now }).where('id', '=', other.id).execute();
      findingIds = await createFindings(db, {
        taskId: task.id, queueId: task.queue_id, imageId: task.image_id, annotationId, shapes: merged, acceptedBy: null, now: req.now,
      });
    }
    // The annotator stays on a task sent to review, so a rejection can return it to them.
    const keepAnnotator = event === 'submit';
    const updated = await moveTask(db, task, TASK_EVENTS[event].to, req.now, keepAnnotator ? { lease_expires_at: null } : released);
    const outcome: SubmitOutcome = { submit: 'review', submitFirstOfTwo: 'awaiting_second', submitHoneypot: 'honeypot', agree: 'accepted' }[event] as SubmitOutcome;
    return { task: updated, outcome, findingIds };
  });
}

/** Hands the task back with a reason; the same annotator is not offered it again. */
export async function skipTask(store: Pick<Store, 'db' | 'engine'>, req: { taskId: string; userId: string; now: number; reason: string }): Promise<TaskRow> {
  return writeTransaction(store, async (db) => {
    const task = await readTaskForUpdate(db, store.engine === 'postgres', req.taskId);
    requireLease(task, req.taskId, req.userId, req.now);
    await db
      .insertInto('task_annotations')
      .values({
        id: randomUUID(),
        task_id: task.id,
        queue_id: task.queue_id,
        annotator_id: req.userId,
        kind: 'skip',
        shapes: '[]',
        skip_reason: req.reason,
        status: 'skipped',
        honeypot_score: null,
        started_at: Number(task.claimed_at ?? req.now),
        submitted_at: req.now,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
      })
      .execute();
    return moveTask(db, task, TASK_EVENTS.skip.to, req.now, released);
  });
}

function honeypotAnswer(task: TaskRow): Shape[] {
  const answer = task.honeypot_answer === null ? {} : (JSON.parse(task.honeypot_answer) as Labelling);
  return answer.shapes ?? [];
}

/** Sets the task's state (from the state it was read in) and other columns; the updated row. */
export async function moveTask(
  db: Kysely<Schema>,
  task: TaskRow,
  to: string,
  now: number,
  set: Partial<Pick<TaskRow, 'assignee' | 'claimed_at' | 'lease_expires_at' | 'rework' | 'review_comment' | 'reviewed_by' | 'reviewed_at'>>,
): Promise<TaskRow> {
  return db
    .updateTable('annotation_tasks')
    .set({ ...set, state: to, updated_at: now })
    .where('id', '=', task.id)
    .where('state', '=', task.state)
    .returningAll()
    .executeTakeFirstOrThrow();
}
