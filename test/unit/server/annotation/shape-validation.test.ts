import { describe, expect, it } from 'vitest';
import { AnnotationError } from '../../../../server/annotation/annotation-error.js';
import { validateShapes, type ShapeRules } from '../../../../server/annotation/shape-validation.js';
import type { Shape } from '../../../../server/protocol-annotation.js';

const rules: ShapeRules = {
  labels: [{ key: 'fire', name: 'Fire' }, { key: 'smoke', name: 'Smoke' }],
  attributes: [
    { key: 'severity', name: 'Severity', kind: 'choice', values: ['low', 'medium', 'high', 'critical'], default: 'medium' },
    { key: 'confidence', name: 'Confidence', kind: 'number', min: 0, max: 1, default: 1 },
  ],
  width: 1024,
  height: 768,
};
const box = (over: Partial<Extract<Shape, { kind: 'box' }>> = {}): Shape => ({ kind: 'box', x: 10, y: 10, width: 50, height: 40, label: 'fire', attributes: {}, ...over });

function refusal(shapes: Shape[]): string {
  try {
    validateShapes(shapes, rules);
  } catch (err) {
    expect(err).toBeInstanceOf(AnnotationError);
    expect((err as AnnotationError).status).toBe(400);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('shape validation', () => {
  it('fills in attribute defaults and keeps given values', () => {
    const [a, b] = validateShapes([box(), box({ label: 'smoke', attributes: { severity: 'high', confidence: 0.4 } })], rules);
    expect(a.attributes).toEqual({ severity: 'medium', confidence: 1 });
    expect(b.attributes).toEqual({ severity: 'high', confidence: 0.4 });
  });

  it('names the field of an unknown label, attribute or bad value', () => {
    expect(refusal([box(), box({ label: 'nest' })])).toBe('shapes.1.label: "nest" is not a label of this queue (fire, smoke)');
    expect(refusal([box({ attributes: { colour: 'red' } })])).toMatch(/^shapes\.0\.attributes\.colour: is not an attribute/);
    expect(refusal([box({ attributes: { severity: 'extreme' } })])).toBe('shapes.0.attributes.severity: must be one of low, medium, high, critical');
    expect(refusal([box({ attributes: { confidence: 1.5 } })])).toBe('shapes.0.attributes.confidence: must be a number from 0 to 1');
  });

  it('refuses shapes outside the image or without area', () => {
    expect(refusal([box({ x: 1000, width: 50 })])).toBe('shapes.0: lies outside the 1024 × 768 image');
    expect(refusal([{ kind: 'polygon', points: [[0, 0], [10, 10], [20, 20]], label: 'fire', attributes: {} }])).toBe('shapes.0: has no area');
  });

  it('without a known image size only the label set is checked', () => {
    expect(validateShapes([box({ x: 5000 })], { ...rules, width: null, height: null })).toHaveLength(1);
  });
});
