/**
 * The annotation contract shared by the server and the annotation workstation: label sets, shapes,
 * request bodies (zod) and the DTOs of queues, tasks, findings, statistics, exports and imports.
 * Browser-safe.
 */
import { z } from 'zod';
import { PATROLS } from './protocol-imagery.js';

/** Every state a task passes through. */
export const TASK_STATES = ['queued', 'in_progress', 'submitted', 'accepted', 'rejected'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Junior tasks go to anyone; intermediate tasks only to annotators of that tier. */
export const TIERS = ['junior', 'intermediate'] as const;
export type Tier = (typeof TIERS)[number];

/** The severity scale the default queues use. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

const keyField = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lower-case letters, digits, - or _');

/** One label a queue offers, e.g. `{ key: 'fire', name: 'Fire' }`. */
export const LabelDefSchema = z.object({
  key: keyField,
  name: z.string().trim().min(1).max(80),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb').optional(),
}).strict();
export type LabelDef = z.infer<typeof LabelDefSchema>;

/** One attribute every shape of a queue carries: a choice (severity) or a number in a range (confidence). */
export const AttributeDefSchema = z.discriminatedUnion('kind', [
  z.object({
    key: keyField,
    name: z.string().trim().min(1).max(80),
    kind: z.literal('choice'),
    values: z.array(z.string().trim().min(1).max(40)).min(1).max(50),
    default: z.string(),
  }).strict().refine((a) => a.values.includes(a.default), { message: 'default must be one of values', path: ['default'] }),
  z.object({
    key: keyField,
    name: z.string().trim().min(1).max(80),
    kind: z.literal('number'),
    min: z.number().finite(),
    max: z.number().finite(),
    default: z.number().finite(),
  }).strict().refine((a) => a.min <= a.default && a.default <= a.max, { message: 'default must lie between min and max', path: ['default'] }),
]);
export type AttributeDef = z.infer<typeof AttributeDefSchema>;

const coordinate = z.number().finite().min(0).max(100_000);
const attributeValues = z.record(z.string(), z.union([z.string().max(40), z.number().finite()]));

/** A box or polygon in image pixel coordinates (origin top left), with its label and attributes. */
export const ShapeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('box'),
    x: coordinate,
    y: coordinate,
    width: z.number().finite().positive().max(100_000),
    height: z.number().finite().positive().max(100_000),
    label: z.string().min(1).max(40),
    attributes: attributeValues.default({}),
  }).strict(),
  z.object({
    kind: z.literal('polygon'),
    points: z.array(z.tuple([coordinate, coordinate])).min(3).max(1000),
    label: z.string().min(1).max(40),
    attributes: attributeValues.default({}),
  }).strict(),
]);
export type Shape = z.infer<typeof ShapeSchema>;

/** What an annotator (or an admin, for a honeypot's answer) says is in the image. */
export const LabellingSchema = z.object({
  shapes: z.array(ShapeSchema).max(1000).optional(),
  nothingFound: z.literal(true).optional(),
}).strict().superRefine((b, ctx) => {
  const has = (b.shapes?.length ?? 0) > 0;
  if (has && b.nothingFound) ctx.addIssue({ code: 'custom', path: ['nothingFound'], message: 'cannot be set together with shapes' });
  if (!has && !b.nothingFound) ctx.addIssue({ code: 'custom', path: ['shapes'], message: 'give at least one shape, or nothingFound: true' });
});
export type Labelling = z.infer<typeof LabellingSchema>;

/** `POST /api/tasks/:id/submit`. */
export const SubmitSchema = LabellingSchema;

/** `POST /api/tasks/:id/skip`. */
export const SkipSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** `POST /api/tasks/:id/review`: a rejection must say why; `annotationId` picks one of two disagreeing annotations. */
export const ReviewSchema = z.object({
  decision: z.enum(['accept', 'reject']),
  comment: z.string().trim().max(2000).optional(),
  annotationId: z.string().min(1).max(100).optional(),
}).strict().refine((r) => r.decision === 'accept' || (r.comment ?? '') !== '', { message: 'a rejection needs a comment', path: ['comment'] });

/** `POST /api/tasks/:id/honeypot`: the known answer. */
export const HoneypotSchema = z.object({ answer: LabellingSchema }).strict();

/** `PATCH /api/tasks/:id` (admins): raise a task or set how hard it is. */
export const TaskPatchSchema = z.object({
  priority: z.number().int().min(-1000).max(1000).optional(),
  difficulty: z.enum(TIERS).optional(),
}).strict().refine((p) => p.priority !== undefined || p.difficulty !== undefined, { message: 'give priority or difficulty', path: ['priority'] });

