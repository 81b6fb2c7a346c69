import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQgcPlan } from '../../../../missions/formats/qgc-plan.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/plans', name), 'utf8');

describe('QGroundControl .plan import', () => {
  it('turns a plan into home, mission items (including a survey\'s inner items), fence and rally items', () => {
    const r = parseQgcPlan(fixture('simple-mission.plan'));
    if (!r.ok) throw new Error(r.error.message);
    const { mission, fence, rally, home } = r.value;
    expect(home).toEqual({ lat: 26.6, lon: 106.64, altMsl: 1070 });
    expect(mission.map((m) => m.command)).toEqual([16, 22, 16, 206, 16, 206, 20]);
    expect(mission.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(mission[2]).toMatchObject({ frame: 3, x: 266010000, y: 1066410000, z: 50 });
    expect(mission[3].param1).toBe(25);
    // QGC writes null for "no change" yaw; MAVLink carries it as NaN.
    expect(mission[1].param4).toBeNaN();
    expect(fence).toHaveLength(4);
    expect(fence.every((f) => f.command === 5001 && f.param1 === 4)).toBe(true);
    expect(rally).toEqual([expect.objectContaining({ command: 5100, x: 265990000, y: 1066390000, z: 30 })]);
  });

  it.each([
    ['bad-params-length.plan', 'mission.items[0].params'],
    ['bad-home-latitude.plan', 'mission.plannedHomePosition[0]'],
    ['wrong-file-type.plan', 'fileType'],
    ['truncated.plan', '(root)'],
  ])('refuses %s, saying where: %s', (file, where) => {
    const r = parseQgcPlan(fixture(file));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.where).toBe(where);
      expect(r.error.message.length).toBeGreaterThan(5);
    }
  });
});
