/**
 * Which tasks an export takes and what labels each carries, read page by page in capture order so
 * an export of any size holds one page in memory. Honeypots are left out (their answers are the
 * measure of annotators, not labelling work), as are photos whose file is not stored.
 */
import type { Kysely } from 'kysely';
import type { AttributeDef, ExportQuery, LabelDef, Shape, TaskState } from '../../protocol-annotation.js';
import type { Schema } from '../../store/schema.js';
import { notFound } from '../annotation-error.js';
import { toQueueSettings } from '../annotation-rows.js';

/** Tasks read per page. */
export const PAGE_SIZE = 200;

/** One labelling behind an item's labels (Label Studio keeps each as an annotation). */
export interface ExportAnnotation {
  id: string;
  annotatorId: string;
  status: 'accepted' | 'submitted';
  shapes: Shape[];
  startedAt: number;
  submittedAt: number;
}

/** One task of the export with its photo and labels. */
export interface ExportItem {
  taskId: string;
  queueId: string;
  state: TaskState;
  image: { id: string; fileName: string | null; width: number; height: number; sha256: string; capturedAt: number };
  /**
   * The task's labels: what was accepted for an accepted task, the latest submission for one in
   * review; null while it has none (queued, in progress, rejected). An empty list is "nothing found".
   */
  labels: Shape[] | null;
  annotations: ExportAnnotation[];
  /** Imported predictions shown to annotators. */
  suggestions: Shape[];
}

/** The size of a selection and the label sets it is exported with. */
export interface SelectionSummary {
  total: number;
  /** Bytes of the photo files. */
  bytes: number;
  /** Labels of the queues the export spans (one queue, or all), in order, each key once. */
  labels: LabelDef[];
  attributes: AttributeDef[];
}

function filtered(db: Kysely<Schema>, q: ExportQuery) {
  let s = db
    .selectFrom('annotation_tasks as t')
    .innerJoin('images as i', 'i.id', 't.image_id')
    .where('t.honeypot', '=', 0)
    .where('i.status', '=', 'stored')
    .where('i.sha256', 'is not', null)
    .where('i.width', 'is not', null)
    .where('i.height', 'is not', null);
  if (q.queue !== undefined) s = s.where('t.queue_id', '=', q.queue);
  if (q.patrol !== undefined) s = s.where('i.patrol', '=', q.patrol);
  if (q.plan !== undefined) s = s.where('i.plan_id', '=', q.plan);
  if (q.from !== undefined) s = s.where('t.captured_at', '>=', q.from);
  if (q.to !== undefined) s = s.where('t.captured_at', '<', q.to);
  if (q.state !== 'all') s = s.where('t.state', '=', q.state);
  return s;
}

/** Counts the selection and gathers its label sets; throws 404 for an unknown queue. */
export async function summarise(db: Kysely<Schema>, q: ExportQuery): Promise<SelectionSummary> {
  let queues = db.selectFrom('annotation_queues').selectAll().orderBy('id');
  if (q.queue !== undefined) queues = queues.where('id', '=', q.queue);
  const [rows, count] = await Promise.all([
    queues.execute(),
    filtered(db, q)
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>('i.bytes').as('bytes')])
      .executeTakeFirstOrThrow(),
  ]);
  if (q.queue !== undefined && rows.length === 0) throw notFound('queue', q.queue);
  const labels = new Map<string, LabelDef>();
  const attributes = new Map<string, AttributeDef>();
  for (const queue of rows.map(toQueueSettings)) {
    for (const l of queue.labels) if (!labels.has(l.key)) labels.set(l.key, l);
    for (const a of queue.attributes) if (!attributes.has(a.key)) attributes.set(a.key, a);
  }
  return { total: Number(count.n), bytes: Number(count.bytes ?? 0), labels: [...labels.values()], attributes: [...attributes.values()] };
}