/** `PUT /api/queues/:id` (admins): any of the settings. */
export const QueueUpdateSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  labels: z.array(LabelDefSchema).min(1).max(100).optional(),
  attributes: z.array(AttributeDefSchema).max(20).optional(),
  /** Off, or every task labelled by two annotators and compared. */
  consensus: z.enum(['off', 'two']).optional(),
  /** Share of claims that hand out a honeypot (when one is left for that annotator). */
  honeypotShare: z.number().min(0).max(0.5).optional(),
}).strict().superRefine((q, ctx) => {
  if (Object.keys(q).length === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'give at least one setting' });
  const dup = (keys: string[]) => keys.find((k, i) => keys.indexOf(k) !== i);
  const label = q.labels && dup(q.labels.map((l) => l.key));
  if (label) ctx.addIssue({ code: 'custom', path: ['labels'], message: `label key "${label}" appears twice` });
  const attr = q.attributes && dup(q.attributes.map((a) => a.key));
  if (attr) ctx.addIssue({ code: 'custom', path: ['attributes'], message: `attribute key "${attr}" appears twice` });
});
export type QueueUpdate = z.infer<typeof QueueUpdateSchema>;

/** `PUT /api/annotators/:userId` (admins). */
export const AnnotatorTierSchema = z.object({ tier: z.enum(TIERS) }).strict();

/** `POST /api/findings/:id/reinspect`: the orbit to fly round the finding. */
export const ReinspectSchema = z.object({
  radiusM: z.number().min(5).max(500).default(25),
  altitude: z.number().min(5).max(500).default(40),
  photos: z.number().int().min(0).max(72).default(12),
  /** Take-off point; default where the drone was when it took the photo. */
  home: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict().optional(),
  name: z.string().trim().min(1).max(120).optional(),
}).strict();

/** Task count per state. */
export type DepthDTO = Record<TaskState, number>;

export interface QueueDTO {
  id: string;
  name: string;
  /** Patrol type whose photos land here, or null for a queue fed by hand. */
  patrol: string | null;
  labels: LabelDef[];
  attributes: AttributeDef[];
  consensus: 'off' | 'two';
  honeypotShare: number;
  /** Work tasks by state (honeypots not counted). */
  depth: DepthDTO;
  honeypots: number;
  createdAt: number;
  updatedAt: number;
}

export interface AnnotationDTO {
  id: string;
  taskId: string;
  annotatorId: string;
  kind: 'labels' | 'nothing' | 'skip';
  shapes: Shape[];
  skipReason: string | null;
  status: 'submitted' | 'accepted' | 'rejected' | 'skipped' | 'honeypot';
  /** 0–1 agreement with a honeypot's answer; shown to admins only. */
  honeypotScore?: number | null;
  startedAt: number;
  submittedAt: number;
  reviewComment: string | null;
}

export interface TaskDTO {
  id: string;
  queueId: string;
  imageId: string;
  state: TaskState;
  /** Higher first: rescue 200, operator-raised 100, others 0; ties by age. */
  priority: number;
  difficulty: Tier;
  annotatorsRequired: number;
  assignee: string | null;
  leaseExpiresAt: number | null;
  /** True while the task is back with its annotator after a rejection. */
  rework: boolean;
  reviewComment: string | null;
  capturedAt: number;
  createdAt: number;
  updatedAt: number;
  /** Shown to admins only. */
  honeypot?: boolean;
  annotations?: AnnotationDTO[];
}

/** The photo a claimed task is about. */
export interface TaskImageDTO {
  id: string;
  width: number | null;
  height: number | null;
  capturedAt: number;
  lat: number | null;
  lon: number | null;
  fileUrl: string;
  thumbnailUrl: string;
}

/** `POST /api/queues/:id/claim` answer. */
export interface ClaimDTO {
  task: TaskDTO;
  image: TaskImageDTO;
  queue: Pick<QueueDTO, 'id' | 'name' | 'labels' | 'attributes'>;
  /** Pre-annotations to start from (imported predictions). */
  suggestions: Shape[];
  leaseExpiresAt: number;
}

/** What a submission led to. */
export type SubmitOutcome = 'review' | 'awaiting_second' | 'accepted' | 'honeypot';

export interface SubmitResultDTO {
  task: TaskDTO;
  outcome: SubmitOutcome;
  /** Findings created (consensus agreement accepts at once). */
  findingIds: string[];
}

export interface ReviewResultDTO {
  task: TaskDTO;
  findingIds: string[];
}

