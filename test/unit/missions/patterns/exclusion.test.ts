import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintPolygon } from '../../../../missions/camera.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import type { XY } from '../../../../missions/geo/xy.js';
import type { LatLon, Plan } from '../../../../missions/plan.js';
import { expandingSquarePlan, parallelTrackPlan, sectorSearchPlan } from '../../../../missions/patterns/search.js';
import { surveyPlan } from '../../../../missions/patterns/survey.js';
import { validatePlan } from '../../../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../../../missions/vehicle-profile.js';
import { random, inConvexQuad } from './support.js';

const camera = CAMERA_PRESETS['visible-1in-20mp'];


/** A star-shaped ring round (cx, cy), counter-clockwise. */
function star(cx: number, cy: number, radii: number[], turn: number): XY[] {
  const step = (2 * Math.PI) / radii.length;
  return radii.map((r, i) => ({ x: cx + r * Math.sin(turn + i * step), y: cy + r * Math.cos(turn + i * step) })).reverse();
}

interface Case {
  centre: LatLon;
  outline: XY[];
  zones: XY[][];
  home: XY;
  altitude: number;
  angleDeg: number | 'best';
  seed: number;
}

const arbZone = fc.record({
  x: fc.double({ min: -200, max: 200, noNaN: true }),
  y: fc.double({ min: -200, max: 200, noNaN: true }),
  radii: fc.array(fc.double({ min: 15, max: 70, noNaN: true }), { minLength: 3, maxLength: 7 }),
  turn: fc.double({ min: 0, max: 6.28, noNaN: true }),
});

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    lat: fc.double({ min: -50, max: 55, noNaN: true }),
    lon: fc.double({ min: -179, max: 179, noNaN: true }),
    radii: fc.array(fc.double({ min: 150, max: 300, noNaN: true }), { minLength: 5, maxLength: 9 }),
    zones: fc.array(arbZone, { minLength: 1, maxLength: 2 }),
    homeBearing: fc.double({ min: 0, max: 6.28, noNaN: true }),
    homeRange: fc.double({ min: 420, max: 800, noNaN: true }),
    altitude: fc.double({ min: 40, max: 100, noNaN: true }),
    angleDeg: fc.oneof(fc.constant<'best'>('best'), fc.integer({ min: 0, max: 179 })),
    seed: fc.integer(),
  })
  .map((r) => ({
    centre: { lat: r.lat, lon: r.lon },
    outline: star(0, 0, r.radii, 0.3),
    zones: r.zones.map((z) => star(z.x, z.y, z.radii, z.turn)),
    home: { x: r.homeRange * Math.sin(r.homeBearing), y: r.homeRange * Math.cos(r.homeBearing) },
    altitude: r.altitude,
    angleDeg: r.angleDeg,
    seed: r.seed,
  }));

function toGeo(frame: LocalFrame, pts: XY[]): Polygon {
  return { type: 'Polygon', coordinates: [[...pts, pts[0]].map((p) => { const q = frame.toLatLon(p.x, p.y); return [q.lon, q.lat]; })] };
}

function crossings(plan: Plan, zones: Polygon[]): string[] {
  return validatePlan(plan, { profile: DEFAULT_MULTICOPTER, site: { geofences: { inclusion: [], exclusion: zones } } })
    .filter((f) => f.code === 'crosses-exclusion-zone')
    .map((f) => f.message);
}

