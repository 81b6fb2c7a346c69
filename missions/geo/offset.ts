/**
 * Offsetting lines and rings sideways, in a local frame: corridor passes beside a power line, margins
 * around an area. Joins are mitred, and bevelled where a sharp turn would throw the mitre far out.
 */
import { openRing, ringSignedArea } from './rings.js';
import { add, length, scale, sub, type XY } from './xy.js';

/** Mitres longer than this many offset distances are bevelled instead. */
export const DEFAULT_MITER_LIMIT = 4;

/** Unit normal to the right of travel from a to b. */
function rightNormal(a: XY, b: XY): XY {
  const d = sub(b, a);
  const l = length(d);
  return { x: d.y / l, y: -d.x / l };
}

/** The offset point(s) at vertex `p` between a segment with normal `n0` and one with normal `n1`. */
function join(p: XY, n0: XY, n1: XY, d: number, miterLimit: number): XY[] {
  const c = 1 + n0.x * n1.x + n0.y * n1.y;
  if (c > 1e-9) {
    const m = scale(add(n0, n1), d / c);
    if (length(m) <= miterLimit * Math.abs(d)) return [add(p, m)];
  }
  return [add(p, scale(n0, d)), add(p, scale(n1, d))];
}

/**
 * A polyline offset sideways by `distanceM`: positive to the right of the direction of travel,
 * negative to the left. Repeated vertices are ignored; fewer than two distinct vertices give [].
 */
export function offsetPolyline(points: readonly XY[], distanceM: number, miterLimit = DEFAULT_MITER_LIMIT): XY[] {
  const pts = dedupe(points);
  if (pts.length < 2) return [];
  const normals = pts.slice(1).map((p, i) => rightNormal(pts[i], p));
  const out: XY[] = [add(pts[0], scale(normals[0], distanceM))];
  for (let i = 1; i < pts.length - 1; i++) out.push(...join(pts[i], normals[i - 1], normals[i], distanceM, miterLimit));
  out.push(add(pts[pts.length - 1], scale(normals[normals.length - 1], distanceM)));
  return out;
}

/**
 * A ring grown outward by `distanceM` (negative shrinks it), whichever way it winds. The result is
 * not repaired: shrinking past a narrow waist can make it cross itself.
 */
export function offsetRing(ring: readonly XY[], distanceM: number, miterLimit = DEFAULT_MITER_LIMIT): XY[] {
  const pts = openRing(dedupe(ring));
  if (pts.length < 3) return [];
  // The inside of a counter-clockwise ring is on the left, so right of travel is outward.
  const d = ringSignedArea(pts) > 0 ? distanceM : -distanceM;
  const n = pts.length;
  const normals = pts.map((p, i) => rightNormal(p, pts[(i + 1) % n]));
  const out: XY[] = [];
  for (let i = 0; i < n; i++) out.push(...join(pts[i], normals[(i + n - 1) % n], normals[i], d, miterLimit));
  return out;
}

function dedupe(points: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (const p of points) if (out.length === 0 || length(sub(p, out[out.length - 1])) > 1e-9) out.push(p);
  return out;
}
