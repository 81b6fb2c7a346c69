import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../../../../missions/geo/local-frame.js';
import { pointInRing } from '../../../../../missions/geo/point-in-polygon.js';
import { polygonRings } from '../../../../../missions/geo/rings.js';
import { buildWorld, type WorldOptions } from '../../../../../hardware/sim/world/build-world.js';
import { distanceToSegments, polylineSegments } from '../../../../../hardware/sim/world/shapes.js';
import { OBJECT_KINDS } from '../../../../../hardware/sim/world/world-objects.js';

const FOREST: Polygon = {
  type: 'Polygon',
  coordinates: [[[106.65, 26.611], [106.653, 26.6112], [106.6534, 26.6128], [106.6516, 26.6133], [106.6498, 26.6126], [106.65, 26.611]]],
};
const LINE = [{ lat: 26.59, lon: 106.622 }, { lat: 26.5918, lon: 106.6245 }, { lat: 26.5935, lon: 106.627 }, { lat: 26.595, lon: 106.6297 }];
const RESCUE: Polygon = { type: 'Polygon', coordinates: [[[106.6535, 26.5866], [106.6565, 26.5866], [106.6565, 26.5894], [106.6535, 26.5894], [106.6535, 26.5866]]] };
const SITE: WorldOptions = { seed: 42, forest: FOREST, powerLine: LINE, rescueArea: RESCUE };

describe('simulated world', () => {
  it('builds the same world from the same seed and a different one from another', () => {
    const a = buildWorld(SITE), b = buildWorld(SITE), c = buildWorld({ ...SITE, seed: 43 });
    expect(b.objects).toEqual(a.objects);
    expect(b.toGeoJSON()).toEqual(a.toGeoJSON());
    expect(c.objects.map((o) => [o.lat, o.lon])).not.toEqual(a.objects.map((o) => [o.lat, o.lon]));
  });

  it('places the asked number of each kind, with unique ids, each where its patrol looks', () => {
    const w = buildWorld({ ...SITE, objectsPerKind: 4 });
    const all = Object.values(OBJECT_KINDS).flat();
    for (const kind of all) expect(w.objects.filter((o) => o.kind === kind)).toHaveLength(4);
    expect(new Set(w.objects.map((o) => o.id)).size).toBe(w.objects.length);

    const frame = new LocalFrame(w.frame.origin);
    const forest = polygonRings(FOREST, frame)[0], rescue = polygonRings(RESCUE, frame)[0];
    const line = polylineSegments(LINE.map((t) => frame.toLocal(t)));
    for (const o of w.objects) {
      const p = frame.toLocal(o);
      if (o.kind === 'fire' || o.kind === 'dead-tree') {
        expect(pointInRing(p, forest), o.id).toBe(true);
        expect(w.coverAt(o), o.id).toBe('forest');
      }
      if (o.category === 'power-line') expect(distanceToSegments(p.x, p.y, line), o.id).toBeLessThan(12);
      if (o.category === 'rescue') {
        expect(pointInRing(p, rescue), o.id).toBe(true);
        expect(['river', 'bank'], o.id).not.toContain(w.coverAt(o));
      }
      expect(['low', 'medium', 'high']).toContain(o.severity);
      expect(o.sizeM).toBeGreaterThan(0);
    }
  });

  it('runs the river through the rescue area, clear of the forest, across the whole site', () => {
    const w = buildWorld(SITE);
    const frame = new LocalFrame(w.frame.origin);
    const river = polylineSegments(w.river.points);
    const rescueMiddle = frame.toLocal({ lat: 26.588, lon: 106.655 });
    expect(distanceToSegments(rescueMiddle.x, rescueMiddle.y, river)).toBeLessThan(60);
    for (const c of polygonRings(FOREST, frame)[0]) expect(distanceToSegments(c.x, c.y, river)).toBeGreaterThan(100);
    const ends = [w.river.points[0], w.river.points.at(-1)!];
    expect(Math.hypot(ends[0].x - ends[1].x, ends[0].y - ends[1].y)).toBeGreaterThan(2000);
    expect(w.coverAt(frame.toLatLon(w.river.points[50].x, w.river.points[50].y))).toBe('river');
  });

  it('generates a forest, a line and a rescue area round the centre when the site gives none', () => {
    const w = buildWorld({ seed: 1, center: { lat: 22.54, lon: 114.06 }, objectsPerKind: 1 });
    expect(w.objects.map((o) => o.kind).sort()).toEqual(Object.values(OBJECT_KINDS).flat().sort());
    expect(w.towers.length).toBe(6);
    expect(w.objects.every((o) => Math.hypot(o.x, o.y) < 1200)).toBe(true);
  });

  it('gives a map layer per feature and finds objects near a point, nearest first', () => {
    const w = buildWorld(SITE);
    const fc = w.toGeoJSON();
    const layers = new Set(fc.features.map((f) => f.properties?.layer));
    expect([...layers].sort()).toEqual(['clearing', 'forest', 'object', 'power-line', 'rescue-area', 'river', 'tower']);
    expect(fc.features.filter((f) => f.properties?.layer === 'object')).toHaveLength(w.objects.length);
    expect(fc.features.filter((f) => f.properties?.layer === 'tower')).toHaveLength(LINE.length);

    const fire = w.objects.find((o) => o.kind === 'fire')!;
    const near = w.objectsNear(fire, 50);
    expect(near[0]).toBe(fire);
    const frame = new LocalFrame(fire);
    const d = near.map((o) => Math.hypot(frame.toLocal(o).x, frame.toLocal(o).y));
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(d.every((x) => x <= 50)).toBe(true);
  });

  it('refuses bad options naming them', () => {
    expect(() => buildWorld({ seed: 1.5, center: { lat: 0, lon: 0 } })).toThrow(/seed must be an integer/);
    expect(() => buildWorld({ seed: 1 })).toThrow(/needs a center/);
    expect(() => buildWorld({ seed: 1, powerLine: [{ lat: 26, lon: 106 }] })).toThrow(/at least two towers/);
    expect(() => buildWorld({ seed: 1, forest: { type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] } })).toThrow(/forest must be a GeoJSON Polygon/);
    expect(() => buildWorld({ seed: 1, center: { lat: 0, lon: 0 }, objectsPerKind: { dragon: 2 } as never })).toThrow(/unknown kind 'dragon'/);
    expect(() => buildWorld({ seed: 1, center: { lat: 0, lon: 0 }, objectsPerKind: -1 })).toThrow(/objectsPerKind/);
  });
});
