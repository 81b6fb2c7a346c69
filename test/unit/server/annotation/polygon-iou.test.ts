import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersectionArea, shapeBounds, shapeCentre, shapeIou, signedArea, type Pt } from '../../../../server/annotation/polygon-iou.js';
import type { Shape } from '../../../../server/protocol-annotation.js';

const box = (x: number, y: number, width: number, height: number): Shape => ({ kind: 'box', x, y, width, height, label: 'fire', attributes: {} });
const poly = (points: [number, number][]): Shape => ({ kind: 'polygon', points, label: 'fire', attributes: {} });

/** Intersection area of two axis-aligned boxes, the obvious way. */
function boxOverlap(a: Extract<Shape, { kind: 'box' }>, b: Extract<Shape, { kind: 'box' }>): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return w * h;
}

describe('polygon IoU', () => {
  it('identical boxes overlap fully and boxes apart not at all', () => {
    expect(shapeIou(box(10, 10, 20, 20), box(10, 10, 20, 20))).toBeCloseTo(1, 12);
    expect(shapeIou(box(0, 0, 10, 10), box(20, 0, 10, 10))).toBe(0);
    expect(shapeIou(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(0);
  });

  it('two boxes offset by half their width have an IoU of one third', () => {
    expect(shapeIou(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(50 / 150, 12);
  });

  it('a box inside another has the ratio of their areas', () => {
    expect(shapeIou(box(0, 0, 100, 100), box(25, 25, 50, 50))).toBeCloseTo(0.25, 12);
  });

  it('matches the direct formula for any two boxes', () => {
    const arbBox = fc.record({
      x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }),
      width: fc.integer({ min: 1, max: 60 }), height: fc.integer({ min: 1, max: 60 }),
    }).map((b) => box(b.x, b.y, b.width, b.height) as Extract<Shape, { kind: 'box' }>);
    fc.assert(fc.property(arbBox, arbBox, (a, b) => {
      const inter = boxOverlap(a, b);
      const expected = inter / (a.width * a.height + b.width * b.height - inter);
      expect(shapeIou(a, b)).toBeCloseTo(expected, 9);
    }), { numRuns: 300 });
  });

  it('a polygon drawn clockwise overlaps the same as counter-clockwise', () => {
    const ccw: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(shapeIou(poly(ccw), box(5, 5, 10, 10))).toBeCloseTo(shapeIou(poly([...ccw].reverse()), box(5, 5, 10, 10)), 12);
    expect(shapeIou(poly(ccw), box(5, 5, 10, 10))).toBeCloseTo(25 / 175, 12);
  });

  it('measures the overlap of a non-convex polygon exactly', () => {
    // An L: the 20 × 20 square without its top-right 10 × 10 quarter (area 300).
    const ell: Pt[] = [[0, 0], [20, 0], [20, 10], [10, 10], [10, 20], [0, 20]];
    expect(Math.abs(signedArea(ell))).toBe(300);
    // The missing quarter does not overlap the L at all.
    expect(intersectionArea(ell, [[10, 10], [20, 10], [20, 20], [10, 20]])).toBeCloseTo(0, 9);
    // A box over the notch and its neighbours: 5 × 10 on the left arm, 10 × 5 below, 5 × 5 corner.
    expect(intersectionArea(ell, [[5, 5], [15, 5], [15, 15], [5, 15]])).toBeCloseTo(75, 9);
  });

  it('is symmetric and between 0 and 1 for random polygons', () => {
    const star = (cx: number, cy: number, r: number, n: number): [number, number][] =>
      Array.from({ length: 2 * n }, (_, i) => {
        const a = (i * Math.PI) / n, rr = i % 2 ? r / 2 : r;
        return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)];
      });
    fc.assert(fc.property(
      fc.integer({ min: 20, max: 80 }), fc.integer({ min: 20, max: 80 }), fc.integer({ min: 5, max: 30 }), fc.integer({ min: 3, max: 8 }),
      (cx, cy, r, n) => {
        const a = poly(star(50, 50, 20, 5)), b = poly(star(cx, cy, r, n));
        const ab = shapeIou(a, b), ba = shapeIou(b, a);
        expect(ab).toBeCloseTo(ba, 9);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      },
    ), { numRuns: 200 });
  });

  it('agrees with counting grid points inside both of two overlapping stars', () => {
    const star = (cx: number, cy: number, r: number, n: number, turn: number): Pt[] =>
      Array.from({ length: 2 * n }, (_, i) => {
        const a = turn + (i * Math.PI) / n, rr = i % 2 ? r / 2.5 : r;
        return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)] as Pt;
      });
    const inside = (ring: Pt[], x: number, y: number) => {
      let odd = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
      return odd;
    };
    const a = star(30, 30, 20, 5, 0.1), b = star(40, 35, 18, 6, 0.7);
    const step = 0.2;
    let count = 0;
    for (let x = 0; x < 70; x += step) for (let y = 0; y < 70; y += step) if (inside(a, x + step / 2, y + step / 2) && inside(b, x + step / 2, y + step / 2)) count++;
    const estimate = count * step * step;
    expect(intersectionArea(a, b)).toBeGreaterThan(100);
    expect(Math.abs(intersectionArea(a, b) - estimate) / estimate).toBeLessThan(0.01);
  });

  it('the centre of a box is its middle and of an L its area centroid; bounds enclose the shape', () => {
    expect(shapeCentre(box(10, 20, 30, 40))).toEqual({ x: 25, y: 40 });
    const c = shapeCentre(poly([[0, 0], [20, 0], [20, 10], [10, 10], [10, 20], [0, 20]]));
    // Three 10 × 10 squares centred (5,5), (15,5), (5,15).
    expect(c.x).toBeCloseTo(25 / 3, 9);
    expect(c.y).toBeCloseTo(25 / 3, 9);
    expect(shapeBounds(poly([[3, 4], [9, 1], [7, 8]]))).toEqual({ x: 3, y: 1, width: 6, height: 7 });
  });
});
