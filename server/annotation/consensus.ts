/**
 * Consensus between two annotators of the same photo: they agree when both found nothing, or when
 * every shape of one matches a shape of the other (same label, IoU at or above the threshold).
 * Agreeing work is merged into one set of labels; anything else goes to a reviewer.
 */
import type { AttributeDef, Shape } from '../protocol-annotation.js';
import { matchShapes, MATCH_IOU } from './shape-match.js';

export type ConsensusResult =
  | { agree: true; merged: Shape[] }
  | { agree: false; reason: string };

/**
 * Compares two annotators' shapes (empty when they found nothing); `attributes` says how to merge
 * attribute values that differ.
 */
export function compareSubmissions(a: readonly Shape[], b: readonly Shape[], attributes: readonly AttributeDef[], threshold = MATCH_IOU): ConsensusResult {
  if (a.length === 0 && b.length === 0) return { agree: true, merged: [] };
  if (a.length === 0 || b.length === 0) return { agree: false, reason: 'one annotator found nothing, the other labelled objects' };
  const m = matchShapes(a, b, threshold);
  if (m.unmatchedA.length > 0 || m.unmatchedB.length > 0) {
    return { agree: false, reason: `${m.unmatchedA.length + m.unmatchedB.length} shape(s) without a match at IoU ${threshold}` };
  }
  const merged = [...m.pairs].sort((p, q) => p.a - q.a).map((p) => mergeShapes(a[p.a], b[p.b], attributes));
  return { agree: true, merged };
}

/**
 * Two matched shapes as one: boxes averaged; a polygon kept from the first (averaging outlines
 * of different vertex counts has no meaning); numbers averaged; of two choices the later in the
 * attribute's list (the more severe, on a low → critical scale).
 */
export function mergeShapes(a: Shape, b: Shape, attributes: readonly AttributeDef[]): Shape {
  const attrs: Record<string, string | number> = { ...b.attributes, ...a.attributes };
  for (const def of attributes) {
    const va = a.attributes[def.key], vb = b.attributes[def.key];
    if (va === undefined || vb === undefined) continue;
    if (def.kind === 'number' && typeof va === 'number' && typeof vb === 'number') attrs[def.key] = (va + vb) / 2;
    else if (def.kind === 'choice' && typeof va === 'string' && typeof vb === 'string') {
      attrs[def.key] = def.values.indexOf(vb) > def.values.indexOf(va) ? vb : va;
    }
  }
  if (a.kind === 'box' && b.kind === 'box') {
    const avg = (p: number, q: number) => (p + q) / 2;
    return { kind: 'box', x: avg(a.x, b.x), y: avg(a.y, b.y), width: avg(a.width, b.width), height: avg(a.height, b.height), label: a.label, attributes: attrs };
  }
  return { ...a, attributes: attrs };
}
