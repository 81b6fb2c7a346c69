/**
 * Label Studio results → our shapes in image pixels: rectangles become boxes (a rotated one the
 * polygon of its corners, turned about its top-left corner as Label Studio turns it), polygons stay
 * polygons, everything clamped to the image; per-region `choices` / `number` results become the
 * region's attributes, checked against the queue's definitions, and missing ones take their
 * defaults. A prediction's score becomes the confidence when the queue has that attribute.
 */
import type { AttributeDef, LabelDef, Shape } from '../../protocol-annotation.js';
import { shapeArea } from '../polygon-iou.js';
import type { LsResult } from './labelstudio-schema.js';

/** What results are checked against. */
export interface ResultRules {
  labels: readonly LabelDef[];
  attributes: readonly AttributeDef[];
}

export type Converted = { ok: true; shapes: Shape[] } | { ok: false; path: string; message: string };

type Region = Extract<LsResult, { type: 'rectanglelabels' | 'polygonlabels' }>;

const clamp = (v: number, max: number): number => Math.min(max, Math.max(0, v));

/** Corners of a Label Studio rectangle in pixels, turned `rotation` degrees clockwise about its top-left corner. */
function corners(v: { x: number; y: number; width: number; height: number; rotation: number }, W: number, H: number): [number, number][] {
  const x = (v.x / 100) * W, y = (v.y / 100) * H, w = (v.width / 100) * W, h = (v.height / 100) * H;
  const a = (v.rotation * Math.PI) / 180;
  const cos = Math.cos(a), sin = Math.sin(a);
  return [[0, 0], [w, 0], [w, h], [0, h]].map(([dx, dy]) => [x + dx * cos - dy * sin, y + dx * sin + dy * cos]);
}

/** The region as a shape with no attributes yet. */
function regionShape(r: Region, label: string, W: number, H: number): Shape {
  const attributes: Record<string, string | number> = {};
  if (r.type === 'polygonlabels') {
    return { kind: 'polygon', points: r.value.points.map(([x, y]) => [clamp((x / 100) * W, W), clamp((y / 100) * H, H)] as [number, number]), label, attributes };
  }
  const turn = ((r.value.rotation % 360) + 360) % 360;
  if (Math.min(turn, 360 - turn) > 1e-9) {
    return { kind: 'polygon', points: corners(r.value, W, H).map(([x, y]) => [clamp(x, W), clamp(y, H)] as [number, number]), label, attributes };
  }
  const x0 = clamp((r.value.x / 100) * W, W), y0 = clamp((r.value.y / 100) * H, H);
  const x1 = clamp(((r.value.x + r.value.width) / 100) * W, W), y1 = clamp(((r.value.y + r.value.height) / 100) * H, H);
  return { kind: 'box', x: x0, y: y0, width: x1 - x0, height: y1 - y0, label, attributes };
}

/**
 * The shapes of one annotation's (or prediction's) results on a `size` image; `at` is the JSON path
 * of the result array, for refusals. `score` is the prediction's own score, if any.
 */
export function shapesFromResults(results: readonly LsResult[], size: { width: number; height: number }, rules: ResultRules, at: string, score?: number | null): Converted {
  const fail = (path: string, message: string): Converted => ({ ok: false, path, message });
  const labels = new Set(rules.labels.map((l) => l.key));
  const defs = new Map(rules.attributes.map((d) => [d.key, d]));
  const regions = new Map<string, { shape: Shape; score: number | null }>();
  const ordered: { shape: Shape; score: number | null }[] = [];

  for (const [k, r] of results.entries()) {
    if (r.type !== 'rectanglelabels' && r.type !== 'polygonlabels') continue;
    const label = r.type === 'rectanglelabels' ? r.value.rectanglelabels[0] : r.value.polygonlabels[0];
    if (!labels.has(label)) return fail(`${at}[${k}].value.${r.type}[0]`, `"${label}" is not a label of this queue (${[...labels].join(', ')})`);
    if (r.id !== undefined && regions.has(r.id)) return fail(`${at}[${k}].id`, `region id "${r.id}" appears twice`);
    const shape = regionShape(r, label, size.width, size.height);
    if (!(shapeArea(shape) > 0)) return fail(`${at}[${k}].value`, 'has no area inside the image');
    const entry = { shape, score: r.score ?? null };
    if (r.id !== undefined) regions.set(r.id, entry);
    ordered.push(entry);
  }

  for (const [k, r] of results.entries()) {
    if (r.type !== 'choices' && r.type !== 'number') continue;
    const region = r.id === undefined ? undefined : regions.get(r.id);
    if (!region) return fail(`${at}[${k}].id`, `names no region of this annotation: only per-region attributes can be imported`);
    const key = r.from_name ?? '';
    const def = defs.get(key);
    if (!def) return fail(`${at}[${k}].from_name`, `"${key}" is not an attribute of this queue (${[...defs.keys()].join(', ') || 'none'})`);
    if (key in region.shape.attributes) return fail(`${at}[${k}]`, `attribute "${key}" is given twice for region "${r.id}"`);
    if (def.kind === 'choice') {
      if (r.type !== 'choices') return fail(`${at}[${k}].type`, `attribute "${key}" takes choices, not a number`);
      const v = r.value.choices[0];
      if (!def.values.includes(v)) return fail(`${at}[${k}].value.choices[0]`, `"${v}" is not one of ${def.values.join(', ')}`);
      region.shape.attributes[key] = v;
    } else {
      if (r.type !== 'number') return fail(`${at}[${k}].type`, `attribute "${key}" takes a number, not choices`);
      const v = r.value.number;
      if (v < def.min || v > def.max) return fail(`${at}[${k}].value.number`, `must be a number from ${def.min} to ${def.max}`);
      region.shape.attributes[key] = v;
    }
  }

  const confidence = defs.get('confidence');
  for (const { shape, score: own } of ordered) {
    const s = own ?? score ?? null;
    if (confidence?.kind === 'number' && s !== null && !('confidence' in shape.attributes)) {
      shape.attributes.confidence = Math.min(confidence.max, Math.max(confidence.min, s));
    }
    for (const def of rules.attributes) if (!(def.key in shape.attributes)) shape.attributes[def.key] = def.default;
  }
  return { ok: true, shapes: ordered.map((o) => o.shape) };
}
