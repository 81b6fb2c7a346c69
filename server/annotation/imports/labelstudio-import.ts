/**
 * Importing a Label Studio JSON export into a queue. Each task is matched to a photo by
 * `data.image_id` (our exports write it) or by the file name in `data.image` (a path or URL; Label
 * Studio's upload prefix `1a2b3c4d-` is tried off too), and must have a task in the queue.
 *
 * - `predictions`: the task's last prediction becomes its suggestions, shown to the annotator who
 *   claims it (honeypots are left alone: suggestions would give their answer away).
 * - `annotations`: the task's last annotation not cancelled is submitted for review in the
 *   importer's name, or accepted at once (findings made) with `accept`; only queued tasks take them.
 *
 * The whole file is checked before anything is written, then written in one transaction: a file
 * with any problem changes nothing, and the refusal names the JSON path of the first problem.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImportQuery, ImportResultDTO, Shape } from '../../protocol-annotation.js';
import type { Store } from '../../store/database.js';
import type { Schema } from '../../store/schema.js';
import { AnnotationError } from '../annotation-error.js';
import type { QueueSettings } from '../annotation-rows.js';
import { createFindings } from '../findings.js';
import { getQueueSettings } from '../queue-store.js';
import { writeTransaction } from '../write-transaction.js';
import { shapesFromResults } from './labelstudio-results.js';
import { parseLsExport, type LsResult, type LsTask } from './labelstudio-schema.js';

export interface LsImportRequest {
  query: ImportQuery;
  /** The parsed JSON body. */
  body: unknown;
  userId: string;
  now: number;
}

/** A task of the queue that a file's task may name. */
interface Target {
  taskId: string;
  imageId: string;
  state: string;
  honeypot: boolean;
  fileName: string | null;
  width: number | null;
  height: number | null;
}

/** What one file task will write. */
interface Planned {
  at: string;
  target: Target;
  shapes: Shape[];
}

const JPEG = /\.jpe?g$/i;

const refuse = (path: string, message: string, status: 400 | 409 = 400): AnnotationError =>
  new AnnotationError(status, status === 400 ? 'invalid' : 'task_busy', `${path}: ${message}`);

/** Imports the file; throws 404 (queue), 400 (the file, with its JSON path) or 409 (a task not open to it). */
export async function importLabelStudio(store: Pick<Store, 'db' | 'engine'>, req: LsImportRequest): Promise<ImportResultDTO> {
  const queue = await getQueueSettings(store.db, req.query.queue);
  const parsed = parseLsExport(req.body);
  if (!parsed.ok) throw refuse(parsed.path, parsed.message);
  const targets = await resolveTargets(store.db, queue.id, parsed.tasks);
  const plan = planImport(parsed.tasks, targets, queue, req.query);
  const accept = req.query.accept === true;
  const findings = await writeTransaction(store, async (db) => {
    let made = 0;
    for (const p of plan) {
      if (req.query.as === 'predictions') {
        await db.updateTable('annotation_tasks').set({ suggestions: JSON.stringify(p.shapes), updated_at: req.now }).where('id', '=', p.target.taskId).execute();
      } else {
        made += await writeAnnotation(db, p, { queueId: queue.id, accept, userId: req.userId, now: req.now });
      }
    }
    return made;
  });
  return {
    queueId: queue.id,
    as: req.query.as,
    accepted: accept,
    tasks: parsed.tasks.length,
    imported: plan.length,
    skipped: parsed.tasks.length - plan.length,
    shapes: plan.reduce((n, p) => n + p.shapes.length, 0),
    findings,
  };
}

