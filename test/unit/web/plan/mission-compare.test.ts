import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../../missions/mission-item.js';
import { compareMissions } from '../../../../web/plan/mission-compare.js';

const item = (seq: number, patch: Partial<MissionItem> = {}): MissionItem => ({
  seq, frame: 3, command: 16, current: false, autocontinue: true, param1: 0, param2: 0.3, param3: 0, param4: NaN, x: 266000000 + seq, y: 1066400000, z: 42.1, ...patch,
});

describe('compareMissions', () => {
  const planned = [item(0), item(1), item(2)];

  it('matches a list that came back through float32, whatever the vehicle made of home', () => {
    const held = planned.map((it) => ({ ...it, param2: Math.fround(it.param2), z: Math.fround(it.z) }));
    held[0] = item(0, { x: 1, y: 2, z: 1070 });
    expect(compareMissions(planned, held)).toEqual({ plannedCount: 3, vehicleCount: 3, matches: true, differences: [] });
  });

  it('names the items and fields that differ, and missing or extra items', () => {
    const held = [item(0), item(1, { command: 22, z: 43 }), item(2), item(3)];
    expect(compareMissions(planned, held)).toEqual({
      plannedCount: 3,
      vehicleCount: 4,
      matches: false,
      differences: [{ seq: 1, fields: ['command', 'z'] }, { seq: 3, fields: ['extra'] }],
    });
    expect(compareMissions(planned, planned.slice(0, 2)).differences).toEqual([{ seq: 2, fields: ['missing'] }]);
  });

  it('treats NaN as equal only to NaN', () => {
    expect(compareMissions(planned, [item(0), item(1, { param4: 0 }), item(2)]).differences).toEqual([{ seq: 1, fields: ['param4'] }]);
  });
});
