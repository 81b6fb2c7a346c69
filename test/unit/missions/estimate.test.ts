import { destination } from '@turf/destination';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../../missions/estimate.js';
import type { LatLon, Plan, PlanStep } from '../../../missions/plan.js';
import { DEFAULT_MULTICOPTER, type VehicleProfile } from '../../../missions/vehicle-profile.js';

/** The point `m` metres from `p` on a compass bearing, on turf's sphere (the one distances use). */
function go(p: LatLon, m: number, bearing: number): LatLon {
  const [lon, lat] = destination([p.lon, p.lat], m, bearing, { units: 'meters' }).geometry.coordinates;
  return { lat, lon };
}

const profile: VehicleProfile = { ...DEFAULT_MULTICOPTER, cruiseSpeedMps: 10, climbRateMps: 2.5, descentRateMps: 1.5, accelMps2: 2.5, maxSpeedMps: 15 };
const A = { lat: 30, lon: 120 };
const B = go(A, 1000, 90);
const D = go(A, 1000, 0);
const C = go(B, 1000, 0);
const wp = (at: LatLon, altitude = 50): PlanStep => ({ kind: 'waypoint', at, altitude });
const plan = (steps: PlanStep[], extra: Partial<Plan> = {}): Plan => ({ pattern: 'waypoints', home: A, steps, photos: [], ...extra });

/** Take off at corner A to 50 m, fly the 1 km square A→B→C→D→A, return (already there) and land. */
const square = plan([{ kind: 'takeoff', altitude: 50 }, wp(B), wp(C), wp(D), wp(A), { kind: 'rtl' }]);
/** 50 m up at 2.5 m/s, 4 km at 10 m/s, three 90° corners at 10 m/s / 2.5 m/s² × ½, 50 m down at 1.5 m/s. */
const squareTimeS = 50 / 2.5 + 4000 / 10 + 3 * (10 / 2.5) * 0.5 + 50 / 1.5;

describe('estimates', () => {
  it('flies a 1 km square at 10 m/s in climb + 400 s + turns + descent', () => {
    const e = estimate(square, profile);
    expect(e.distanceM).toBeCloseTo(4000, 0); // the top edge is 9 cm short: meridians converge
    expect(e.flightTimeS).toBeCloseTo(squareTimeS, 1); // 459.3 s
    expect(e.itemCount).toBe(7);
    expect(e.photoCount).toBe(0);
    expect(e.areaM2).toBeNull();
  });

  it('flies each leg at the speed in force after speed steps', () => {
    const steps: PlanStep[] = [{ kind: 'takeoff', altitude: 50 }, wp(B), { kind: 'speed', speed: 5 }, wp(C), { kind: 'speed', speed: 20 }, wp(D)];
    const e = estimate(plan(steps), profile);
    // 1 km at 10, 1 km at 5, 1 km at 15 (20 is over the profile's maximum); two 90° corners at the slower speed.
    const turns = (5 / 2.5) * 0.5 + (5 / 2.5) * 0.5;
    expect(e.flightTimeS).toBeCloseTo(20 + 100 + 200 + 1000 / 15 + turns, 1);
  });

  it('adds holds and loiter times, and loiter circles at the speed in force', () => {
    const steps: PlanStep[] = [
      { kind: 'takeoff', altitude: 50 },
      { kind: 'waypoint', at: A, altitude: 50, holdS: 7 },
      { kind: 'loiter-time', at: A, altitude: 50, seconds: 30 },
      { kind: 'loiter-turns', at: go(A, 100, 90), altitude: 50, turns: 2, radiusM: 100 },
    ];
    const e = estimate(plan(steps), profile);
    // The circle's edge nearest the vehicle is A itself: no transit, then 2 × 2π × 100 m.
    const circle = 2 * 2 * Math.PI * 100;
    expect(e.distanceM).toBeCloseTo(circle, 0);
    expect(e.flightTimeS).toBeCloseTo(20 + 7 + 30 + circle / 10, 0);
  });

  it('takes the longer of the horizontal and vertical times on a leg that climbs', () => {
    const e = estimate(plan([{ kind: 'takeoff', altitude: 10 }, wp(go(A, 100, 90), 110)]), profile);
    // 100 m across takes 10 s, 100 m up takes 40 s.
    expect(e.flightTimeS).toBeCloseTo(4 + 40, 6);
  });

  it('counts the photos distance triggering takes, or the plan\'s own photo points when it lists them', () => {
    const steps: PlanStep[] = [{ kind: 'takeoff', altitude: 50 }, { kind: 'camera-distance', distanceM: 100 }, wp(B), { kind: 'camera-distance', distanceM: 0 }, { kind: 'photo' }];
    // One at once when triggering starts, then every 100 m of the 1 km leg, then the single photo.
    expect(estimate(plan(steps), profile).photoCount).toBe(1 + 10 + 1);
    const listed = plan(steps, { photos: [{ ...A, altitude: 50, heading: 90 }, { ...B, altitude: 50, heading: 90 }], areaM2: 12_345 });
    expect(estimate(listed, profile)).toMatchObject({ photoCount: 2, areaM2: 12_345 });
  });

  it('charges a reversal twice a right angle and a straight continuation nothing', () => {
    const straight = estimate(plan([{ kind: 'takeoff', altitude: 50 }, wp(go(A, 500, 90)), wp(B)]), profile);
    const back = estimate(plan([{ kind: 'takeoff', altitude: 50 }, wp(B), wp(A)]), profile);
    expect(straight.flightTimeS).toBeCloseTo(20 + 100, 1);
    expect(back.flightTimeS).toBeCloseTo(20 + 200 + 10 / 2.5, 1);
  });
});
