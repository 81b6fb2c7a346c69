/**
 * Zoom and pan of the image viewer as one affine map: screen = image × scale + offset. Pure; the
 * editor applies the result as a single CSS transform, so zooming never redraws the shapes.
 */
import type { Pt, Size } from './geometry.js';

export interface View {
  scale: number;
  x: number;
  y: number;
}

/** Zoom limits relative to the image's own pixels. */
export const MIN_SCALE = 0.02;
export const MAX_SCALE = 16;

/** The view that shows the whole image centred in `box`, with `margin` pixels round it, never enlarged past 4×. */
export function fitView(image: Size, box: Size, margin = 12): View {
  const w = Math.max(1, box.width - 2 * margin);
  const h = Math.max(1, box.height - 2 * margin);
  const scale = Math.min(4, Math.max(MIN_SCALE, Math.min(w / image.width, h / image.height)));
  return { scale, x: (box.width - image.width * scale) / 2, y: (box.height - image.height * scale) / 2 };
}

/** Image point under a screen point. */
export function toImage(v: View, p: Pt): Pt {
  return { x: (p.x - v.x) / v.scale, y: (p.y - v.y) / v.scale };
}

/** Screen point of an image point. */
export function toScreen(v: View, p: Pt): Pt {
  return { x: p.x * v.scale + v.x, y: p.y * v.scale + v.y };
}

/** Zooms by `factor` keeping the image point under `at` (screen) where it is. */
export function zoomAt(v: View, factor: number, at: Pt): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const anchor = toImage(v, at);
  return { scale, x: at.x - anchor.x * scale, y: at.y - anchor.y * scale };
}

/** Zoom factor for one wheel event: smooth for trackpads, about 1.2× per mouse notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-pixels * 0.0018);
}