/** The selection in capture order, a page at a time. */
export async function* selectionPages(db: Kysely<Schema>, q: ExportQuery, pageSize = PAGE_SIZE): AsyncGenerator<ExportItem[]> {
  let after: { capturedAt: number; id: string } | null = null;
  for (;;) {
    let page = filtered(db, q)
      .select([
        't.id', 't.queue_id', 't.state', 't.captured_at', 't.suggestions',
        'i.id as image_id', 'i.file_name', 'i.width', 'i.height', 'i.sha256',
      ])
      .orderBy('t.captured_at')
      .orderBy('t.id')
      .limit(pageSize);
    if (after) {
      const { capturedAt, id } = after;
      page = page.where((eb) => eb.or([eb('t.captured_at', '>', capturedAt), eb.and([eb('t.captured_at', '=', capturedAt), eb('t.id', '>', id)])]));
    }
    const rows = await page.execute();
    if (rows.length === 0) return;
    const labelled = await labelsOf(db, rows.filter((r) => r.state === 'accepted' || r.state === 'submitted').map((r) => r.id));
    yield rows.map((r) => {
      const l = labelled.get(r.id);
      return {
        taskId: r.id,
        queueId: r.queue_id,
        state: r.state as TaskState,
        image: { id: r.image_id, fileName: r.file_name, width: Number(r.width), height: Number(r.height), sha256: r.sha256!, capturedAt: Number(r.captured_at) },
        labels: l?.labels ?? null,
        annotations: l?.annotations ?? [],
        suggestions: JSON.parse(r.suggestions) as Shape[],
      };
    });
    const last = rows[rows.length - 1];
    after = { capturedAt: Number(last.captured_at), id: last.id };
    if (rows.length < pageSize) return;
  }
}

/**
 * Labels of accepted and submitted tasks. An accepted task's labels are its accepted annotation's
 * shapes, or, when two annotators agreed, the merged shapes its findings were made from.
 */
async function labelsOf(db: Kysely<Schema>, taskIds: string[]): Promise<Map<string, { labels: Shape[]; annotations: ExportAnnotation[] }>> {
  const out = new Map<string, { labels: Shape[]; annotations: ExportAnnotation[] }>();
  if (taskIds.length === 0) return out;
  const [annotations, findings] = await Promise.all([
    db
      .selectFrom('task_annotations')
      .select(['id', 'task_id', 'annotator_id', 'status', 'shapes', 'started_at', 'submitted_at'])
      .where('task_id', 'in', taskIds)
      .where('status', 'in', ['accepted', 'submitted'])
      .orderBy('submitted_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('findings').select(['task_id', 'shape']).where('task_id', 'in', taskIds).orderBy('created_at').orderBy('id').execute(),
  ]);
  const merged = new Map<string, Shape[]>();
  for (const f of findings) merged.set(f.task_id, [...(merged.get(f.task_id) ?? []), JSON.parse(f.shape) as Shape]);
  const byTask = new Map<string, ExportAnnotation[]>();
  for (const a of annotations) {
    const list = byTask.get(a.task_id) ?? [];
    list.push({
      id: a.id,
      annotatorId: a.annotator_id,
      status: a.status as ExportAnnotation['status'],
      shapes: JSON.parse(a.shapes) as Shape[],
      startedAt: Number(a.started_at),
      submittedAt: Number(a.submitted_at),
    });
    byTask.set(a.task_id, list);
  }
  for (const [taskId, list] of byTask) {
    const accepted = list.filter((a) => a.status === 'accepted');
    if (accepted.length > 0) {
      const shapes = accepted.length === 1 ? accepted[0].shapes : (merged.get(taskId) ?? []);
      const last = accepted[accepted.length - 1];
      out.set(taskId, { labels: shapes, annotations: [{ ...last, shapes }] });
    } else {
      out.set(taskId, { labels: list[list.length - 1].shapes, annotations: list });
    }
  }
  return out;
}
