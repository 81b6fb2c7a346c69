/** Clipping segments and lines to polygons with holes, in a local frame. */
import type { Ring } from './rings.js';
import { lerp, type XY } from './xy.js';

/**
 * The parts of segment a→b inside the polygon (outline minus holes), as parameter intervals
 * [t0, t1] along it (t = 0 at `a`, 1 at `b`), sorted and disjoint. A segment along an edge may or may
 * not count as inside.
 */
export function clipSegmentParams(a: XY, b: XY, rings: readonly Ring[]): Array<[number, number]> {
  const ts: number[] = [];
  const d = { x: b.x - a.x, y: b.y - a.y };
  const nx = -d.y, ny = d.x; // normal of the segment's line
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[j], q = ring[i];
      // Signed side of each edge end; half-open rule (> 0 vs ≤ 0) so a vertex on the line counts once.
      const sp = (p.x - a.x) * nx + (p.y - a.y) * ny;
      const sq = (q.x - a.x) * nx + (q.y - a.y) * ny;
      if (sp > 0 === sq > 0) continue;
      const k = sp / (sp - sq);
      const x = p.x + (q.x - p.x) * k, y = p.y + (q.y - p.y) * k;
      const len2 = d.x * d.x + d.y * d.y;
      ts.push(len2 === 0 ? 0 : ((x - a.x) * d.x + (y - a.y) * d.y) / len2);
    }
  }
  ts.sort((u, v) => u - v);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ts.length; i += 2) {
    const t0 = Math.max(0, ts[i]), t1 = Math.min(1, ts[i + 1]);
    if (t1 > t0) out.push([t0, t1]);
  }
  return out;
}

/** The pieces of segment a→b inside the polygon (outline minus holes), in order from `a`. */
export function clipSegment(a: XY, b: XY, rings: readonly Ring[]): Array<[XY, XY]> {
  return clipSegmentParams(a, b, rings).map(([t0, t1]) => [lerp(a, b, t0), lerp(a, b, t1)]);
}

/** Whether any part of segment a→b lies inside the polygon (for exclusion-zone checks). */
export function segmentEntersRings(a: XY, b: XY, rings: readonly Ring[]): boolean {
  return clipSegmentParams(a, b, rings).some(([t0, t1]) => t1 - t0 > 1e-9);
}
