import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkItem } from '../../../hardware/sim/mission-store.js';
import { checkMissionItems } from '../../../hardware/vehicle/mission-transfer/check-items.js';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { Plan, PlanStep } from '../../../missions/plan.js';
import { fromFloat32, itemsToPlan, planToItems } from '../../../missions/plan-to-items.js';

const home = { lat: 30.1234567, lon: 120.7654321, altMsl: 12.5 };
const at = { lat: 30.125, lon: 120.77 };
const X = 301250000;
const Y = 1207700000;
const plan = (steps: PlanStep[], h: Plan['home'] = home): Plan => ({ pattern: 'waypoints', home: h, steps, photos: [] });

/** A whole item: only the fields that differ from a plain MISSION-frame item with zero params. */
function item(seq: number, command: number, frame: number, p: number[], x = 0, y = 0, z = 0): MissionItem {
  return { seq, frame, command, current: false, autocontinue: true, param1: p[0], param2: p[1], param3: p[2], param4: p[3], x, y, z };
}

/** One row per step kind: the step and the exact item it becomes (as item 1). */
const table: [string, PlanStep, MissionItem][] = [
  ['takeoff → NAV_TAKEOFF at home, relative altitude', { kind: 'takeoff', altitude: 40 }, item(1, 22, 3, [0, 0, 0, NaN], 301234567, 1207654321, 40)],
  ['waypoint → NAV_WAYPOINT, no hold, default radius, yaw unchanged', { kind: 'waypoint', at, altitude: 55.5 }, item(1, 16, 3, [0, 0, 0, NaN], X, Y, 55.5)],
  ['waypoint with hold and acceptance radius', { kind: 'waypoint', at, altitude: 30, holdS: 4, acceptRadiusM: 2.5 }, item(1, 16, 3, [4, 2.5, 0, NaN], X, Y, 30)],
  ['speed → DO_CHANGE_SPEED ground speed, throttle unchanged', { kind: 'speed', speed: 7.5 }, item(1, 178, 2, [1, 7.5, -1, 0])],
  ['camera-distance → DO_SET_CAM_TRIGG_DIST triggering once at start', { kind: 'camera-distance', distanceM: 22.4 }, item(1, 206, 2, [22.4, 0, 1, 0])],
  ['camera-distance 0 → DO_SET_CAM_TRIGG_DIST stop, no extra photo', { kind: 'camera-distance', distanceM: 0 }, item(1, 206, 2, [0, 0, 0, 0])],
  ['photo → DO_DIGICAM_CONTROL with param5 (shoot) 1', { kind: 'photo' }, item(1, 203, 2, [0, 0, 0, 0], 1)],
  ['roi → DO_SET_ROI_LOCATION', { kind: 'roi', at, altitude: 5 }, item(1, 195, 3, [0, 0, 0, 0], X, Y, 5)],
  ['roi-none → DO_SET_ROI_NONE', { kind: 'roi-none' }, item(1, 197, 2, [0, 0, 0, 0])],
  ['yaw → CONDITION_YAW absolute, default rate, shortest way', { kind: 'yaw', heading: 135 }, item(1, 115, 2, [135, 0, 0, 0])],
  ['yaw below 0 is written within 0–360', { kind: 'yaw', heading: -90 }, item(1, 115, 2, [270, 0, 0, 0])],
  ['gimbal → DO_MOUNT_CONTROL in MAVLink targeting mode', { kind: 'gimbal', pitch: -90 }, item(1, 205, 2, [-90, 0, 0, 0], 0, 0, 2)],
  ['gimbal with yaw', { kind: 'gimbal', pitch: -30, yaw: 45 }, item(1, 205, 2, [-30, 0, 45, 0], 0, 0, 2)],
  ['loiter-time → NAV_LOITER_TIME', { kind: 'loiter-time', at, altitude: 20, seconds: 12 }, item(1, 19, 3, [12, 0, 0, 0], X, Y, 20)],
  ['loiter-turns → NAV_LOITER_TURNS, radius in param3', { kind: 'loiter-turns', at, altitude: 25, turns: 2, radiusM: 30 }, item(1, 18, 3, [2, 0, 30, 0], X, Y, 25)],
  ['loiter-turns counter-clockwise keeps the negative radius', { kind: 'loiter-turns', at, altitude: 25, turns: 1, radiusM: -15 }, item(1, 18, 3, [1, 0, -15, 0], X, Y, 25)],
  ['land → NAV_LAND at the point', { kind: 'land', at }, item(1, 21, 3, [0, 0, 0, NaN], X, Y, 0)],
  ['rtl → NAV_RETURN_TO_LAUNCH', { kind: 'rtl' }, item(1, 20, 2, [0, 0, 0, 0])],
];

