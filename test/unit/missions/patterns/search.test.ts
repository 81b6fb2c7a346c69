import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintM, triggerDistanceM } from '../../../../missions/camera.js';
import { estimate } from '../../../../missions/estimate.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import { headingVector, vectorHeading, type XY } from '../../../../missions/geo/xy.js';
import type { LatLon, Plan, PlanStep } from '../../../../missions/plan.js';
import { expandingSquarePlan, parallelTrackPlan, sectorSearchPlan } from '../../../../missions/patterns/search.js';
import { DEFAULT_MULTICOPTER } from '../../../../missions/vehicle-profile.js';
import { random } from './support.js';

const thermal = CAMERA_PRESETS['thermal-640'];
const dist = (a: XY, b: XY) => Math.hypot(a.x - b.x, a.y - b.y);
/** Compass difference a − b folded into (−180, 180]. */
const turn = (a: number, b: number) => ((((a - b) % 360) + 540) % 360) - 180;
const waypoints = (plan: Plan) => plan.steps.filter((s): s is Extract<PlanStep, { kind: 'waypoint' }> => s.kind === 'waypoint');
const latLon = fc.record({ lat: fc.double({ min: -60, max: 60, noNaN: true }), lon: fc.double({ min: -179, max: 179, noNaN: true }) });

/** Distance from p to segment a–b. */
function segDist(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}


