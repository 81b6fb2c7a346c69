/** Rows the annotation tests need: a queue of their own, stored images, users. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Camera } from '../../../../missions/camera.js';
import type { AttributeDef, LabelDef } from '../../../../server/protocol-annotation.js';
import type { Schema } from '../../../../server/store/schema.js';

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const LABELS: LabelDef[] = [{ key: 'fire', name: 'Fire' }, { key: 'smoke', name: 'Smoke' }];
export const ATTRIBUTES: AttributeDef[] = [
  { key: 'severity', name: 'Severity', kind: 'choice', values: ['low', 'medium', 'high', 'critical'], default: 'medium' },
  { key: 'confidence', name: 'Confidence', kind: 'number', min: 0, max: 1, default: 1 },
];

/** A queue no other test uses; its patrol type is its id. */
export async function makeQueue(db: Kysely<Schema>, opts: { annotatorsPerTask?: number; honeypotShare?: number } = {}): Promise<string> {
  const id = `q-${randomUUID().slice(0, 8)}`;
  await db
    .insertInto('annotation_queues')
    .values({
      id,
      name: `Test ${id}`,
      patrol: id,
      labels: JSON.stringify(LABELS),
      attributes: JSON.stringify(ATTRIBUTES),
      annotators_per_task: opts.annotatorsPerTask ?? 1,
      honeypot_share: opts.honeypotShare ?? 0,
      created_at: T0,
      updated_at: T0,
    })
    .execute();
  return id;
}

export const CAMERA: Camera = { name: 'test 4:3', sensorWidthMm: 13.2, sensorHeightMm: 9.9, focalLengthMm: 8.8, imageWidthPx: 1024, imageHeightPx: 768 };

/** A stored nadir photo at 60 m above take-off, heading north, at `lat`, `lon`. */
export async function insertImage(
  db: Kysely<Schema>,
  over: { patrol?: string | null; capturedAt?: number; lat?: number; lon?: number } = {},
): Promise<{ id: string; patrol: string | null; capturedAt: number }> {
  const id = randomUUID();
  const capturedAt = over.capturedAt ?? T0;
  await db
    .insertInto('images')
    .values({
      id,
      sha256: randomUUID().replaceAll('-', '').padEnd(64, '0'),
      bytes: 1000,
      width: 1024,
      height: 768,
      mime: 'image/jpeg',
      vehicle_id: null,
      vehicle_name: 'test',
      plan_id: null,
      patrol: over.patrol ?? null,
      source: 'upload',
      status: 'stored',
      url: null,
      attempts: 0,
      last_error: null,
      image_index: null,
      capture_ms: null,
      captured_at: capturedAt,
      lat: over.lat ?? 26.6,
      lon: over.lon ?? 106.64,
      alt_msl: 1160,
      rel_alt: 60,
      yaw: 0,
      pitch: -90,
      roll: 0,
      camera: JSON.stringify(CAMERA),
      footprint: null,
      file_name: null,
      created_at: capturedAt,
      updated_at: capturedAt,
    })
    .execute();
  return { id, patrol: over.patrol ?? null, capturedAt };
}
