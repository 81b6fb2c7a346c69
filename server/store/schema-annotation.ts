/**
 * Table types of annotation: queues, tasks with their leases, the annotations people submit,
 * annotator tiers and the findings accepted labels become. Same portable column rules as schema.ts.
 */

/** A queue: one per patrol type by default, with its label set and settings. */
export interface AnnotationQueuesTable {
  id: string;
  name: string;
  /** Patrol type whose photos are filed here (unique), or null. */
  patrol: string | null;
  /** JSON array of LabelDef. */
  labels: string;
  /** JSON array of AttributeDef. */
  attributes: string;
  /** Annotators per task: 1, or 2 for consensus. */
  annotators_per_task: number;
  honeypot_share: number;
  created_at: number;
  updated_at: number;
}

/** One photo's work in one queue; the lease columns say who holds it until when. */
export interface AnnotationTasksTable {
  id: string;
  queue_id: string;
  /** The image (no foreign key: images live in another feature's table). */
  image_id: string;
  state: string;
  priority: number;
  difficulty: string;
  annotators_required: number;
  /** 1 for a honeypot: a task with a known answer that measures annotators. */
  honeypot: number;
  /** JSON Labelling, for honeypots. */
  honeypot_answer: string | null;
  /** JSON array of Shape to start from. */
  suggestions: string;
  assignee: string | null;
  claimed_at: number | null;
  lease_expires_at: number | null;
  /** 1 while back with its annotator after a rejection. */
  rework: number;
  /** Who last lost the lease by letting it expire, and when, so their late submit gets a reason. */
  expired_holder: string | null;
  expired_at: number | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  captured_at: number;
  created_at: number;
  updated_at: number;
}

/** One annotator's submission (or skip) on a task. */
export interface TaskAnnotationsTable {
  id: string;
  task_id: string;
  queue_id: string;
  annotator_id: string;
  /** labels | nothing | skip */
  kind: string;
  /** JSON array of Shape. */
  shapes: string;
  skip_reason: string | null;
  /** submitted | accepted | rejected | skipped | honeypot */
  status: string;
  honeypot_score: number | null;
  started_at: number;
  submitted_at: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_comment: string | null;
}

/** An annotator's tier; users without a row are junior. */
export interface AnnotatorProfilesTable {
  user_id: string;
  tier: string;
  updated_at: number;
}

/** An accepted label placed on the ground. */
export interface FindingsTable {
  id: string;
  task_id: string;
  annotation_id: string;
  queue_id: string;
  image_id: string;
  label: string;
  severity: string | null;
  confidence: number | null;
  lat: number | null;
  lon: number | null;
  /** projected | image | none */
  position_source: string;
  /** JSON {x, y, width, height} in image pixels. */
  crop: string;
  /** JSON Shape. */
  shape: string;
  /** JSON attribute values. */
  attributes: string;
  /** Reviewer who accepted, or null when two annotators agreed. */
  accepted_by: string | null;
  created_at: number;
}

/** The annotation tables, merged into the store's Schema. */
export interface AnnotationSchema {
  annotation_queues: AnnotationQueuesTable;
  annotation_tasks: AnnotationTasksTable;
  task_annotations: TaskAnnotationsTable;
  annotator_profiles: AnnotatorProfilesTable;
  findings: FindingsTable;
}
