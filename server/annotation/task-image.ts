/** The photo behind a task, as annotation needs it: size, position, camera and pose. */
import type { Kysely } from 'kysely';
import type { Camera } from '../../missions/camera.js';
import type { TaskImageDTO } from '../protocol-annotation.js';
import type { Schema } from '../store/schema.js';

export interface TaskImage {
  id: string;
  width: number | null;
  height: number | null;
  capturedAt: number | null;
  lat: number | null;
  lon: number | null;
  /** Metres above take-off: the height above flat ground. */
  relAlt: number | null;
  /** Camera attitude, degrees. */
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  camera: Camera | null;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** The image, if stored. */
export async function readTaskImage(db: Kysely<Schema>, id: string): Promise<TaskImage | undefined> {
  const row = await db
    .selectFrom('images')
    .select(['id', 'width', 'height', 'captured_at', 'lat', 'lon', 'rel_alt', 'yaw', 'pitch', 'roll', 'camera'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    width: num(row.width),
    height: num(row.height),
    capturedAt: num(row.captured_at),
    lat: num(row.lat),
    lon: num(row.lon),
    relAlt: num(row.rel_alt),
    yaw: num(row.yaw),
    pitch: num(row.pitch),
    roll: num(row.roll),
    camera: row.camera === null ? null : (JSON.parse(row.camera) as Camera),
  };
}

/** What the workstation needs to show the photo; `fallbackCapturedAt` when the image row is missing. */
export function toTaskImageDTO(id: string, image: TaskImage | undefined, fallbackCapturedAt: number): TaskImageDTO {
  return {
    id,
    width: image?.width ?? null,
    height: image?.height ?? null,
    capturedAt: image?.capturedAt ?? fallbackCapturedAt,
    lat: image?.lat ?? null,
    lon: image?.lon ?? null,
    fileUrl: `/api/images/${encodeURIComponent(id)}/file`,
    thumbnailUrl: `/api/images/${encodeURIComponent(id)}/thumbnail`,
  };
}
