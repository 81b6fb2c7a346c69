import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../../missions/mission-item.js';
import { missionProgress } from '../../../../web/watch/mission-progress.js';
import { metresBetween, plannedPath } from '../../../../web/watch/planned-path.js';
import { vehicle } from '../vehicle-fixture.js';

const item = (seq: number, command: number, lat: number, lon: number, frame = 3): MissionItem => ({
  seq, frame, command, current: false, autocontinue: true, param1: 0, param2: 0, param3: 0, param4: 0,
  x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 30,
});

// Home, take-off here, two waypoints 0.001° of latitude apart (~111 m), a speed change, then RTL.
const items: MissionItem[] = [
  item(0, 16, 22.5, 113.9, 0),
  item(1, 22, 0, 0),
  item(2, 16, 22.501, 113.9),
  item(3, 16, 22.502, 113.9),
  item(4, 178, 0, 0, 2),
  item(5, 20, 0, 0, 2),
];

describe('planned path', () => {
  it('follows navigation items with positions and returns home for RTL', () => {
    const path = plannedPath(items);
    expect(path.points.map((p) => p.seq)).toEqual([0, 2, 3, 5]);
    expect(path.points[3]).toMatchObject({ lat: 22.5, lon: 113.9 });
    const leg = metresBetween({ lat: 22.5, lon: 113.9 }, { lat: 22.501, lon: 113.9 });
    expect(leg).toBeCloseTo(111.2, 0);
    expect(path.length).toBeCloseTo(4 * leg, 3);
  });

  it('is empty for a mission without positions', () => {
    expect(plannedPath([item(0, 178, 0, 0, 2)])).toEqual({ points: [], length: 0 });
  });
});

describe('mission progress', () => {
  const path = plannedPath(items);
  const leg = path.length / 4;

  it('measures progress and time to go along the path from the vehicle to its current item', () => {
    // Half way along the first leg, flying item 2 at 5 m/s.
    const v = vehicle({
      id: 'v1',
      position: { lat: 22.5005, lon: 113.9, altMsl: 40, altRel: 30 },
      groundSpeed: 5,
      mission: { current: 2, count: 6, lastReached: 1, state: 'active' },
    });
    const p = missionProgress(v, path);
    expect(p.remainingM).toBeCloseTo(3.5 * leg, 0);
    expect(p.percent).toBeCloseTo(12.5, 0);
    expect(p.etaS).toBeCloseTo((3.5 * leg) / 5, 0);
    expect(p).toMatchObject({ current: 2, count: 6, state: 'active' });
  });

  it('gives no time to go while the vehicle hovers', () => {
    const v = vehicle({ id: 'v1', groundSpeed: 0.2, mission: { current: 3, count: 6, lastReached: 2, state: 'paused' } });
    expect(missionProgress(v, path).etaS).toBeNull();
  });

  it('falls back to counting items when the path is not known', () => {
    // Flying item 3 of 5 (home, item 0, is not counted): items 1 and 2 are done.
    const v = vehicle({ id: 'v1', mission: { current: 3, count: 5, lastReached: 2, state: 'active' } });
    expect(missionProgress(v, null)).toMatchObject({ percent: 40, remainingM: null, etaS: null });
  });

  it('is complete at 100 % and unknown without a mission', () => {
    expect(missionProgress(vehicle({ id: 'v1', mission: { current: 5, count: 5, lastReached: 5, state: 'complete' } }), path).percent).toBe(100);
    // On the last item (seq == total, as ArduPilot counts) it is not done yet.
    expect(missionProgress(vehicle({ id: 'v1', mission: { current: 5, count: 5, lastReached: 4, state: 'active' } }), null).percent).toBe(80);
    expect(missionProgress(vehicle({ id: 'v1' }), path).percent).toBeNull();
  });
});
