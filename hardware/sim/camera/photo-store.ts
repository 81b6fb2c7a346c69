/**
 * The simulated camera's memory card: one record per photo (when, where, how it looked), the JPEG
 * (with EXIF and XMP geotags, as a drone camera writes them) rendered from the world when first
 * asked for and kept for a while (rendering is deterministic, so a photo evicted from the cache
 * comes back byte for byte), and its ground truth.
 */
import type { Camera } from '../../../missions/camera.js';
import type { CameraPose } from '../../../missions/camera-projection.js';
import type { World } from '../world/build-world.js';
import { encodeJpeg } from './jpeg-encoder.js';
import { exifSegment, xmpSegment, type PhotoMetadata } from './photo-metadata.js';
import { PhotoView } from './photo-view.js';
import { photoTruth, type PhotoTruth } from './photo-truth.js';
import type { Raster } from './raster.js';
import { renderPhoto } from './render-photo.js';
import { SIM_CAMERA_MAKE, simCameraModel } from './sim-camera-model.js';

/** One photo as taken. */
export interface PhotoRecord {
  /** From 0, in the order taken. */
  index: number;
  /** Simulated ms since the drone booted. */
  bootMs: number;
  /** Clock ms when taken (Unix time on the real clock). */
  timeMs: number;
  pose: CameraPose;
  /** Camera altitude above mean sea level, m. */
  altMsl: number;
}

export interface PhotoStoreOptions {
  /** JPEG quality 1–100; default 85. */
  quality?: number;
  /** Rendered photos kept in memory; default 16. */
  cached?: number;
  /** Records kept (the oldest are forgotten past this); default 10000. */
  keep?: number;
}

export class PhotoStore {
  private readonly records = new Map<number, PhotoRecord>();
  private readonly jpegs = new Map<number, Buffer>();
  private next = 0;
  /** Reused from photo to photo: a fresh 3 MB image each time keeps the garbage collector busy. */
  private raster: Raster | undefined;
  private readonly quality: number;
  private readonly cached: number;
  private readonly keep: number;

  constructor(
    readonly world: World,
    readonly camera: Camera,
    opts: PhotoStoreOptions = {},
  ) {
    this.quality = opts.quality ?? 85;
    this.cached = opts.cached ?? 16;
    this.keep = opts.keep ?? 10000;
    if (!(Number.isInteger(this.quality) && this.quality >= 1 && this.quality <= 100)) throw new RangeError(`photo quality must be a whole number 1-100, got ${this.quality}`);
  }

  /** Photos taken so far (the next index). */
  get count(): number {
    return this.next;
  }

  /** Records a photo and gives it the next index. */
  add(photo: Omit<PhotoRecord, 'index'>): PhotoRecord {
    const rec = { ...photo, index: this.next++ };
    this.records.set(rec.index, rec);
    if (this.records.size > this.keep) this.forget(this.records.keys().next().value as number);
    return rec;
  }

  get(index: number): PhotoRecord | undefined {
    return this.records.get(index);
  }

  /** The photo's JPEG bytes, rendered on first use; undefined for an unknown index. */
  jpeg(index: number): Buffer | undefined {
    const hit = this.jpegs.get(index);
    if (hit) {
      // Most recently used last, so the oldest is evicted first.
      this.jpegs.delete(index);
      this.jpegs.set(index, hit);
      return hit;
    }
    const rec = this.records.get(index);
    if (!rec) return undefined;
    const r = (this.raster = renderPhoto(this.world, new PhotoView(this.world, this.camera, rec.pose), this.raster));
    const meta: PhotoMetadata = {
      make: SIM_CAMERA_MAKE,
      model: simCameraModel(this.camera),
      timeMs: rec.timeMs,
      index: rec.index,
      lat: rec.pose.lat,
      lon: rec.pose.lon,
      altMsl: rec.altMsl,
      relAlt: rec.pose.altitudeAgl,
      yawDeg: rec.pose.yawDeg,
      pitchDeg: rec.pose.pitchDeg,
      rollDeg: rec.pose.rollDeg,
      focalLengthMm: this.camera.focalLengthMm,
      width: r.width,
      height: r.height,
    };
    const bytes = encodeJpeg(r.data, r.width, r.height, this.quality, [exifSegment(meta), xmpSegment(meta)]);
    this.jpegs.set(index, bytes);
    if (this.jpegs.size > this.cached) this.jpegs.delete(this.jpegs.keys().next().value as number);
    return bytes;
  }

  /** What the photo shows, by the world's objects; undefined for an unknown index. */
  truth(index: number): (PhotoTruth & { index: number }) | undefined {
    const rec = this.records.get(index);
    return rec && { index, ...photoTruth(this.world, new PhotoView(this.world, this.camera, rec.pose)) };
  }

  private forget(index: number): void {
    this.records.delete(index);
    this.jpegs.delete(index);
  }
}
