import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MISSION_STATE_NAMES, missionStateName, setMissionCount } from '../../../../hardware/vehicle/mission-progress.js';
import { createTelemetry, reduceTelemetry } from '../../../../hardware/vehicle/telemetry-reducer.js';
import { inbound } from './fixtures.js';

function missionCurrent(seq: number, total = 0, missionState = 0): common.MissionCurrent {
  const m = new common.MissionCurrent();
  m.seq = seq;
  m.total = total;
  m.missionState = missionState as common.MissionState;
  m.missionMode = 0;
  m.missionId = 0;
  m.fenceId = 0;
  m.rallyPointsId = 0;
  return m;
}

function itemReached(seq: number): common.MissionItemReached {
  const m = new common.MissionItemReached();
  m.seq = seq;
  return m;
}

describe('mission progress in telemetry', () => {
  it('starts unknown', () => {
    expect(createTelemetry(1, 1).mission).toEqual({ current: null, count: null, lastReached: null, state: null });
  });

  it('takes the current item, the total and the state from MISSION_CURRENT, as a shown change', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(missionCurrent(3, 12, 3)), 1000)).toBe(true);
    expect(t.mission).toEqual({ current: 3, count: 12, lastReached: null, state: 'active' });
  });

  it('reports no change when MISSION_CURRENT repeats itself', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(missionCurrent(3, 12, 3), { seq: 0 }), 1000);
    expect(reduceTelemetry(t, inbound(missionCurrent(3, 12, 3), { seq: 1 }), 1100)).toBe(false);
    expect(reduceTelemetry(t, inbound(missionCurrent(4, 12, 3), { seq: 2 }), 1200)).toBe(true);
    expect(t.mission.current).toBe(4);
  });

  it('names every MISSION_STATE as the dialect does', () => {
    const names = MISSION_STATE_NAMES.map((_, n) => common.MissionState[n].toLowerCase());
    expect([...MISSION_STATE_NAMES]).toEqual(names);
    expect(MISSION_STATE_NAMES).toEqual(['unknown', 'no_mission', 'not_started', 'active', 'paused', 'complete']);
    expect(missionStateName(9)).toBe('state(9)');
    const t = createTelemetry(1, 1);
    for (const [n, name] of [[2, 'not_started'], [4, 'paused'], [5, 'complete'], [1, 'no_mission']] as const) {
      reduceTelemetry(t, inbound(missionCurrent(0, 5, n)), 1000);
      expect(t.mission.state).toBe(name);
    }
  });

  it('leaves the total and state alone when the vehicle does not report them (0), and reads UINT16_MAX as no mission', () => {
    const t = createTelemetry(1, 1);
    reduceTelemetry(t, inbound(missionCurrent(2, 9, 3)), 1000);
    reduceTelemetry(t, inbound(missionCurrent(3, 0, 0)), 1100);
    expect(t.mission).toMatchObject({ current: 3, count: 9, state: 'active' });
    expect(reduceTelemetry(t, inbound(missionCurrent(0, 0xffff, 1)), 1200)).toBe(true);
    expect(t.mission).toMatchObject({ current: 0, count: 0, state: 'no_mission' });
  });

  it('records MISSION_ITEM_REACHED as the last item reached, a shown change only when it moves', () => {
    const t = createTelemetry(1, 1);
    expect(reduceTelemetry(t, inbound(itemReached(4), { seq: 0 }), 1000)).toBe(true);
    expect(t.mission.lastReached).toBe(4);
    expect(reduceTelemetry(t, inbound(itemReached(4), { seq: 1 }), 1100)).toBe(false);
    expect(reduceTelemetry(t, inbound(itemReached(5), { seq: 2 }), 1200)).toBe(true);
    expect(t.mission.lastReached).toBe(5);
  });

  it('records the count of a transferred mission until MISSION_CURRENT says otherwise', () => {
    const t = createTelemetry(1, 1);
    expect(setMissionCount(t.mission, 25)).toBe(true);
    expect(setMissionCount(t.mission, 25)).toBe(false);
    reduceTelemetry(t, inbound(missionCurrent(1, 24, 2)), 1000);
    expect(t.mission.count).toBe(24);
  });
});
