/** Point-in-polygon for polygons with holes, in a local frame. */
import type { Ring } from './rings.js';
import type { XY } from './xy.js';

/**
 * Whether `p` lies inside the outline and outside every hole (even-odd rule over all rings, so a
 * point in a hole counts as outside). Points exactly on an edge may fall either way.
 */
export function pointInRings(p: XY, rings: readonly Ring[]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i], b = ring[j];
      if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

/** Whether `p` lies inside a single ring (convex or not). */
export const pointInRing = (p: XY, ring: Ring): boolean => pointInRings(p, [ring]);
