/**
 * Ground truth for one photo: every world object whose centre the image shows, with its ground
 * position and its box in pixels, to check detections and findings against.
 */
import { imageFootprint, type CameraPose, type Pixel } from '../../../missions/camera-projection.js';
import type { LatLon } from '../../../missions/plan.js';
import type { World } from '../world/build-world.js';
import type { WorldObject } from '../world/world-objects.js';
import type { PhotoView } from './photo-view.js';

/** A box in pixels: top-left corner and size (COCO's order). */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One object in a photo. */
export interface TruthObject extends Omit<WorldObject, 'x' | 'y'> {
  /** Where its centre shows. */
  pixel: Pixel;
  /** The box round its ground extent, clipped to the image. */
  box: PixelBox;
}

export interface PhotoTruth {
  width: number;
  height: number;
  pose: CameraPose;
  /** Ground corners of the image, clockwise from its top-left; null when it sees sky. */
  footprint: LatLon[] | null;
  objects: TruthObject[];
}

/** Objects far off-centre still poke into view by up to this, m (the longest smoke plume). */
const MAX_EXTENT_M = 30;

/** World objects that may show in the view, for drawing and for truth. */
export function objectsNearView(world: World, view: PhotoView): WorldObject[] {
  const b = view.groundBounds();
  if (!b) return [];
  const c = world.frame.toLatLon((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2);
  return world.objectsNear(c, Math.hypot(b.maxX - b.minX, b.maxY - b.minY) / 2 + MAX_EXTENT_M);
}

/** The truth for the photo `view` describes, objects nearest the image centre first. */
export function photoTruth(world: World, view: PhotoView): PhotoTruth {
  const W = view.width, H = view.height;
  const objects: TruthObject[] = [];
  for (const o of objectsNearView(world, view)) {
    const pixel = view.toPixel(o.x, o.y);
    if (!pixel || pixel.x < 0 || pixel.y < 0 || pixel.x >= W || pixel.y >= H) continue;
    const h = (o.headingDeg * Math.PI) / 180, fx = Math.sin(h), fy = Math.cos(h);
    const l = o.sizeM / 2, w = o.widthM / 2;
    const corners = [[l, -w], [l, w], [-l, w], [-l, -w]].map(([a, c]) => view.toPixel(o.x + fx * a + fy * c, o.y + fy * a - fx * c));
    if (corners.some((p) => !p)) continue;
    const xs = corners.map((p) => p!.x), ys = corners.map((p) => p!.y);
    const x0 = Math.max(0, Math.min(...xs)), x1 = Math.min(W, Math.max(...xs));
    const y0 = Math.max(0, Math.min(...ys)), y1 = Math.min(H, Math.max(...ys));
    const { x: _x, y: _y, ...rest } = o;
    objects.push({ ...rest, pixel: { x: round1(pixel.x), y: round1(pixel.y) }, box: { x: round1(x0), y: round1(y0), width: round1(x1 - x0), height: round1(y1 - y0) } });
  }
  objects.sort((a, b) => Math.hypot(a.pixel.x - W / 2, a.pixel.y - H / 2) - Math.hypot(b.pixel.x - W / 2, b.pixel.y - H / 2));
  return { width: W, height: H, pose: view.pose, footprint: imageFootprint(view.camera, view.pose), objects };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
