/**
 * Overlap of labelled shapes in image pixels: intersection over union of boxes and polygons,
 * convex or not, plus the centre and bounding box a finding is placed from.
 *
 * The intersection of two simple polygons is exact without a general clipper: fan each polygon
 * into triangles from one common point, signed by orientation; the signed triangles of a polygon
 * sum to its winding number everywhere, so the overlap area is the signed sum of the pairwise
 * triangle intersections, and triangles are convex (clipped with Sutherland–Hodgman).
 */
import type { Shape } from '../protocol-annotation.js';

/** A point in image pixels. */
export type Pt = readonly [number, number];

/** Signed area of a ring (positive counter-clockwise in x-right, y-up axes). */
export function signedArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

/** The shape's outline as a ring (not closed). */
export function shapeRing(shape: Shape): Pt[] {
  if (shape.kind === 'box') {
    const { x, y, width: w, height: h } = shape;
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
  }
  return shape.points;
}

/** Area of the shape in square pixels. */
export function shapeArea(shape: Shape): number {
  return Math.abs(signedArea(shapeRing(shape)));
}

/** Keeps the part of convex `subject` on the left of the directed edge a→b. */
function clipByEdge(subject: Pt[], a: Pt, b: Pt): Pt[] {
  const side = (p: Pt) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const out: Pt[] = [];
  for (let i = 0; i < subject.length; i++) {
    const p = subject[i], q = subject[(i + 1) % subject.length];
    const sp = side(p), sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Area of the intersection of two counter-clockwise triangles. */
function triangleOverlap(t: Pt[], u: Pt[]): number {
  let poly = t;
  for (let i = 0; i < 3 && poly.length > 0; i++) poly = clipByEdge(poly, u[i], u[(i + 1) % 3]);
  return poly.length < 3 ? 0 : Math.abs(signedArea(poly));
}

interface FanTriangle {
  pts: Pt[];
  sign: number;
  box: [number, number, number, number];
}

function fan(ring: readonly Pt[], origin: Pt): FanTriangle[] {
  const out: FanTriangle[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i], b = ring[(i + 1) % ring.length];
    const s = signedArea([origin, a, b]);
    if (s === 0) continue;
    const pts: Pt[] = s > 0 ? [origin, a, b] : [origin, b, a];
    const xs = [origin[0], a[0], b[0]], ys = [origin[1], a[1], b[1]];
    out.push({ pts, sign: Math.sign(s), box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
  }
  return out;
}

/** Area of the intersection of two simple polygons given as rings (either orientation). */
export function intersectionArea(a: readonly Pt[], b: readonly Pt[]): number {
  if (a.length < 3 || b.length < 3) return 0;
  const origin = a[0];
  const fa = fan(a, origin), fb = fan(b, origin);
  let total = 0;
  for (const t of fa) {
    for (const u of fb) {
      if (t.box[0] >= u.box[2] || u.box[0] >= t.box[2] || t.box[1] >= u.box[3] || u.box[1] >= t.box[3]) continue;
      total += t.sign * u.sign * triangleOverlap(t.pts, u.pts);
    }
  }
  // Orientation flips the sign of a whole polygon's winding, never its size.
  return Math.abs(total);
}

/** Intersection over union of two shapes, 0 (apart) to 1 (identical). */
export function shapeIou(a: Shape, b: Shape): number {
  const ra = shapeRing(a), rb = shapeRing(b);
  const inter = intersectionArea(ra, rb);
  const union = Math.abs(signedArea(ra)) + Math.abs(signedArea(rb)) - inter;
  return union > 0 ? Math.min(1, inter / union) : 0;
}

/** Axis-aligned bounding box of the shape, pixels. */
export function shapeBounds(shape: Shape): { x: number; y: number; width: number; height: number } {
  const ring = shapeRing(shape);
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The shape's centre: the area centroid (the mean of the points for a degenerate polygon). */
export function shapeCentre(shape: Shape): { x: number; y: number } {
  const ring = shapeRing(shape);
  const a = signedArea(ring);
  if (Math.abs(a) < 1e-9) {
    return { x: ring.reduce((s, p) => s + p[0], 0) / ring.length, y: ring.reduce((s, p) => s + p[1], 0) / ring.length };
  }
  let cx = 0, cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return { x: cx / (6 * a), y: cy / (6 * a) };
}
