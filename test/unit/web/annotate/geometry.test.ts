import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../../server/protocol-annotation.js';
import { dragHandle, handleAt, hitsShape, moveShape, pointInPolygon, polygonArea, rectFromCorners, shapeBounds, topShapeAt } from '../../../../web/annotate/geometry.js';

const image = { width: 1000, height: 800 };
const box = (x: number, y: number, width: number, height: number): Shape => ({ kind: 'box', x, y, width, height, label: 'fire', attributes: {} });
const triangle: Shape = { kind: 'polygon', points: [[100, 100], [300, 100], [200, 300]], label: 'smoke', attributes: {} };

describe('editor geometry', () => {
  it('spans a rectangle from two corners in any order, cut to the image', () => {
    expect(rectFromCorners({ x: 50, y: 80 }, { x: 10, y: 20 }, image)).toEqual({ x: 10, y: 20, width: 40, height: 60 });
    expect(rectFromCorners({ x: -30, y: 700 }, { x: 40, y: 900 }, image)).toEqual({ x: 0, y: 700, width: 40, height: 100 });
  });

  it('finds a polygon bounding box and tells inside from outside', () => {
    expect(shapeBounds(triangle)).toEqual({ x: 100, y: 100, width: 200, height: 200 });
    expect(pointInPolygon({ x: 200, y: 150 }, (triangle as Extract<Shape, { kind: 'polygon' }>).points)).toBe(true);
    expect(pointInPolygon({ x: 110, y: 290 }, (triangle as Extract<Shape, { kind: 'polygon' }>).points)).toBe(false);
  });

  it('hits a polygon near its outline within the tolerance only', () => {
    expect(hitsShape(triangle, { x: 200, y: 96 }, 5)).toBe(true);
    expect(hitsShape(triangle, { x: 200, y: 90 }, 5)).toBe(false);
  });

  it('picks the topmost shape, and the smaller one when a box lies inside another', () => {
    const shapes = [box(0, 0, 500, 500), box(100, 100, 50, 50)];
    expect(topShapeAt(shapes, { x: 120, y: 120 }, 2)).toBe(1);
    expect(topShapeAt(shapes, { x: 300, y: 300 }, 2)).toBe(0);
    expect(topShapeAt(shapes, { x: 700, y: 700 }, 2)).toBe(-1);
  });

  it('grabs the nearest grip within reach', () => {
    const b = box(100, 100, 200, 100);
    expect(handleAt(b, { x: 298, y: 199 }, 6)).toBe('se');
    expect(handleAt(b, { x: 200, y: 103 }, 6)).toBe('n');
    expect(handleAt(b, { x: 200, y: 150 }, 6)).toBeNull();
    expect(handleAt(triangle, { x: 203, y: 297 }, 6)).toBe(2);
  });

  it('resizes a box by a corner, flipping when dragged past the opposite side', () => {
    const b = box(100, 100, 200, 100);
    expect(dragHandle(b, 'se', { x: 400, y: 250 }, image)).toMatchObject({ x: 100, y: 100, width: 300, height: 150 });
    expect(dragHandle(b, 'e', { x: 50, y: 999 }, image)).toMatchObject({ x: 50, y: 100, width: 50, height: 100 });
    expect(dragHandle(b, 'nw', { x: -50, y: -50 }, image)).toMatchObject({ x: 0, y: 0, width: 300, height: 200 });
  });

  it('moves one polygon vertex, kept inside the image', () => {
    const moved = dragHandle(triangle, 1, { x: 1200, y: 50 }, image);
    expect(moved).toMatchObject({ points: [[100, 100], [1000, 50], [200, 300]] });
  });

  it('moves a shape without changing its size, stopping at the edges', () => {
    expect(moveShape(box(100, 100, 200, 100), 900, -500, image)).toMatchObject({ x: 800, y: 0, width: 200, height: 100 });
    expect(moveShape(triangle, -150, 0, image)).toMatchObject({ points: [[0, 100], [200, 100], [100, 300]] });
  });

  it('measures polygon area, zero for points on a line', () => {
    expect(polygonArea([[0, 0], [10, 0], [10, 10], [0, 10]])).toBe(100);
    expect(polygonArea([[0, 0], [5, 5], [10, 10]])).toBe(0);
  });
});