describe('expanding square', () => {
  it('flies legs of 1, 1, 2, 2, 3, 3, … track spacings from the datum, turning 90° right each time', () => {
    fc.assert(
      fc.property(latLon, fc.double({ min: 5, max: 200, noNaN: true }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 360, noNaN: true }), (datum, spacing, legs, bearing) => {
        const plan = expandingSquarePlan({ datum, home: datum, trackSpacingM: spacing, legs, firstLegBearingDeg: bearing, altitude: 60 });
        expect(plan.pattern).toBe('search');
        expect(plan.steps[0]).toEqual({ kind: 'takeoff', altitude: 60 });
        expect(plan.steps.at(-1)).toEqual({ kind: 'rtl' });
        const frame = new LocalFrame(datum);
        const pts = waypoints(plan).map((w) => frame.toLocal(w.at));
        expect(pts).toHaveLength(legs + 1);
        expect(dist(pts[0], { x: 0, y: 0 })).toBeLessThan(0.01);
        let total = 0;
        for (let k = 1; k <= legs; k++) {
          const leg = dist(pts[k - 1], pts[k]);
          const want = Math.ceil(k / 2) * spacing;
          expect(Math.abs(leg / want - 1)).toBeLessThan(0.01);
          const heading = vectorHeading({ x: pts[k].x - pts[k - 1].x, y: pts[k].y - pts[k - 1].y });
          expect(Math.abs(turn(heading, bearing + 90 * (k - 1)))).toBeLessThan(0.1);
          total += want;
        }
        // Area searched: track length × spacing.
        expect(plan.areaM2! / (total * spacing)).toBeCloseTo(1, 6);
      }),
      { seed: 101, numRuns: 100 },
    );
  });

  it('spaces tracks a sweep width over the coverage factor apart (IAMSAR: C = W / S)', () => {
    const datum = { lat: 26.59, lon: 106.63 };
    const legOf = (plan: Plan) => {
      const [a, b] = waypoints(plan).map((w) => new LocalFrame(datum).toLocal(w.at));
      return dist(a, b);
    };
    expect(legOf(expandingSquarePlan({ datum, home: datum, sweepWidthM: 60, legs: 4, altitude: 50 }))).toBeCloseTo(60, 1);
    expect(legOf(expandingSquarePlan({ datum, home: datum, sweepWidthM: 60, coverageFactor: 1.5, legs: 4, altitude: 50 }))).toBeCloseTo(40, 1);
    // With neither, the camera's footprint width at the search altitude stands in for the sweep width.
    expect(legOf(expandingSquarePlan({ datum, home: datum, camera: thermal, legs: 4, altitude: 50 }))).toBeCloseTo(footprintM(thermal, 50).across, 1);
  });

  it('flies every leg that ends within the maximum radius: four per track spacing', () => {
    const datum = { lat: 26.59, lon: 106.63 };
    const frame = new LocalFrame(datum);
    const plan = expandingSquarePlan({ datum, home: datum, trackSpacingM: 50, maxRadiusM: 180, firstLegBearingDeg: 30, altitude: 50 });
    const pts = waypoints(plan).map((w) => frame.toLocal(w.at));
    expect(pts).toHaveLength(13); // datum + 12 legs: squares of half-side 50, 100 and 150 m
    const u = headingVector(30), v = headingVector(120);
    const square = (p: XY) => Math.max(Math.abs(p.x * u.x + p.y * u.y), Math.abs(p.x * v.x + p.y * v.y));
    expect(Math.max(...pts.map(square))).toBeCloseTo(150, 1);
    expect(() => expandingSquarePlan({ datum, home: datum, trackSpacingM: 50, maxRadiusM: 40, altitude: 50 })).toThrow(/not one leg/);
  });

  it('photographs by distance from the datum to the last leg, straight down', () => {
    const datum = { lat: 26.59, lon: 106.63 };
    const frame = new LocalFrame(datum);
    const plan = expandingSquarePlan({ datum, home: frame.toLatLon(-200, -200), trackSpacingM: 40, legs: 8, altitude: 60, camera: thermal, speed: 6 });
    const trigger = Math.floor(triggerDistanceM(thermal, 60, 0.3) * 100) / 100;
    expect(plan.steps.slice(0, 5)).toEqual([
      { kind: 'takeoff', altitude: 60 },
      { kind: 'speed', speed: 6 },
      { kind: 'gimbal', pitch: -90 },
      { kind: 'waypoint', at: datum, altitude: 60 },
      { kind: 'camera-distance', distanceM: trigger },
    ]);
    expect(plan.steps.slice(-2)).toEqual([{ kind: 'camera-distance', distanceM: 0 }, { kind: 'rtl' }]);
    const shots = plan.photos.map((p) => frame.toLocal(p));
    expect(dist(shots[0], { x: 0, y: 0 })).toBeLessThan(0.01);
    for (let i = 1; i < shots.length; i++) expect(dist(shots[i - 1], shots[i])).toBeLessThanOrEqual(trigger + 0.05);
    // 800 m of track: at least one photo per trigger distance flown in a straight line.
    expect(plan.photos.length).toBeGreaterThan(800 / trigger - 8);
    expect(plan.photos.every((p) => p.altitude === 60)).toBe(true);
  });
});

