/** Shared helpers of the pattern tests: seeded sampling and a footprint containment check. */
import { seededRandom } from '../../../../hardware/link/seeded-random.js';
import type { XY } from '../../../../missions/geo/xy.js';

/** A seeded generator for sample points. */
export const random = seededRandom;

/** Whether `p` lies in the convex quadrilateral `q` (a photo footprint), edges included. */
export function inConvexQuad(p: XY, q: XY[]): boolean {
  let sign = 0;
  for (let i = 0; i < q.length; i++) {
    const a = q[i], b = q[(i + 1) % q.length];
    const c = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (c !== 0) {
      if (sign !== 0 && Math.sign(c) !== sign) return false;
      sign = Math.sign(c);
    }
  }
  return true;
}
