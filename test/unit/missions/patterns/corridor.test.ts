import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { length as turfLength } from '@turf/length';
import fc from 'fast-check';
import type { Feature, LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintM, laneSpacingM } from '../../../../missions/camera.js';
import { estimate } from '../../../../missions/estimate.js';
import { LocalFrame } from '../../../../missions/geo/local-frame.js';
import { headingVector, vectorHeading, type XY } from '../../../../missions/geo/xy.js';
import type { LatLon, Plan, PlanStep } from '../../../../missions/plan.js';
import { corridorPasses, corridorPlan, type CorridorOptions } from '../../../../missions/patterns/corridor.js';
import { validatePlan } from '../../../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../../../missions/vehicle-profile.js';

const camera = CAMERA_PRESETS['visible-1in-20mp'];
const DEG = Math.PI / 180;

const dist = (a: XY, b: XY) => Math.hypot(a.x - b.x, a.y - b.y);

/** Distance from p to segment a–b. */
function segDist(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

const lineDist = (p: XY, line: XY[]) => Math.min(...line.slice(1).map((b, i) => segDist(p, line[i], b)));

/** Whether segments a–b and c–d cross, or come within a millimetre (the frames' noise) of touching. */
function crosses(a: XY, b: XY, c: XY, d: XY): boolean {
  const o = (p: XY, q: XY, r: XY) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  if (o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0) return true;
  return Math.min(segDist(a, c, d), segDist(b, c, d), segDist(c, a, b), segDist(d, a, b)) < 1e-3;
}

/** Compass difference a − b folded into (−180, 180]. */
const turn = (a: number, b: number) => ((((a - b) % 360) + 540) % 360) - 180;

interface Polyline {
  centre: LatLon;
  points: XY[];
  /** Deflection at each inner vertex, degrees (positive = right turn). */
  bends: number[];
}

/**
 * Random tower lines around a random place: spans of `minSpan`–12 offsets, bends up to 150° either
 * way, and no part of the line coming back within `separation` offsets of another (under 2, no pass
 * could fit between; under 3, a mitred corner may reach out nearer than the offset to another part).
 * With `shortSpans`, spans next to each other may be closer, as long as the line turns less than
 * 180° over the span between them: short spans between bends the same way fold the inner offset
 * into loops.
 */
function arbLine(offset: number, separation: number, minSpan = 0.4, shortSpans = false): fc.Arbitrary<Polyline> {
  return fc
    .record({
      lat: fc.double({ min: -60, max: 60, noNaN: true }),
      lon: fc.double({ min: -179, max: 179, noNaN: true }),
      heading: fc.double({ min: 0, max: 360, noNaN: true }),
      spans: fc.array(fc.double({ min: minSpan, max: 12, noNaN: true }), { minLength: 1, maxLength: 8 }),
      bends: fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { minLength: 8, maxLength: 8 }),
    })
    .map((r) => {
      const points: XY[] = [{ x: 0, y: 0 }];
      let h = r.heading;
      r.spans.forEach((s, i) => {
        if (i > 0) h += r.bends[i];
        const v = headingVector(h), p = points[points.length - 1];
        points.push({ x: p.x + v.x * s * offset, y: p.y + v.y * s * offset });
      });
      return { centre: { lat: r.lat, lon: r.lon }, points, bends: r.bends.slice(1, r.spans.length) };
    })
    .filter(({ points, bends }) => {
      for (let i = 0; i + 1 < points.length; i++) {
        for (let j = i + 2; j + 1 < points.length; j++) {
          // Neighbours but one may be close when the line turns less than 180° between them, but
          // not the line's end towers: an end span about as long as the offset next to a sharp
          // bend leaves no room inside it.
          if (shortSpans && j === i + 2 && Math.abs(bends[i] + bends[i + 1]) < 170) {
            const n = points.length - 1;
            if (i === 0 && segDist(points[0], points[j], points[j + 1]) < separation * offset) return false;
            if (j + 1 === n && segDist(points[n], points[i], points[i + 1]) < separation * offset) return false;
            continue;
          }
          const a = points[i], b = points[i + 1], c = points[j], d = points[j + 1];
          const gap = crosses(a, b, c, d) ? 0 : Math.min(segDist(a, c, d), segDist(b, c, d), segDist(c, a, b), segDist(d, a, b));
          if (gap < separation * offset) return false;
        }
      }
      return true;
    });
}

