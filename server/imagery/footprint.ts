/** A photo's ground footprint from the camera model and the pose it was taken in. */
import type { Polygon } from 'geojson';
import { CAMERA_PRESETS, type Camera } from '../../missions/camera.js';
import { imageFootprint } from '../../missions/camera-projection.js';

/** The camera assumed when a drone does not describe its own (no CAMERA_INFORMATION). */
export const DEFAULT_CAMERA: Readonly<Camera> = CAMERA_PRESETS['visible-1in-20mp'];

/** Where and how a photo was taken. Angles in degrees, as stored with the image. */
export interface CapturePose {
  lat: number;
  lon: number;
  /** Metres above the take-off point (the ground, on flat sites). */
  relAlt: number;
  /** Clockwise from north: the way the image's top faces. */
  yaw: number | null;
  /** −90 straight down (assumed when unknown). */
  pitch: number | null;
  roll: number | null;
}

/**
 * The footprint as a GeoJSON polygon, or null when the pose cannot give one: on the ground, a
 * position of 0,0 (no fix), or a camera tilted far enough to see sky. Flat ground, as the planner assumes.
 */
export function footprintOf(camera: Camera, pose: CapturePose): Polygon | null {
  if (!(pose.relAlt > 0.5) || (pose.lat === 0 && pose.lon === 0)) return null;
  let corners;
  try {
    corners = imageFootprint(camera, {
      lat: pose.lat,
      lon: pose.lon,
      altitudeAgl: pose.relAlt,
      yawDeg: pose.yaw ?? 0,
      pitchDeg: pose.pitch ?? -90,
      rollDeg: pose.roll ?? 0,
    });
  } catch {
    return null;
  }
  if (!corners) return null;
  const ring = corners.map((c) => [c.lon, c.lat]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}
