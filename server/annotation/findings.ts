/**
 * Findings: accepted labels placed on the ground, one per shape, with type, severity, confidence,
 * the photo and the crop that shows the object. Served as GeoJSON for the map.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { FindingCollection, FindingFeature, Shape } from '../protocol-annotation.js';
import type { FindingsTable } from '../store/schema-annotation.js';
import type { Schema } from '../store/schema.js';
import { notFound } from './annotation-error.js';
import { groundPositionOf } from './finding-position.js';
import { shapeBounds } from './polygon-iou.js';
import { readTaskImage } from './task-image.js';

export type FindingRow = Selectable<FindingsTable>;

/** What was accepted, and by whom (null when two annotators agreed). */
export interface AcceptedLabels {
  taskId: string;
  queueId: string;
  imageId: string;
  annotationId: string;
  shapes: readonly Shape[];
  acceptedBy: string | null;
  now: number;
}

/** Creates one finding per accepted shape; their ids. */
export async function createFindings(db: Kysely<Schema>, accepted: AcceptedLabels): Promise<string[]> {
  if (accepted.shapes.length === 0) return [];
  const image = await readTaskImage(db, accepted.imageId);
  const rows = accepted.shapes.map((shape) => {
    const at = groundPositionOf(shape, image);
    const severity = shape.attributes.severity;
    const confidence = shape.attributes.confidence;
    return {
      id: randomUUID(),
      task_id: accepted.taskId,
      annotation_id: accepted.annotationId,
      queue_id: accepted.queueId,
      image_id: accepted.imageId,
      label: shape.label,
      severity: typeof severity === 'string' ? severity : null,
      confidence: typeof confidence === 'number' ? confidence : null,
      lat: at.lat,
      lon: at.lon,
      position_source: at.source,
      crop: JSON.stringify(shapeBounds(shape)),
      shape: JSON.stringify(shape),
      attributes: JSON.stringify(shape.attributes),
      accepted_by: accepted.acceptedBy,
      created_at: accepted.now,
    };
  });
  await db.insertInto('findings').values(rows).execute();
  return rows.map((r) => r.id);
}

/** Filters of `GET /api/findings`. */
export interface FindingFilter {
  queue?: string;
  label?: string;
  severity?: string;
  /** Created at or after, ms. */
  since?: number;
  limit: number;
}

/** Matching findings, newest first, as a GeoJSON FeatureCollection. */
export async function listFindings(db: Kysely<Schema>, f: FindingFilter): Promise<FindingCollection> {
  let q = db.selectFrom('findings').selectAll();
  if (f.queue !== undefined) q = q.where('queue_id', '=', f.queue);
  if (f.label !== undefined) q = q.where('label', '=', f.label);
  if (f.severity !== undefined) q = q.where('severity', '=', f.severity);
  if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(f.limit).execute();
  return { type: 'FeatureCollection', features: rows.map(toFeature) };
}

/** One finding as a GeoJSON Feature; throws 404. */
export async function getFinding(db: Kysely<Schema>, id: string): Promise<FindingFeature> {
  const row = await db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('finding', id);
  return toFeature(row);
}

/** A stored finding as a Feature (null geometry when the photo had no position). */
export function toFeature(row: FindingRow): FindingFeature {
  const lat = row.lat === null ? null : Number(row.lat), lon = row.lon === null ? null : Number(row.lon);
  return {
    type: 'Feature',
    id: row.id,
    geometry: lat === null || lon === null ? null : { type: 'Point', coordinates: [lon, lat] },
    properties: {
      id: row.id,
      type: row.label,
      severity: row.severity,
      confidence: row.confidence === null ? null : Number(row.confidence),
      queueId: row.queue_id,
      taskId: row.task_id,
      imageId: row.image_id,
      crop: JSON.parse(row.crop) as FindingFeature['properties']['crop'],
      positionSource: row.position_source as FindingFeature['properties']['positionSource'],
      attributes: JSON.parse(row.attributes) as Record<string, string | number>,
      createdAt: Number(row.created_at),
      imageUrl: `/api/images/${encodeURIComponent(row.image_id)}/file`,
    },
  };
}
