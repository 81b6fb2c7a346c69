import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintPolygon, laneSpacingM, triggerDistanceM, type Camera } from '../../../../missions/camera.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import { headingVector, type XY } from '../../../../missions/geo/xy.js';
import type { LatLon, Plan } from '../../../../missions/plan.js';
import { surveyPlan, type SurveyOptions } from '../../../../missions/patterns/survey.js';
import { random, inConvexQuad } from './support.js';

const visible = CAMERA_PRESETS['visible-1in-20mp'];
const thermal = CAMERA_PRESETS['thermal-640'];

/** Camera-on stretches of a plan: where triggering starts and stops, and the distance set. */
function triggerRuns(plan: Plan): Array<{ from: LatLon; to: LatLon; distanceM: number }> {
  const runs: Array<{ from: LatLon; to: LatLon; distanceM: number }> = [];
  let last: LatLon | undefined;
  let on: { from: LatLon; distanceM: number } | undefined;
  for (const s of plan.steps) {
    if (s.kind === 'waypoint') last = s.at;
    if (s.kind !== 'camera-distance') continue;
    if (s.distanceM > 0) on = { from: last!, distanceM: s.distanceM };
    else if (on) {
      runs.push({ ...on, to: last! });
      on = undefined;
    }
  }
  return runs;
}


function convexHull(points: XY[]): XY[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const turn = (o: XY, a: XY, b: XY) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const half = (pts: XY[]) => {
    const h: XY[] = [];
    for (const q of pts) {
      while (h.length >= 2 && turn(h[h.length - 2], h[h.length - 1], q) <= 0) h.pop();
      h.push(q);
    }
    h.pop();
    return h;
  };
  return [...half(p), ...half([...p].reverse())];
}

interface Case {
  centre: LatLon;
  outline: XY[];
  hole?: XY[];
  camera: Camera;
  altitude: number;
  sideOverlap: number;
  frontOverlap: number;
  angleDeg: number | 'best';
  turnaroundM: number;
  crosshatch: boolean;
  home: XY;
  seed: number;
}

// Star-shaped outlines (angles jittered round the centre, gaps under 130°, so the centre sees every
// edge at more than 0.4 × the smallest radius), or their convex hulls; holes well inside that.
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    lat: fc.double({ min: -50, max: 55, noNaN: true }),
    lon: fc.double({ min: -179, max: 179, noNaN: true }),
    n: fc.integer({ min: 5, max: 11 }),
    jitter: fc.array(fc.double({ min: -0.4, max: 0.4, noNaN: true }), { minLength: 11, maxLength: 11 }),
    radii: fc.array(fc.double({ min: 80, max: 300, noNaN: true }), { minLength: 11, maxLength: 11 }),
    convex: fc.boolean(),
    hole: fc.option(fc.record({ sides: fc.integer({ min: 3, max: 6 }), size: fc.double({ min: 0.1, max: 0.35, noNaN: true }), turn: fc.double({ min: 0, max: 6.28, noNaN: true }) })),
    thermal: fc.boolean(),
    altitude: fc.double({ min: 0, max: 1, noNaN: true }),
    sideOverlap: fc.double({ min: 0.2, max: 0.85, noNaN: true }),
    frontOverlap: fc.double({ min: 0.3, max: 0.85, noNaN: true }),
    angleDeg: fc.oneof(fc.constant<'best'>('best'), fc.integer({ min: 0, max: 179 })),
    turnaroundM: fc.integer({ min: 0, max: 20 }),
    crosshatch: fc.integer({ min: 0, max: 3 }).map((k) => k === 0),
    home: fc.record({ x: fc.double({ min: -900, max: 900, noNaN: true }), y: fc.double({ min: -900, max: 900, noNaN: true }) }),
    seed: fc.integer(),
  })
  .map((r) => {
    const step = (2 * Math.PI) / r.n;
    let outline = Array.from({ length: r.n }, (_, i) => {
      const a = (i + r.jitter[i]) * step;
      return { x: r.radii[i] * Math.sin(a), y: r.radii[i] * Math.cos(a) };
    }).reverse(); // counter-clockwise, as GeoJSON asks
    if (r.convex) outline = convexHull(outline);
    const rMin = Math.min(...r.radii.slice(0, r.n));
    const hole = r.hole
      ? Array.from({ length: r.hole.sides }, (_, i) => {
        const a = r.hole!.turn + (i * 2 * Math.PI) / r.hole!.sides;
        return { x: rMin * r.hole!.size * Math.sin(a), y: rMin * r.hole!.size * Math.cos(a) };
      })
      : undefined;
    const camera = r.thermal ? thermal : visible;
    const altitude = r.thermal ? 60 + 60 * r.altitude : 40 + 80 * r.altitude;
    return {
      centre: { lat: r.lat, lon: r.lon }, outline, hole, camera, altitude,
      sideOverlap: r.sideOverlap, frontOverlap: r.frontOverlap, angleDeg: r.angleDeg, turnaroundM: r.turnaroundM,
      crosshatch: r.crosshatch, home: r.home, seed: r.seed,
    };
  });

