/**
 * The imagery contract shared by server and dashboard: the photo record, upload jobs and their
 * progress event, and the list filters. Types and plain data only.
 */
import type { Polygon } from 'geojson';

/** Patrol types a photo can belong to; each feeds its own annotation queue. */
export const PATROLS = ['forest', 'powerline', 'rescue'] as const;
export type Patrol = (typeof PATROLS)[number];

export const IMAGE_STATUSES = ['announced', 'fetching', 'stored', 'failed'] as const;
/** announced: known, file not here yet (waiting to be fetched, or to be uploaded when it has no URL); failed: gave up fetching, retriable. */
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** live: announced by the drone over MAVLink; upload: known only from a file uploaded after the flight. */
export type ImageSource = 'live' | 'upload';

/** The camera model a footprint was computed with. */
export interface ImageCameraDTO {
  name: string;
  sensorWidthMm: number;
  sensorHeightMm: number;
  focalLengthMm: number;
  imageWidthPx: number;
  imageHeightPx: number;
}

/** One photo, as `GET /api/images` and `GET /api/images/:id` return it. */
export interface ImageDTO {
  id: string;
  /** Content address of the file (SHA-256, hex); null until stored. */
  sha256: string | null;
  bytes: number | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  vehicleId: string | null;
  vehicleName: string | null;
  planId: string | null;
  patrol: Patrol | null;
  source: ImageSource;
  status: ImageStatus;
  /** Where the drone serves the file, for live photos. */
  url: string | null;
  attempts: number;
  lastError: string | null;
  imageIndex: number | null;
  /** Wall-clock ms of the capture, when known. */
  capturedAt: number | null;
  position: { lat: number; lon: number; altMsl: number | null; altRel: number | null } | null;
  /** Camera attitude in degrees. */
  attitude: { yaw: number; pitch: number; roll: number } | null;
  camera: ImageCameraDTO | null;
  /** Ground footprint, when the position is known. */
  footprint: Polygon | null;
  fileName: string | null;
  createdAt: number;
  /** `/api/images/:id/file` once stored, else null. */
  fileUrl: string | null;
  thumbnailUrl: string | null;
}

/** A page of {@link ImageDTO}s with the total count of matches. */
export interface ImagePageDTO {
  images: ImageDTO[];
  total: number;
  limit: number;
  offset: number;
}

/** What became of one file of an upload. */
export type UploadFileOutcome =
  /** Stored as a new photo. */
  | 'stored'
  /** Stored into a photo the drone had announced (matched by index and time). */
  | 'matched'
  /** The same bytes were already stored: nothing new. */
  | 'duplicate'
  /** Refused: not a JPEG, corrupt, too large; `message` says which. */
  | 'failed'
  /** Not a photo (a folder, a sidecar file): ignored. */
  | 'skipped';

/** One file of an upload job. */
export interface UploadFileDTO {
  name: string;
  outcome: UploadFileOutcome;
  imageId: string | null;
  /** Where the position came from: EXIF GPS, the drone's capture event, or nowhere. */
  geotag: 'exif' | 'capture' | 'none' | null;
  message: string | null;
}

/** An upload job: `POST /api/images/upload` answers with it, `GET /api/images/jobs/:id` tracks it. */
export interface UploadJobDTO {
  id: string;
  state: 'running' | 'done' | 'failed';
  /** Files looked at so far and in all (total null until known). */
  done: number;
  total: number | null;
  stored: number;
  matched: number;
  duplicates: number;
  failed: number;
  skipped: number;
  files: UploadFileDTO[];
  /** Why the whole job failed (an unreadable archive), else null. */
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** `imagery:progress`, sent to the uploader's sockets while a job runs. */
export interface ImageryProgressDTO {
  jobId: string;
  done: number;
  total: number | null;
}

