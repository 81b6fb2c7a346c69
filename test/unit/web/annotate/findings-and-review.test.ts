import { describe, expect, it } from 'vitest';
import type { AnnotationDTO, FindingCollection, QueueDTO, TaskDTO } from '../../../../server/protocol-annotation.js';
import type { ImageDTO } from '../../../../server/protocol-imagery.js';
import { applyDepths } from '../../../../web/annotate/queue-overview.js';
import { colorOf, labelColors, paletteColor, PALETTE } from '../../../../web/annotate/label-colors.js';
import { labelText, shapeSummary } from '../../../../web/annotate/label-text.js';
import { placeCrop } from '../../../../web/findings/photo-crop.js';
import { findingFeatures, findingsLayer, SEVERITY_RADIUS } from '../../../../web/map/layers/findings.js';
import { footprintFeatures, footprintsLayer } from '../../../../web/map/layers/footprints.js';
import { reviewDraft, underReview } from '../../../../web/review/review-shapes.js';

const depth = { queued: 3, in_progress: 1, submitted: 0, accepted: 2, rejected: 0 };

function finding(id: string, type: string, severity: string | null, at: [number, number] | null): FindingCollection['features'][number] {
  return {
    type: 'Feature',
    id,
    geometry: at && { type: 'Point', coordinates: at },
    properties: {
      id, type, severity, confidence: 0.9, queueId: 'forest', taskId: 't', imageId: 'i', crop: { x: 0, y: 0, width: 10, height: 10 },
      positionSource: 'projected', attributes: {}, createdAt: 0, imageUrl: '/api/images/i/file',
    },
  };
}

describe('findings on the map', () => {
  it('draws findings with a position, coloured by type and sized by severity', () => {
    const fc = findingFeatures(
      { type: 'FeatureCollection', features: [finding('a', 'fire', 'critical', [106.6, 26.6]), finding('b', 'smoke', null, [106.61, 26.6]), finding('c', 'fire', 'low', null)] },
      (type) => (type === 'fire' ? '#ff3d00' : '#9e9e9e'),
    );
    expect(fc.features.map((f) => f.properties)).toEqual([
      { id: 'a', type: 'fire', severity: 'critical', color: '#ff3d00', radius: SEVERITY_RADIUS.critical },
      { id: 'b', type: 'smoke', severity: 'medium', color: '#9e9e9e', radius: SEVERITY_RADIUS.medium },
    ]);
    expect(SEVERITY_RADIUS.critical).toBeGreaterThan(SEVERITY_RADIUS.low);
    const circle = findingsLayer.layers[0] as { paint: Record<string, unknown> };
    expect(circle.paint['circle-color']).toEqual(['get', 'color']);
    expect(circle.paint['circle-radius']).toEqual(['get', 'radius']);
  });

  it('draws a footprint per photo that has one, hidden until switched on', () => {
    const footprint = { type: 'Polygon' as const, coordinates: [[[106.6, 26.6], [106.61, 26.6], [106.61, 26.61], [106.6, 26.6]]] };
    const fc = footprintFeatures([{ id: 'p1', footprint, capturedAt: 5 } as ImageDTO, { id: 'p2', footprint: null, capturedAt: 6 } as ImageDTO]);
    expect(fc.features).toEqual([{ type: 'Feature', id: 'p1', geometry: footprint, properties: { id: 'p1', capturedAt: 5 } }]);
    for (const layer of footprintsLayer.layers) expect((layer as { layout: { visibility: string } }).layout.visibility).toBe('none');
  });

  it('uses a queue label colour when set, else a stable palette colour', () => {
    const colors = labelColors([{ key: 'fire', name: 'Fire', color: '#ff3d00' }, { key: 'ember', name: 'Ember' }]);
    expect(colorOf(colors, 'fire')).toBe('#ff3d00');
    expect(colorOf(colors, 'ember')).toBe(paletteColor('ember'));
    expect(PALETTE).toContain(colorOf(colors, 'unknown'));
    expect(paletteColor('unknown')).toBe(paletteColor('unknown'));
  });
});

