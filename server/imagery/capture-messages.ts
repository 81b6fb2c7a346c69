/**
 * The camera messages the ingest listens to, turned into plain capture events, and the request
 * it sends back. CAMERA_IMAGE_CAPTURED comes from a MAVLink camera (a companion computer) and carries
 * a URL; CAMERA_FEEDBACK comes from an autopilot that triggers a camera itself and carries none.
 */
import { common } from 'node-mavlink';
import type { ardupilotmega } from 'node-mavlink';
import { customCamera, type Camera } from '../../missions/camera.js';
import { attitudeFromQuaternion } from '../../missions/camera-projection.js';

/** Message ids the ingest handles. */
export const CAMERA_MSG = {
  CAMERA_FEEDBACK: 180,
  CAMERA_INFORMATION: 259,
  CAMERA_IMAGE_CAPTURED: 263,
} as const;

/** MAV_COMP_ID_CAMERA: where camera requests go when no camera has spoken yet. */
export const CAMERA_COMPONENT = 100;

/** One photo as announced. Camera angles in degrees; positions null when the vehicle had no fix. */
export interface CaptureEvent {
  kind: 'captured' | 'feedback';
  /** The component that announced it (the camera, or the autopilot for feedback). */
  compid: number;
  index: number;
  /** The vehicle's own capture time in ms (time since its boot, or GPS time for some feedback). */
  captureMs: number;
  /** UTC ms when the message carries one. */
  utcMs: number | null;
  lat: number | null;
  lon: number | null;
  altMsl: number | null;
  relAlt: number | null;
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  url: string | null;
  /** False when the camera reports the capture failed. */
  ok: boolean;
}

/** Times before this are not UTC (a boot-relative time mistaken for one). */
const YEAR_2001_MS = 978_307_200_000;

/** A CAMERA_IMAGE_CAPTURED as a capture event. */
export function fromImageCaptured(m: common.CameraImageCaptured, compid: number): CaptureEvent {
  const utcMs = Number(m.timeUtc) / 1000;
  const hasFix = m.lat !== 0 || m.lon !== 0;
  const att = cameraAttitude(m.q);
  const result = m.captureResult as unknown;
  return {
    kind: 'captured',
    compid,
    index: m.imageIndex,
    captureMs: m.timeBootMs,
    utcMs: utcMs > YEAR_2001_MS ? Math.round(utcMs) : null,
    lat: hasFix ? m.lat / 1e7 : null,
    lon: hasFix ? m.lon / 1e7 : null,
    altMsl: hasFix ? m.alt / 1000 : null,
    relAlt: hasFix ? m.relativeAlt / 1000 : null,
    yaw: att?.yawDeg ?? null,
    pitch: att?.pitchDeg ?? null,
    roll: att?.rollDeg ?? null,
    url: cleanString(m.fileUrl),
    ok: !(result === 0 || result === 'FALSE'),
  };
}

/**
 * An ArduPilot CAMERA_FEEDBACK as a capture event (no URL: the file comes later, by upload). Its
 * roll and pitch are the airframe's; the camera is taken to hang straight down on a gimbal,
 * its image top facing the vehicle's heading.
 */
export function fromFeedback(m: ardupilotmega.CameraFeedback, compid: number): CaptureEvent {
  const timeMs = Number(m.timeUsec) / 1000;
  const hasFix = m.lat !== 0 || m.lng !== 0;
  return {
    kind: 'feedback',
    compid,
    index: m.imgIdx,
    captureMs: Math.round(timeMs),
    utcMs: timeMs > YEAR_2001_MS ? Math.round(timeMs) : null,
    lat: hasFix ? m.lat / 1e7 : null,
    lon: hasFix ? m.lng / 1e7 : null,
    altMsl: hasFix ? m.altMsl : null,
    relAlt: hasFix ? m.altRel : null,
    yaw: normaliseHeading(m.yaw),
    pitch: -90,
    roll: 0,
    url: null,
    ok: true,
  };
}

/** The camera a CAMERA_INFORMATION describes, or null when its figures are missing or impossible. */
export function cameraFromInformation(m: common.CameraInformation): Camera | null {
  const vendor = bytesToText(m.vendorName), model = bytesToText(m.modelName);
  try {
    return customCamera({
      name: [vendor, model].filter(Boolean).join(' ') || 'camera',
      sensorWidthMm: m.sensorSizeH,
      sensorHeightMm: m.sensorSizeV,
      focalLengthMm: m.focalLength,
      imageWidthPx: m.resolutionH,
      imageHeightPx: m.resolutionV,
    });
  } catch {
    return null;
  }
}

/** MAV_CMD_REQUEST_MESSAGE for one message, with `param2` (the image index for CAMERA_IMAGE_CAPTURED). */
export function requestMessage(msgid: number, param2: number, targetSystem: number, targetComponent: number): common.CommandLong {
  const c = new common.CommandLong();
  c.command = common.MavCmd.REQUEST_MESSAGE;
  c.targetSystem = targetSystem;
  c.targetComponent = targetComponent;
  c.confirmation = 0;
  c._param1 = msgid;
  c._param2 = param2;
  c._param3 = 0;
  c._param4 = 0;
  c._param5 = 0;
  c._param6 = 0;
  c._param7 = 0;
  return c;
}

/** The camera's attitude from the message's quaternion; null for a missing or zero one (not sent). */
function cameraAttitude(q: readonly number[] | undefined): { yawDeg: number; pitchDeg: number; rollDeg: number } | null {
  if (!q || q.length < 4 || !q.every(Number.isFinite) || !(Math.hypot(q[0], q[1], q[2], q[3]) > 1e-6)) return null;
  return attitudeFromQuaternion(q);
}

function normaliseHeading(deg: number): number | null {
  return Number.isFinite(deg) ? ((deg % 360) + 360) % 360 : null;
}

/** MAVLink char fields can arrive NUL-padded. */
function cleanString(s: string | undefined): string | null {
  const t = (s ?? '').replace(/\0[\s\S]*$/, '').trim();
  return t.length > 0 ? t : null;
}

function bytesToText(bytes: readonly number[] | undefined): string {
  if (!bytes) return '';
  const end = bytes.indexOf(0);
  return String.fromCharCode(...(end >= 0 ? bytes.slice(0, end) : bytes)).trim();
}