/** Where the vehicle is at step `i`: the last waypoint before it, in the `straight` frame. */
function positionAt(plan: Plan, i: number): XY {
  const w = plan.steps.slice(0, i).reverse().find((s) => s.kind === 'waypoint');
  return straight.toLocal((w as Extract<PlanStep, { kind: 'waypoint' }>).at);
}

const waypoints = (plan: Plan) => plan.steps.filter((s): s is Extract<PlanStep, { kind: 'waypoint' }> => s.kind === 'waypoint');

describe('corridor passes', () => {
  it('keep the lateral offset on straight stretches, never come closer, and cross neither the line nor themselves (bends up to 150°)', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 40, noNaN: true }).chain((d) => fc.tuple(fc.constant(d), arbLine(d, 3.05))), ([d, line]) => {
        const frame = new LocalFrame(line.centre);
        const towers = line.points.map((p) => frame.toLatLon(p.x, p.y));
        const passes = corridorPasses({ towers, home: towers[0], camera, lateralOffsetM: d, heightAboveLineM: 10 });
        expect(passes.map((p) => [p.side, p.forward])).toEqual([['left', true], ['right', false]]);
        const pts = line.points;
        for (const pass of passes) {
          const path = pass.path.map((q) => frame.toLocal(q));
          if (!pass.forward) path.reverse();
          // Never closer than the offset (1 % for the frames), sampled along every piece.
          for (let i = 0; i + 1 < path.length; i++) {
            for (let k = 0; k <= 10; k++) {
              const p = { x: path[i].x + ((path[i + 1].x - path[i].x) * k) / 10, y: path[i].y + ((path[i + 1].y - path[i].y) * k) / 10 };
              expect(lineDist(p, pts)).toBeGreaterThan(0.99 * d);
            }
          }
          // Crosses neither the line nor itself.
          for (let i = 0; i + 1 < path.length; i++) {
            for (let j = 0; j + 1 < pts.length; j++) expect(crosses(path[i], path[i + 1], pts[j], pts[j + 1])).toBe(false);
            for (let j = i + 2; j + 1 < path.length; j++) expect(crosses(path[i], path[i + 1], path[j], path[j + 1])).toBe(false);
          }
          // Abeam every straight stretch the pass runs at the offset. A corner cuts the offsets back
          // by d·tan(θ/2) along the line both ways (past short spans); stretches clear of every cut
          // are straight.
          const sign = pass.side === 'right' ? 1 : -1;
          const at = [0];
          for (let i = 1; i < pts.length; i++) at.push(at[i - 1] + dist(pts[i - 1], pts[i]));
          const cuts = line.bends.map((b, k) => ({ at: at[k + 1], reach: d * Math.tan((Math.abs(b) * DEG) / 2) + 0.01 * d }));
          for (let i = 0; i + 1 < pts.length; i++) {
            const len = at[i + 1] - at[i];
            let from = 0, to = len;
            for (const c of cuts) {
              if (c.at <= at[i]) from = Math.max(from, c.at + c.reach - at[i]);
              else to = Math.min(to, c.at - c.reach - at[i]);
            }
            if (to <= from) continue;
            const u = { x: (pts[i + 1].x - pts[i].x) / len, y: (pts[i + 1].y - pts[i].y) / len };
            const n = { x: u.y * sign, y: -u.x * sign }; // right of travel for +1
            for (let k = 0; k <= 4; k++) {
              const s = from + ((to - from) * k) / 4;
              const abeam = { x: pts[i].x + u.x * s + n.x * d, y: pts[i].y + u.y * s + n.y * d };
              expect(lineDist(abeam, path)).toBeLessThan(0.01 * d);
            }
          }
        }
      }),
      { seed: 4_150, numRuns: 150 },
    );
  });
});

