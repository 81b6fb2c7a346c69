import { destination } from '@turf/destination';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../missions/camera.js';
import { estimate } from '../../../missions/estimate.js';
import type { LatLon, Plan, PlanStep } from '../../../missions/plan.js';
import { validatePlan, type Finding, type ValidationContext } from '../../../missions/validate.js';
import { DEFAULT_MULTICOPTER, type VehicleProfile } from '../../../missions/vehicle-profile.js';

const home = { lat: 30, lon: 120 };
/** A point `east`, `north` (×0.001°, about 96 m and 111 m) from home. */
const p = (east: number, north: number): LatLon => ({ lat: home.lat + north * 0.001, lon: home.lon + east * 0.001 });
/** A polygon through points given in the same ×0.001° units. */
const poly = (...pts: [number, number][]): Polygon => {
  const ring = pts.map(([e, n]) => { const q = p(e, n); return [q.lon, q.lat]; });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
};
const box = (e0: number, n0: number, e1: number, n1: number): Polygon => poly([e0, n0], [e1, n0], [e1, n1], [e0, n1]);
const go = (from: LatLon, m: number, bearing: number): LatLon => {
  const [lon, lat] = destination([from.lon, from.lat], m, bearing, { units: 'meters' }).geometry.coordinates;
  return { lat, lon };
};

const wp = (at: LatLon, altitude = 50): PlanStep => ({ kind: 'waypoint', at, altitude });
const plan = (steps: PlanStep[], extra: Partial<Plan> = {}): Plan => ({ pattern: 'waypoints', home, steps, photos: [], ...extra });
const profile: VehicleProfile = { ...DEFAULT_MULTICOPTER, enduranceS: 3600 };
const ctx = (extra: Partial<ValidationContext> = {}): ValidationContext => ({ profile, ...extra });
const codes = (f: Finding[]) => f.map((x) => [x.code, x.step]);

/** Take off, one leg out and back: nothing to find. */
const clean = plan([{ kind: 'takeoff', altitude: 50 }, wp(p(2, 2)), { kind: 'rtl' }]);

