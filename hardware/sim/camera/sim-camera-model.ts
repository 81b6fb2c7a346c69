/** The simulated drone's camera: a 1-inch sensor cropped to the image's aspect, behind an 8.8 mm lens. */
import type { Camera } from '../../../missions/camera.js';

/** The maker the camera reports (CAMERA_INFORMATION, EXIF). */
export const SIM_CAMERA_MAKE = 'Simulated';

/** The model name the camera reports. */
export function simCameraModel(camera: Camera): string {
  return `Sim ${camera.imageWidthPx}x${camera.imageHeightPx}`;
}

/** Width of a 1-inch sensor, mm. */
const SENSOR_WIDTH_MM = 13.2;
const FOCAL_LENGTH_MM = 8.8;

/** The simulated camera at `width` × `height` pixels (default 1024 × 768): square pixels, 84° across. */
export function simCamera(width = 1024, height = 768): Camera {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16 && width <= 4096 && height <= 4096)) {
    throw new RangeError(`camera image must be whole pixels from 16 to 4096 on each side, got ${width} × ${height}`);
  }
  return {
    name: `Simulated 1-inch ${width} × ${height} (8.8 mm)`,
    sensorWidthMm: SENSOR_WIDTH_MM,
    sensorHeightMm: (SENSOR_WIDTH_MM * height) / width,
    focalLengthMm: FOCAL_LENGTH_MM,
    imageWidthPx: width,
    imageHeightPx: height,
  };
}