describe('corridor passes where the line nearly doubles back', () => {
  it('never cross themselves or the line, even where sharp bends and short spans fold the offset into loops', () => {
    let looped = 0;
    fc.assert(
      fc.property(fc.double({ min: 10, max: 40, noNaN: true }).chain((d) => fc.tuple(fc.constant(d), arbLine(d, 2.05, 0.15, true))), ([d, line]) => {
        const frame = new LocalFrame(line.centre);
        const towers = line.points.map((p) => frame.toLatLon(p.x, p.y));
        const pts = line.points;
        for (const pass of corridorPasses({ towers, home: towers[0], camera, lateralOffsetM: d, heightAboveLineM: 10 })) {
          const path = pass.path.map((q) => frame.toLocal(q));
          // A plain offset has a vertex per tower (two at a clipped corner); fewer means a loop was cut.
          if (path.length < pts.length) looped++;
          for (let i = 0; i + 1 < path.length; i++) {
            for (let j = 0; j + 1 < pts.length; j++) expect(crosses(path[i], path[i + 1], pts[j], pts[j + 1])).toBe(false);
            for (let j = i + 2; j + 1 < path.length; j++) expect(crosses(path[i], path[i + 1], path[j], path[j + 1])).toBe(false);
          }
        }
      }),
      { seed: 150, numRuns: 300 },
    );
    expect(looped).toBeGreaterThan(10); // the runs did exercise loop removal
  });

  it('clips the outer corner of a 150° bend so the pass keeps the offset from the tower without reaching far out', () => {
    const frame = new LocalFrame({ lat: 26.59, lon: 106.63 });
    const towers = [{ x: -300, y: 0 }, { x: 0, y: 0 }, { x: 300 * Math.cos(150 * DEG), y: -300 * Math.sin(150 * DEG) }].map((p) => frame.toLatLon(p.x, p.y));
    // East, then a 150° right turn: the left side is the outside of the bend.
    const [left, right] = corridorPasses({ towers, home: towers[0], camera, lateralOffsetM: 20, heightAboveLineM: 10 });
    const outer = left.path.map((p) => frame.toLocal(p));
    expect(outer).toHaveLength(4);
    for (let i = 1; i < outer.length; i++) {
      for (let k = 0; k <= 20; k++) {
        const p = { x: outer[i - 1].x + ((outer[i].x - outer[i - 1].x) * k) / 20, y: outer[i - 1].y + ((outer[i].y - outer[i - 1].y) * k) / 20 };
        expect(Math.hypot(p.x, p.y)).toBeGreaterThan(20 - 0.01);
      }
    }
    // The two corner points: d / cos(θ/4) = 20 / cos 37.5° from the tower.
    for (const p of outer.slice(1, 3)) expect(Math.hypot(p.x, p.y)).toBeCloseTo(20 / Math.cos(37.5 * DEG), 2);
    // Inside the bend the pass is cut where the offsets cross, 20 m from both spans.
    const inner = right.path.map((p) => frame.toLocal(p));
    expect(inner).toHaveLength(3);
    expect(Math.hypot(inner[1].x, inner[1].y)).toBeCloseTo(20 / Math.cos(75 * DEG), 1);
  });
});

const straight = new LocalFrame({ lat: 26.59, lon: 106.63 });
/** Towers `span` metres apart heading east from the origin, with optional bends (degrees, + right). */
function eastLine(count: number, span: number, bends: number[] = []): LatLon[] {
  const out: XY[] = [{ x: 0, y: 0 }];
  let h = 90;
  for (let i = 1; i < count; i++) {
    if (i > 1) h += bends[i - 2] ?? 0;
    const v = headingVector(h), p = out[out.length - 1];
    out.push({ x: p.x + v.x * span, y: p.y + v.y * span });
  }
  return out.map((p) => straight.toLatLon(p.x, p.y));
}
const base: CorridorOptions = { towers: eastLine(4, 300), home: straight.toLatLon(-50, -50), camera, lateralOffsetM: 20, heightAboveLineM: 15, towerHeightM: 30 };

