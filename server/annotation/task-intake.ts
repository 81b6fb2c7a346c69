/**
 * Intake: every stored photo becomes one task in the queue of its patrol type. Called by the
 * imagery ingest for each image it stores; calling it again for the same photo changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Shape, Tier } from '../protocol-annotation.js';
import type { AnnotationTasksTable } from '../store/schema-annotation.js';
import type { Schema } from '../store/schema.js';
import { intakePriority } from './task-priority.js';

/** The photo a task is made for. */
export interface IntakeImage {
  id: string;
  /** forest | powerline | rescue; null files no task (no queue knows what to look for). */
  patrol: string | null;
  /** Wall-clock ms of the capture: older photos are served first within a priority. */
  capturedAt: number;
}

export interface IntakeOptions {
  /** Raise the task (e.g. PRIORITY.raised for a photo an operator flagged); rescue photos stay on top. */
  priority?: number;
  difficulty?: Tier;
  /** Pre-annotations shown to the annotator as a starting point. */
  suggestions?: Shape[];
  /** Creation time, ms; default the capture time. */
  now?: number;
}

/** The task, and whether this call created it. */
export interface IntakeResult {
  task: Selectable<AnnotationTasksTable>;
  created: boolean;
}

/**
 * Creates the task for `image` in its patrol's queue, or finds the one already there (one task per
 * image and queue, enforced by a unique key so concurrent calls cannot make two). Null when no queue
 * takes the image's patrol type.
 */
export async function createTaskForImage(db: Kysely<Schema>, image: IntakeImage, opts: IntakeOptions = {}): Promise<IntakeResult | null> {
  if (image.patrol === null) return null;
  const queue = await db
    .selectFrom('annotation_queues')
    .select(['id', 'annotators_per_task'])
    .where('patrol', '=', image.patrol)
    .executeTakeFirst();
  if (!queue) return null;
  const now = opts.now ?? image.capturedAt;
  const inserted = await db
    .insertInto('annotation_tasks')
    .values({
      id: randomUUID(),
      queue_id: queue.id,
      image_id: image.id,
      state: 'queued',
      priority: intakePriority(image.patrol, opts.priority),
      difficulty: opts.difficulty ?? 'junior',
      annotators_required: Number(queue.annotators_per_task),
      honeypot: 0,
      honeypot_answer: null,
      suggestions: JSON.stringify(opts.suggestions ?? []),
      assignee: null,
      claimed_at: null,
      lease_expires_at: null,
      rework: 0,
      expired_holder: null,
      expired_at: null,
      review_comment: null,
      reviewed_by: null,
      reviewed_at: null,
      captured_at: image.capturedAt,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['queue_id', 'image_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { task: inserted, created: true };
  const existing = await db
    .selectFrom('annotation_tasks')
    .selectAll()
    .where('queue_id', '=', queue.id)
    .where('image_id', '=', image.id)
    .executeTakeFirstOrThrow();
  return { task: existing, created: false };
}
