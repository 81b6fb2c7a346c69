/**
 * A pinhole camera over flat ground: where a ground point shows in a photo, which ground point a pixel
 * shows, and the photo's footprint, for a camera at any attitude (the nadir footprint of
 * `footprintPolygon` is the straight-down case). Finds a labelled object's ground position from its
 * pixel position and the pose the drone reported with the photo.
 *
 * Conventions: the pose's angles are the camera's Euler angles in the MAVLink order (yaw, then pitch,
 * then roll; yaw clockwise from north, pitch −90 straight down). At pitch −90 the top of the image
 * points along the yaw. Pixels are continuous: (0, 0) is the top-left corner of the image, the
 * centre of pixel (i, j) is (i + 0.5, j + 0.5), and the optical axis passes through the image centre.
 * No lens distortion; the ground is flat, `altitudeAgl` below the camera.
 */
import type { Camera } from './camera.js';
import { LocalFrame } from './geo/local-frame.js';
import type { XY } from './geo/xy.js';
import type { LatLon } from './plan.js';

/** Where the camera is and where it looks. */
export interface CameraPose extends LatLon {
  /** Metres above the (flat) ground. */
  altitudeAgl: number;
  /** Heading of the image top (of the optical axis when tilted), degrees clockwise from north. */
  yawDeg: number;
  /** Degrees: 0 looks at the horizon, −90 straight down. */
  pitchDeg: number;
  /** Degrees, positive right side down. */
  rollDeg: number;
}

/** A position in the image, pixels from the top-left corner. */
export interface Pixel {
  x: number;
  y: number;
}

const RAD = Math.PI / 180;
/** Rays this close to the horizon (direction's down component) never reach the ground in practice. */
const MIN_DOWN = 1e-9;

function requireCamera(c: Camera): void {
  for (const k of ['sensorWidthMm', 'sensorHeightMm', 'focalLengthMm', 'imageWidthPx', 'imageHeightPx'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0)) throw new RangeError(`camera ${k} must be a positive number, got ${String(c[k])}`);
  }
}

function requirePose(p: CameraPose): void {
  if (!(Math.abs(p.lat) < 89.9) || !(Math.abs(p.lon) <= 180)) throw new RangeError(`camera pose must be a valid position, got ${p.lat}, ${p.lon}`);
  if (!(Number.isFinite(p.altitudeAgl) && p.altitudeAgl > 0)) throw new RangeError(`camera altitude above ground must be above 0 m, got ${p.altitudeAgl} m`);
  for (const k of ['yawDeg', 'pitchDeg', 'rollDeg'] as const) {
    if (!Number.isFinite(p[k])) throw new RangeError(`camera pose ${k} must be a finite number, got ${String(p[k])}`);
  }
}

/**
 * The projection for one camera at one pose, in metres east (x) and north (y) of the point straight
 * below the camera; build it once to project many points (a renderer, a batch of labels).
 */
export class PinholeProjection {
  /** The frame around the point below the camera, for converting to and from latitude/longitude. */
  readonly frame: LocalFrame;
  readonly width: number;
  readonly height: number;
  private readonly fx: number;
  private readonly fy: number;
  private readonly h: number;
  /** Body-to-NED rotation, row-major: rows north, east, down; columns optical axis, image right, image down. */
  private readonly r: number[];

  constructor(camera: Camera, pose: CameraPose) {
    requireCamera(camera);
    requirePose(pose);
    this.frame = new LocalFrame(pose);
    this.width = camera.imageWidthPx;
    this.height = camera.imageHeightPx;
    this.fx = (camera.focalLengthMm * camera.imageWidthPx) / camera.sensorWidthMm;
    this.fy = (camera.focalLengthMm * camera.imageHeightPx) / camera.sensorHeightMm;
    this.h = pose.altitudeAgl;
    this.r = rotation(pose.yawDeg * RAD, pose.pitchDeg * RAD, pose.rollDeg * RAD);
  }

  /** The pixel showing the ground point `east`, `north` metres from below the camera; null behind the camera. May lie outside the image. */
  groundToPixel(east: number, north: number): Pixel | null {
    const r = this.r, h = this.h;
    const bx = r[0] * north + r[3] * east + r[6] * h;
    if (!(bx > 0)) return null;
    const by = r[1] * north + r[4] * east + r[7] * h;
    const bz = r[2] * north + r[5] * east + r[8] * h;
    return { x: this.width / 2 + (this.fx * by) / bx, y: this.height / 2 + (this.fy * bz) / bx };
  }