describe('sector search', () => {
  it('flies nine legs a radius long with 120° right turns, back through the datum after every third', () => {
    fc.assert(
      fc.property(latLon, fc.double({ min: 50, max: 3000, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), fc.boolean(), (datum, radius, bearing, repeat) => {
        const plan = sectorSearchPlan({ datum, home: datum, radiusM: radius, firstBearingDeg: bearing, altitude: 80, repeatRotated: repeat });
        const frame = new LocalFrame(datum);
        const pts = waypoints(plan).map((w) => frame.toLocal(w.at));
        const legs = repeat ? 18 : 9;
        expect(pts).toHaveLength(legs + 1);
        const headings: number[] = [];
        for (let k = 1; k <= legs; k++) {
          expect(Math.abs(dist(pts[k - 1], pts[k]) / radius - 1)).toBeLessThan(0.01);
          headings.push(vectorHeading({ x: pts[k].x - pts[k - 1].x, y: pts[k].y - pts[k - 1].y }));
        }
        for (let k = 0; k <= legs; k += 3) expect(dist(pts[k], { x: 0, y: 0 })).toBeLessThan(0.001 * radius);
        expect(Math.abs(turn(headings[0], bearing))).toBeLessThan(0.1);
        for (let k = 1; k < legs; k++) {
          // Right 120° at the far corners; straight on through the datum (30° right into the rotated repeat).
          const want = k % 3 !== 0 ? 120 : k === 9 ? 30 : 0;
          expect(Math.abs(turn(headings[k] - headings[k - 1], want))).toBeLessThan(0.1);
        }
        expect(plan.areaM2).toBeCloseTo(Math.PI * radius * radius, 3);
      }),
      { seed: 202, numRuns: 100 },
    );
  });

  it('lays the tracks through the datum every 60°', () => {
    const datum = { lat: 26.59, lon: 106.63 };
    const frame = new LocalFrame(datum);
    const plan = sectorSearchPlan({ datum, home: datum, radiusM: 500, firstBearingDeg: 10, altitude: 80 });
    const pts = waypoints(plan).map((w) => frame.toLocal(w.at));
    const radials = pts.filter((p) => dist(p, { x: 0, y: 0 }) > 1).map((p) => Math.round(vectorHeading(p)));
    expect(radials.sort((a, b) => a - b)).toEqual([10, 70, 130, 190, 250, 310]);
  });
});

/** Star-shaped outlines round a random place: convex or not, like drawn search areas. */
const arbArea = fc.record({
  centre: latLon,
  n: fc.integer({ min: 3, max: 10 }),
  jitter: fc.array(fc.double({ min: -0.35, max: 0.35, noNaN: true }), { minLength: 10, maxLength: 10 }),
  radii: fc.array(fc.double({ min: 150, max: 800, noNaN: true }), { minLength: 10, maxLength: 10 }),
  spacing: fc.double({ min: 15, max: 120, noNaN: true }),
  bearing: fc.option(fc.double({ min: 0, max: 360, noNaN: true })),
  creeping: fc.boolean(),
  home: fc.record({ x: fc.double({ min: -1500, max: 1500, noNaN: true }), y: fc.double({ min: -1500, max: 1500, noNaN: true }) }),
  seed: fc.integer(),
});

describe('parallel track and creeping line', () => {
  it('lays legs along the bearing a track spacing apart, every point of the area within half a spacing of one', () => {
    fc.assert(
      fc.property(arbArea, (c) => {
        const frame = new LocalFrame(c.centre);
        const outline = Array.from({ length: c.n }, (_, i) => {
          const a = ((i + c.jitter[i]) * 2 * Math.PI) / c.n;
          return { x: c.radii[i] * Math.sin(a), y: c.radii[i] * Math.cos(a) };
        }).reverse();
        const area: Polygon = { type: 'Polygon', coordinates: [[...outline, outline[0]].map((p) => { const q = frame.toLatLon(p.x, p.y); return [q.lon, q.lat]; })] };
        const home = frame.toLatLon(c.home.x, c.home.y);
        const plan = parallelTrackPlan({ area, home, trackSpacingM: c.spacing, trackBearingDeg: c.bearing ?? undefined, creeping: c.creeping, altitude: 70 });
        expect(plan.steps[0]).toEqual({ kind: 'takeoff', altitude: 70 });
        expect(plan.steps.at(-1)).toEqual({ kind: 'rtl' });
        const bearing = (plan.settings!.resolved as { trackBearingDeg: number }).trackBearingDeg;
        if (c.bearing !== null) expect(Math.abs(turn(2 * bearing, 2 * c.bearing) / 2)).toBeLessThan(1e-9);
        const pts = waypoints(plan).map((w) => frame.toLocal(w.at));
        expect(pts.length % 2).toBe(0);
        const legs: Array<[XY, XY]> = [];
        for (let i = 0; i < pts.length; i += 2) legs.push([pts[i], pts[i + 1]]);
        const across = headingVector(bearing + 90);
        const offset = (p: XY) => p.x * across.x + p.y * across.y;
        legs.forEach(([a, b], i) => {
          // Along the bearing, one way or the other.
          if (dist(a, b) > 1) expect(Math.abs(turn(2 * vectorHeading({ x: b.x - a.x, y: b.y - a.y }), 2 * bearing) / 2)).toBeLessThan(0.1);
          if (i > 0) expect(Math.abs(Math.abs(offset(a) - offset(legs[i - 1][0])) / c.spacing - 1)).toBeLessThan(0.01);
        });
        // The first leg starts at the outer leg end nearest home.
        const ends = [legs[0][0], legs[0][1], legs[legs.length - 1][0], legs[legs.length - 1][1]];
        expect(dist(legs[0][0], c.home)).toBeLessThanOrEqual(Math.min(...ends.map((e) => dist(e, c.home))) + 0.01);
        // Sampled points of the area all lie within half a spacing of a leg.
        const rand = random(c.seed);
        const r = Math.max(...c.radii);
        let sampled = 0;
        while (sampled < 150) {
          const p = { x: (rand() * 2 - 1) * r, y: (rand() * 2 - 1) * r };
          const q = frame.toLatLon(p.x, p.y);
          if (!booleanPointInPolygon([q.lon, q.lat], area)) continue;
          sampled++;
          const near = Math.min(...legs.map(([a, b]) => segDist(p, a, b)));
          if (near > c.spacing / 2 + 0.05) throw new Error(`point ${p.x.toFixed(1)}, ${p.y.toFixed(1)} is ${near.toFixed(2)} m from the nearest leg`);
        }
      }),
      { seed: 303, numRuns: 60 },
    );
  });

  it('runs a parallel track along the long axis and a creeping line across it, progressing along it', () => {
    const frame = new LocalFrame({ lat: 26.59, lon: 106.63 });
    // 1600 m by 400 m, the long side on a bearing of 30°.
    const u = headingVector(30), v = headingVector(120);
    const corner = (a: number, b: number) => frame.toLatLon(u.x * a + v.x * b, u.y * a + v.y * b);
    const ring = [corner(-800, -200), corner(800, -200), corner(800, 200), corner(-800, 200)];
    const area: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]].map((p) => [p.lon, p.lat])] };
    const home = corner(-900, -250);
    const ps = parallelTrackPlan({ area, home, trackSpacingM: 50, altitude: 60 });
    const cs = parallelTrackPlan({ area, home, trackSpacingM: 50, altitude: 60, creeping: true });
    const r = (p: Plan) => p.settings!.resolved as { trackBearingDeg: number; legs: number };
    expect(r(ps).trackBearingDeg).toBeCloseTo(30, 6);
    expect(r(ps).legs).toBe(8); // 400 / 50
    expect(r(cs).trackBearingDeg).toBeCloseTo(120, 6);
    expect(r(cs).legs).toBe(32); // 1600 / 50
    expect(ps.settings!.searchPattern).toBe('parallel-track');
    expect(cs.settings!.searchPattern).toBe('creeping-line');
    // Both start at the corner nearest home; the creeping line's legs are the short side long.
    const first = waypoints(cs).slice(0, 2).map((w) => frame.toLocal(w.at));
    expect(dist(first[0], frame.toLocal(corner(-775, -200)))).toBeLessThan(0.5);
    expect(dist(first[0], first[1])).toBeCloseTo(400, 0);
    expect(ps.areaM2! / (1600 * 400)).toBeCloseTo(1, 2);
  });

  it('rejects options no search can be made from, naming the option', () => {
    const datum = { lat: 26.59, lon: 106.63 };
    expect(() => expandingSquarePlan({ datum, home: datum, legs: 4, altitude: 50 })).toThrow(/track spacing or the sweep width/);
    expect(() => expandingSquarePlan({ datum, home: datum, trackSpacingM: 20, sweepWidthM: 20, legs: 4, altitude: 50 })).toThrow(/not both/);
    expect(() => expandingSquarePlan({ datum, home: datum, trackSpacingM: 20, altitude: 50 })).toThrow(/legs or the maximum radius/);
    expect(() => expandingSquarePlan({ datum, home: datum, trackSpacingM: 20, legs: 2.5, altitude: 50 })).toThrow(/whole number/);
    expect(() => sectorSearchPlan({ datum, home: datum, radiusM: 0, altitude: 50 })).toThrow(/sector radius/);
    expect(() => sectorSearchPlan({ datum, home: datum, radiusM: 100, altitude: -5 })).toThrow(/altitude/);
    const open: Polygon = { type: 'Polygon', coordinates: [[[106.63, 26.59], [106.64, 26.59]]] };
    expect(() => parallelTrackPlan({ area: open, home: datum, trackSpacingM: 20, altitude: 50 })).toThrow(/search area/);
  });
});

