/** Reading tasks: filtered lists for the workstation and reviewers, and one task with its annotations. */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.js';
import { notFound } from './annotation-error.js';
import type { AnnotationRow, TaskRow } from './annotation-rows.js';

/** Filters and page of `GET /api/tasks`. */
export interface TaskFilter {
  queue?: string;
  state?: string;
  assignee?: string;
  limit: number;
  offset: number;
}

/** Matching tasks in the order they are served (priority, then age), with the total count. */
export async function listTasks(db: Kysely<Schema>, f: TaskFilter): Promise<{ rows: TaskRow[]; total: number }> {
  let base = db.selectFrom('annotation_tasks');
  if (f.queue !== undefined) base = base.where('queue_id', '=', f.queue);
  if (f.state !== undefined) base = base.where('state', '=', f.state);
  if (f.assignee !== undefined) base = base.where('assignee', '=', f.assignee);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('priority', 'desc').orderBy('captured_at').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The task and every annotation made on it, oldest first; throws 404. */
export async function getTaskDetail(db: Kysely<Schema>, id: string): Promise<{ task: TaskRow; annotations: AnnotationRow[] }> {
  const task = await db.selectFrom('annotation_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task) throw notFound('task', id);
  const annotations = await db.selectFrom('task_annotations').selectAll().where('task_id', '=', id).orderBy('submitted_at').orderBy('id').execute();
  return { task, annotations };
}
