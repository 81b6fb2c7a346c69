/**
 * Plane geometry of the annotation editor, in image pixels (origin top left): rectangles from two
 * corners, hit tests, handles, and the edits a drag makes (move, resize, move a vertex), each
 * kept inside the image. Pure, so the editor's behaviour is tested without a browser.
 */
import type { Shape } from '../../server/protocol-annotation.js';

export interface Pt {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** A box's eight grips, or a polygon vertex by index. */
export type BoxHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export type Handle = BoxHandle | number;

const BOX_HANDLES: readonly BoxHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The point moved inside the image. */
export function clampPoint(p: Pt, image: Size): Pt {
  return { x: clamp(p.x, 0, image.width), y: clamp(p.y, 0, image.height) };
}

/** The rectangle spanned by two corners in any order, cut to the image. */
export function rectFromCorners(a: Pt, b: Pt, image: Size): Rect {
  const p = clampPoint(a, image);
  const q = clampPoint(b, image);
  return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), width: Math.abs(p.x - q.x), height: Math.abs(p.y - q.y) };
}

/** The bounding box of a shape. */
export function shapeBounds(shape: Shape): Rect {
  if (shape.kind === 'box') return { x: shape.x, y: shape.y, width: shape.width, height: shape.height };
  const xs = shape.points.map((p) => p[0]);
  const ys = shape.points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Even-odd rule. */
export function pointInPolygon(p: Pt, points: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment(p: Pt, a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : clamp(((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len2, 0, 1);
  return Math.hypot(p.x - (a[0] + t * dx), p.y - (a[1] + t * dy));
}

/** True when `p` is inside the shape or within `tolerance` of its outline. */
export function hitsShape(shape: Shape, p: Pt, tolerance: number): boolean {
  if (shape.kind === 'box') {
    return p.x >= shape.x - tolerance && p.x <= shape.x + shape.width + tolerance && p.y >= shape.y - tolerance && p.y <= shape.y + shape.height + tolerance;
  }
  if (pointInPolygon(p, shape.points)) return true;
  const pts = shape.points;
  return pts.some((a, i) => distanceToSegment(p, a, pts[(i + 1) % pts.length]) <= tolerance);
}

/** Index of the topmost (last drawn) shape under `p`, or -1. Smaller shapes win ties so a box inside a box stays reachable. */
export function topShapeAt(shapes: readonly Shape[], p: Pt, tolerance: number): number {
  let best = -1;
  let bestArea = Infinity;
  for (let i = shapes.length - 1; i >= 0; i--) {
    if (!hitsShape(shapes[i], p, tolerance)) continue;
    const b = shapeBounds(shapes[i]);
    const area = b.width * b.height;
    if (area < bestArea) {
      best = i;
      bestArea = area;
    }
  }
  return best;
}

/** The grips of a shape and where they are. */
export function handlesOf(shape: Shape): { handle: Handle; at: Pt }[] {
  if (shape.kind === 'polygon') return shape.points.map(([x, y], i) => ({ handle: i, at: { x, y } }));
  const { x, y, width: w, height: h } = shape;
  const at: Record<BoxHandle, Pt> = {
    nw: { x, y },
    n: { x: x + w / 2, y },
    ne: { x: x + w, y },
    e: { x: x + w, y: y + h / 2 },
    se: { x: x + w, y: y + h },
    s: { x: x + w / 2, y: y + h },
    sw: { x, y: y + h },
    w: { x, y: y + h / 2 },
  };
  return BOX_HANDLES.map((handle) => ({ handle, at: at[handle] }));
}

/** The grip of `shape` within `tolerance` of `p`, nearest first; null when none. */
export function handleAt(shape: Shape, p: Pt, tolerance: number): Handle | null {
  let best: Handle | null = null;
  let bestD = tolerance;
  for (const { handle, at } of handlesOf(shape)) {
    const d = Math.hypot(at.x - p.x, at.y - p.y);
    if (d <= bestD) {
      best = handle;
      bestD = d;
    }
  }
  return best;
}

/** The shape with one grip dragged to `p`: a box edge or corner (crossing the opposite side flips it), or a polygon vertex. */
export function dragHandle(shape: Shape, handle: Handle, p: Pt, image: Size): Shape {
  const q = clampPoint(p, image);
  if (shape.kind === 'polygon') {
    if (typeof handle !== 'number') return shape;
    return { ...shape, points: shape.points.map((v, i) => (i === handle ? [q.x, q.y] : v)) };
  }
  if (typeof handle === 'number') return shape;
  let x0 = shape.x;
  let y0 = shape.y;
  let x1 = shape.x + shape.width;
  let y1 = shape.y + shape.height;
  if (handle.includes('w')) x0 = q.x;
  if (handle.includes('e')) x1 = q.x;
  if (handle.includes('n')) y0 = q.y;
  if (handle.includes('s')) y1 = q.y;
  const r = rectFromCorners({ x: x0, y: y0 }, { x: x1, y: y1 }, image);
  return { ...shape, ...r };
}

/** The shape moved by (dx, dy), stopped at the image's edges without changing its size. */
export function moveShape(shape: Shape, dx: number, dy: number, image: Size): Shape {
  const b = shapeBounds(shape);
  const mx = clamp(dx, -b.x, image.width - (b.x + b.width));
  const my = clamp(dy, -b.y, image.height - (b.y + b.height));
  if (shape.kind === 'box') return { ...shape, x: shape.x + mx, y: shape.y + my };
  return { ...shape, points: shape.points.map(([x, y]) => [x + mx, y + my]) };
}

/** Area of a polygon (shoelace), for refusing degenerate ones. */
export function polygonArea(points: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) sum += (points[j][0] + points[i][0]) * (points[j][1] - points[i][1]);
  return Math.abs(sum) / 2;
}
