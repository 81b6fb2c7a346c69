import { describe, expect, it } from 'vitest';
import { yoloLine } from '../../../../../server/annotation/exports/yolo.js';
import type { Shape } from '../../../../../server/protocol-annotation.js';

const size = { width: 400, height: 200 };
const box: Shape = { kind: 'box', x: 100, y: 50, width: 100, height: 50, label: 'fire', attributes: {} };
const triangle: Shape = { kind: 'polygon', points: [[0, 0], [400, 100], [200, 200]], label: 'smoke', attributes: {} };

describe('YOLO label lines', () => {
  it('writes a box as class, centre and size normalised to the photo', () => {
    expect(yoloLine(box, 0, size)).toBe('0 0.375000 0.375000 0.250000 0.250000');
  });

  it('writes a polygon by its bounding box', () => {
    expect(yoloLine(triangle, 1, size)).toBe('1 0.500000 0.500000 1.000000 1.000000');
  });

  it('writes segmentation lines: the polygon, and a box as its four corners', () => {
    expect(yoloLine(triangle, 1, size, true)).toBe('1 0.000000 0.000000 1.000000 0.500000 0.500000 1.000000');
    expect(yoloLine(box, 0, size, true)).toBe('0 0.250000 0.250000 0.500000 0.250000 0.500000 0.500000 0.250000 0.500000');
  });
});