const riverBank = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/areas/river-bank-search.geojson'), 'utf8'),
) as Feature<Polygon>;

describe('river-bank search area (fixture)', () => {
  // A 2.5 km strip, 150–220 m wide, along the north-west bank of a meandering river near
  // 26.57 N 106.72 E: 44.8 ha. Thermal camera at 50 m (footprint 41.8 m × 33.5 m), sweep width
  // 40 m for a person, so tracks 40 m apart and a photo every 23.4 m (30 % front overlap).
  const home: LatLon = { lat: 26.5655, lon: 106.7108 };
  const opts = { area: riverBank.geometry, home, sweepWidthM: 40, altitude: 50, camera: thermal, speed: 8 };
  const creeping = parallelTrackPlan({ ...opts, creeping: true });
  const parallel = parallelTrackPlan(opts);
  const r = (p: Plan) => p.settings!.resolved as { trackBearingDeg: number; legs: number; trackLengthM: number };

  it('searches 44.8 ha: a creeping line of 62 legs across the strip, or a parallel track of 8 along it', () => {
    expect(creeping.areaM2! / 1e4).toBeCloseTo(44.8, 1);
    // The strip runs north-east (about 44°): creeping legs cross it at about 134°.
    expect(r(parallel).trackBearingDeg).toBeGreaterThan(40);
    expect(r(parallel).trackBearingDeg).toBeLessThan(48);
    expect(turn(r(creeping).trackBearingDeg, r(parallel).trackBearingDeg)).toBeCloseTo(90, 6);
    // About 2.45 km of strip along its axis / 40 m; about 300 m across the meander / 40 m.
    expect(r(creeping).legs).toBe(62);
    expect(r(parallel).legs).toBe(8);
  });

  it('flies the creeping line in about 16.9 km and 40 minutes, taking about 570 photos', () => {
    const e = estimate(creeping, DEFAULT_MULTICOPTER);
    // Track: 62 legs of ~190 m and 61 hops of ~40 m ≈ 14.3 km, plus the ways out and back.
    expect(r(creeping).trackLengthM / 1000).toBeGreaterThan(13.8);
    expect(r(creeping).trackLengthM / 1000).toBeLessThan(14.8);
    expect(e.distanceM / 1000).toBeGreaterThan(16.4);
    expect(e.distanceM / 1000).toBeLessThan(17.4);
    expect(e.flightTimeS / 60).toBeGreaterThan(36);
    expect(e.flightTimeS / 60).toBeLessThan(43);
    // At least one photo per trigger distance along the legs (~11.8 km / 23.4 m ≈ 500); the hops
    // add some, the U-turns fewer than their length.
    expect(creeping.photos.length).toBeGreaterThan(540);
    expect(creeping.photos.length).toBeLessThan(610);
    expect(e.photoCount).toBe(creeping.photos.length);
  });

  it('wastes more flying along the meander: the parallel track is longer for the same strip', () => {
    const e = estimate(parallel, DEFAULT_MULTICOPTER);
    expect(e.distanceM).toBeGreaterThan(estimate(creeping, DEFAULT_MULTICOPTER).distanceM);
    expect(e.distanceM / 1000).toBeGreaterThan(18.3);
    expect(e.distanceM / 1000).toBeLessThan(19.4);
  });
});
