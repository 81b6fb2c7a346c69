import { describe, expect, it } from 'vitest';
import { common } from 'node-mavlink';
import { fenceBreach, fenceZones, insidePolygon } from '../../../../hardware/sim/geofence.js';
import { checkItem, checkList, homeItem, MissionStore } from '../../../../hardware/sim/mission-store.js';
import { copterParams, ParamStore } from '../../../../hardware/sim/param-store.js';
import { LocalFrame } from '../../../../hardware/sim/world.js';
import { HOME } from './ground-station.js';
import { home, item, jump, numbered, takeoff, waypoint } from './mission-script.js';

const C = common.MavCmd;
const MR = common.MavMissionResult;
const frame = new LocalFrame(HOME);
const SETTINGS = { type: 7, altMax: 100, radius: 300 };

describe('sim geofence geometry', () => {
  it('tells inside from outside a concave polygon', () => {
    const l = [{ east: 0, north: 0 }, { east: 100, north: 0 }, { east: 100, north: 100 }, { east: 50, north: 40 }, { east: 0, north: 100 }];
    expect(insidePolygon({ east: 20, north: 20 }, l)).toBe(true);
    expect(insidePolygon({ east: 50, north: 80 }, l)).toBe(false);
    expect(insidePolygon({ east: 150, north: 20 }, l)).toBe(false);
  });

  it('breaches inclusion polygons from outside and exclusion circles from inside, by FENCE_TYPE', () => {
    const items = numbered([
      ...[[-100, -100], [100, -100], [100, 100], [-100, 100]].map(([e, n]) => item(C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, e, n, 0, { param1: 4 })),
      item(C.NAV_FENCE_CIRCLE_EXCLUSION, 50, 50, 0, { param1: 10 }),
    ]);
    const zones = fenceZones(items, frame);
    expect(zones.map((z) => [z.kind, z.inclusion])).toEqual([['polygon', true], ['circle', false]]);
    expect(fenceBreach({ east: 0, north: 0 }, 20, zones, SETTINGS)).toBeNull();
    expect(fenceBreach({ east: 150, north: 0 }, 20, zones, SETTINGS)).toBe('polygon');
    expect(fenceBreach({ east: 52, north: 48 }, 20, zones, SETTINGS)).toBe('polygon');
    expect(fenceBreach({ east: 0, north: 0 }, 120, zones, SETTINGS)).toBe('altitude');
    expect(fenceBreach({ east: 0, north: 400 }, 20, [], SETTINGS)).toBe('circle');
    // FENCE_TYPE without the polygon bit ignores the zones.
    expect(fenceBreach({ east: 150, north: 0 }, 20, zones, { ...SETTINGS, type: 3 })).toBeNull();
  });
});

describe('sim parameter store', () => {
  const store = (): ParamStore => new ParamStore(copterParams({ sysid: 9, batteryCapacityMah: 5000, batteryCells: 6 }));

  it('derives defaults from the vehicle and keeps names unique and at most 16 characters', () => {
    const s = store();
    expect(s.get('SYSID_THISMAV')).toBe(9);
    expect(s.get('BATT_LOW_MAH')).toBe(1000);
    expect(s.get('BATT_LOW_VOLT')).toBe(21);
    const names = Array.from({ length: s.count }, (_, i) => s.def(i)!.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.length <= 16)).toBe(true);
  });

  it('rounds integers, clamps to ranges and refuses read-only values', () => {
    const s = store();
    expect(s.set('DISARM_DELAY', 4.6)).toEqual({ value: 5, status: 'adjusted' });
    expect(s.set('DISARM_DELAY', 300)).toEqual({ value: 127, status: 'adjusted' });
    expect(s.set('WPNAV_SPEED', 750)).toEqual({ value: 750, status: 'ok' });
    expect(s.set('MIS_TOTAL', 3)).toEqual({ value: 0, status: 'readonly' });
    expect(s.set('RTL_ALT', Number.NaN)).toEqual({ value: 1500, status: 'readonly' });
    expect(s.set('NOPE', 1)).toBeUndefined();
    expect(() => new ParamStore(copterParams({ sysid: 1, batteryCapacityMah: 1, batteryCells: 1 }), { NOPE: 1 })).toThrow('unknown parameter NOPE');
  });
});

describe('sim mission store', () => {
  it('checks items the way the executor needs them', () => {
    expect(checkItem('mission', { ...item(31000), seq: 0 })).toBe(MR.ACCEPTED); // home slot: anything goes
    expect(checkItem('mission', { ...waypoint(10, 10, 10), seq: 1 })).toBe(MR.ACCEPTED);
    expect(checkItem('mission', { ...item(C.NAV_FENCE_CIRCLE_INCLUSION, 1, 1, 0, { param1: 5 }), seq: 1 })).toBe(MR.UNSUPPORTED);
    expect(checkItem('fence', { ...waypoint(10, 10, 10), seq: 0 })).toBe(MR.UNSUPPORTED);
    expect(checkItem('rally', { ...item(C.NAV_RALLY_POINT, 10, 10, 10), seq: 0 })).toBe(MR.ACCEPTED);
    expect(checkItem('mission', { ...takeoff(-5), seq: 1 })).toBe(MR.INVALID_PARAM7);
    expect(checkItem('fence', { ...item(C.NAV_FENCE_CIRCLE_EXCLUSION, 1, 1, 0, { param1: 0 }), seq: 0 })).toBe(MR.INVALID_PARAM1);
    expect(checkList('mission', numbered([home(), takeoff(5), jump(1, 2)]))).toBe(MR.ACCEPTED);
    expect(checkList('mission', numbered([home(), takeoff(5), jump(3, 2)]))).toBe(MR.INVALID_PARAM1);
  });

  it('keeps home at item 0 and counts it, with or without a mission', () => {
    const m = new MissionStore(() => HOME);
    expect([m.count('mission'), m.missionLength, m.count('fence')]).toEqual([1, 0, 0]);
    m.replace('mission', numbered([{ ...waypoint(5, 5, 5), x: 1, y: 2 }, takeoff(10)]));
    expect(m.items('mission')[0]).toEqual(homeItem(HOME));
    expect([m.count('mission'), m.missionLength]).toEqual([2, 1]);
  });
});