describe('patterns round exclusion zones', () => {
  it('surveys never cross an exclusion zone and still photograph the rest of the area', () => {
    let blocked = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const frame = new LocalFrame(c.centre);
        const area = toGeo(frame, c.outline);
        const zones = c.zones.map((z) => toGeo(frame, z));
        const opts = { area, home: frame.toLatLon(c.home.x, c.home.y), camera, altitude: c.altitude, angleDeg: c.angleDeg };
        if (crossings(surveyPlan(opts), zones).length > 0) blocked++;
        const plan = surveyPlan({ ...opts, exclusions: zones });
        expect(crossings(plan, zones)).toEqual([]);
        expect(plan.steps[plan.steps.length - 1]).toEqual({ kind: 'rtl' });

        // No photo is taken over a zone, and every sampled point of the area outside them is in one.
        const local = (p: LatLon) => frame.toLocal(p);
        const inZone = (p: XY) => { const q = frame.toLatLon(p.x, p.y); return zones.some((z) => booleanPointInPolygon([q.lon, q.lat], z)); };
        for (const p of plan.photos) expect(inZone(local(p))).toBe(false);
        const quads = plan.photos.map((p) => footprintPolygon(p, camera).map(local));
        const rand = random(c.seed);
        let sampled = 0;
        while (sampled < 150) {
          const p = { x: -300 + rand() * 600, y: -300 + rand() * 600 };
          const q = frame.toLatLon(p.x, p.y);
          if (!booleanPointInPolygon([q.lon, q.lat], area) || inZone(p)) continue;
          sampled++;
          if (!quads.some((quad) => inConvexQuad(p, quad))) throw new Error(`point ${p.x.toFixed(1)}, ${p.y.toFixed(1)} m is in no photo`);
        }
      }),
      { seed: 20_261_128, numRuns: 25 },
    );
    // The zones really were in the way of most plans made without them.
    expect(blocked).toBeGreaterThan(15);
  });

  it('parallel track searches never cross an exclusion zone, going and coming back included', () => {
    let blocked = 0;
    fc.assert(
      fc.property(arbCase, fc.double({ min: 20, max: 80, noNaN: true }), (c, spacing) => {
        const frame = new LocalFrame(c.centre);
        const area = toGeo(frame, c.outline);
        const zones = c.zones.map((z) => toGeo(frame, z));
        const opts = {
          area, home: frame.toLatLon(c.home.x, c.home.y), altitude: c.altitude, trackSpacingM: spacing, camera,
          ...(c.angleDeg === 'best' ? {} : { trackBearingDeg: c.angleDeg }),
        };
        if (crossings(parallelTrackPlan(opts), zones).length > 0) blocked++;
        const plan = parallelTrackPlan({ ...opts, exclusions: zones });
        expect(crossings(plan, zones)).toEqual([]);
        expect(plan.steps.filter((s) => s.kind === 'waypoint').length).toBeGreaterThan(1);
      }),
      { seed: 20_261_129, numRuns: 40 },
    );
    expect(blocked).toBeGreaterThan(25);
  });

  it('routes expanding square and sector search legs round a zone, and the ways from home and back', () => {
    const frame = new LocalFrame({ lat: 26.61, lon: 106.65 });
    const datum = frame.toLatLon(0, 0);
    const home = frame.toLatLon(0, -400);
    // Across the first legs north of the datum and across the straight line home.
    const zones = [toGeo(frame, [{ x: -20, y: 30 }, { x: 20, y: 30 }, { x: 20, y: 60 }, { x: -20, y: 60 }]), toGeo(frame, [{ x: -15, y: -250 }, { x: 15, y: -250 }, { x: 15, y: -200 }, { x: -15, y: -200 }])];
    const square = { datum, home, altitude: 50, trackSpacingM: 40, legs: 8 };
    const sector = { datum, home, altitude: 50, radiusM: 150 };
    expect(crossings(expandingSquarePlan(square), zones)).not.toEqual([]);
    expect(crossings(sectorSearchPlan(sector), zones)).not.toEqual([]);
    expect(crossings(expandingSquarePlan({ ...square, exclusions: zones }), zones)).toEqual([]);
    expect(crossings(sectorSearchPlan({ ...sector, exclusions: zones }), zones)).toEqual([]);
  });

  it('refuses a home inside an exclusion zone, naming the zone', () => {
    const frame = new LocalFrame({ lat: 26.61, lon: 106.65 });
    const zone = toGeo(frame, [{ x: -20, y: -20 }, { x: 20, y: -20 }, { x: 20, y: 20 }, { x: -20, y: 20 }]);
    const area = toGeo(frame, star(200, 200, [100, 100, 100, 100, 100], 0));
    expect(() => surveyPlan({ area, home: frame.toLatLon(0, 0), camera, altitude: 60, exclusions: [zone] })).toThrow(/inside exclusion zone 1/);
  });
});