describe('plan → mission items', () => {
  it('puts home at item 0 in the GLOBAL frame at its MSL altitude, 0 when unknown', () => {
    expect(planToItems(plan([]))).toEqual([item(0, 16, 0, [0, 0, 0, 0], 301234567, 1207654321, 12.5)]);
    expect(planToItems(plan([], { lat: home.lat, lon: home.lon }))[0].z).toBe(0);
  });

  it.each(table)('%s', (_name, step, expected) => {
    const items = planToItems(plan([step]));
    expect(items).toHaveLength(2);
    expect(items[1]).toEqual(expected);
  });

  it('numbers items in order, one per step after home', () => {
    const items = planToItems(plan(table.map(([, s]) => s)));
    expect(items.map((i) => i.seq)).toEqual(items.map((_, i) => i));
  });

  it('writes items every vehicle-side check accepts (integers for coordinates, finite altitudes)', () => {
    expect(checkMissionItems(planToItems(plan(table.map(([, s]) => s))))).toBeNull();
  });

  it('writes only commands the simulated ArduPilot stores', () => {
    const steps = table.map(([, s]) => s);
    for (const it of planToItems(plan(steps))) expect(checkItem('mission', it), `command ${it.command}`).toBe(0);
  });
});

describe('mission items → plan', () => {
  it('reads back every step kind exactly', () => {
    const steps = table.map(([, s]) => s).map((s) => (s.kind === 'yaw' && s.heading < 0 ? { ...s, heading: 270 } : s));
    const back = itemsToPlan(planToItems(plan(steps)));
    expect(back.unknown).toEqual([]);
    expect(back.plan.steps).toEqual(steps);
    expect(back.plan.home).toEqual(home);
  });

  it('reports the items it cannot turn into steps, with why, and keeps the rest', () => {
    const items = [
      item(0, 16, 0, [0, 0, 0, 0], X, Y, 100),
      item(1, 16, 3, [0, 0, 0, NaN], X, Y, 30),
      item(2, 177, 2, [1, 3, 0, 0]), // DO_JUMP
      item(3, 16, 10, [0, 0, 0, NaN], X, Y, 30), // above terrain
      item(4, 115, 2, [90, 0, 1, 1]), // relative yaw
      item(5, 178, 2, [2, 3, -1, 0]), // climb speed
      item(6, 203, 2, [0, 0, 0, 0], 0), // digicam without shooting
      item(7, 2000, 2, [0, 2, 0, 0]), // timed capture
      item(8, 20, 2, [0, 0, 0, 0]),
    ];
    const { plan: p, unknown } = itemsToPlan(items);
    expect(unknown.map((u) => [u.seq, u.command])).toEqual([[2, 177], [3, 16], [4, 115], [5, 178], [6, 203], [7, 2000]]);
    expect(unknown[1].reason).toContain('terrain');
    expect(p.steps).toEqual([{ kind: 'waypoint', at, altitude: 30 }, { kind: 'rtl' }]);
  });

  it('reads the alternatives other planners write: IMAGE_START_CAPTURE, DO_GIMBAL_MANAGER_PITCHYAW, DO_SET_ROI', () => {
    const { plan: p, unknown } = itemsToPlan([
      item(0, 16, 0, [0, 0, 0, 0], X, Y, 0),
      item(1, 2000, 2, [0, 0, 1, 0]),
      item(2, 1000, 2, [-45, 10, NaN, NaN]),
      item(3, 201, 3, [3, 0, 0, 0], X, Y, 2),
      item(4, 201, 3, [0, 0, 0, 0]),
      item(5, 178, 2, [0, 6, -1, 0]),
    ]);
    expect(unknown).toEqual([]);
    expect(p.steps).toEqual([
      { kind: 'photo' },
      { kind: 'gimbal', pitch: -45, yaw: 10 },
      { kind: 'roi', at, altitude: 2 },
      { kind: 'roi-none' },
      { kind: 'speed', speed: 6 },
    ]);
  });

  it('reads latitude/longitude 0, 0 as "where the vehicle is" and MSL altitudes as above take-off', () => {
    const { plan: p } = itemsToPlan([
      item(0, 16, 0, [0, 0, 0, 0], 301000000, 1207000000, 100),
      item(1, 22, 3, [0, 0, 0, NaN], 0, 0, 20),
      item(2, 16, 3, [0, 0, 0, NaN], 0, 0, 35),
      item(3, 16, 0, [0, 0, 0, NaN], X, Y, 150),
      item(4, 21, 3, [0, 0, 0, NaN], 0, 0, 0),
    ]);
    expect(p.home).toEqual({ lat: 30.1, lon: 120.7, altMsl: 100 });
    expect(p.steps).toEqual([
      { kind: 'takeoff', altitude: 20 },
      { kind: 'waypoint', at: { lat: 30.1, lon: 120.7 }, altitude: 35 },
      { kind: 'waypoint', at, altitude: 50 },
      { kind: 'land', at },
    ]);
  });

  it('undoes the float32 rounding of params and altitudes read from a vehicle', () => {
    const steps: PlanStep[] = [{ kind: 'waypoint', at, altitude: 50.1, holdS: 2.2 }, { kind: 'speed', speed: 7.3 }];
    const wire = planToItems(plan(steps)).map((i) => ({ ...i, param1: Math.fround(i.param1), param2: Math.fround(i.param2), z: Math.fround(i.z) }));
    expect(wire[1].z).not.toBe(50.1);
    expect(itemsToPlan(wire).plan.steps).toEqual(steps);
    expect(fromFloat32(0.1 + 0.2)).toBe(0.1 + 0.2); // not a float32: left alone
  });

  it('derives the photo points the steps trigger', () => {
    const a = { lat: 30, lon: 120 };
    const b = { lat: 30, lon: 120.01 }; // ~963 m east
    const { plan: p } = itemsToPlan(planToItems(plan([
      { kind: 'takeoff', altitude: 40 },
      { kind: 'waypoint', at: a, altitude: 40 },
      { kind: 'camera-distance', distanceM: 100 },
      { kind: 'waypoint', at: b, altitude: 40 },
      { kind: 'camera-distance', distanceM: 0 },
      { kind: 'photo' },
    ], { ...a })));
    expect(p.photos).toHaveLength(1 + 9 + 1);
    expect(p.photos.every((f) => f.altitude === 40 && Math.abs(f.heading - 90) < 0.01)).toBe(true);
  });
});

