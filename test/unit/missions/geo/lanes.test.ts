import { describe, expect, it } from 'vitest';
import { layLanes, nearestStart, serpentine } from '../../../../missions/geo/lanes.js';
import type { Ring } from '../../../../missions/geo/rings.js';
import { Sweep } from '../../../../missions/geo/sweep.js';

// A parallelogram leaning east: its band projections reach further than its centre-line sections.
const leaning: Ring = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 100 }, { x: 100, y: 100 }];

describe('sweeps and lanes', () => {
  it('projects a band of a slanted shape onto the lane axis, not just its centre line', () => {
    const sweep = new Sweep([leaning], 90); // u east, v south
    const centre = sweep.crossSection(-50);
    expect(centre[0][0]).toBeCloseTo(50, 9);
    expect(centre[0][1]).toBeCloseTo(150, 9);
    const band = sweep.bandSpans(-100, 0);
    expect(band).toHaveLength(1);
    expect(band[0][0]).toBeCloseTo(0, 6);
    expect(band[0][1]).toBeCloseTo(200, 6);
  });

  it('splits a band at a hole that spans it, and joins pieces across short gaps', () => {
    const outline: Ring = [{ x: 0, y: 0 }, { x: 300, y: 0 }, { x: 300, y: 100 }, { x: 0, y: 100 }];
    const hole: Ring = [{ x: 100, y: -0 + 10 }, { x: 100, y: 90 }, { x: 140, y: 90 }, { x: 140, y: 10 }];
    const split = layLanes([outline, hole], 90, 20);
    const middle = split.lanes.find((l) => Math.abs(l.v + 50) < 1)!;
    expect(middle.spans).toHaveLength(2);
    const joined = layLanes([outline, hole], 90, 20, 50);
    expect(joined.lanes.every((l) => l.spans.length === 1)).toBe(true);
  });

  it('centres lanes a spacing apart across the shape', () => {
    const layout = layLanes([leaning], 90, 30); // 100 m across → 4 lanes
    expect(layout.lanes.map((l) => l.v)).toEqual([-95, -65, -35, -5].map((v) => expect.closeTo(v, 9)));
  });

  it('flies lanes back and forth and starts at the outer lane end nearest a point', () => {
    const layout = layLanes([leaning], 90, 30);
    const { start, entry } = nearestStart(layout, { x: 210, y: 0 });
    expect(start).toEqual({ fromLast: true, firstForward: false });
    expect(entry.y).toBeCloseTo(5, 9);
    const passes = serpentine(layout.lanes, start);
    expect(passes.map((p) => p.forward)).toEqual([false, true, false, true]);
    expect(passes[0].spans[0][0]).toBeGreaterThan(passes[0].spans[0][1]);
  });
});
