/**
 * Thumbnails: decode the JPEG, shrink it with a box filter (each output pixel the mean of the source
 * pixels it covers, which keeps fine detail from aliasing), encode again.
 */
import jpeg from 'jpeg-js';
import { BadImageError } from './jpeg-info.js';

/** Default thumbnail width, px. */
export const THUMBNAIL_WIDTH = 320;

/** Decoding limits: a 20 MP camera fits; a decompression bomb does not. */
const MAX_MEGAPIXELS = 100;
const MAX_DECODE_MB = 1024;

/** A decoded-and-shrunk photo. */
export interface Thumbnail {
  /** The JPEG of the thumbnail. */
  bytes: Buffer;
  width: number;
  height: number;
  /** The full image's size, as decoded. */
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * A JPEG `width` px wide (never wider than the source) keeping the aspect ratio. Throws with the
 * decoder's reason ({@link BadImageError}) when the file cannot be decoded.
 */
export function makeThumbnail(source: Uint8Array, width = THUMBNAIL_WIDTH, quality = 80): Thumbnail {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(source, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: MAX_DECODE_MB });
  } catch (err) {
    throw new BadImageError(`not a decodable JPEG: ${(err as Error).message ?? String(err)}`);
  }
  const w = Math.max(1, Math.min(width, img.width));
  const h = Math.max(1, Math.round((img.height * w) / img.width));
  const data = boxDownscale(img.data, img.width, img.height, w, h);
  return { bytes: jpeg.encode({ width: w, height: h, data }, quality).data, width: w, height: h, sourceWidth: img.width, sourceHeight: img.height };
}

/** RGBA `sw`×`sh` → RGBA `dw`×`dh`; every source pixel counts once, weighted by how much of it a box covers. */
export function boxDownscale(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  const out = new Uint8Array(dw * dh * 4);
  const sx = sw / dw, sy = sh / dh;
  const acc = new Float64Array(dw * 4);
  for (let y = 0; y < dh; y++) {
    acc.fill(0);
    const y0 = y * sy, y1 = y0 + sy;
    for (let yy = Math.floor(y0); yy < Math.min(sh, Math.ceil(y1)); yy++) {
      const wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
      const row = yy * sw * 4;
      for (let x = 0; x < dw; x++) {
        const x0 = x * sx, x1 = x0 + sx;
        for (let xx = Math.floor(x0); xx < Math.min(sw, Math.ceil(x1)); xx++) {
          const w = wy * (Math.min(x1, xx + 1) - Math.max(x0, xx));
          const p = row + xx * 4, a = x * 4;
          acc[a] += src[p] * w;
          acc[a + 1] += src[p + 1] * w;
          acc[a + 2] += src[p + 2] * w;
        }
      }
    }
    const area = sx * sy;
    for (let x = 0; x < dw; x++) {
      const o = (y * dw + x) * 4, a = x * 4;
      out[o] = Math.round(acc[a] / area);
      out[o + 1] = Math.round(acc[a + 1] / area);
      out[o + 2] = Math.round(acc[a + 2] / area);
      out[o + 3] = 255;
    }
  }
  return out;
}
