/**
 * Where to place a photo so a finding's crop box fills a small frame: the box with some ground
 * round it for context, kept inside the photo, scaled to the frame. Pure; the popup applies it as
 * a CSS transform on the full image (the browser has it cached from the workstation or review).
 */
import type { Rect, Size } from '../annotate/geometry.js';

export interface CropPlacement {
  /** Size of the frame to show. */
  frame: Size;
  /** Transform of the image at its own pixel size: translate(offsetX, offsetY) scale(scale). */
  scale: number;
  offsetX: number;
  offsetY: number;
  /** The crop box itself within the frame. */
  mark: Rect;
}

/**
 * The placement of a crop in a frame of at most `max`; `image` (when known) keeps the context
 * inside the photo. `context` is the margin on each side as a share of the box's larger side.
 */
export function placeCrop(crop: Rect, image: Size | null, max: Size, context = 0.4, maxScale = 4): CropPlacement {
  const margin = Math.max(16, context * Math.max(crop.width, crop.height));
  let x0 = crop.x - margin;
  let y0 = crop.y - margin;
  let x1 = crop.x + crop.width + margin;
  let y1 = crop.y + crop.height + margin;
  if (image) {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(image.width, x1);
    y1 = Math.min(image.height, y1);
  }
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const scale = Math.min(maxScale, max.width / w, max.height / h);
  return {
    frame: { width: Math.round(w * scale), height: Math.round(h * scale) },
    scale,
    offsetX: -x0 * scale,
    offsetY: -y0 * scale,
    mark: { x: (crop.x - x0) * scale, y: (crop.y - y0) * scale, width: crop.width * scale, height: crop.height * scale },
  };
}
