import { describe, expect, it } from 'vitest';
import { parseQgcPlan } from '../../../../missions/formats/qgc-plan.js';
import { fixture } from './support.js';

const plan = (name: string) => fixture('plans', name);

describe('QGroundControl .plan import', () => {
  it('turns a plan into home, mission items (including a survey\'s inner items), fence and rally items', () => {
    const r = parseQgcPlan(plan('simple-mission.plan'));
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

  it('reads a corridor scan\'s inner items, an exclusion polygon, an inclusion circle and two rally points', () => {
    const r = parseQgcPlan(plan('corridor-scan.plan'));
    if (!r.ok) throw new Error(r.error.message);
    const { mission, fence, rally, home } = r.value;
    expect(home).toEqual({ lat: 26.5875, lon: 106.6505, altMsl: 1095.5 });
    expect(mission.map((m) => m.command)).toEqual([16, 22, 16, 206, 16, 16, 206, 201, 20]);
    expect(mission[3]).toMatchObject({ frame: 2, param1: 18.5, param3: 1, x: 0, y: 0, z: 0 });
    expect(mission[4]).toMatchObject({ frame: 3, x: 265830500, y: 1066545500, z: 60 });
    // In the MISSION frame param5–7 are plain numbers (a DO_SET_ROI pitch offset), not degrees.
    expect(mission[7]).toMatchObject({ frame: 2, x: -45, y: 0, z: 90 });
    expect(fence.map((f) => [f.command, f.param1])).toEqual([[5002, 4], [5002, 4], [5002, 4], [5002, 4], [5003, 1500]]);
    expect(fence[4]).toMatchObject({ x: 265790000, y: 1066580000 });
    expect(rally.map((p) => [p.seq, p.frame, p.x, p.y, p.z])).toEqual([[0, 3, 265860000, 1066520000, 40], [1, 3, 265795000, 1066570000, 40]]);
  });

  it('accepts an already-parsed JSON object', () => {
    const r = parseQgcPlan(JSON.parse(plan('simple-mission.plan')));
    expect(r.ok && r.value.mission).toHaveLength(7);
  });

  it.each([
    ['bad-params-length.plan', 'mission.items[0].params', 'expected 7 params (param1–4, latitude, longitude, altitude), got 5'],
    ['bad-home-latitude.plan', 'mission.plannedHomePosition[0]', 'latitude 126.6 out of range'],
    ['wrong-file-type.plan', 'fileType', 'not a QGroundControl plan: fileType is "Mission", expected "Plan"'],
    ['truncated.plan', '(root)', 'not JSON: Expected double-quoted property name (line 1, column 37)'],
    ['bad-waypoint-latitude.plan', 'mission.items[1].params[4]', 'latitude 126.601 out of range'],
    [
      'structure-scan.plan',
      'mission.items[1]',
      "complex item 'StructureScan' stores no mission items (QGroundControl keeps them only for Survey and Corridor Scan); convert it to simple waypoints in QGroundControl and save again",
    ],
    ['survey-inner-item-short-params.plan', 'mission.items[0].TransectStyleComplexItem.Items[1].params', 'expected 7 params (param1–4, latitude, longitude, altitude), got 6'],
    ['fence-polygon-two-vertices.plan', 'geoFence.polygons[0].polygon', 'a fence polygon needs at least 3 vertices, got 2'],
  ])('refuses %s, saying where (%s) and what is wrong', (file, where, message) => {
    expect(parseQgcPlan(plan(file))).toEqual({ ok: false, error: { where, message } });
  });
});
