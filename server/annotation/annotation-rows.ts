/** Stored rows → the DTOs of protocol-annotation.ts. */
import type { Selectable } from 'kysely';
import type {
  AnnotationDTO,
  AttributeDef,
  DepthDTO,
  LabelDef,
  Shape,
  TaskDTO,
  TaskState,
  Tier,
} from '../protocol-annotation.js';
import { TASK_STATES } from '../protocol-annotation.js';
import type { AnnotationQueuesTable, AnnotationTasksTable, TaskAnnotationsTable } from '../store/schema-annotation.js';

export type QueueRow = Selectable<AnnotationQueuesTable>;
export type TaskRow = Selectable<AnnotationTasksTable>;
export type AnnotationRow = Selectable<TaskAnnotationsTable>;

/** A queue's settings, parsed. */
export interface QueueSettings {
  id: string;
  name: string;
  patrol: string | null;
  labels: LabelDef[];
  attributes: AttributeDef[];
  annotatorsPerTask: number;
  honeypotShare: number;
  createdAt: number;
  updatedAt: number;
}

export function toQueueSettings(row: QueueRow): QueueSettings {
  return {
    id: row.id,
    name: row.name,
    patrol: row.patrol,
    labels: JSON.parse(row.labels) as LabelDef[],
    attributes: JSON.parse(row.attributes) as AttributeDef[],
    annotatorsPerTask: Number(row.annotators_per_task),
    honeypotShare: Number(row.honeypot_share),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Zero for every state. */
export function emptyDepth(): DepthDTO {
  return Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as DepthDTO;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** The task as the API shows it; `admin` adds whether it is a honeypot (annotators must not know). */
export function toTaskDTO(row: TaskRow, opts: { admin: boolean; annotations?: AnnotationRow[] }): TaskDTO {
  const dto: TaskDTO = {
    id: row.id,
    queueId: row.queue_id,
    imageId: row.image_id,
    state: row.state as TaskState,
    priority: Number(row.priority),
    difficulty: row.difficulty as Tier,
    annotatorsRequired: Number(row.annotators_required),
    assignee: row.assignee,
    leaseExpiresAt: num(row.lease_expires_at),
    rework: Number(row.rework) === 1,
    reviewComment: row.review_comment,
    capturedAt: Number(row.captured_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (opts.admin) dto.honeypot = Number(row.honeypot) === 1;
  if (opts.annotations) dto.annotations = opts.annotations.map((a) => toAnnotationDTO(a, opts.admin));
  return dto;
}

export function toAnnotationDTO(row: AnnotationRow, admin: boolean): AnnotationDTO {
  const dto: AnnotationDTO = {
    id: row.id,
    taskId: row.task_id,
    annotatorId: row.annotator_id,
    kind: row.kind as AnnotationDTO['kind'],
    shapes: JSON.parse(row.shapes) as Shape[],
    skipReason: row.skip_reason,
    // Annotators must not learn which tasks are honeypots.
    status: (row.status === 'honeypot' && !admin ? 'submitted' : row.status) as AnnotationDTO['status'],
    startedAt: Number(row.started_at),
    submittedAt: Number(row.submitted_at),
    reviewComment: row.review_comment,
  };
  if (admin) dto.honeypotScore = num(row.honeypot_score);
  return dto;
}
