/**
 * Reviewers and admins on tasks: accept (labels become findings) or reject (back to the annotator
 * as rework, or a fresh round for a consensus disagreement), mark a honeypot with its known
 * answer, and raise a task or set its difficulty.
 */
import type { Kysely } from 'kysely';
import type { Labelling, Shape, TaskState, Tier } from '../protocol-annotation.js';
import type { Store } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import { AnnotationError, invalid, notFound } from './annotation-error.js';
import type { TaskRow } from './annotation-rows.js';
import { createFindings } from './findings.js';
import { getQueueSettings } from './queue-store.js';
import { validateShapes } from './shape-validation.js';
import { readTaskImage } from './task-image.js';
import { readTaskForUpdate } from './task-lease.js';
import { nextState, TASK_EVENTS } from './task-states.js';
import { moveTask } from './task-work.js';
import { writeTransaction } from './write-transaction.js';

export interface ReviewRequest {
  taskId: string;
  reviewerId: string;
  now: number;
  decision: 'accept' | 'reject';
  comment?: string;
  /** Which of two disagreeing annotations to accept. */
  annotationId?: string;
}

async function lockedTask(db: Kysely<Schema>, store: Pick<Store, 'engine'>, id: string): Promise<TaskRow> {
  const task = await readTaskForUpdate(db, store.engine === 'postgres', id);
  if (!task) throw notFound('task', id);
  return task;
}

/** Accepts or rejects a submitted task; the task and the findings an acceptance made. */
export async function reviewTask(store: Pick<Store, 'db' | 'engine'>, req: ReviewRequest): Promise<{ task: TaskRow; findingIds: string[] }> {
  return writeTransaction(store, async (db) => {
    const task = await lockedTask(db, store, req.taskId);
    if (nextState(task.state as TaskState, req.decision) === null) {
      throw new AnnotationError(409, 'not_submitted', `task ${task.id} is ${task.state}; only submitted tasks can be reviewed`);
    }
    const candidates = await db
      .selectFrom('task_annotations')
      .selectAll()
      .where('task_id', '=', task.id)
      .where('status', '=', 'submitted')
      .orderBy('submitted_at')
      .execute();
    if (candidates.some((a) => a.annotator_id === req.reviewerId)) {
      throw new AnnotationError(409, 'own_work', `task ${task.id} holds your own annotation; another reviewer must review it`);
    }
    const review = { reviewed_by: req.reviewerId, reviewed_at: req.now, review_comment: req.comment ?? null };

    if (req.decision === 'reject') {
      await db.updateTable('task_annotations').set({ ...review, status: 'rejected' }).where('task_id', '=', task.id).where('status', '=', 'submitted').execute();
      // One annotator: the work goes back to them. Two who disagreed: a fresh round for anyone.
      // Work recorded under someone who cannot label (e.g. an admin's import) goes back to the queue.
      const single = candidates.length <= 1 && (await canLabel(db, candidates[0]?.annotator_id ?? task.assignee));
      const updated = single
        ? await moveTask(db, task, TASK_EVENTS.reject.to, req.now, { ...review, assignee: candidates[0]?.annotator_id ?? task.assignee, lease_expires_at: null })
        : await moveTask(db, task, TASK_EVENTS.rejectConsensus.to, req.now, { ...review, assignee: null, claimed_at: null, lease_expires_at: null, rework: 0 });
      return { task: updated, findingIds: [] };
    }

    let chosen = candidates[candidates.length - 1];
    if (req.annotationId !== undefined) {
      const pick = candidates.find((a) => a.id === req.annotationId);
      if (!pick) throw invalid('annotationId', `is not a submitted annotation of task ${task.id}`);
      chosen = pick;
    } else if (candidates.length > 1) {
      throw invalid('annotationId', 'two annotators disagree on this task; name the annotation to accept');
    }
    if (!chosen) throw new AnnotationError(409, 'not_submitted', `task ${task.id} has no submitted annotation`);
    await db.updateTable('task_annotations').set({ ...review, status: 'accepted' }).where('id', '=', chosen.id).execute();
    await db.updateTable('task_annotations').set({ ...review, status: 'rejected' }).where('task_id', '=', task.id).where('status', '=', 'submitted').execute();
    const findingIds = await createFindings(db, {
      taskId: task.id, queueId: task.queue_id, imageId: task.image_id, annotationId: chosen.id,
      shapes: JSON.parse(chosen.shapes) as Shape[], acceptedBy: req.reviewerId, now: req.now,
    });
    const updated = await moveTask(db, task, TASK_EVENTS.accept.to, req.now, { ...review, lease_expires_at: null });
    return { task: updated, findingIds };
  });
}

/** Makes a queued or accepted task a honeypot with its known answer (validated like a submission). */
export async function markHoneypot(store: Pick<Store, 'db' | 'engine'>, req: { taskId: string; now: number; answer: Labelling }): Promise<TaskRow> {
  return writeTransaction(store, async (db) => {
    const task = await lockedTask(db, store, req.taskId);
    if (nextState(task.state as TaskState, 'markHoneypot') === null) {
      throw new AnnotationError(409, 'task_busy', `task ${task.id} is ${task.state}; only a queued or accepted task can become a honeypot`);
    }
    const queue = await getQueueSettings(db, task.queue_id);
    const image = await readTaskImage(db, task.image_id);
    const shapes = validateShapes(req.answer.shapes ?? [], { ...queue, width: image?.width ?? null, height: image?.height ?? null }, 'answer.shapes');
    const answer: Labelling = shapes.length > 0 ? { shapes } : { nothingFound: true };
    return db
      .updateTable('annotation_tasks')
      .set({ honeypot: 1, honeypot_answer: JSON.stringify(answer), state: TASK_EVENTS.markHoneypot.to, assignee: null, claimed_at: null, lease_expires_at: null, rework: 0, updated_at: req.now })
      .where('id', '=', task.id)
      .where('state', '=', task.state)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Sets a task's priority or difficulty. */
export async function patchTask(store: Pick<Store, 'db' | 'engine'>, req: { taskId: string; now: number; priority?: number; difficulty?: Tier }): Promise<TaskRow> {
  return writeTransaction(store, async (db) => {
    const row = await db
      .updateTable('annotation_tasks')
      .set({
        ...(req.priority !== undefined && { priority: req.priority }),
        ...(req.difficulty !== undefined && { difficulty: req.difficulty }),
        updated_at: req.now,
      })
      .where('id', '=', req.taskId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('task', req.taskId);
    return row;
  });
}

/** False only for a known account without the annotator role. */
async function canLabel(db: Kysely<Schema>, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const row = await db.selectFrom('users').select('roles').where('id', '=', userId).executeTakeFirst();
  if (!row) return true;
  const roles: unknown = JSON.parse(row.roles);
  return Array.isArray(roles) && roles.includes('annotator');
}