describe('plan validation', () => {
  it('finds nothing wrong with a short plan inside the limits', () => {
    expect(validatePlan(clean, ctx({ site: { geofences: { inclusion: [box(-1, -1, 3, 3)], exclusion: [box(5, 5, 6, 6)] } } }))).toEqual([]);
  });

  it('names the step, its altitude and the limit, and says what to change', () => {
    const steps: PlanStep[] = [{ kind: 'takeoff', altitude: 50 }, { kind: 'speed', speed: 8 }];
    for (let i = 2; i < 7; i++) steps.push(wp(p(i * 0.1, 0)));
    steps.push(wp(p(1, 0), 135), { kind: 'rtl' });
    expect(validatePlan(plan(steps), ctx())).toEqual([{
      severity: 'error', code: 'altitude-over-limit', step: 7,
      message: 'step 7 (waypoint) is at 135 m above take-off, over the site limit of 120 m: lower it to 120 m or less',
    }]);
  });

  type Case = [name: string, plan: Plan, ctx: ValidationContext, expected: [string, number | null][]];
  const U = poly([0, 0], [6, 0], [6, 6], [4, 6], [4, 2], [2, 2], [2, 6], [0, 6]); // a U open to the north
  const camera = CAMERA_PRESETS['visible-1in-20mp']; // 150 m × 100 m on the ground at 100 m
  const overlap = { camera, requested: { sideOverlap: 0.7, frontOverlap: 0.8 } };
  const survey = (laneSpacingM: number, triggerM: number) =>
    plan([{ kind: 'takeoff', altitude: 100 }, { kind: 'camera-distance', distanceM: triggerM }, wp(p(3, 0), 100), { kind: 'camera-distance', distanceM: 0 }, { kind: 'rtl' }], { settings: { laneSpacingM, altitudeM: 100 } });
  const cases: Case[] = [
    ['a waypoint at exactly the 120 m limit is fine', plan([{ kind: 'takeoff', altitude: 30 }, wp(p(1, 1), 120)]), ctx(), []],
    ['a waypoint at 120.1 m is over the default limit', plan([{ kind: 'takeoff', altitude: 30 }, wp(p(1, 1), 120.1)]), ctx(), [['altitude-over-limit', 1]]],
    ['a take-off and a loiter over a site\'s own limit', plan([{ kind: 'takeoff', altitude: 70 }, { kind: 'loiter-time', at: p(1, 1), altitude: 61, seconds: 5 }]), ctx({ site: { altitudeLimitM: 60 } }), [['altitude-over-limit', 0], ['altitude-over-limit', 1]]],
    ['an ROI above the limit is a target, not a flight altitude', plan([{ kind: 'roi', at: p(1, 1), altitude: 300 }]), ctx(), []],
    ['a leg between two waypoints outside an exclusion zone that crosses it',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(0, 3)), wp(p(6, 3))]), ctx({ site: { geofences: { inclusion: [], exclusion: [box(2, 2, 4, 4)] } } }), [['crosses-exclusion-zone', 2]]],
    ['a leg passing beside an exclusion zone',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(0, 5)), wp(p(6, 5))]), ctx({ site: { geofences: { inclusion: [], exclusion: [box(2, 2, 4, 4)] } } }), []],
    ['a waypoint inside an exclusion zone (both legs to and from it)',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(3, 3)), wp(p(6, 6))]), ctx({ site: { geofences: { inclusion: [], exclusion: [box(2, 2, 4, 4)] } } }), [['crosses-exclusion-zone', 1], ['crosses-exclusion-zone', 2]]],
    ['a loiter circle that clips an exclusion zone (one finding, not one per chord)',
      plan([{ kind: 'takeoff', altitude: 50 }, { kind: 'loiter-turns', at: p(0, 3), altitude: 50, turns: 3, radiusM: 150 }]), ctx({ site: { geofences: { inclusion: [], exclusion: [box(1, 2, 3, 4)] } } }), [['crosses-exclusion-zone', 1]]],
    ['a leg between two waypoints inside a U-shaped fence that cuts across its gap',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 4)), wp(p(5, 4))], { home: p(1, 1) }),
      ctx({ site: { geofences: { inclusion: [U], exclusion: [] } } }), [['leaves-inclusion-fence', 2]]],
    ['the return leg home across the gap of a U-shaped fence',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 1)), wp(p(5, 1)), wp(p(5, 5)), { kind: 'rtl' }], { home: p(1, 5) }),
      ctx({ site: { geofences: { inclusion: [U], exclusion: [] } } }), [['leaves-inclusion-fence', 4]]],
    ['a take-off from outside the inclusion fence',
      plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 1))], { home: p(-1, -1) }), ctx({ site: { geofences: { inclusion: [U], exclusion: [] } } }), [['leaves-inclusion-fence', 0], ['leaves-inclusion-fence', 1]]],
    ['a 0.99 m leg is shorter than the vehicle flies sensibly', plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 1)), wp(go(p(1, 1), 0.99, 45))]), ctx(), [['leg-too-short', 2]]],
    ['a 1.01 m leg is fine', plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 1)), wp(go(p(1, 1), 1.01, 45))]), ctx(), []],
    ['a hold where the vehicle already is, is not a leg', plan([{ kind: 'takeoff', altitude: 50 }, wp(p(1, 1)), { kind: 'waypoint', at: p(1, 1), altitude: 50, holdS: 5 }, { kind: 'loiter-time', at: p(1, 1), altitude: 50, seconds: 3 }]), ctx(), []],
    ['a speed at the vehicle\'s maximum is fine', plan([{ kind: 'speed', speed: 15 }]), ctx(), []],
    ['a speed over the vehicle\'s maximum', plan([{ kind: 'speed', speed: 15.1 }]), ctx(), [['speed-over-max', 0]]],
    ['lanes and triggers at the requested overlap', survey(45, 20), ctx(overlap), []],
    ['lanes too far apart for the requested side overlap', survey(50, 20), ctx(overlap), [['side-overlap-low', null]]],
    ['photos too far apart for the requested front overlap', survey(45, 25), ctx(overlap), [['front-overlap-low', 1]]],
    ['lane spacing and altitude a generator recorded under settings.resolved',
      { ...survey(45, 20), settings: { resolved: { laneSpacingM: 50, triggerDistanceM: 30, altitude: 100 } } }, ctx(overlap), [['side-overlap-low', null], ['front-overlap-low', null]]],
  ];

  it.each(cases)('%s', (_name, pl, c, expected) => {
    expect(codes(validatePlan(pl, c))).toEqual(expected);
  });

  it('accepts exactly as many items as the vehicle stores, and no more', () => {
    const items = estimate(clean, profile).itemCount;
    expect(validatePlan(clean, ctx({ profile: { ...profile, maxItems: items } }))).toEqual([]);
    const f = validatePlan(clean, ctx({ profile: { ...profile, maxItems: items - 1 } }));
    expect(codes(f)).toEqual([['too-many-items', null]]);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toContain(`${items} mission items, more than the ${items - 1}`);
  });

  it('accepts a flight that uses exactly the endurance less reserve, and not a second more', () => {
    const t = estimate(clean, profile).flightTimeS;
    expect(validatePlan(clean, ctx({ profile: { ...profile, enduranceS: t, reserveFraction: 0 } }))).toEqual([]);
    const over = validatePlan(clean, ctx({ profile: { ...profile, enduranceS: t - 0.01, reserveFraction: 0 } }));
    expect(codes(over)).toEqual([['endurance-exceeded', null]]);
    // With a 20 % reserve the same flight needs 25 % more endurance.
    expect(validatePlan(clean, ctx({ profile: { ...profile, enduranceS: t / 0.8 + 0.01 } }))).toEqual([]);
    const reserve = validatePlan(clean, ctx({ profile: { ...profile, enduranceS: t / 0.8 - 0.01 } }));
    expect(codes(reserve)).toEqual([['endurance-exceeded', null]]);
    expect(reserve[0].message).toMatch(/20 % reserve\): shorten the plan or split it/);
  });

  it('says which leg crosses a zone and what to do about it', () => {
    const [f] = validatePlan(plan([{ kind: 'takeoff', altitude: 50 }, wp(p(0, 3)), wp(p(6, 3))]), ctx({ site: { geofences: { inclusion: [], exclusion: [box(2, 2, 4, 4)] } } }));
    expect(f.message).toBe('step 2 (waypoint): the leg from step 1 (waypoint) to it crosses exclusion zone 1: move the waypoints, or add one to fly round, to keep it out of the zone');
  });

  it('says what overlap the plan gets and what spacing would give the requested one', () => {
    const [f] = validatePlan(survey(50, 20), ctx(overlap));
    expect(f.message).toBe('side overlap is 66.67 % (lanes 50 m apart, photos 150 m across at 100 m), below the requested 70 %: set the lanes at most 45 m apart, or fly higher');
  });

  it('sorts findings by step, plan-wide ones first, with warnings and errors together', () => {
    const pl = plan([{ kind: 'takeoff', altitude: 130 }, { kind: 'speed', speed: 30 }, wp(p(1, 1), 150), wp(go(p(1, 1), 0.2, 0), 150)]);
    const f = validatePlan(pl, ctx({ profile: { ...profile, maxItems: 3 } }));
    expect(codes(f)).toEqual([['too-many-items', null], ['altitude-over-limit', 0], ['speed-over-max', 1], ['altitude-over-limit', 2], ['altitude-over-limit', 3], ['leg-too-short', 3]]);
    expect(f.map((x) => x.severity)).toEqual(['error', 'error', 'warning', 'error', 'error', 'warning']);
  });
});
