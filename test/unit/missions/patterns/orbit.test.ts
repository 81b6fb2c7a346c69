import { bearing } from '@turf/bearing';
import { distance } from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../../missions/camera.js';
import type { LatLon, PlanStep } from '../../../../missions/plan.js';
import { orbitPlan, type OrbitOptions } from '../../../../missions/patterns/orbit.js';

const center = { lat: 26.61, lon: 106.65 };
const home = { lat: 26.6085, lon: 106.6485 }; // south-west of the tower
const base: OrbitOptions = { center, radiusM: 40, altitude: 50, photos: 8, home };
const metres = (a: LatLon, b: LatLon) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
const headingTo = (a: LatLon, b: LatLon) => (bearing([a.lon, a.lat], [b.lon, b.lat]) + 360) % 360;
const angleBetween = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);
const waypoints = (steps: PlanStep[]) => steps.flatMap((s) => (s.kind === 'waypoint' ? [s] : []));

describe('orbit', () => {
  it('takes N photos round the circle, each after a waypoint, between an ROI on the centre and roi-none', () => {
    const plan = orbitPlan({ ...base, speed: 4, camera: CAMERA_PRESETS['thermal-640'] });
    expect(plan.pattern).toBe('orbit');
    expect(plan.steps.slice(0, 3)).toEqual([
      { kind: 'takeoff', altitude: 50 },
      { kind: 'speed', speed: 4 },
      { kind: 'roi', at: center, altitude: 0 },
    ]);
    expect(plan.steps.slice(-2)).toEqual([{ kind: 'roi-none' }, { kind: 'rtl' }]);
    const photoAt = plan.steps.flatMap((s, i) => (s.kind === 'photo' ? [i] : []));
    expect(photoAt).toHaveLength(8);
    for (const i of photoAt) expect(plan.steps[i - 1]).toMatchObject({ kind: 'waypoint', altitude: 50, holdS: 1 });
    expect(plan.photos).toHaveLength(8);
  });

  it('keeps every waypoint on the circle within 1 % of the radius and the photos facing the centre', () => {
    for (const photos of [1, 3, 8, 24]) {
      const plan = orbitPlan({ ...base, photos });
      for (const w of waypoints(plan.steps)) expect(Math.abs(metres(w.at, center) / 40 - 1)).toBeLessThan(0.01);
      for (const p of plan.photos) {
        expect(Math.abs(metres(p, center) / 40 - 1)).toBeLessThan(0.01);
        expect(angleBetween(p.heading, headingTo(p, center))).toBeLessThan(0.5);
        expect(p.altitude).toBe(50);
      }
    }
  });

  it('spaces photos evenly, clockwise from the point nearest home, and never cuts across the circle', () => {
    const plan = orbitPlan({ ...base, photos: 3 });
    const bearings = plan.photos.map((p) => headingTo(center, p));
    expect(angleBetween(bearings[0], headingTo(center, home))).toBeLessThan(0.5);
    expect(angleBetween(bearings[1], bearings[0] + 120)).toBeLessThan(0.5);
    expect(angleBetween(bearings[2], bearings[0] + 240)).toBeLessThan(0.5);
    const path = waypoints(plan.steps).map((w) => w.at);
    for (let i = 1; i < path.length; i++) expect(angleBetween(headingTo(center, path[i - 1]), headingTo(center, path[i]))).toBeLessThanOrEqual(30.2);
    // Round to the start again before returning home.
    expect(metres(path[path.length - 1], path[0])).toBeLessThan(0.01);
  });

  it('goes counter-clockwise when asked', () => {
    const plan = orbitPlan({ ...base, photos: 4, clockwise: false });
    const b = plan.photos.map((p) => headingTo(center, p));
    expect(angleBetween(b[1], b[0] - 90)).toBeLessThan(0.5);
  });

  it('flies a loiter-turns circle from the circle edge when no photos are wanted', () => {
    const plan = orbitPlan({ ...base, photos: 0, turns: 2, clockwise: false, roiAltitude: 20 });
    expect(plan.photos).toEqual([]);
    expect(plan.steps.map((s) => s.kind)).toEqual(['takeoff', 'roi', 'waypoint', 'loiter-turns', 'roi-none', 'rtl']);
    expect(plan.steps[1]).toEqual({ kind: 'roi', at: center, altitude: 20 });
    expect(plan.steps[3]).toEqual({ kind: 'loiter-turns', at: center, altitude: 50, turns: 2, radiusM: -40 });
    const edge = plan.steps[2].kind === 'waypoint' ? plan.steps[2].at : center;
    expect(metres(edge, center)).toBeCloseTo(40, 0);
  });

  it.each<[string, Partial<OrbitOptions>, RegExp]>([
    ['a radius under 1 m', { radiusM: 0.5 }, /orbit radius must be between 1 and 10000 m/],
    ['a fractional photo count', { photos: 2.5 }, /photo count must be a whole number/],
    ['a negative altitude', { altitude: -5 }, /altitude must be a number above 0 m/],
    ['a centre that is not a position', { center: { lat: Number.NaN, lon: 0 } }, /center must be \{ lat, lon \}/],
  ])('refuses %s with a clear RangeError', (_name, change, message) => {
    expect(() => orbitPlan({ ...base, ...change })).toThrow(message);
  });
});
