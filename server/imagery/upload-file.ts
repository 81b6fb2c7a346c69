/**
 * One uploaded photo: kept, deduplicated by content, geotagged from EXIF or matched to the capture
 * event its drone announced during the flight (same image index, or nearest capture time).
 */
import type { Patrol, UploadFileDTO } from '../protocol-imagery.js';
import { readExif } from './exif.js';
import { footprintOf } from './footprint.js';
import type { ImageIngest } from './image-ingest.js';
import { indexFromFileName } from './image-index.js';
import { BadImageError, isJpeg } from './jpeg-info.js';
import { patrolFromName } from './patrol.js';

/** What the uploader told about the files. */
export interface UploadContext {
  /** The vehicle that took them (id or name): its capture events are matched. */
  vehicle: string | null;
  planId: string | null;
  patrol: Patrol | null;
  /** The camera clock's offset from UTC, minutes (EXIF times carry no zone). */
  utcOffsetMin: number;
  /** Largest difference between EXIF time and capture event time for a match by time alone. */
  matchToleranceMs: number;
}

/** True for names that are not photos: folders, macOS resource forks, sidecars without a JPEG extension. */
export function isIgnoredName(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return name.endsWith('/') || name.includes('__MACOSX/') || base.startsWith('._') || base === '.DS_Store';
}

/** Stores one uploaded file and says what became of it. */
export async function ingestUploadedFile(ingest: ImageIngest, name: string, bytes: Buffer, ctx: UploadContext): Promise<UploadFileDTO> {
  const result = (outcome: UploadFileDTO['outcome'], extra: Partial<UploadFileDTO> = {}): UploadFileDTO =>
    ({ name, outcome, imageId: null, geotag: null, message: null, ...extra });
  if (isIgnoredName(name) || (!/\.jpe?g$/i.test(name) && !isJpeg(bytes))) return result('skipped', { message: 'not a JPEG photo' });
  let file;
  try {
    file = await ingest.files.keep(bytes);
  } catch (err) {
    if (err instanceof BadImageError) return result('failed', { message: err.message });
    throw err;
  }
  const known = await ingest.repo.findBySha(file.sha256);
  if (known) return result('duplicate', { imageId: known.id, message: `same bytes as image ${known.id}` });

  const exif = await readExif(bytes, ctx.utcOffsetMin);
  const index = exif.imageNumber ?? indexFromFileName(name);
  const capture = ctx.vehicle === null ? undefined : await ingest.repo.findCapture(ctx.vehicle, index, exif.capturedAt, ctx.matchToleranceMs);
  if (capture) {
    const hasPose = capture.lat !== null && capture.lon !== null;
    const lat = hasPose ? Number(capture.lat) : exif.lat, lon = hasPose ? Number(capture.lon) : exif.lon;
    const relAlt = capture.rel_alt !== null ? Number(capture.rel_alt) : exif.relAlt;
    const footprint = capture.footprint === null && lat !== null && lon !== null && relAlt !== null
      ? footprintOf(ingest.cameraOf(capture.vehicle_id), { lat, lon, relAlt, yaw: num(capture.yaw) ?? exif.yaw, pitch: num(capture.pitch) ?? exif.pitch, roll: num(capture.roll) })
      : null;
    const extra = {
      ...(hasPose || exif.lat === null ? {} : { lat: exif.lat, lon: exif.lon, alt_msl: exif.altMsl }),
      ...(footprint ? { footprint: JSON.stringify(footprint) } : {}),
      ...(capture.plan_id === null && ctx.planId !== null ? { plan_id: ctx.planId } : {}),
      ...(capture.patrol === null && ctx.patrol !== null ? { patrol: ctx.patrol } : {}),
    };
    const stored = await ingest.storeInto(capture, file, { ...extra, file_name: name });
    if (stored) return result('matched', { imageId: capture.id, geotag: hasPose ? 'capture' : exif.lat !== null ? 'exif' : 'none' });
  }

  const camera = ingest.cameraOf(null);
  const footprint = exif.lat !== null && exif.lon !== null && exif.relAlt !== null
    ? footprintOf(camera, { lat: exif.lat, lon: exif.lon, relAlt: exif.relAlt, yaw: exif.yaw, pitch: exif.pitch, roll: null })
    : null;
  const row = await ingest.storeNew({
    vehicle_id: null,
    vehicle_name: ctx.vehicle,
    plan_id: ctx.planId,
    patrol: ctx.patrol ?? patrolFromName(ctx.vehicle),
    source: 'upload',
    image_index: index,
    captured_at: exif.capturedAt,
    lat: exif.lat, lon: exif.lon, alt_msl: exif.altMsl, rel_alt: exif.relAlt, yaw: exif.yaw, pitch: exif.pitch,
    camera: JSON.stringify(camera),
    footprint: footprint && JSON.stringify(footprint),
    file_name: name,
  }, file);
  return result('stored', { imageId: row.id, geotag: exif.lat !== null ? 'exif' : 'none' });
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));
