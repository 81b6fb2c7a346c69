import { describe, expect, it } from 'vitest';
import { clipSegmentParams } from '../../../../missions/geo/clip-line.js';
import { detourPath, ExclusionZones } from '../../../../missions/geo/detour.js';
import type { Ring } from '../../../../missions/geo/rings.js';
import { distance, type XY } from '../../../../missions/geo/xy.js';

const box = (x0: number, y0: number, x1: number, y1: number): Ring => [
  { x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 },
];

const pathLength = (path: XY[]) => path.slice(1).reduce((sum, p, i) => sum + distance(path[i], p), 0);

/** Whether any leg of the path runs inside any zone for more than a millimetre. */
function entersAny(path: XY[], zones: Ring[]): boolean {
  return path.slice(1).some((b, i) => {
    const a = path[i];
    return zones.some((z) => clipSegmentParams(a, b, [z]).some(([t0, t1]) => (t1 - t0) * distance(a, b) > 1e-3));
  });
}

describe('detour round exclusion zones', () => {
  it('flies straight when the way is clear of the zones and their margin', () => {
    const zone = box(-10, 20, 10, 40);
    expect(detourPath({ x: -50, y: 0 }, { x: 50, y: 0 }, [zone], 5)).toEqual([{ x: -50, y: 0 }, { x: 50, y: 0 }]);
  });

  it('goes round a square zone in the way, by the shorter side, keeping the margin at its corners', () => {
    // The zone sits slightly north of the line, so round the south is shorter.
    const zone = box(-10, -8, 10, 12);
    const path = detourPath({ x: -100, y: 0 }, { x: 100, y: 0 }, [zone], 5);
    expect(path[0]).toEqual({ x: -100, y: 0 });
    expect(path[path.length - 1]).toEqual({ x: 100, y: 0 });
    expect(path.slice(1, -1)).toEqual([{ x: -15, y: -13 }, { x: 15, y: -13 }].map((p) => expect.objectContaining({ x: expect.closeTo(p.x, 9), y: expect.closeTo(p.y, 9) }) as XY));
    expect(entersAny(path, [zone])).toBe(false);
    expect(pathLength(path)).toBeCloseTo(2 * Math.hypot(85, 13) + 30, 6);
  });

  it('gets out of the pocket of an L-shaped zone and round its outer corner', () => {
    // An L: a tall bar on the west and a foot along the south, the pocket open to the north-east.
    const zone: Ring = [{ x: 0, y: 0 }, { x: 60, y: 0 }, { x: 60, y: 20 }, { x: 20, y: 20 }, { x: 20, y: 60 }, { x: 0, y: 60 }];
    const a = { x: 40, y: 40 }; // in the pocket
    const b = { x: -30, y: -30 }; // beyond the corner of the L
    const path = detourPath(a, b, [zone], 5);
    expect(entersAny(path, [zone])).toBe(false);
    expect(path.length).toBeGreaterThan(2);
    // Round the foot's tip (60 + 5, −5) or the bar's top (−5, 65): the foot is nearer.
    expect(path.some((p) => p.x > 60)).toBe(true);
    const zones = new ExclusionZones([zone], 5);
    for (const p of path.slice(1, -1)) expect(zones.zoneOf(p)).toBe(-1);
  });

  it('threads between two zones when the gap is wide enough, and goes round both when it is not', () => {
    const west = box(-30, -20, -6, 20), east = box(6, -20, 30, 20);
    const a = { x: 0, y: -60 }, b = { x: 0, y: 60 };
    // A 12 m gap with a 5 m margin leaves 2 m: straight through is allowed (it never enters a zone).
    const through = detourPath(a, b, [west, east], 5);
    expect(entersAny(through, [west, east])).toBe(false);
    expect(pathLength(through)).toBeLessThan(125);
    // Closed up, the way goes round the pair.
    const closed = [box(-30, -20, -1, 20), box(1, -20, 30, 20)];
    const round = detourPath(a, b, closed, 5);
    expect(entersAny(round, closed)).toBe(false);
    expect(round.some((p) => Math.abs(p.x) >= 35 - 1e-9)).toBe(true);
  });

  it('refuses a start or end point inside a zone, naming the zone', () => {
    const zones = [box(100, 100, 120, 120), box(-10, -10, 10, 10)];
    expect(() => detourPath({ x: 0, y: 0 }, { x: 50, y: 50 }, zones, 5)).toThrow(/start point .* inside exclusion zone 2/);
    expect(() => detourPath({ x: 50, y: 50 }, { x: 110, y: 110 }, zones, 5)).toThrow(/end point .* inside exclusion zone 1/);
    expect(() => detourPath({ x: 0, y: 0 }, { x: 50, y: 50 }, zones, 5)).toThrow(RangeError);
  });

  it('splits a leg where it meets a zone and joins the pieces round it', () => {
    const zones = new ExclusionZones([box(-10, -10, 10, 10)], 5);
    expect(zones.clearParams({ x: -100, y: 0 }, { x: 100, y: 0 })).toEqual([[0, expect.closeTo(0.425, 9)], [expect.closeTo(0.575, 9), 1]]);
    const moves = zones.routeLeg({ x: -100, y: 0 }, { x: -100, y: 0 }, { x: 100, y: 0 });
    expect(moves[0]).toEqual({ to: { x: -15, y: expect.closeTo(0, 9) }, detour: false });
    expect(moves.filter((m) => m.detour).length).toBeGreaterThanOrEqual(2);
    expect(moves[moves.length - 1]).toEqual({ to: { x: 100, y: 0 }, detour: false });
    const path = [{ x: -100, y: 0 }, ...moves.map((m) => m.to)];
    expect(entersAny(path, zones.zones as Ring[])).toBe(false);
  });
});