describe('corridor plan', () => {
  it('flies out along the left and back along the right at tower height plus height above the line, camera on the line', () => {
    const plan = corridorPlan({ ...base, speed: 6 });
    expect(plan.pattern).toBe('corridor');
    expect(plan.steps.slice(0, 3)).toEqual([{ kind: 'takeoff', altitude: 45 }, { kind: 'speed', speed: 6 }, { kind: 'gimbal', pitch: expect.closeTo(-36.87, 2), yaw: 90 }]);
    expect(plan.steps.at(-1)).toEqual({ kind: 'rtl' });
    const wps = waypoints(plan).map((s) => ({ ...straight.toLocal(s.at), alt: s.altitude }));
    expect(wps.every((w) => w.alt === 45)).toBe(true);
    // Out: y = +20 (north, left of eastward travel) abeam each tower; back: y = −20.
    expect(wps.map((w) => [Math.round(w.x), Math.round(w.y)])).toEqual([
      [0, 20], [300, 20], [600, 20], [900, 20], [900, -20], [600, -20], [300, -20], [0, -20],
    ]);
    // Turned round, the line is still on the vehicle's right.
    const gimbals = plan.steps.filter((s) => s.kind === 'gimbal');
    expect(gimbals.map((g) => g.kind === 'gimbal' && g.yaw)).toEqual([90, 90]);
    // Swath: 900 m × (20 + 20) m.
    expect(plan.areaM2).toBeCloseTo(900 * 40, -1);
  });

  it('triggers by distance along each pass: the footprint width at the slant range × (1 − front overlap)', () => {
    const plan = corridorPlan({ ...base, frontOverlap: 0.6 });
    const slant = Math.hypot(20, 15);
    const trigger = Math.floor(footprintM(camera, slant).across * 0.4 * 100) / 100; // 15 m
    const on = plan.steps.filter((s) => s.kind === 'camera-distance');
    expect(on.map((s) => s.kind === 'camera-distance' && s.distanceM)).toEqual([trigger, 0, trigger, 0]);
    // 900 m per pass: a photo at the start, then every trigger distance.
    const perPass = Math.floor(900 / trigger + 1e-9) + 1;
    expect(plan.photos).toHaveLength(2 * perPass);
    const first = plan.photos.slice(0, perPass).map((p) => straight.toLocal(p));
    for (let i = 1; i < first.length; i++) expect(dist(first[i - 1], first[i])).toBeCloseTo(trigger, 1);
    expect(plan.photos[0].heading).toBeCloseTo(90, 3);
    expect(plan.photos[perPass].heading).toBeCloseTo(270, 3);
  });

  it('lays further passes out by the pass spacing, alternating direction when flying one side', () => {
    const spacing = laneSpacingM(camera, 45, 0.6);
    const both = corridorPasses({ ...base, passes: 2 });
    expect(both.map((p) => [p.side, p.index, p.forward])).toEqual([['left', 0, true], ['right', 0, false], ['left', 1, true], ['right', 1, false]]);
    expect(both[2].offsetM).toBeCloseTo(20 + spacing, 6);
    expect(straight.toLocal(both[2].path[0]).y).toBeCloseTo(20 + spacing, 2);
    const right = corridorPasses({ ...base, passes: 3, sides: 'right', passSpacingM: 25 });
    expect(right.map((p) => [p.side, p.offsetM, p.forward])).toEqual([['right', 20, true], ['right', 45, false], ['right', 70, true]]);
    expect(right.map((p) => Math.round(straight.toLocal(p.path[0]).y))).toEqual([-20, -45, -70]);
    const plan = corridorPlan({ ...base, passes: 3, sides: 'right', passSpacingM: 25 });
    expect(plan.areaM2).toBeCloseTo(900 * 70, -1);
    // Flying east on the right the line is on the vehicle's left; flying back it is on the right.
    expect(plan.steps.filter((s) => s.kind === 'gimbal').map((g) => g.kind === 'gimbal' && g.yaw)).toEqual([-90, 90, -90]);
  });

  it('stops at each tower, aims at its top and takes one photo per angle from the inspection distance, facing the tower', () => {
    fc.assert(
      fc.property(
        fc.record({
          // At least 15° apart, so neighbouring photo positions are a flyable leg apart.
          angles: fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 14 }))
            .map(([ks, base]) => ks.map((k) => k * 15 + base)),
          distanceM: fc.double({ min: 5, max: 40, noNaN: true }),
          lateral: fc.double({ min: 15, max: 30, noNaN: true }),
          bends: fc.array(fc.double({ min: -60, max: 60, noNaN: true }), { minLength: 3, maxLength: 3 }),
          count: fc.integer({ min: 2, max: 5 }),
        }),
        (c) => {
          const towers = eastLine(c.count, 250, c.bends);
          const plan = corridorPlan({ ...base, towers, lateralOffsetM: c.lateral, inspection: { mode: 'photos', angles: c.angles, distanceM: c.distanceM } });
          // Nothing a vehicle would balk at: no leg shorter than it flies, no repeated position.
          expect(validatePlan(plan, { profile: { ...DEFAULT_MULTICOPTER, enduranceS: Infinity, maxItems: Infinity } })).toEqual([]);
          const local = towers.map((t) => straight.toLocal(t));
          const rois = plan.steps.flatMap((s, i) => (s.kind === 'roi' ? [i] : []));
          expect(rois).toHaveLength(c.count);
          rois.forEach((at, t) => {
            const roi = plan.steps[at];
            expect(roi.kind === 'roi' && dist(straight.toLocal(roi.at), local[t])).toBeLessThan(0.01);
            expect(roi.kind === 'roi' && roi.altitude).toBe(30);
            // The stop: a held waypoint right before (camera off in between).
            const before = plan.steps.slice(0, at).reverse().find((s) => s.kind === 'waypoint');
            expect(before?.kind === 'waypoint' && before.holdS).toBe(2);
            const end = plan.steps.findIndex((s, i) => i > at && s.kind === 'roi-none');
            const inside = plan.steps.slice(at, end);
            expect(inside.filter((s) => s.kind === 'photo')).toHaveLength(c.angles.length);
            // Each photo from the inspection distance at the bearing the angles ask, relative to the line.
            const sIn = t === 0 ? undefined : vectorHeading({ x: local[t].x - local[t - 1].x, y: local[t].y - local[t - 1].y });
            const sOut = t + 1 < c.count ? vectorHeading({ x: local[t + 1].x - local[t].x, y: local[t + 1].y - local[t].y }) : undefined;
            const lineHeading = sIn === undefined ? sOut! : sOut === undefined ? sIn : sIn + turn(sOut, sIn) / 2;
            const shots = plan.steps.flatMap((s, i) => (s.kind === 'photo' && i > at && i < end ? [positionAt(plan, i)] : []));
            const bearings = shots.map((p) => {
              // Within a metre of the circle (a stop that close is moved onto it).
              expect(Math.abs(dist(p, local[t]) - c.distanceM)).toBeLessThan(1);
              return vectorHeading({ x: p.x - local[t].x, y: p.y - local[t].y });
            });
            // One photo at each asked-for bearing (compared round the compass: 359.99° is 0°).
            const left = [...bearings];
            for (const a of c.angles) {
              const k = left.findIndex((b) => Math.abs(turn(b, lineHeading + a)) < 0.01);
              expect(k, `a photo ${a}° round tower ${t + 1}`).toBeGreaterThanOrEqual(0);
              left.splice(k, 1);
            }
            // Every photo point on the circle faces the tower.
            const facing = plan.photos.filter((p) => {
              const q = straight.toLocal(p);
              const toTower = vectorHeading({ x: local[t].x - q.x, y: local[t].y - q.y });
              return Math.abs(dist(q, local[t]) - c.distanceM) < 1 && Math.abs(turn(p.heading, toTower)) < 0.5;
            });
            expect(facing).toHaveLength(c.angles.length);
          });
        },
      ),
      { seed: 77, numRuns: 60 },
    );
  });

  it('measures photo angles from the line: 0 ahead along it, 90 to its right', () => {
    const plan = corridorPlan({ ...base, inspection: { mode: 'photos', angles: [0, 90], distanceM: 12 } });
    const first = plan.steps.flatMap((s, i) => (s.kind === 'photo' ? [positionAt(plan, i)] : [])).slice(0, 2);
    // Tower 1 at the origin, line heading east: 0° → 12 m east, 90° → 12 m south.
    expect(first.map((p) => p && [Math.round(p.x), Math.round(p.y)])).toContainEqual([12, 0]);
    expect(first.map((p) => p && [Math.round(p.x), Math.round(p.y)])).toContainEqual([0, -12]);
  });

  it('never flies between photo positions through the tower: the way round keeps to the circle', () => {
    const plan = corridorPlan({ ...base, inspection: { mode: 'photos', angles: [0, 180], distanceM: 15, altitude: 28 } });
    const tower = { x: 300, y: 0 };
    const start = plan.steps.findIndex((s, i) => s.kind === 'roi' && i > plan.steps.findIndex((q) => q.kind === 'roi-none'));
    const end = plan.steps.findIndex((s, i) => i > start && s.kind === 'roi-none');
    const circle = plan.steps.slice(start, end).flatMap((s) => (s.kind === 'waypoint' ? [straight.toLocal(s.at)] : []));
    expect(circle.length).toBeGreaterThan(4);
    // Chords of at most 45° stay within 15 m × cos 22.5° of the tower.
    for (let i = 1; i < circle.length; i++) {
      expect(segDist(tower, circle[i - 1], circle[i])).toBeGreaterThan(15 * Math.cos(22.5 * DEG) - 0.01);
    }
    const alts = plan.steps.slice(start, end).flatMap((s) => (s.kind === 'waypoint' ? [s.altitude] : []));
    expect(new Set(alts)).toEqual(new Set([28]));
  });

  it('orbits each tower with loiter-turns, photos by distance facing it, and picks the pass up again', () => {
    const plan = corridorPlan({ ...base, inspection: { mode: 'orbit', radiusM: 25, photosPerTurn: 6 } });
    const loiters = plan.steps.filter((s): s is Extract<PlanStep, { kind: 'loiter-turns' }> => s.kind === 'loiter-turns');
    expect(loiters).toHaveLength(4);
    expect(loiters.map((l) => [Math.round(straight.toLocal(l.at).x), l.radiusM, l.turns, l.altitude])).toEqual([0, 300, 600, 900].map((x) => [x, 25, 1, 45]));
    for (const [t, x] of [0, 300, 600, 900].entries()) {
      const facing = plan.photos.filter((p) => {
        const q = straight.toLocal(p);
        return Math.abs(dist(q, { x, y: 0 }) - 25) < 0.25 && Math.abs(turn(p.heading, vectorHeading({ x: x - q.x, y: -q.y }))) < 0.5;
      });
      expect(facing, `tower ${t + 1}`).toHaveLength(6);
      // Evenly round the circle: neighbours 60° apart.
      const bearings = facing.map((p) => vectorHeading({ x: straight.toLocal(p).x - x, y: straight.toLocal(p).y })).sort((a, b) => a - b);
      bearings.forEach((b, i) => i > 0 && expect(b - bearings[i - 1]).toBeCloseTo(60, -0.5));
    }
    const kinds = plan.steps.map((s) => s.kind);
    const i = kinds.indexOf('loiter-turns');
    expect(kinds.slice(i - 3, i + 5)).toEqual(['roi', 'waypoint', 'camera-distance', 'loiter-turns', 'camera-distance', 'roi-none', 'waypoint', 'gimbal']);
  });

  it('rejects options no corridor can be made from, naming the option', () => {
    expect(() => corridorPlan({ ...base, towers: [base.home] })).toThrow(/at least 2 towers/);
    expect(() => corridorPlan({ ...base, towers: [base.home, base.home] })).toThrow(/towers 1 and 2/);
    expect(() => corridorPlan({ ...base, lateralOffsetM: 0 })).toThrow(/lateral offset/);
    expect(() => corridorPlan({ ...base, passes: 1.5 })).toThrow(/passes per side/);
    expect(() => corridorPlan({ ...base, sides: 'up' as 'left' })).toThrow(/sides/);
    expect(() => corridorPlan({ ...base, inspection: { mode: 'photos', angles: [], distanceM: 10 } })).toThrow(/angles/);
    expect(() => corridorPlan({ ...base, inspection: { mode: 'orbit', radiusM: 20, photosPerTurn: 2 } })).toThrow(/photos per orbit/);
    expect(() => corridorPlan({ ...base, towers: { type: 'Point', coordinates: [0, 0] } as never })).toThrow(/LineString/);
  });
});