describe('a finding photo crop', () => {
  it('fills the frame with the box and some ground round it, marking the box', () => {
    const p = placeCrop({ x: 500, y: 300, width: 40, height: 20 }, { width: 1024, height: 768 }, { width: 240, height: 160 });
    // A 40×20 box with a 16 px margin each side: 72×52 pixels shown, scaled to fit 240×160.
    expect(p.scale).toBeCloseTo(Math.min(240 / 72, 160 / 52));
    expect(p.offsetX).toBeCloseTo(-484 * p.scale);
    expect(p.mark).toMatchObject({ x: 16 * p.scale, y: 16 * p.scale });
    expect(p.mark.width).toBeCloseTo(40 * p.scale);
  });

  it('keeps the margin inside the photo and never magnifies past the limit', () => {
    const p = placeCrop({ x: 0, y: 0, width: 10, height: 10 }, { width: 100, height: 100 }, { width: 240, height: 160 });
    expect(p.offsetX).toBe(-0);
    expect(p.mark.x).toBe(0);
    expect(p.scale).toBe(4);
    expect(p.frame).toEqual({ width: 104, height: 104 });
  });
});

describe('queue overview', () => {
  it('applies a live depth change to the queues it names only', () => {
    const q = (id: string): QueueDTO => ({ id, name: id, patrol: id, labels: [], attributes: [], consensus: 'off', honeypotShare: 0, depth, honeypots: 0, createdAt: 0, updatedAt: 0 });
    const next = applyDepths([q('forest'), q('rescue')], { t: 1, queues: [{ id: 'forest', depth: { ...depth, queued: 2, in_progress: 2 }, honeypots: 1 }] });
    expect(next[0]).toMatchObject({ depth: { queued: 2, in_progress: 2 }, honeypots: 1 });
    expect(next[1].depth).toBe(depth);
  });
});

describe('review', () => {
  const annotation = (id: string, status: AnnotationDTO['status'], submittedAt: number, labels: string[]): AnnotationDTO => ({
    id, taskId: 't', annotatorId: `u-${id}`, kind: 'labels', skipReason: null, status, startedAt: 0, submittedAt, reviewComment: null,
    shapes: labels.map((label, i) => ({ kind: 'box', x: i * 10, y: 0, width: 5, height: 5, label, attributes: {} })),
  });

  it('shows the submitted annotations, oldest first, each shape knowing its annotator', () => {
    const task = { annotations: [annotation('b', 'submitted', 20, ['fire']), annotation('old', 'rejected', 5, ['smoke']), annotation('a', 'submitted', 10, ['fire', 'smoke'])] } as TaskDTO;
    const list = underReview(task);
    expect(list.map((a) => a.id)).toEqual(['a', 'b']);
    const { draft, owner } = reviewDraft(list);
    expect(draft.shapes.map((s) => s.shape.label)).toEqual(['fire', 'smoke', 'fire']);
    expect(draft.shapes.map((s) => owner.get(s.id))).toEqual([0, 0, 1]);
    expect(draft.shapes.every((s) => !s.suggested)).toBe(true);
  });
});

describe('label text', () => {
  it('names labels and attributes in the page language, falling back to the queue name and the key', () => {
    const labels = [{ key: 'ember', name: 'Glowing ember' }];
    expect(labelText('fire', labels)).toBe('Fire');
    expect(labelText('ember', labels)).toBe('Glowing ember');
    expect(labelText('odd')).toBe('odd');
    expect(shapeSummary({ kind: 'box', x: 0, y: 0, width: 1, height: 1, label: 'fire', attributes: { severity: 'high', confidence: 0.8, custom: 'x' } }))
      .toBe('Fire · Severity high · Confidence 0.8 · custom x');
  });
});
