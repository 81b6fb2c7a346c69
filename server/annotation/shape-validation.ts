/**
 * Checks submitted shapes against the queue's label set, attribute definitions and the photo's
 * size, filling in attribute defaults; every refusal names the field (`shapes.2.label`).
 */
import type { AttributeDef, LabelDef, Shape } from '../protocol-annotation.js';
import { invalid } from './annotation-error.js';
import { shapeArea, shapeRing } from './polygon-iou.js';

/** What shapes are checked against. */
export interface ShapeRules {
  labels: readonly LabelDef[];
  attributes: readonly AttributeDef[];
  /** The photo's size in pixels, when known. */
  width: number | null;
  height: number | null;
}

/** The shapes with defaults filled in; throws a 400 naming the first bad field. */
export function validateShapes(shapes: readonly Shape[], rules: ShapeRules, field = 'shapes'): Shape[] {
  const labels = new Set(rules.labels.map((l) => l.key));
  return shapes.map((shape, i) => {
    const at = `${field}.${i}`;
    if (!labels.has(shape.label)) {
      throw invalid(`${at}.label`, `"${shape.label}" is not a label of this queue (${[...labels].join(', ')})`);
    }
    if (rules.width !== null && rules.height !== null) {
      const outside = shapeRing(shape).some(([x, y]) => x > rules.width! || y > rules.height!);
      if (outside) throw invalid(at, `lies outside the ${rules.width} × ${rules.height} image`);
    }
    if (!(shapeArea(shape) > 0)) throw invalid(at, 'has no area');
    return { ...shape, attributes: checkAttributes(shape.attributes, rules.attributes, `${at}.attributes`) };
  });
}

function checkAttributes(given: Record<string, string | number>, defs: readonly AttributeDef[], at: string): Record<string, string | number> {
  const known = new Map(defs.map((d) => [d.key, d]));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw invalid(`${at}.${key}`, `is not an attribute of this queue (${[...known.keys()].join(', ') || 'none'})`);
  }
  const out: Record<string, string | number> = {};
  for (const def of defs) {
    const v = given[def.key];
    if (v === undefined) {
      out[def.key] = def.default;
    } else if (def.kind === 'choice') {
      if (typeof v !== 'string' || !def.values.includes(v)) throw invalid(`${at}.${def.key}`, `must be one of ${def.values.join(', ')}`);
      out[def.key] = v;
    } else {
      if (typeof v !== 'number' || v < def.min || v > def.max) throw invalid(`${at}.${def.key}`, `must be a number from ${def.min} to ${def.max}`);
      out[def.key] = v;
    }
  }
  return out;
}