/** Where each file task points: the image id it gives, or the file names it may mean. */
function referenceOf(task: LsTask, i: number): { at: string; id?: string; names: string[]; shown: string } {
  const { image_id: id, image } = task.data;
  if (typeof id === 'string' && id !== '') return { at: `$[${i}].data.image_id`, id, names: [], shown: id };
  if (typeof image !== 'string' || image === '') throw refuse(`$[${i}].data`, 'give image (the photo\'s path or file name) or image_id');
  let path = image;
  const local = /[?&]d=([^&#]+)/.exec(image);
  if (local) path = local[1];
  path = path.replace(/[?#].*$/, '');
  let name = path.split(/[\\/]/).pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // A name with a stray % is matched as written.
  }
  const names = [name];
  const unprefixed = /^[0-9a-f]{8}-(.+)$/i.exec(name);
  if (unprefixed) names.push(unprefixed[1]);
  return { at: `$[${i}].data.image`, names, shown: name };
}

async function resolveTargets(db: Kysely<Schema>, queueId: string, tasks: LsTask[]): Promise<Target[]> {
  const refs = tasks.map(referenceOf);
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of refs) {
    if (r.id) ids.add(r.id);
    for (const n of r.names) {
      names.add(n);
      // Our own exports name a photo that has no file name after its id.
      ids.add(n.replace(JPEG, ''));
    }
  }
  const rows: Target[] = [];
  const chunk = 400;
  const lookup = async (column: 'i.id' | 'i.file_name', values: string[]): Promise<void> => {
    for (let k = 0; k < values.length; k += chunk) {
      const found = await db
        .selectFrom('annotation_tasks as t')
        .innerJoin('images as i', 'i.id', 't.image_id')
        .select(['t.id as taskId', 't.state', 't.honeypot', 'i.id as imageId', 'i.file_name', 'i.width', 'i.height'])
        .where('t.queue_id', '=', queueId)
        .where(column, 'in', values.slice(k, k + chunk))
        .execute();
      for (const f of found) {
        rows.push({
          taskId: f.taskId, imageId: f.imageId, state: f.state, honeypot: Number(f.honeypot) === 1, fileName: f.file_name,
          width: f.width === null ? null : Number(f.width), height: f.height === null ? null : Number(f.height),
        });
      }
    }
  };
  await lookup('i.id', [...ids]);
  await lookup('i.file_name', [...names]);
  const byId = new Map(rows.map((r) => [r.imageId, r]));
  const byName = new Map<string, Map<string, Target>>();
  for (const r of rows) {
    if (r.fileName === null) continue;
    const same = byName.get(r.fileName) ?? new Map<string, Target>();
    same.set(r.imageId, r);
    byName.set(r.fileName, same);
  }

  return refs.map((ref) => {
    if (ref.id) {
      const t = byId.get(ref.id);
      if (!t) throw refuse(ref.at, `no photo with id "${ref.id}" has a task in queue ${queueId}`);
      return t;
    }
    for (const name of ref.names) {
      const same = [...(byName.get(name)?.values() ?? [])];
      if (same.length > 1) throw refuse(ref.at, `${same.length} photos named "${name}" have tasks in queue ${queueId}; give data.image_id`);
      if (same.length === 1) return same[0];
    }
    const byStem = byId.get(ref.shown.replace(JPEG, ''));
    if (byStem) return byStem;
    throw refuse(ref.at, `no photo named "${ref.shown}" has a task in queue ${queueId}`);
  });
}

function planImport(tasks: LsTask[], targets: Target[], queue: QueueSettings, query: ImportQuery): Planned[] {
  const seen = new Map<string, number>();
  const plan: Planned[] = [];
  for (const [i, task] of tasks.entries()) {
    const target = targets[i];
    const first = seen.get(target.taskId);
    if (first !== undefined) throw refuse(`$[${i}]`, `names the same photo (${target.imageId}) as $[${first}]`);
    seen.set(target.taskId, i);
    if (target.width === null || target.height === null) throw refuse(`$[${i}].data`, `photo ${target.imageId} has no stored file yet, so its size is unknown`);
    const size = { width: target.width, height: target.height };

    let source: { at: string; result: LsResult[]; score?: number | null } | undefined;
    if (query.as === 'predictions') {
      if (target.honeypot) continue;
      const k = (task.predictions?.length ?? 0) - 1;
      if (k >= 0) source = { at: `$[${i}].predictions[${k}].result`, result: task.predictions![k].result, score: task.predictions![k].score };
    } else {
      const list = task.annotations ?? [];
      let k = list.length - 1;
      while (k >= 0 && list[k].was_cancelled === true) k--;
      if (k >= 0) source = { at: `$[${i}].annotations[${k}].result`, result: list[k].result };
      if (source && (target.honeypot || target.state !== 'queued')) {
        throw refuse(`$[${i}]`, `task ${target.taskId} is ${target.honeypot ? 'a honeypot' : target.state}; imported annotations go only to queued tasks`, 409);
      }
    }
    if (!source) continue;
    const converted = shapesFromResults(source.result, size, queue, source.at, source.score);
    if (!converted.ok) throw refuse(converted.path, converted.message);
    plan.push({ at: `$[${i}]`, target, shapes: converted.shapes });
  }
  return plan;
}

/** Writes one imported annotation and moves its task on; the findings made. */
async function writeAnnotation(db: Kysely<Schema>, p: Planned, o: { queueId: string; accept: boolean; userId: string; now: number }): Promise<number> {
  const review = o.accept ? { reviewed_by: o.userId, reviewed_at: o.now } : { reviewed_by: null, reviewed_at: null };
  const moved = await db
    .updateTable('annotation_tasks')
    .set({ state: o.accept ? 'accepted' : 'submitted', assignee: null, claimed_at: null, lease_expires_at: null, rework: 0, review_comment: null, ...review, updated_at: o.now })
    .where('id', '=', p.target.taskId)
    .where('state', '=', 'queued')
    .where('honeypot', '=', 0)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) throw refuse(p.at, `task ${p.target.taskId} was claimed or changed during the import; nothing was imported`, 409);
  const annotationId = randomUUID();
  await db
    .insertInto('task_annotations')
    .values({
      id: annotationId,
      task_id: p.target.taskId,
      queue_id: o.queueId,
      annotator_id: o.userId,
      kind: p.shapes.length > 0 ? 'labels' : 'nothing',
      shapes: JSON.stringify(p.shapes),
      skip_reason: null,
      status: o.accept ? 'accepted' : 'submitted',
      honeypot_score: null,
      started_at: o.now,
      submitted_at: o.now,
      ...review,
      review_comment: null,
    })
    .execute();
  if (!o.accept) return 0;
  const ids = await createFindings(db, {
    taskId: p.target.taskId, queueId: o.queueId, imageId: p.target.imageId, annotationId, shapes: p.shapes, acceptedBy: o.userId, now: o.now,
  });
  return ids.length;
}