describe('round trip', () => {
  // Coordinates on the 1e-7° grid, so the only rounding (to degE7) is exact; steps within ~5 km of
  // a home anywhere, so the photo points derived on the way back stay few.
  const e7 = (n: number) => n / 1e7;
  const homeArb = fc.record({ lat: fc.integer({ min: -80e7, max: 80e7 }).map(e7), lon: fc.integer({ min: -179e7, max: 179e7 }).map(e7) });
  const near = (h: { lat: number; lon: number }) =>
    fc.record({ lat: fc.integer({ min: -5e5, max: 5e5 }), lon: fc.integer({ min: -5e5, max: 5e5 }) })
      .map((d) => ({ lat: e7(Math.round(h.lat * 1e7) + d.lat), lon: e7(Math.round(h.lon * 1e7) + d.lon) }));
  const alt = fc.integer({ min: 0, max: 5000 }).map((n) => n / 10);
  const positive = (max: number) => fc.integer({ min: 1, max: max * 10 }).map((n) => n / 10);
  const stepNear = (h: { lat: number; lon: number }): fc.Arbitrary<PlanStep> => {
    const latLon = near(h);
    return fc.oneof(
      fc.record({ kind: fc.constant('takeoff' as const), altitude: alt }),
      fc.record(
        { kind: fc.constant('waypoint' as const), at: latLon, altitude: alt, holdS: positive(60), acceptRadiusM: positive(20) },
        { requiredKeys: ['kind', 'at', 'altitude'] },
      ),
      fc.record({ kind: fc.constant('speed' as const), speed: positive(25) }),
      fc.record({ kind: fc.constant('camera-distance' as const), distanceM: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 2000 }).map((n) => n / 10)) }),
      fc.constant({ kind: 'photo' as const }),
      fc.record({ kind: fc.constant('roi' as const), at: latLon, altitude: alt }),
      fc.constant({ kind: 'roi-none' as const }),
      fc.record({ kind: fc.constant('yaw' as const), heading: fc.integer({ min: 0, max: 3599 }).map((n) => n / 10) }),
      fc.record(
        { kind: fc.constant('gimbal' as const), pitch: fc.integer({ min: -90, max: 30 }), yaw: fc.integer({ min: -180, max: 180 }).filter((y) => y !== 0) },
        { requiredKeys: ['kind', 'pitch'] },
      ),
      fc.record({ kind: fc.constant('loiter-time' as const), at: latLon, altitude: alt, seconds: positive(600) }),
      fc.record({
        kind: fc.constant('loiter-turns' as const), at: latLon, altitude: alt,
        turns: fc.integer({ min: 1, max: 10 }), radiusM: fc.integer({ min: -200, max: 200 }).filter((r) => r !== 0),
      }),
      fc.record({ kind: fc.constant('land' as const), at: latLon }),
      fc.constant({ kind: 'rtl' as const }),
    );
  };
  const planArb = homeArb.chain((h) => fc.array(stepNear(h), { maxLength: 30 }).map((steps) => plan(steps, h)));

  it('reads back the steps of any plan it writes', () => {
    fc.assert(
      fc.property(planArb, (p) => {
        const back = itemsToPlan(planToItems(p));
        expect(back.unknown).toEqual([]);
        expect(back.plan.steps).toEqual(p.steps);
        expect(back.plan.home).toEqual(p.home);
      }),
      { seed: 4, numRuns: 300 },
    );
  });
});
