import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { clipSegment, segmentEntersRings } from '../../../../missions/geo/clip-line.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import { pointInRings } from '../../../../missions/geo/point-in-polygon.js';
import { checkPolygon } from '../../../../missions/geo/polygon-check.js';
import { polygonRings, ringsArea, type Ring } from '../../../../missions/geo/rings.js';

const square = (half: number, cx = 0, cy = 0): Ring => [
  { x: cx - half, y: cy - half }, { x: cx + half, y: cy - half }, { x: cx + half, y: cy + half }, { x: cx - half, y: cy + half },
];
const withHole: Ring[] = [square(100), square(20)];

const frame = new LocalFrame({ lat: 26.61, lon: 106.65 });
/** A GeoJSON polygon from rings in metres around 26.61 N 106.65 E. */
const geo = (...rings: Array<Array<[number, number]>>): Polygon => ({
  type: 'Polygon',
  coordinates: rings.map((r) => [...r, r[0]].map(([x, y]) => {
    const p = frame.toLatLon(x, y);
    return [p.lon, p.lat];
  })),
});

describe('point in polygon with holes', () => {
  it('counts points in the outline but not in a hole', () => {
    expect(pointInRings({ x: 50, y: 50 }, withHole)).toBe(true);
    expect(pointInRings({ x: 0, y: 0 }, withHole)).toBe(false);
    expect(pointInRings({ x: 150, y: 0 }, withHole)).toBe(false);
    expect(pointInRings({ x: -99, y: 21 }, withHole)).toBe(true);
  });
});

describe('clipping segments to polygons', () => {
  it('splits a segment where it crosses a hole', () => {
    const pieces = clipSegment({ x: -200, y: 0 }, { x: 200, y: 0 }, withHole);
    expect(pieces).toHaveLength(2);
    expect(pieces[0][0].x).toBeCloseTo(-100, 9);
    expect(pieces[0][1].x).toBeCloseTo(-20, 9);
    expect(pieces[1][0].x).toBeCloseTo(20, 9);
    expect(pieces[1][1].x).toBeCloseTo(100, 9);
  });

  it('keeps a segment that starts inside and ends outside to its inside part', () => {
    const pieces = clipSegment({ x: 50, y: 50 }, { x: 50, y: 300 }, withHole);
    expect(pieces).toHaveLength(1);
    expect(pieces[0][0]).toEqual({ x: 50, y: 50 });
    expect(pieces[0][1].y).toBeCloseTo(100, 9);
  });

  it('tells whether a leg enters a zone', () => {
    expect(segmentEntersRings({ x: -50, y: -30 }, { x: 50, y: 30 }, [square(20)])).toBe(true);
    expect(segmentEntersRings({ x: -50, y: 30 }, { x: 50, y: 30 }, [square(20)])).toBe(false);
  });

  it('reads GeoJSON rings into metres, outline minus holes', () => {
    const rings = polygonRings(geo([[-100, -100], [100, -100], [100, 100], [-100, 100]], [[-20, -20], [-20, 20], [20, 20], [20, -20]]), frame);
    expect(rings.map((r) => r.length)).toEqual([4, 4]);
    expect(ringsArea(rings)).toBeCloseTo(40_000 - 1_600, 0);
  });
});

describe('polygon checks', () => {
  it('accepts a simple polygon with a hole inside it', () => {
    expect(checkPolygon(geo([[-100, -100], [100, -100], [100, 100], [-100, 100]], [[-20, -20], [-20, 20], [20, 20], [20, -20]]))).toBeUndefined();
  });

  it('finds a bow-tie crossing and names the edges', () => {
    const p = checkPolygon(geo([[0, 0], [100, 100], [100, 0], [0, 100]]));
    expect(p?.message).toMatch(/self-intersecting: ring 0 edge 0 crosses ring 0 edge 2/);
  });

  it('finds a hole that crosses the outline and one that lies outside it', () => {
    expect(checkPolygon(geo([[-100, -100], [100, -100], [100, 100], [-100, 100]], [[80, 80], [80, 120], [120, 120], [120, 80]]))?.message)
      .toMatch(/ring 0 edge \d crosses ring 1 edge \d/);
    expect(checkPolygon(geo([[-100, -100], [100, -100], [100, 100], [-100, 100]], [[200, 200], [200, 220], [220, 220], [220, 200]]))?.message)
      .toBe('hole 1 lies outside the outline');
  });

  it('finds degenerate outlines: too few vertices, no area, doubling back', () => {
    expect(checkPolygon(geo([[0, 0], [10, 0]]))?.message).toMatch(/at least 3 distinct vertices/);
    expect(checkPolygon(geo([[0, 0], [10, 0], [20, 0]]))?.message).toMatch(/degenerate/);
    expect(checkPolygon(geo([[0, 0], [100, 0], [100, 100], [100, 50]]))?.message).toMatch(/self-intersecting/);
  });

  it('says where a malformed position is', () => {
    const bad = { type: 'Polygon', coordinates: [[[106.65, 26.61], [106.66, 'x'], [106.66, 26.62], [106.65, 26.61]]] } as unknown as Polygon;
    expect(checkPolygon(bad)).toEqual({ where: 'coordinates[0][1]', message: 'position must be [longitude, latitude] numbers' });
    expect(checkPolygon({ type: 'LineString' } as unknown as Polygon)?.message).toBe('expected a GeoJSON Polygon');
  });
});
