/** The long axis of an area: the direction a parallel-track search runs its legs by default. */
import { cross, sub, vectorHeading, type XY } from '../geo/xy.js';

/** Convex hull, counter-clockwise (monotone chain); collinear points are dropped. */
export function convexHull(points: readonly XY[]): XY[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts.length < 3) return pts;
  const half = (list: XY[]): XY[] => {
    const out: XY[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(sub(out[out.length - 1], out[out.length - 2]), sub(p, out[out.length - 2])) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half(pts.reverse())];
}

/**
 * The heading (degrees clockwise from north, 0–180) along which the points are narrowest across:
 * the long side of their minimum-width bounding strip. The narrowest direction always lies along
 * an edge of the convex hull (rotating calipers), so only those are tried.
 */
export function longAxisHeading(points: readonly XY[]): number {
  const hull = convexHull(points);
  if (hull.length < 2) return 0;
  let best = { heading: 0, width: Infinity };
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i], b = hull[(i + 1) % hull.length];
    const d = sub(b, a);
    const len = Math.hypot(d.x, d.y);
    if (len === 0) continue;
    let width = 0;
    for (const p of hull) width = Math.max(width, Math.abs(cross(d, sub(p, a))) / len);
    if (width < best.width - 1e-9) best = { heading: vectorHeading(d) % 180, width };
  }
  return best.heading;
}
