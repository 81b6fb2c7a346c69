import { describe, expect, it } from 'vitest';
import { offsetPolyline, offsetRing } from '../../../../missions/geo/offset.js';
import { ringSignedArea } from '../../../../missions/geo/rings.js';

describe('offsetting', () => {
  it('moves a line to the right of travel for a positive distance and to the left for a negative one', () => {
    const northward = [{ x: 0, y: 0 }, { x: 0, y: 100 }];
    expect(offsetPolyline(northward, 10)).toEqual([{ x: 10, y: 0 }, { x: 10, y: 100 }]);
    expect(offsetPolyline(northward, -10)).toEqual([{ x: -10, y: 0 }, { x: -10, y: 100 }]);
  });

  it('mitres a right-angle corner so both offset legs stay the offset away', () => {
    const out = offsetPolyline([{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 100, y: 100 }], -10);
    expect(out).toHaveLength(3);
    expect(out[1].x).toBeCloseTo(-10, 9);
    expect(out[1].y).toBeCloseTo(110, 9);
  });

  it('bevels a hairpin instead of throwing the mitre far out', () => {
    const out = offsetPolyline([{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 1, y: 0 }], -10);
    expect(out).toHaveLength(4);
    for (const p of out) expect(Math.hypot(p.x, p.y - 100)).toBeLessThan(200);
  });

  it('grows a ring outward whichever way it winds', () => {
    const ccw = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }, { x: 0, y: 100 }];
    for (const ring of [ccw, [...ccw].reverse()]) {
      expect(Math.abs(ringSignedArea(offsetRing(ring, 10)))).toBeCloseTo(120 * 120, 6);
      expect(Math.abs(ringSignedArea(offsetRing(ring, -10)))).toBeCloseTo(80 * 80, 6);
    }
  });

  it('gives nothing for a line of one point', () => {
    expect(offsetPolyline([{ x: 1, y: 1 }, { x: 1, y: 1 }], 5)).toEqual([]);
  });
});
