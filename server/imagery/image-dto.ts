/** Stored rows as the API shows them. */
import type { Polygon } from 'geojson';
import type { ImageCameraDTO, ImageDTO, ImageSource, ImageStatus, Patrol } from '../protocol-imagery.js';
import type { ImageRow } from './images-repo.js';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** The API's view of a row; file and thumbnail links only once the file is stored. */
export function toImageDTO(r: ImageRow): ImageDTO {
  const stored = r.status === 'stored' && r.sha256 !== null;
  const lat = num(r.lat), lon = num(r.lon);
  const yaw = num(r.yaw);
  return {
    id: r.id,
    sha256: r.sha256,
    bytes: num(r.bytes),
    width: num(r.width),
    height: num(r.height),
    mime: r.mime,
    vehicleId: r.vehicle_id,
    vehicleName: r.vehicle_name,
    planId: r.plan_id,
    patrol: r.patrol as Patrol | null,
    source: r.source as ImageSource,
    status: r.status as ImageStatus,
    url: r.url,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    imageIndex: num(r.image_index),
    capturedAt: num(r.captured_at),
    position: lat !== null && lon !== null ? { lat, lon, altMsl: num(r.alt_msl), altRel: num(r.rel_alt) } : null,
    attitude: yaw !== null ? { yaw, pitch: num(r.pitch) ?? 0, roll: num(r.roll) ?? 0 } : null,
    camera: r.camera ? (JSON.parse(r.camera) as ImageCameraDTO) : null,
    footprint: r.footprint ? (JSON.parse(r.footprint) as Polygon) : null,
    fileName: r.file_name,
    createdAt: Number(r.created_at),
    fileUrl: stored ? `/api/images/${r.id}/file` : null,
    thumbnailUrl: stored ? `/api/images/${r.id}/thumbnail` : null,
  };
}
