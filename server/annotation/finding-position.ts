/**
 * Where a labelled object is on the ground: the shape's centre pixel projected through the camera
 * at the pose the drone reported with the photo. Falls back to the photo's own position when the
 * camera or pose is unknown, or the pixel sees sky.
 */
import { pixelToGround, type CameraPose } from '../../missions/camera-projection.js';
import type { Shape } from '../protocol-annotation.js';
import { shapeCentre } from './polygon-iou.js';
import type { TaskImage } from './task-image.js';

export interface GroundPosition {
  lat: number | null;
  lon: number | null;
  source: 'projected' | 'image' | 'none';
}

/** The ground position of `shape` in `image`. */
export function groundPositionOf(shape: Shape, image: TaskImage | undefined): GroundPosition {
  if (!image || image.lat === null || image.lon === null) return { lat: null, lon: null, source: 'none' };
  const fallback: GroundPosition = { lat: image.lat, lon: image.lon, source: 'image' };
  const camera = image.camera;
  if (!camera || image.relAlt === null || !(image.relAlt > 0)) return fallback;
  // Labels are in the stored photo's pixels, which may be a scaled copy of the sensor's.
  const sx = image.width ? camera.imageWidthPx / image.width : 1;
  const sy = image.height ? camera.imageHeightPx / image.height : 1;
  const c = shapeCentre(shape);
  const pose: CameraPose = {
    lat: image.lat,
    lon: image.lon,
    altitudeAgl: image.relAlt,
    yawDeg: image.yaw ?? 0,
    // A photo without attitude is taken to look straight down, as survey cameras do.
    pitchDeg: image.pitch ?? -90,
    rollDeg: image.roll ?? 0,
  };
  try {
    const p = pixelToGround(camera, pose, { x: c.x * sx, y: c.y * sy });
    return p ? { lat: p.lat, lon: p.lon, source: 'projected' } : fallback;
  } catch {
    // A camera or pose the projection refuses (stored by an old or foreign source): place it at the photo.
    return fallback;
  }
}
