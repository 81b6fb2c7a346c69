/**
 * Annotation: queues (seeded with one per patrol type and its label set), tasks with leases,
 * submitted annotations, annotator tiers and findings.
 */
import type { Kysely } from 'kysely';
import type { AnnotationQueuesTable } from '../schema-annotation.js';

const severity = { key: 'severity', name: 'Severity', kind: 'choice', values: ['low', 'medium', 'high', 'critical'], default: 'medium' };
const confidence = { key: 'confidence', name: 'Confidence', kind: 'number', min: 0, max: 1, default: 1 };

// The seed is written out here, not imported, so this migration stays what it was when applied.
// Label keys are the simulated world's object kinds, so labels compare with its ground truth as they are.
const QUEUES = [
  {
    id: 'forest',
    name: 'Forest patrol',
    labels: [
      { key: 'fire', name: 'Fire', color: '#ff3d00' },
      { key: 'smoke', name: 'Smoke', color: '#9e9e9e' },
      { key: 'dead-tree', name: 'Dead or diseased tree', color: '#8d6e63' },
    ],
  },
  {
    id: 'powerline',
    name: 'Power-line patrol',
    labels: [
      { key: 'damaged-insulator', name: 'Damaged insulator', color: '#ffb300' },
      { key: 'bird-nest', name: 'Bird nest', color: '#6d4c41' },
      { key: 'foreign-object', name: 'Foreign object', color: '#e040fb' },
      { key: 'vegetation-too-close', name: 'Vegetation too close', color: '#43a047' },
      { key: 'broken-strand', name: 'Broken strand', color: '#e53935' },
    ],
  },
  {
    id: 'rescue',
    name: 'Search and rescue',
    labels: [
      { key: 'person', name: 'Person', color: '#ff1744' },
      { key: 'vehicle', name: 'Vehicle', color: '#2979ff' },
      { key: 'shelter', name: 'Shelter', color: '#ff9100' },
      { key: 'signal', name: 'Signal', color: '#ffea00' },
    ],
  },
];

/** Creates the annotation tables and seeds the three patrol queues. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('annotation_queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('patrol', 'text', (c) => c.unique())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('annotators_per_task', 'integer', (c) => c.notNull())
    .addColumn('honeypot_share', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('annotation_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue_id', 'text', (c) => c.notNull().references('annotation_queues.id'))
    // No foreign key to images: a task may be made for a photo another instance is still storing.
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('difficulty', 'text', (c) => c.notNull())
    .addColumn('annotators_required', 'integer', (c) => c.notNull())
    .addColumn('honeypot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('honeypot_answer', 'text')
    .addColumn('suggestions', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('claimed_at', 'bigint')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('rework', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expired_holder', 'text')
    .addColumn('expired_at', 'bigint')
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('captured_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('annotation_tasks_queue_image', ['queue_id', 'image_id'])
    .execute();
  // The claim's search walks this index in serving order (priority, then age) and stops at the first fit.
  await db.schema
    .createIndex('annotation_tasks_claim')
    .on('annotation_tasks')
    .columns(['queue_id', 'state', 'honeypot', 'difficulty', 'priority desc', 'captured_at', 'id'])
    .execute();
  await db.schema.createIndex('annotation_tasks_assignee').on('annotation_tasks').columns(['assignee', 'queue_id', 'state']).execute();
  await db.schema.createIndex('annotation_tasks_lease').on('annotation_tasks').columns(['queue_id', 'state', 'lease_expires_at']).execute();

  await db.schema
    .createTable('task_annotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('annotation_tasks.id').onDelete('cascade'))
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addColumn('annotator_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('shapes', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('honeypot_score', 'double precision')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('review_comment', 'text')
    .execute();
  await db.schema.createIndex('task_annotations_task').on('task_annotations').columns(['task_id', 'annotator_id']).execute();
  await db.schema.createIndex('task_annotations_annotator').on('task_annotations').columns(['annotator_id', 'queue_id', 'submitted_at']).execute();
  await db.schema.createIndex('task_annotations_queue').on('task_annotations').columns(['queue_id', 'submitted_at']).execute();

  await db.schema
    .createTable('annotator_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('annotation_tasks.id').onDelete('cascade'))
    .addColumn('annotation_id', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('position_source', 'text', (c) => c.notNull())
    .addColumn('crop', 'text', (c) => c.notNull())
    .addColumn('shape', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_created_at').on('findings').column('created_at').execute();
  await db.schema.createIndex('findings_queue_label').on('findings').columns(['queue_id', 'label']).execute();

  const now = Date.now();
  const typed = db as unknown as Kysely<{ annotation_queues: AnnotationQueuesTable }>;
  for (const q of QUEUES) {
    await typed
      .insertInto('annotation_queues')
      .values({
        id: q.id,
        name: q.name,
        patrol: q.id,
        labels: JSON.stringify(q.labels),
        attributes: JSON.stringify([q.id === 'rescue' ? { ...severity, default: 'high' } : severity, confidence]),
        annotators_per_task: 1,
        honeypot_share: 0.05,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

/** Drops the annotation tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['findings', 'annotator_profiles', 'task_annotations', 'annotation_tasks', 'annotation_queues']) {
    await db.schema.dropTable(table).execute();
  }
}
