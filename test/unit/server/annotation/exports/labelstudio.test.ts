import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelConfig, toLsResults } from '../../../../../server/annotation/exports/labelstudio.js';
import { shapesFromResults } from '../../../../../server/annotation/imports/labelstudio-results.js';
import { LsResultSchema } from '../../../../../server/annotation/imports/labelstudio-schema.js';
import type { AttributeDef, LabelDef, Shape } from '../../../../../server/protocol-annotation.js';

const labels: LabelDef[] = [{ key: 'fire', name: 'Fire', color: '#ff3d00' }, { key: 'smoke', name: 'Smoke & haze' }];
const attributes: AttributeDef[] = [
  { key: 'severity', name: 'Severity', kind: 'choice', values: ['low', 'high'], default: 'low' },
  { key: 'confidence', name: 'Confidence', kind: 'number', min: 0, max: 1, default: 1 },
];
const rules = { labels, attributes };
const size = { width: 800, height: 600 };

describe('Label Studio results written by exports', () => {
  it('writes a box as a rectangle in percent with each attribute a per-region result under its id', () => {
    const box: Shape = { kind: 'box', x: 80, y: 60, width: 160, height: 300, label: 'fire', attributes: { severity: 'high', confidence: 0.5 } };
    const base = { id: 'r1', to_name: 'image', original_width: 800, original_height: 600, image_rotation: 0 };
    expect(toLsResults([box], size)).toEqual([
      { ...base, type: 'rectanglelabels', from_name: 'label', value: { x: 10, y: 10, width: 20, height: 50, rotation: 0, rectanglelabels: ['fire'] } },
      { ...base, type: 'choices', from_name: 'severity', value: { choices: ['high'] } },
      { ...base, type: 'number', from_name: 'confidence', value: { number: 0.5 } },
    ]);
  });

  it('writes a labelling configuration naming every label and attribute, escaped', () => {
    const xml = labelConfig(labels, attributes);
    expect(xml).toContain('<RectangleLabels name="label" toName="image">');
    expect(xml).toContain('<PolygonLabels name="polygon" toName="image">');
    expect(xml).toContain('<Label value="fire" background="#ff3d00"/>');
    expect(xml).toContain('<Choices name="severity" toName="image" perRegion="true">\n    <Choice value="low"/>\n    <Choice value="high"/>');
    expect(xml).toContain('<Number name="confidence" toName="image" perRegion="true" min="0" max="1"/>');
    expect(labelConfig([{ key: 'a', name: 'x' }], [{ key: 'k', name: 'K', kind: 'choice', values: ['<b>&"'], default: '<b>&"' }])).toContain('<Choice value="&#60;b&#62;&#38;&#34;"/>');
  });

  it('reads back what it writes, within a millionth of a pixel', () => {
    const coord = (max: number) => fc.double({ min: 0, max, noNaN: true });
    const attrs = fc.record({ severity: fc.constantFrom('low', 'high'), confidence: fc.double({ min: 0, max: 1, noNaN: true }) });
    const shape: fc.Arbitrary<Shape> = fc.oneof(
      fc.record({ x: coord(700), y: coord(500), w: fc.double({ min: 1, max: 100, noNaN: true }), h: fc.double({ min: 1, max: 100, noNaN: true }), label: fc.constantFrom('fire', 'smoke'), attributes: attrs })
        .map(({ x, y, w, h, label, attributes }): Shape => ({ kind: 'box', x, y, width: w, height: h, label, attributes })),
      fc.record({ cx: fc.double({ min: 50, max: 750, noNaN: true }), cy: fc.double({ min: 50, max: 550, noNaN: true }), n: fc.integer({ min: 3, max: 12 }), label: fc.constantFrom('fire', 'smoke'), attributes: attrs })
        .map(({ cx, cy, n, label, attributes }): Shape => ({
          kind: 'polygon', label, attributes,
          points: Array.from({ length: n }, (_, k) => [cx + 40 * Math.cos((2 * Math.PI * k) / n), cy + 40 * Math.sin((2 * Math.PI * k) / n)] as [number, number]),
        })),
    );
    fc.assert(fc.property(fc.array(shape, { maxLength: 6 }), (shapes) => {
      const results = toLsResults(shapes, size).map((r) => LsResultSchema.parse(JSON.parse(JSON.stringify(r))));
      const back = shapesFromResults(results, size, rules, '$');
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(back.shapes).toHaveLength(shapes.length);
      back.shapes.forEach((b, i) => {
        const a = shapes[i];
        expect([b.kind, b.label, b.attributes]).toEqual([a.kind, a.label, a.attributes]);
        const flat = (s: Shape) => (s.kind === 'box' ? [s.x, s.y, s.width, s.height] : s.points.flat());
        flat(b).forEach((v, k) => expect(Math.abs(v - flat(a)[k])).toBeLessThan(1e-6));
      });
    }));
  });
});

describe('Label Studio results read by imports', () => {
  const rect = (value: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    LsResultSchema.parse({ id: 'a', type: 'rectanglelabels', from_name: 'label', to_name: 'image', value: { rectanglelabels: ['fire'], ...value }, ...extra });

  it('turns a rotated rectangle into the polygon of its corners, about its top-left corner, clamped to the photo', () => {
    const r = shapesFromResults([rect({ x: 90, y: 10, width: 20, height: 10, rotation: 45 })], size, rules, '$');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [shape] = r.shapes;
    expect(shape.kind).toBe('polygon');
    const points = shape.kind === 'polygon' ? shape.points : [];
    const d = 160 / Math.SQRT2, e = 60 / Math.SQRT2;
    const expected = [[720, 60], [Math.min(800, 720 + d), 60 + d], [Math.min(800, 720 + d - e), 60 + d + e], [720 - e, 60 + e]];
    points.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(expected[k][0], 6);
      expect(y).toBeCloseTo(expected[k][1], 6);
    });
  });

  it('clamps a rectangle running off the photo, and takes a prediction score as the confidence', () => {
    const r = shapesFromResults([rect({ x: 95, y: 0, width: 10, height: 10 })], size, rules, '$', 0.42);
    expect(r).toEqual({ ok: true, shapes: [{ kind: 'box', x: 760, y: 0, width: 40, height: 60, label: 'fire', attributes: { confidence: 0.42, severity: 'low' } }] });
    const own = shapesFromResults([rect({ x: 0, y: 0, width: 10, height: 10 }, { score: 0.9 })], size, rules, '$', 0.42);
    expect(own.ok && own.shapes[0].attributes.confidence).toBe(0.9);
  });

  it('fills attributes a region does not give with their defaults', () => {
    const r = shapesFromResults([rect({ x: 0, y: 0, width: 10, height: 10 })], size, rules, '$');
    expect(r.ok && r.shapes[0].attributes).toEqual({ severity: 'low', confidence: 1 });
  });

  it('names the result of a problem by its path', () => {
    const r = shapesFromResults([rect({ x: 0, y: 0, width: 10, height: 10 }), rect({ x: 5, y: 5, width: 1, height: 1 })], size, rules, '$[2].predictions[0].result');
    expect(r).toEqual({ ok: false, path: '$[2].predictions[0].result[1].id', message: 'region id "a" appears twice' });
  });
});
