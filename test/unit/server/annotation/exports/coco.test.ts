import { describe, expect, it } from 'vitest';
import { cocoAnnotation } from '../../../../../server/annotation/exports/coco.js';
import type { Shape } from '../../../../../server/protocol-annotation.js';

const ids = { id: 7, imageId: 3, categoryId: 2 };

describe('COCO annotations', () => {
  it('writes a box as its bbox with no segmentation, its area and attributes', () => {
    const box: Shape = { kind: 'box', x: 10.5, y: 20, width: 30, height: 40, label: 'fire', attributes: { severity: 'high', confidence: 0.8 } };
    expect(cocoAnnotation(box, ids)).toEqual({
      id: 7, image_id: 3, category_id: 2, bbox: [10.5, 20, 30, 40], area: 1200, segmentation: [], iscrowd: 0, attributes: { severity: 'high', confidence: 0.8 },
    });
  });

  it('writes a polygon as a flat segmentation with its bounding box and its own area', () => {
    const triangle: Shape = { kind: 'polygon', points: [[0, 0], [10, 0], [0, 20]], label: 'smoke', attributes: {} };
    expect(cocoAnnotation(triangle, ids)).toMatchObject({ bbox: [0, 0, 10, 20], area: 100, segmentation: [[0, 0, 10, 0, 0, 20]] });
  });
});
