/** Table types of the imagery store: one row per photo, announced live by a drone or uploaded after the flight. */

/**
 * A photo. A live row is written as soon as the drone announces the capture, before its file is
 * fetched, so a photo that never arrives stays visible (status announced or failed) instead of lost.
 * File fields (sha256, bytes, width, height, mime) are null until the file is stored.
 */
export interface ImagesTable {
  id: string;
  /** SHA-256 of the file, lowercase hex: its address in the content store. */
  sha256: string | null;
  bytes: number | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  vehicle_id: string | null;
  vehicle_name: string | null;
  plan_id: string | null;
  /** 'forest' | 'powerline' | 'rescue', or null when unknown. */
  patrol: string | null;
  /** 'live' (announced over MAVLink, whether the file was then fetched or uploaded) | 'upload' (known only from an upload). */
  source: string;
  /** 'announced' | 'fetching' | 'stored' | 'failed'. */
  status: string;
  /** Where the drone serves the file (CAMERA_IMAGE_CAPTURED.file_url); null when it must be uploaded. */
  url: string | null;
  /** Fetch attempts made so far. */
  attempts: number;
  last_error: string | null;
  /** The camera's image index (CAMERA_IMAGE_CAPTURED / CAMERA_FEEDBACK), or the number in an uploaded file's name. */
  image_index: number | null;
  /**
   * The vehicle's own timestamp of the capture, ms (time_boot_ms, or CAMERA_FEEDBACK's time_usec / 1000).
   * With the index it identifies one photo across re-sends, reboots (indices restart) and server restarts.
   */
  capture_ms: number | null;
  /** Wall-clock ms of the capture (the message's UTC time, else when it was heard; EXIF time for uploads). */
  captured_at: number | null;
  lat: number | null;
  lon: number | null;
  alt_msl: number | null;
  rel_alt: number | null;
  /** Camera attitude, degrees. */
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  /** JSON of the camera model used for the footprint. */
  camera: string | null;
  /** JSON of the ground footprint, a GeoJSON Polygon. */
  footprint: string | null;
  /** The uploaded file's name, for uploads. */
  file_name: string | null;
  created_at: number;
  updated_at: number;
}
