/**
 * The camera model behind every coverage figure: ground sample distance, footprint, the altitude for
 * a wanted GSD, lane spacing and trigger distance from overlap, and a photo's footprint on the map.
 * A nadir (straight-down) camera over flat ground; functions throw `RangeError` for impossible input.
 */
import { LocalFrame } from './geo/local-frame.js';
import { headingVector } from './geo/xy.js';
import type { LatLon, PhotoPoint } from './plan.js';

export interface Camera {
  name: string;
  sensorWidthMm: number;
  sensorHeightMm: number;
  focalLengthMm: number;
  imageWidthPx: number;
  imageHeightPx: number;
  /**
   * How the image sits relative to the flight direction: landscape (default) puts the image width
   * across the track, portrait puts it along the track.
   */
  orientation?: 'landscape' | 'portrait';
}

/** Ids of {@link CAMERA_PRESETS}. */
export type CameraPresetId = 'visible-1in-20mp' | 'thermal-640';

/** Common inspection cameras. */
export const CAMERA_PRESETS: Readonly<Record<CameraPresetId, Readonly<Camera>>> = Object.freeze({
  /** 1-inch 20 MP visible camera with an 8.8 mm (24 mm equivalent) lens, as on a Phantom 4 Pro. */
  'visible-1in-20mp': Object.freeze({
    name: '1-inch 20 MP visible (8.8 mm)',
    sensorWidthMm: 13.2,
    sensorHeightMm: 8.8,
    focalLengthMm: 8.8,
    imageWidthPx: 5472,
    imageHeightPx: 3648,
  }),
  /** 640 × 512 radiometric thermal core, 17 µm pixel pitch, 13 mm lens. */
  'thermal-640': Object.freeze({
    name: '640 × 512 radiometric thermal (13 mm)',
    sensorWidthMm: 10.88,
    sensorHeightMm: 8.704,
    focalLengthMm: 13,
    imageWidthPx: 640,
    imageHeightPx: 512,
  }),
});

/**
 * A camera from user-supplied figures, checked: positive sizes, whole pixel counts, a known
 * orientation and square pixels (a mismatch almost always means width and height were swapped).
 */
export function customCamera(spec: Camera): Camera {
  const name = typeof spec?.name === 'string' ? spec.name.trim() : '';
  if (!name) throw new RangeError('camera name must not be empty');
  const mm = (field: 'sensorWidthMm' | 'sensorHeightMm' | 'focalLengthMm', max: number): number => {
    const v = spec[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
      throw new RangeError(`camera "${name}": ${field} must be a number of millimetres above 0 and at most ${max}, got ${String(v)}`);
    }
    return v;
  };
  const px = (field: 'imageWidthPx' | 'imageHeightPx'): number => {
    const v = spec[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100_000) {
      throw new RangeError(`camera "${name}": ${field} must be a whole number of pixels from 1 to 100000, got ${String(v)}`);
    }
    return v;
  };
  const camera: Camera = {
    name,
    sensorWidthMm: mm('sensorWidthMm', 100),
    sensorHeightMm: mm('sensorHeightMm', 100),
    focalLengthMm: mm('focalLengthMm', 1000),
    imageWidthPx: px('imageWidthPx'),
    imageHeightPx: px('imageHeightPx'),
  };
  if (spec.orientation !== undefined) {
    if (spec.orientation !== 'landscape' && spec.orientation !== 'portrait') {
      throw new RangeError(`camera "${name}": orientation must be "landscape" or "portrait", got ${String(spec.orientation)}`);
    }
    camera.orientation = spec.orientation;
  }
  const pitchW = camera.sensorWidthMm / camera.imageWidthPx, pitchH = camera.sensorHeightMm / camera.imageHeightPx;
  if (Math.abs(pitchW / pitchH - 1) > 0.1) {
    throw new RangeError(
      `camera "${name}": a ${camera.sensorWidthMm} × ${camera.sensorHeightMm} mm sensor with ${camera.imageWidthPx} × ${camera.imageHeightPx} px ` +
        'gives pixels that are not square; are width and height swapped?',
    );
  }
  return camera;
}

function requireAltitude(altitudeM: number): void {
  if (!Number.isFinite(altitudeM) || altitudeM <= 0) throw new RangeError(`altitude must be above 0 m, got ${altitudeM} m`);
}

function requireOverlap(name: string, overlap: number): void {
  if (!Number.isFinite(overlap) || overlap < 0 || overlap > 0.95) throw new RangeError(`${name} must be between 0 and 0.95, got ${overlap}`);
}

/**
 * Ground sample distance, centimetres per pixel, at `altitudeM` above flat ground. The coarser of
 * the two image axes, so the figure holds for the whole image.
 */
export function gsdCmPerPx(camera: Camera, altitudeM: number): number {
  requireAltitude(altitudeM);
  const pitchMm = Math.max(camera.sensorWidthMm / camera.imageWidthPx, camera.sensorHeightMm / camera.imageHeightPx);
  return (pitchMm * altitudeM * 100) / camera.focalLengthMm;
}

/** The altitude (metres) at which the camera's GSD is `gsdCm` centimetres per pixel. */
export function altitudeForGsd(camera: Camera, gsdCm: number): number {
  if (!Number.isFinite(gsdCm) || gsdCm <= 0) throw new RangeError(`GSD must be above 0 cm/px, got ${gsdCm}`);
  const pitchMm = Math.max(camera.sensorWidthMm / camera.imageWidthPx, camera.sensorHeightMm / camera.imageHeightPx);
  return (gsdCm * camera.focalLengthMm) / (pitchMm * 100);
}

/** The image's size on the ground (metres): across the track and along it. */
export function footprintM(camera: Camera, altitudeM: number): { across: number; along: number } {
  requireAltitude(altitudeM);
  const w = (camera.sensorWidthMm * altitudeM) / camera.focalLengthMm;
  const h = (camera.sensorHeightMm * altitudeM) / camera.focalLengthMm;
  return camera.orientation === 'portrait' ? { across: h, along: w } : { across: w, along: h };
}

/** Distance between neighbouring lanes for a side overlap (0–0.95). */
export function laneSpacingM(camera: Camera, altitudeM: number, sideOverlap: number): number {
  requireOverlap('side overlap', sideOverlap);
  return footprintM(camera, altitudeM).across * (1 - sideOverlap);
}

/** Distance flown between photos for a front overlap (0–0.95). */
export function triggerDistanceM(camera: Camera, altitudeM: number, frontOverlap: number): number {
  requireOverlap('front overlap', frontOverlap);
  return footprintM(camera, altitudeM).along * (1 - frontOverlap);
}

/**
 * The four ground corners of a photo taken straight down at `photo` (its altitude and heading),
 * clockwise from front-left.
 */
export function footprintPolygon(photo: PhotoPoint, camera: Camera): LatLon[] {
  const { across, along } = footprintM(camera, photo.altitude);
  const frame = new LocalFrame(photo);
  const fwd = headingVector(photo.heading), right = headingVector(photo.heading + 90);
  const corner = (f: number, r: number) =>
    frame.toLatLon(fwd.x * f * along / 2 + right.x * r * across / 2, fwd.y * f * along / 2 + right.y * r * across / 2);
  return [corner(1, -1), corner(1, 1), corner(-1, 1), corner(-1, -1)];
}
