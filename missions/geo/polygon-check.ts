/**
 * Checks that a GeoJSON polygon is one a pattern can cover: well-formed coordinates, at least three
 * distinct vertices, some area, no edge crossing another (within or across rings), every hole inside
 * the outline. Findings say which ring and edge, so the planner can point at it.
 */
import type { Polygon } from 'geojson';
import { LocalFrame } from './local-frame.js';
import { pointInRing } from './point-in-polygon.js';
import { openRing, positionLatLon, ringSignedArea, type Ring } from './rings.js';
import { cross, sub, type XY } from './xy.js';

/** What is wrong with a polygon, and where (`ring 0 edge 3`, `coordinates[1][4]`). */
export interface PolygonProblem {
  where: string;
  message: string;
}

/** Smallest area (m²) a polygon may have and still be surveyed. */
export const MIN_POLYGON_AREA_M2 = 1;

/** The first problem found with `polygon`, or undefined when it is usable. */
export function checkPolygon(polygon: Polygon): PolygonProblem | undefined {
  if (!polygon || polygon.type !== 'Polygon' || !Array.isArray(polygon.coordinates)) {
    return { where: 'type', message: 'expected a GeoJSON Polygon' };
  }
  if (polygon.coordinates.length === 0) return { where: 'coordinates', message: 'polygon has no rings' };
  for (let r = 0; r < polygon.coordinates.length; r++) {
    const ring = polygon.coordinates[r];
    if (!Array.isArray(ring)) return { where: `coordinates[${r}]`, message: 'ring is not an array of positions' };
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return { where: `coordinates[${r}][${i}]`, message: 'position must be [longitude, latitude] numbers' };
      }
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
        return { where: `coordinates[${r}][${i}]`, message: `position out of range: longitude ${p[0]}, latitude ${p[1]}` };
      }
    }
  }
  const first = polygon.coordinates[0][0];
  if (!first) return { where: 'coordinates[0]', message: 'outline has no positions' };
  const frame = new LocalFrame(positionLatLon(first));
  const rings: Ring[] = polygon.coordinates.map((ring) => openRing(ring.map((p) => frame.toLocal(positionLatLon(p)))));
  const name = (r: number) => (r === 0 ? 'outline' : `hole ${r}`);
  for (let r = 0; r < rings.length; r++) {
    if (rings[r].length < 3) return { where: `ring ${r}`, message: `${name(r)} needs at least 3 distinct vertices, has ${rings[r].length}` };
  }
  const crossing = findCrossing(rings);
  if (crossing) return crossing;
  for (let r = 0; r < rings.length; r++) {
    const area = Math.abs(ringSignedArea(rings[r]));
    if (area < MIN_POLYGON_AREA_M2) return { where: `ring ${r}`, message: `${name(r)} is degenerate: ${area.toFixed(2)} m² of area` };
  }
  for (let r = 1; r < rings.length; r++) {
    if (!pointInRing(rings[r][0], rings[0])) return { where: `ring ${r}`, message: `hole ${r} lies outside the outline` };
  }
  return undefined;
}

/** Where two edges of the rings cross or touch (other than neighbours sharing their vertex). */
export function findCrossing(rings: readonly Ring[]): PolygonProblem | undefined {
  const edges: Array<{ r: number; i: number; a: XY; b: XY }> = [];
  rings.forEach((ring, r) => ring.forEach((a, i) => edges.push({ r, i, a, b: ring[(i + 1) % ring.length] })));
  // Sweep in x so large outlines stay fast: only edges whose x-ranges overlap are compared.
  edges.sort((e, f) => Math.min(e.a.x, e.b.x) - Math.min(f.a.x, f.b.x));
  for (let m = 0; m < edges.length; m++) {
    const e = edges[m];
    const eMax = Math.max(e.a.x, e.b.x);
    for (let k = m + 1; k < edges.length && Math.min(edges[k].a.x, edges[k].b.x) <= eMax; k++) {
      const f = edges[k];
      const n = rings[e.r].length;
      const neighbours = e.r === f.r && ((e.i + 1) % n === f.i || (f.i + 1) % n === e.i);
      if (neighbours ? foldsBack(e, f, n) : segmentsTouch(e.a, e.b, f.a, f.b)) {
        const [x, y] = e.r < f.r || (e.r === f.r && e.i < f.i) ? [e, f] : [f, e];
        return { where: `ring ${x.r} edge ${x.i}`, message: `self-intersecting: ring ${x.r} edge ${x.i} crosses ring ${y.r} edge ${y.i}` };
      }
    }
  }
  return undefined;
}

/** Neighbouring edges meet at one vertex; they overlap only when the outline doubles back on itself. */
function foldsBack(e: { i: number; a: XY; b: XY }, f: { i: number; a: XY; b: XY }, n: number): boolean {
  if (n === 3) return false;
  const [first, second] = (e.i + 1) % n === f.i ? [e, f] : [f, e];
  const u = sub(first.b, first.a), v = sub(second.b, second.a);
  const c = cross(u, v);
  return Math.abs(c) <= 1e-12 * Math.hypot(u.x, u.y) * Math.hypot(v.x, v.y) && u.x * v.x + u.y * v.y < 0;
}

/** Whether closed segments p1p2 and q1q2 share any point. */
export function segmentsTouch(p1: XY, p2: XY, q1: XY, q2: XY): boolean {
  const d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2), d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && onSegment(q1, q2, p1)) || (d2 === 0 && onSegment(q1, q2, p2))
    || (d3 === 0 && onSegment(p1, p2, q1)) || (d4 === 0 && onSegment(p1, p2, q2));
}

function orient(a: XY, b: XY, c: XY): number {
  const v = cross(sub(b, a), sub(c, a));
  // Treat sub-millimetre-squared areas as collinear: coordinates are metres from degrees.
  return Math.abs(v) < 1e-9 ? 0 : v;
}

const onSegment = (a: XY, b: XY, p: XY): boolean =>
  Math.min(a.x, b.x) - 1e-9 <= p.x && p.x <= Math.max(a.x, b.x) + 1e-9 && Math.min(a.y, b.y) - 1e-9 <= p.y && p.y <= Math.max(a.y, b.y) + 1e-9;