const powerLine = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/lines/power-line-30-towers.geojson'), 'utf8'),
) as Feature<LineString>;

describe('30-tower power line (fixture)', () => {
  // A 10 km line of 30 towers 32 m tall east of 26.59 N 106.63 E with five bends (9° to 34°),
  // flown 20 m either side, 15 m above the tower tops (47 m up) with the 1-inch camera looking at
  // the conductor 25 m away: images 37.5 m wide along the track, a photo every 11.25 m at 70 %.
  const line = powerLine.geometry;
  const home = { lat: 26.5685, lon: 106.5866 };
  const opts: CorridorOptions = { towers: line, home, camera, lateralOffsetM: 20, heightAboveLineM: 15, towerHeightM: 32, speed: 8 };
  const lengthM = turfLength(powerLine, { units: 'meters' });
  const plain = corridorPlan(opts);
  const inspected = corridorPlan({ ...opts, inspection: { mode: 'photos', angles: [0, 90, 180, 270], distanceM: 15 } });

  it('is a 10.0 km line of 30 towers flown in two 10.0 km passes at 47 m over a 0.40 km² swath', () => {
    expect(line.coordinates).toHaveLength(30);
    expect(lengthM / 1000).toBeCloseTo(10.0, 1);
    const passes = corridorPasses(opts);
    expect(passes.map((p) => [p.side, p.forward, p.triggerDistanceM])).toEqual([['left', true, 11.25], ['right', false, 11.25]]);
    for (const p of passes) {
      const path: Feature<LineString> = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: p.path.map((q) => [q.lon, q.lat]) } };
      const km = turfLength(path, { units: 'kilometers' });
      // Inner corners shorten a pass, outer ones lengthen it, by 2 × 20 m × tan(θ/2) each: under 0.3 %.
      expect(Math.abs(km * 1000 - lengthM)).toBeLessThan(0.003 * lengthM);
    }
    expect(plain.steps[0]).toEqual({ kind: 'takeoff', altitude: 47 });
    expect(plain.areaM2! / 1e6).toBeCloseTo(0.4, 2); // 10.0 km × 40 m
  });

  it('takes a photo every 11.25 m along both passes: about 1780', () => {
    // Per pass: one at the start, then one per whole trigger distance.
    const expected = 2 * (Math.floor(lengthM / 11.25) + 1);
    expect(Math.abs(plain.photos.length - expected)).toBeLessThanOrEqual(4);
    expect(estimate(plain, DEFAULT_MULTICOPTER).photoCount).toBe(plain.photos.length);
  });

  it('flies about 20.2 km in about 43 minutes at 8 m/s without inspections', () => {
    const e = estimate(plain, DEFAULT_MULTICOPTER);
    // Two passes, the way out from home, the hop across the line at the far end and the way back.
    expect(e.distanceM / 1000).toBeGreaterThan(20.0);
    expect(e.distanceM / 1000).toBeLessThan(20.4);
    expect(e.flightTimeS / 60).toBeGreaterThan(41);
    expect(e.flightTimeS / 60).toBeLessThan(46);
    expect(e.itemCount).toBeLessThan(100);
  });

  it('adds 120 tower photos (4 at each of 30 towers) and about 3 km of circling for inspections', () => {
    const towerShots = inspected.steps.filter((s) => s.kind === 'photo');
    expect(towerShots).toHaveLength(120);
    expect(inspected.steps.filter((s) => s.kind === 'roi')).toHaveLength(30);
    // Pass photos, tower photos, and at most one extra where triggering restarts after each stop.
    expect(inspected.photos.length).toBeGreaterThanOrEqual(plain.photos.length + 120);
    expect(inspected.photos.length).toBeLessThanOrEqual(plain.photos.length + 120 + 30);
    const extra = estimate(inspected, DEFAULT_MULTICOPTER).distanceM - estimate(plain, DEFAULT_MULTICOPTER).distanceM;
    // Per tower: 5 m in and out, and round the 15 m circle (2π × 15 ≈ 94 m).
    expect(extra / 1000).toBeGreaterThan(2.6);
    expect(extra / 1000).toBeLessThan(3.6);
  });
});
