/** Small plane geometry for the simulated world, in local metres (x east, y north). */
import type { XY } from '../../../missions/geo/xy.js';
import type { Rng } from '../rng.js';

/** An axis-aligned box. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Segments as a flat list: ax, ay, bx, by for each. */
export type Segments = Float64Array;

/** An irregular closed outline round `c`: a wobbly circle, `radius` on average. */
export function blobRing(rng: Rng, c: XY, radius: number, vertices = 18): XY[] {
  const phase = rng.range(0, Math.PI * 2);
  const wobble = Array.from({ length: 3 }, () => rng.range(0.06, 0.18));
  const out: XY[] = [];
  for (let i = 0; i < vertices; i++) {
    const a = (i / vertices) * Math.PI * 2;
    const r = radius * (1 + wobble[0] * Math.sin(2 * a + phase) + wobble[1] * Math.sin(3 * a + 2 * phase) + wobble[2] * rng.range(-1, 1));
    out.push({ x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) });
  }
  return out;
}

/** Even-odd point-in-ring test without allocating. */
export function insideRing(x: number, y: number, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i], b = ring[j];
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** The segments between consecutive points of a polyline. */
export function polylineSegments(points: readonly XY[]): Segments {
  const s = new Float64Array(Math.max(0, points.length - 1) * 4);
  for (let i = 1; i < points.length; i++) s.set([points[i - 1].x, points[i - 1].y, points[i].x, points[i].y], (i - 1) * 4);
  return s;
}

/** Distance from (x, y) to the nearest segment; Infinity when there are none. */
export function distanceToSegments(x: number, y: number, s: Segments): number {
  let best = Infinity;
  for (let k = 0; k < s.length; k += 4) {
    const ax = s[k], ay = s[k + 1], dx = s[k + 2] - ax, dy = s[k + 3] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx - x, ey = ay + t * dy - y;
    const d2 = ex * ex + ey * ey;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/** The segments that come within `margin` of `b`. */
export function segmentsNear(s: Segments, b: Bounds, margin: number): Segments {
  const keep: number[] = [];
  for (let k = 0; k < s.length; k += 4) {
    if (Math.max(s[k], s[k + 2]) < b.minX - margin || Math.min(s[k], s[k + 2]) > b.maxX + margin) continue;
    if (Math.max(s[k + 1], s[k + 3]) < b.minY - margin || Math.min(s[k + 1], s[k + 3]) > b.maxY + margin) continue;
    keep.push(s[k], s[k + 1], s[k + 2], s[k + 3]);
  }
  return Float64Array.from(keep);
}

/** Bounds of a set of points. */
export function pointsBounds(points: Iterable<XY>): Bounds {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of points) {
    b.minX = Math.min(b.minX, p.x);
    b.minY = Math.min(b.minY, p.y);
    b.maxX = Math.max(b.maxX, p.x);
    b.maxY = Math.max(b.maxY, p.y);
  }
  return b;
}

/** Whether two boxes overlap once `a` is grown by `margin`. */
export function boundsMeet(a: Bounds, b: Bounds, margin = 0): boolean {
  return a.minX - margin <= b.maxX && a.maxX + margin >= b.minX && a.minY - margin <= b.maxY && a.maxY + margin >= b.minY;
}