  /** The ground point (x east, y north, metres from below the camera) a pixel shows; null at or above the horizon. */
  pixelToGround(x: number, y: number): XY | null {
    const r = this.r;
    const u = (x - this.width / 2) / this.fx, v = (y - this.height / 2) / this.fy;
    const down = r[6] + r[7] * u + r[8] * v;
    if (!(down > MIN_DOWN)) return null;
    const t = this.h / down;
    return { x: t * (r[3] + r[4] * u + r[5] * v), y: t * (r[0] + r[1] * u + r[2] * v) };
  }
}

/** Rz(yaw)·Ry(pitch)·Rx(roll), row-major. */
function rotation(yaw: number, pitch: number, roll: number): number[] {
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch), cr = Math.cos(roll), sr = Math.sin(roll);
  return [
    cp * cy, sr * sp * cy - cr * sy, cr * sp * cy + sr * sy,
    cp * sy, sr * sp * sy + cr * cy, cr * sp * sy - sr * cy,
    -sp, sr * cp, cr * cp,
  ];
}

/** The pixel where `point` shows in a photo taken at `pose`; null when it is behind the camera. May lie outside the image. */
export function groundToPixel(camera: Camera, pose: CameraPose, point: LatLon): Pixel | null {
  const p = new PinholeProjection(camera, pose);
  const g = p.frame.toLocal(point);
  return p.groundToPixel(g.x, g.y);
}

/** The ground position a pixel of a photo taken at `pose` shows; null when the pixel sees sky. */
export function pixelToGround(camera: Camera, pose: CameraPose, pixel: Pixel): LatLon | null {
  const p = new PinholeProjection(camera, pose);
  const g = p.pixelToGround(pixel.x, pixel.y);
  return g ? p.frame.toLatLon(g.x, g.y) : null;
}

/**
 * The ground corners of the image, clockwise from its top-left corner (front-left for a nadir photo,
 * as `footprintPolygon` orders them); null when part of the image sees sky.
 */
export function imageFootprint(camera: Camera, pose: CameraPose): [LatLon, LatLon, LatLon, LatLon] | null {
  const p = new PinholeProjection(camera, pose);
  const corners = [[0, 0], [p.width, 0], [p.width, p.height], [0, p.height]].map(([x, y]) => p.pixelToGround(x, y));
  if (corners.some((c) => c === null)) return null;
  const [a, b, c, d] = corners.map((g) => p.frame.toLatLon(g!.x, g!.y));
  return [a, b, c, d];
}

/** The camera's attitude as a quaternion (w, x, y, z) from north-east-down axes, as CAMERA_IMAGE_CAPTURED carries it. */
export function cameraQuaternion(pose: Pick<CameraPose, 'yawDeg' | 'pitchDeg' | 'rollDeg'>): [number, number, number, number] {
  const y = (pose.yawDeg * RAD) / 2, p = (pose.pitchDeg * RAD) / 2, r = (pose.rollDeg * RAD) / 2;
  const cy = Math.cos(y), sy = Math.sin(y), cp = Math.cos(p), sp = Math.sin(p), cr = Math.cos(r), sr = Math.sin(r);
  return [
    cr * cp * cy + sr * sp * sy,
    sr * cp * cy - cr * sp * sy,
    cr * sp * cy + sr * cp * sy,
    cr * cp * sy - sr * sp * cy,
  ];
}

/**
 * Yaw (0–360), pitch and roll in degrees from a quaternion (w, x, y, z), the inverse of
 * {@link cameraQuaternion}. Looking straight up or down, yaw and roll turn the image the same way:
 * the turn is reported as yaw with roll 0.
 */
export function attitudeFromQuaternion(q: readonly number[]): { yawDeg: number; pitchDeg: number; rollDeg: number } {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(n > 0)) throw new RangeError('quaternion must not be zero');
  const [w, x, y, z] = q.map((c) => c / n);
  const s = 2 * (w * y - z * x);
  let yaw: number, pitch: number, roll: number;
  if (Math.abs(s) >= 1 - 1e-12) {
    pitch = Math.sign(s) * (Math.PI / 2);
    roll = 0;
    // Rotation matrix entries r01 and r11 then hold the combined turn.
    yaw = Math.atan2(-2 * (x * y - w * z), 1 - 2 * (x * x + z * z));
  } else {
    pitch = Math.asin(s);
    roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
    yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
  }
  const yawDeg = ((yaw / RAD) % 360 + 360) % 360;
  return { yawDeg, pitchDeg: pitch / RAD, rollDeg: roll / RAD };
}