function toGeo(frame: LocalFrame, c: Case): Polygon {
  const ring = (pts: XY[]) => [...pts, pts[0]].map((p) => {
    const q = frame.toLatLon(p.x, p.y);
    return [q.lon, q.lat];
  });
  return { type: 'Polygon', coordinates: c.hole ? [ring(c.outline), ring(c.hole)] : [ring(c.outline)] };
}

const dist = (a: XY, b: XY) => Math.hypot(a.x - b.x, a.y - b.y);

describe('area survey', () => {
  it('covers every point of random areas with photos, spaced as the overlaps ask, entering nearest home', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const frame = new LocalFrame(c.centre);
        const area = toGeo(frame, c);
        const home = frame.toLatLon(c.home.x, c.home.y);
        const plan = surveyPlan({
          area, home, camera: c.camera, altitude: c.altitude, sideOverlap: c.sideOverlap, frontOverlap: c.frontOverlap,
          angleDeg: c.angleDeg, turnaroundM: c.turnaroundM, crosshatch: c.crosshatch,
        });
        const local = (p: LatLon) => frame.toLocal(p);
        const spacing = laneSpacingM(c.camera, c.altitude, c.sideOverlap);
        const trigger = triggerDistanceM(c.camera, c.altitude, c.frontOverlap);
        expect(plan.steps[0]).toEqual({ kind: 'takeoff', altitude: c.altitude });
        expect(plan.steps[plan.steps.length - 1]).toEqual({ kind: 'rtl' });

        // Photos follow the triggering: one at each run's start, then every trigger distance to its end.
        const runs = triggerRuns(plan);
        let next = 0;
        for (const run of runs) {
          expect(Math.abs(run.distanceM / trigger - 1)).toBeLessThan(0.01);
          const a = local(run.from), b = local(run.to);
          const count = Math.round(dist(a, b) / run.distanceM) + 1;
          const shots = plan.photos.slice(next, next + count).map(local);
          next += count;
          expect(dist(shots[0], a)).toBeLessThan(0.05);
          expect(dist(shots[shots.length - 1], b)).toBeLessThan(0.05);
          for (let i = 1; i < shots.length; i++) expect(Math.abs(dist(shots[i - 1], shots[i]) / trigger - 1)).toBeLessThan(0.01);
        }
        expect(next).toBe(plan.photos.length);

        // Lanes of the first pass sit one lane spacing apart.
        const angle = (plan.settings!.resolved as { angleDeg: number }).angleDeg;
        const across = headingVector(angle + 90);
        const firstPass = runs.filter((r) => {
          const d = { x: local(r.to).x - local(r.from).x, y: local(r.to).y - local(r.from).y };
          return Math.abs(d.x * across.x + d.y * across.y) < 0.01 * Math.hypot(d.x, d.y);
        });
        const offsets = firstPass.map((r) => local(r.from).x * across.x + local(r.from).y * across.y);
        const lanes = [...new Set(offsets.map((v) => Math.round(v * 10) / 10))].sort((x, y) => x - y);
        for (let i = 1; i < lanes.length; i++) expect(Math.abs((lanes[i] - lanes[i - 1]) / spacing - 1)).toBeLessThan(0.01);

        // The survey starts at the outer lane end nearest home.
        const along = headingVector(angle);
        const ends = [lanes[0], lanes[lanes.length - 1]].flatMap((v) => {
          const points = firstPass.filter((_, i) => Math.abs(offsets[i] - v) < 0.5).flatMap((r) => [local(r.from), local(r.to)]);
          const u = (p: XY) => p.x * along.x + p.y * along.y;
          return [points.reduce((m, p) => (u(p) < u(m) ? p : m)), points.reduce((m, p) => (u(p) > u(m) ? p : m))];
        });
        const entry = local(runs[0].from);
        const nearest = Math.min(...ends.map((e) => dist(e, c.home)));
        // (the far end of a lane may run up to one trigger distance past the area; frames differ by millimetres)
        expect(dist(entry, c.home)).toBeLessThanOrEqual(nearest + trigger + 0.05);

        // Every sampled point of the area (holes excepted) lies under some photo.
        const quads = plan.photos.map((p) => footprintPolygon(p, c.camera).map(local));
        const rand = random(c.seed);
        const xs = c.outline.map((p) => p.x), ys = c.outline.map((p) => p.y);
        let sampled = 0;
        while (sampled < 200) {
          const p = { x: Math.min(...xs) + rand() * (Math.max(...xs) - Math.min(...xs)), y: Math.min(...ys) + rand() * (Math.max(...ys) - Math.min(...ys)) };
          const ll = frame.toLatLon(p.x, p.y);
          if (!booleanPointInPolygon([ll.lon, ll.lat], area)) continue;
          sampled++;
          const covered = quads.some((q) => inConvexQuad(p, q));
          if (!covered) throw new Error(`point ${p.x.toFixed(1)}, ${p.y.toFixed(1)} m is in no photo`);
        }
      }),
      { seed: 20_240_601, numRuns: 40 },
    );
  });
});

