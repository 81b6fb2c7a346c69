import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../../missions/mission-item.js';
import { exportQgcPlan } from '../../../../missions/formats/qgc-plan-export.js';
import { parseQgcPlan } from '../../../../missions/formats/qgc-plan.js';
import { finite, fixture, globalItem, latE7, lonE7, missionItems } from './support.js';

const home = { lat: 26.5875, lon: 106.6505, altMsl: 1095.5 };
const homeItem = (h: { lat: number; lon: number; altMsl: number }): MissionItem => globalItem(0, 16, 0, Math.round(h.lat * 1e7), Math.round(h.lon * 1e7), h.altMsl);

/** Fence items as parseQgcPlan gives them: polygons (vertex runs) first, then circles. */
function fenceItems(polygons: { inclusion: boolean; vertices: [number, number][] }[], circles: { inclusion: boolean; x: number; y: number; radius: number }[]): MissionItem[] {
  const out: MissionItem[] = [];
  for (const p of polygons) {
    for (const [x, y] of p.vertices) out.push(globalItem(out.length, p.inclusion ? 5001 : 5002, 0, x, y, 0, p.vertices.length));
  }
  for (const c of circles) out.push(globalItem(out.length, c.inclusion ? 5003 : 5004, 0, c.x, c.y, 0, c.radius));
  return out;
}

describe('QGroundControl .plan export', () => {
  it('writes what QGroundControl loads: vehicle info, simple items numbered by doJumpId, null for NaN, fence and rally', () => {
    const mission = [
      homeItem(home),
      { ...globalItem(1, 22, 3, 265875000, 1066505000, 60), param4: NaN },
      { ...globalItem(2, 206, 2, 0, 0, 0), param1: 18.5, param3: 1 },
      globalItem(3, 20, 2, 0, 0, 0),
    ];
    const fence = fenceItems([{ inclusion: false, vertices: [[265801000, 1066601000], [265801000, 1066612000], [265793000, 1066612000]] }], [{ inclusion: true, x: 265790000, y: 1066580000, radius: 1500 }]);
    const rally = [globalItem(0, 5100, 3, 265860000, 1066520000, 40)];
    const json = JSON.parse(exportQgcPlan({ mission, fence, rally, home, cruiseSpeed: 12 }));
    expect(json).toMatchObject({ fileType: 'Plan', version: 1, rallyPoints: { points: [[26.586, 106.652, 40]], version: 2 } });
    expect(json.mission).toMatchObject({ version: 2, firmwareType: 3, vehicleType: 2, cruiseSpeed: 12, hoverSpeed: 5, plannedHomePosition: [26.5875, 106.6505, 1095.5] });
    expect(json.mission.items).toEqual([
      { autoContinue: true, command: 22, doJumpId: 1, frame: 3, params: [0, 0, 0, null, 26.5875, 106.6505, 60], type: 'SimpleItem' },
      { autoContinue: true, command: 206, doJumpId: 2, frame: 2, params: [18.5, 0, 1, 0, 0, 0, 0], type: 'SimpleItem' },
      { autoContinue: true, command: 20, doJumpId: 3, frame: 2, params: [0, 0, 0, 0, 0, 0, 0], type: 'SimpleItem' },
    ]);
    expect(json.geoFence).toEqual({
      polygons: [{ inclusion: false, polygon: [[26.5801, 106.6601], [26.5801, 106.6612], [26.5793, 106.6612]], version: 1 }],
      circles: [{ circle: { center: [26.579, 106.658], radius: 1500 }, inclusion: true, version: 1 }],
      version: 2,
    });
  });

  it('gives back the items of a QGroundControl file with a corridor scan, fence and rally points', () => {
    const first = parseQgcPlan(fixture('plans', 'corridor-scan.plan'));
    if (!first.ok) throw new Error(first.error.message);
    const again = parseQgcPlan(exportQgcPlan(first.value));
    expect(again).toEqual(first);
  });

  it('round-trips random missions, fences and rally points to the same items', () => {
    const homeArb = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }).map((v) => v || 0),
      lon: fc.double({ min: -180, max: 180, noNaN: true }).map((v) => v || 0),
      altMsl: finite,
    });
    const polygon = fc.record({ inclusion: fc.boolean(), vertices: fc.array(fc.tuple(latE7, lonE7), { minLength: 3, maxLength: 6 }) });
    const circle = fc.record({ inclusion: fc.boolean(), x: latE7, y: lonE7, radius: fc.double({ min: 0.5, max: 1e5, noNaN: true }) });
    const rallyArb = fc.array(fc.record({ x: latE7, y: lonE7, z: finite }), { maxLength: 4 });
    fc.assert(
      fc.property(homeArb, missionItems(1, false), fc.array(polygon, { maxLength: 3 }), fc.array(circle, { maxLength: 3 }), rallyArb, (h, items, polygons, circles, points) => {
        const mission = [homeItem(h), ...items];
        const fence = fenceItems(polygons, circles);
        const rally = points.map((p, i) => globalItem(i, 5100, 3, p.x, p.y, p.z));
        const r = parseQgcPlan(exportQgcPlan({ mission, fence, rally, home: h }));
        expect(r).toEqual({ ok: true, value: { mission, fence, rally, home: h } });
      }),
      { seed: 20240604, numRuns: 200 },
    );
  });

  it('refuses a mission list without home at item 0 rather than dropping its first item', () => {
    expect(() => exportQgcPlan({ mission: [globalItem(0, 22, 3, 0, 0, 40)], home })).toThrow('mission item 0 must be home (command 16), got command 22');
  });

  it('refuses fence items that do not form polygons or circles', () => {
    const broken = fenceItems([{ inclusion: true, vertices: [[1, 1], [2, 2], [3, 3], [4, 4]] }], []).slice(0, 3);
    expect(() => exportQgcPlan({ mission: [homeItem(home)], fence: broken, home })).toThrow(/fence item 0: a polygon needs param1 = its vertex count/);
    expect(() => exportQgcPlan({ mission: [homeItem(home)], fence: [globalItem(0, 5000, 0, 1, 1, 0)], home })).toThrow(/fence item 0: command 5000/);
    expect(() => exportQgcPlan({ mission: [homeItem(home)], rally: [globalItem(0, 16, 3, 1, 1, 0)], home })).toThrow('rally item 0: command 16 is not a rally point (5100)');
  });
});
