/**
 * Pairs the shapes two people drew on the same photo: same label, overlapping by at least an IoU
 * threshold, best overlaps first, each shape used once. Consensus and honeypot scoring build on it.
 */
import type { Shape } from '../protocol-annotation.js';
import { shapeIou } from './polygon-iou.js';

/** Overlap at which two shapes count as the same object (the common detection threshold). */
export const MATCH_IOU = 0.5;

/** One matched pair: indexes into the two lists and their overlap. */
export interface ShapePair {
  a: number;
  b: number;
  iou: number;
}

export interface ShapeMatching {
  pairs: ShapePair[];
  unmatchedA: number[];
  unmatchedB: number[];
}

/** Greedy one-to-one matching by IoU among shapes with the same label. */
export function matchShapes(a: readonly Shape[], b: readonly Shape[], threshold = MATCH_IOU): ShapeMatching {
  const candidates: ShapePair[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (a[i].label !== b[j].label) continue;
      const iou = shapeIou(a[i], b[j]);
      if (iou >= threshold) candidates.push({ a: i, b: j, iou });
    }
  }
  candidates.sort((p, q) => q.iou - p.iou || p.a - q.a || p.b - q.b);
  const usedA = new Set<number>(), usedB = new Set<number>();
  const pairs: ShapePair[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pairs.push(c);
  }
  return {
    pairs,
    unmatchedA: a.map((_, i) => i).filter((i) => !usedA.has(i)),
    unmatchedB: b.map((_, j) => j).filter((j) => !usedB.has(j)),
  };
}