/** A GeoJSON polygon from rings in metres around 26.61 N 106.65 E. */
const site = new LocalFrame({ lat: 26.61, lon: 106.65 });
const geo = (...rings: XY[][]): Polygon => ({
  type: 'Polygon',
  coordinates: rings.map((r) => [...r, r[0]].map((p) => {
    const q = site.toLatLon(p.x, p.y);
    return [q.lon, q.lat];
  })),
});
const rect = (x0: number, y0: number, x1: number, y1: number): XY[] => [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }];
const field = geo(rect(-200, -100, 200, 100));
const home = site.toLatLon(-260, -140);
const base: SurveyOptions = { area: field, home, camera: visible, altitude: 60 };

describe('area survey plan', () => {
  it('flies take-off, speed, gimbal down, then each lane from its lead-in with the camera on, and returns', () => {
    const plan = surveyPlan({ ...base, angleDeg: 90, speed: 7, turnaroundM: 12 });
    expect(plan.pattern).toBe('survey');
    expect(plan.steps.slice(0, 9).map((s) => s.kind)).toEqual([
      'takeoff', 'speed', 'gimbal', 'waypoint', 'waypoint', 'camera-distance', 'waypoint', 'camera-distance', 'waypoint',
    ]);
    expect(plan.steps[1]).toEqual({ kind: 'speed', speed: 7 });
    expect(plan.steps[2]).toEqual({ kind: 'gimbal', pitch: -90 });
    expect(plan.steps.at(-1)).toEqual({ kind: 'rtl' });
    const [leadIn, start] = [plan.steps[3], plan.steps[4]].map((s) => (s.kind === 'waypoint' ? site.toLocal(s.at) : undefined)!);
    // Home is south-west: enter the southern lane at its west end, 12 m out, heading east.
    expect(start.x).toBeCloseTo(-200, 1);
    expect(start.y).toBeLessThan(-100 + laneSpacingM(visible, 60, 0.7) / 2 + 0.01);
    expect(start.x - leadIn.x).toBeCloseTo(12, 1);
    expect(plan.steps[5]).toEqual({ kind: 'camera-distance', distanceM: expect.closeTo(triggerDistanceM(visible, 60, 0.8), 2) });
    expect(plan.steps[7]).toEqual({ kind: 'camera-distance', distanceM: 0 });
    expect(plan.photos[0]).toMatchObject({ altitude: 60, heading: 90 });
    expect(Math.abs(plan.areaM2! / 80_000 - 1)).toBeLessThan(0.005); // geodesic, on turf's sphere
  });

  it('turns the camera off across a hole wider than one trigger distance and on again beyond it', () => {
    const area = geo(rect(-200, -100, 200, 100), rect(-50, -80, 50, 80).reverse());
    const plan = surveyPlan({ ...base, area, angleDeg: 90 });
    const runs = triggerRuns(plan).map((r) => ({ from: site.toLocal(r.from), to: site.toLocal(r.to) }));
    const centreLane = runs.reduce((m, r) => (Math.abs(r.from.y) < Math.abs(m.from.y) ? r : m)).from.y;
    const middle = runs.filter((r) => Math.abs(r.from.y - centreLane) < 0.1);
    expect(middle).toHaveLength(2);
    const [west, east] = middle[0].from.x < middle[1].from.x ? middle : [middle[1], middle[0]];
    const gapStart = Math.max(west.from.x, west.to.x), gapEnd = Math.min(east.from.x, east.to.x);
    const trigger = triggerDistanceM(visible, 60, 0.8);
    expect(gapEnd - gapStart).toBeGreaterThan(100 - trigger - 0.1);
    // Each side covers the area up to the hole, overrunning it by less than one trigger distance.
    for (const [run, edge, sign] of [[west, -50, 1], [east, 50, -1]] as const) {
      const inner = sign > 0 ? Math.max(run.from.x, run.to.x) : Math.min(run.from.x, run.to.x);
      expect((inner - edge) * sign).toBeGreaterThan(-0.01);
      expect((inner - edge) * sign).toBeLessThan(trigger);
    }
  });

  it('chooses lanes along a long, thin field', () => {
    const long: XY[] = rect(-600, -50, 600, 50).map((p) => ({
      x: p.x * Math.sin(Math.PI / 6) + p.y * Math.cos(Math.PI / 6),
      y: p.x * Math.cos(Math.PI / 6) - p.y * Math.sin(Math.PI / 6),
    })); // long axis heading 30°
    const plan = surveyPlan({ ...base, area: geo(long.reverse()) });
    const resolved = plan.settings!.resolved as { angleDeg: number; lanes: number };
    expect(Math.abs(resolved.angleDeg - 30)).toBeLessThan(1);
    expect(resolved.lanes).toBe(Math.ceil(100 / laneSpacingM(visible, 60, 0.7)));
  });

  it('flies a second set of lanes at 90° for a crosshatch, entered near where the first ended', () => {
    const plan = surveyPlan({ ...base, angleDeg: 0, crosshatch: true });
    const headings = new Set(plan.photos.map((p) => Math.round(p.heading)));
    expect([...headings].sort((a, b) => a - b)).toEqual([0, 90, 180, 270]);
    const runs = triggerRuns(plan);
    const firstCross = runs.findIndex((r) => Math.abs(site.toLocal(r.to).y - site.toLocal(r.from).y) < 1);
    const lastAlong = site.toLocal(runs[firstCross - 1].to);
    const entry = site.toLocal(runs[firstCross].from);
    expect(Math.hypot(entry.x - lastAlong.x, entry.y - lastAlong.y)).toBeLessThan(150);
  });

  it('flies at the altitude that gives the GSD asked for, and keeps the call and the resolved figures', () => {
    const plan = surveyPlan({ ...base, altitude: undefined, gsdCm: 2.5, angleDeg: 45 });
    expect(plan.steps[0]).toEqual({ kind: 'takeoff', altitude: expect.closeTo(91.2, 1) });
    expect(plan.settings).toMatchObject({ gsdCm: 2.5, angleDeg: 45, resolved: { altitude: expect.closeTo(91.2, 1), angleDeg: 45, gsdCm: expect.closeTo(2.5, 9) } });
    expect(plan.settings).not.toHaveProperty('home');
  });

  it.each<[string, Partial<SurveyOptions>, RegExp]>([
    ['side overlap above 0.95', { sideOverlap: 0.99 }, /side overlap must be between 0 and 0.95, got 0.99/],
    ['negative front overlap', { frontOverlap: -0.2 }, /front overlap must be between 0 and 0.95/],
    ['no altitude or GSD', { altitude: undefined }, /needs an altitude \(m\) or a GSD \(cm\/px\)/],
    ['both altitude and GSD', { gsdCm: 2 }, /altitude or the GSD, not both/],
    ['a bow-tie area', { area: geo([{ x: 0, y: 0 }, { x: 100, y: 100 }, { x: 100, y: 0 }, { x: 0, y: 100 }]) }, /survey area \(ring 0 edge 0\): self-intersecting/],
    ['a flat area', { area: geo([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 0 }]) }, /degenerate/],
    ['an angle that is not a number', { angleDeg: Number.NaN }, /angle must be a number/],
    ['a camera with swapped image size', { camera: { ...visible, imageWidthPx: 3648, imageHeightPx: 5472 } }, /width and height swapped/],
    ['a GSD in metres', { altitude: undefined, gsdCm: 0.0001 }, /GSD of 0.0001 cm\/px would need flying 0.004 m above the ground/],
    ['millions of photos', { altitude: 1, area: geo(rect(-2500, -2500, 2500, 2500)) }, /more than 2000000 photos/],
    ['a home off the map', { home: { lat: 95, lon: 0 } }, /home is out of range/],
  ])('refuses %s with a clear RangeError', (_name, change, message) => {
    expect(() => surveyPlan({ ...base, ...change })).toThrow(RangeError);
    expect(() => surveyPlan({ ...base, ...change })).toThrow(message);
  });
});
