/**
 * The camera protocol messages of the simulated camera, which hangs off the autopilot (camera device
 * id 1, sent from the autopilot's component, as ArduPilot's cameras are): CAMERA_INFORMATION,
 * CAMERA_CAPTURE_STATUS and one CAMERA_IMAGE_CAPTURED per photo. Every enum field gets a number.
 */
import { common, standard } from 'node-mavlink';
import type { Camera } from '../../../missions/camera.js';
import { cameraQuaternion } from '../../../missions/camera-projection.js';
import type { PhotoRecord } from './photo-store.js';
import { SIM_CAMERA_MAKE, simCameraModel } from './sim-camera-model.js';

/** The camera's device id on its autopilot (1–6 are autopilot-attached cameras). */
export const CAMERA_DEVICE_ID = 1;

/** CAMERA_IMAGE_CAPTURED for one photo, its file at `fileUrl`. */
export function imageCaptured(rec: PhotoRecord, fileUrl: string): common.CameraImageCaptured {
  const m = new common.CameraImageCaptured();
  m.timeBootMs = Math.floor(rec.bootMs) % 4294967296;
  m.timeUtc = BigInt(Math.max(0, Math.round(rec.timeMs * 1000)));
  m.cameraId = CAMERA_DEVICE_ID;
  m.lat = Math.round(rec.pose.lat * 1e7);
  m.lon = Math.round(rec.pose.lon * 1e7);
  m.alt = Math.round(rec.altMsl * 1000);
  m.relativeAlt = Math.round(rec.pose.altitudeAgl * 1000);
  m.q = cameraQuaternion(rec.pose);
  m.imageIndex = rec.index;
  m.captureResult = standard.MavBool.TRUE;
  m.fileUrl = fileUrl;
  return m;
}

/** CAMERA_INFORMATION: who made it, the lens and sensor, the resolution; it takes photos. */
export function cameraInformation(camera: Camera, bootMs: number): common.CameraInformation {
  const m = new common.CameraInformation();
  m.timeBootMs = Math.floor(bootMs) % 4294967296;
  m.vendorName = bytes32(SIM_CAMERA_MAKE);
  m.modelName = bytes32(simCameraModel(camera));
  m.firmwareVersion = 1;
  m.focalLength = camera.focalLengthMm;
  m.sensorSizeH = camera.sensorWidthMm;
  m.sensorSizeV = camera.sensorHeightMm;
  m.resolutionH = camera.imageWidthPx;
  m.resolutionV = camera.imageHeightPx;
  m.lensId = 0;
  m.flags = common.CameraCapFlags.CAPTURE_IMAGE;
  m.camDefinitionVersion = 0;
  m.camDefinitionUri = '';
  m.gimbalDeviceId = 0;
  m.cameraDeviceId = CAMERA_DEVICE_ID;
  return m;
}

/** CAMERA_CAPTURE_STATUS: whether interval capture runs, at what interval, and how many photos exist. */
export function captureStatus(bootMs: number, intervalS: number, imageCount: number): common.CameraCaptureStatus {
  const m = new common.CameraCaptureStatus();
  m.timeBootMs = Math.floor(bootMs) % 4294967296;
  m.imageStatus = intervalS > 0 ? 3 : 0;
  m.videoStatus = 0;
  m.imageInterval = intervalS;
  m.recordingTimeMs = 0;
  m.availableCapacity = 32768;
  m.imageCount = imageCount;
  m.cameraDeviceId = CAMERA_DEVICE_ID;
  return m;
}

/** A name as the 32 zero-padded bytes the message carries. */
function bytes32(text: string): number[] {
  const b = [...Buffer.from(text, 'latin1').subarray(0, 32)];
  while (b.length < 32) b.push(0);
  return b;
}
