/**
 * Polygons as rings in a local frame: the first ring is the outline, the rest are holes. Rings are
 * open (the closing vertex of GeoJSON is dropped) and carry no repeated consecutive vertices.
 */
import type { Polygon, Position } from 'geojson';
import type { LocalFrame } from './local-frame.js';
import type { XY } from './xy.js';

/** An open ring of vertices in a local frame. */
export type Ring = XY[];

/** Drops the GeoJSON closing vertex and consecutive repeats. */
export function openRing<T extends XY>(points: readonly T[], same = (a: T, b: T) => a.x === b.x && a.y === b.y): T[] {
  const out: T[] = [];
  for (const p of points) if (out.length === 0 || !same(out[out.length - 1], p)) out.push(p);
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}

/** A GeoJSON position as latitude/longitude. */
export const positionLatLon = (p: Position): { lat: number; lon: number } => ({ lat: p[1], lon: p[0] });

/** The polygon's rings (outline first, then holes) in a local frame. */
export function polygonRings(polygon: Polygon, frame: LocalFrame): Ring[] {
  return polygon.coordinates.map((ring) => openRing(ring.map((p) => frame.toLocal(positionLatLon(p)))));
}

/** Shoelace area: positive for counter-clockwise rings (east = x, north = y). */
export function ringSignedArea(ring: readonly XY[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
  return a / 2;
}

/** Area of the outline minus its holes, square metres. */
export function ringsArea(rings: readonly Ring[]): number {
  return rings.reduce((sum, r, i) => sum + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(r)), 0);
}

/** Axis-aligned bounds of every vertex. */
export function ringsBounds(rings: readonly Ring[]): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rings) for (const p of r) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/** Area-weighted centroid of a ring (its vertex mean when the ring has no area). */
export function ringCentroid(ring: readonly XY[]): XY {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    a += f;
    cx += (ring[j].x + ring[i].x) * f;
    cy += (ring[j].y + ring[i].y) * f;
  }
  if (Math.abs(a) < 1e-12) {
    const n = Math.max(1, ring.length);
    return { x: ring.reduce((s, p) => s + p.x, 0) / n, y: ring.reduce((s, p) => s + p.y, 0) / n };
  }
  return { x: cx / (3 * a), y: cy / (3 * a) };
}
