/**
 * Thumbnails with libvips (sharp). A JPEG is decoded at 1/2, 1/4 or 1/8 scale straight from its
 * DCT coefficients when that still covers the thumbnail, so a 20 MP frame costs a fraction of a full
 * decode; the rest of the shrink is filtered, then encoded again. libvips works on libuv's threads,
 * never on the event loop that carries the fleet's MAVLink.
 */
import sharp from 'sharp';
import { BadImageError, isJpeg } from './jpeg-info.js';

/** Default thumbnail width, px. */
export const THUMBNAIL_WIDTH = 320;

/** Decoding limit: a 20 MP camera fits; a decompression bomb does not. */
const MAX_PIXELS = 100_000_000;

// Every photo is thumbnailed once, so libvips's operation cache would only hold memory.
sharp.cache(false);

/** A shrunk photo. */
export interface Thumbnail {
  /** The JPEG of the thumbnail. */
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * A JPEG `width` px wide (never wider than the source) keeping the aspect ratio, in the source's
 * pixel grid (EXIF orientation is not applied, as for the original's stored size). Rejects with the
 * decoder's reason ({@link BadImageError}) when the file is not a JPEG or cannot be decoded,
 * truncated files included.
 */
export async function makeThumbnail(source: Uint8Array, width = THUMBNAIL_WIDTH, quality = 75): Promise<Thumbnail> {
  if (!isJpeg(source)) throw new BadImageError('not a decodable JPEG: no JPEG start marker');
  try {
    const { data, info } = await sharp(source, { failOn: 'error', limitInputPixels: MAX_PIXELS })
      .resize({ width, withoutEnlargement: true })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (err) {
    // libvips appends its whole error log; the first line is the reason.
    throw new BadImageError(`not a decodable JPEG: ${(err as Error).message.split('\n')[0]}`);
  }
}