export interface FindingProperties {
  id: string;
  /** The label key: fire, bird-nest, person … */
  type: string;
  severity: string | null;
  confidence: number | null;
  queueId: string;
  taskId: string;
  imageId: string;
  /** Pixel box of the object in its photo. */
  crop: { x: number; y: number; width: number; height: number };
  /** `projected` from the camera pose, or `image` when only the photo's position was known. */
  positionSource: 'projected' | 'image' | 'none';
  attributes: Record<string, string | number>;
  createdAt: number;
  imageUrl: string;
}

export interface FindingFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: FindingProperties;
}

export interface FindingCollection {
  type: 'FeatureCollection';
  features: FindingFeature[];
}

export interface AnnotatorStatsDTO {
  userId: string;
  username: string | null;
  tier: Tier;
  /** Submissions (labels or nothing found), honeypots included, skips not. */
  tasksDone: number;
  skipped: number;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected); null before any review. */
  acceptanceRate: number | null;
  honeypots: number;
  /** Mean honeypot score 0–1; null before any honeypot. */
  honeypotAccuracy: number | null;
  /** Median from claim to submission, ms; null before any submission. */
  medianTaskMs: number | null;
}

export interface QueueStatsDTO {
  queueId: string;
  depth: DepthDTO;
  honeypots: number;
  /** Age of the oldest task waiting to be labelled (queued), ms; null when none waits. */
  oldestQueuedMs: number | null;
  /** Submissions (not skips) in the last hour. */
  submittedLastHour: number;
  acceptedLastHour: number;
}

/** Socket.IO `queues:changed`, to the fleet room, when depths move. */
export interface QueuesChangedDTO {
  t: number;
  queues: { id: string; depth: DepthDTO; honeypots: number }[];
}

/** Formats `GET /api/exports` writes. */
export const EXPORT_FORMATS = ['coco', 'yolo', 'labelstudio'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which tasks an export takes: accepted ones (the default), those waiting for review, or every task. */
export const EXPORT_STATES = ['accepted', 'submitted', 'all'] as const;

/** A time in a query: ms since the epoch, or an ISO 8601 date or date-time. */
const exportTime = z.union([z.number(), z.string()]).transform((v, c) => {
  const t = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t) || t < 0) {
    c.addIssue({ code: 'custom', message: 'must be ms since the epoch or an ISO 8601 date' });
    return z.NEVER;
  }
  return t;
});
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

/** `GET /api/exports` query and `POST /api/exports` body: the format and which tasks. */
export const ExportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  queue: z.string().min(1).max(100).optional(),
  /** Patrol type of the photos. */
  patrol: z.enum(PATROLS).optional(),
  /** The plan (one patrol flight) the photos were taken on. */
  plan: z.string().min(1).max(200).optional(),
  /** Photos captured at or after this time. */
  from: exportTime.optional(),
  /** Photos captured before this time. */
  to: exportTime.optional(),
  state: z.enum(EXPORT_STATES).default('accepted'),
  /** YOLO: polygons as segmentation lines (boxes as their four corners) instead of bounding boxes. */
  seg: flag.optional(),
}).strict().refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });
export type ExportQuery = z.output<typeof ExportQuerySchema>;

/** An export made in the background (`POST /api/exports`), for selections big enough to want progress. */
export interface ExportJobDTO {
  id: string;
  format: ExportFormat;
  state: 'running' | 'done' | 'failed';
  /** Photos written so far, of `total`. */
  done: number;
  total: number;
  /** Photos left out because their file is missing from the store. */
  missing: number;
  /** Size of the zip written so far. */
  bytes: number;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
  /** `/api/exports/:id/download` once done, else null. */
  downloadUrl: string | null;
}

/** Socket.IO `exports:progress`, to the session that started the export. */
export interface ExportProgressDTO {
  jobId: string;
  state: ExportJobDTO['state'];
  done: number;
  total: number;
}

/** `POST /api/imports/labelstudio` query. */
export const ImportQuerySchema = z.object({
  queue: z.string().min(1).max(100),
  /** predictions: suggestions shown to annotators; annotations: labels submitted for review. */
  as: z.enum(['predictions', 'annotations']),
  /** With `as=annotations`: accepted at once (findings made) instead of going to review. */
  accept: flag.optional(),
}).strict().refine((q) => !q.accept || q.as === 'annotations', { message: 'only with as=annotations', path: ['accept'] });
export type ImportQuery = z.output<typeof ImportQuerySchema>;

/** What an import did. */
export interface ImportResultDTO {
  queueId: string;
  as: 'predictions' | 'annotations';
  accepted: boolean;
  /** Tasks in the file. */
  tasks: number;
  /** Tasks given suggestions or labels. */
  imported: number;
  /** Tasks in the file with no prediction or annotation to import. */
  skipped: number;
  /** Shapes imported in all. */
  shapes: number;
  /** Findings made (accept=true). */
  findings: number;
}
