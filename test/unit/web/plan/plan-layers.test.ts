import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { planFindingsLayer } from '../../../../web/map/layers/plan-findings.js';
import { MAX_FOOTPRINTS, planPathLayer } from '../../../../web/map/layers/plan-path.js';
import { planShapeLayer } from '../../../../web/map/layers/plan-shape.js';
import { generatePatrol, type DrawnShape } from '../../../../web/plan/generate-patrol.js';
import { previewPlan } from '../../../../web/plan/plan-preview.js';
import { DEFAULT_SETTINGS } from '../../../../web/plan/plan-settings.js';

const area: DrawnShape = { kind: 'area', points: [{ lat: 26.6, lon: 106.64 }, { lat: 26.6, lon: 106.641 }, { lat: 26.601, lon: 106.641 }] };
const roles = (fs: Feature[]) => fs.map((f) => `${f.geometry.type}:${String(f.properties?.role)}`);

describe('plan shape layer', () => {
  it('draws a finished area closed, with a handle on each corner and each side', () => {
    const { 'plan-shape': fc } = planShapeLayer.draw({ shape: area, drawing: false, preview: null });
    expect(roles(fc.features)).toEqual(['Polygon:outline', 'Point:mid', 'Point:mid', 'Point:mid', 'Point:vertex', 'Point:vertex', 'Point:vertex']);
    expect(fc.features[1].geometry).toEqual({ type: 'Point', coordinates: [106.6405, 26.6] });
  });

  it('draws an area being drawn open and without midpoints', () => {
    const { 'plan-shape': fc } = planShapeLayer.draw({ shape: area, drawing: true, preview: null });
    expect(roles(fc.features)).toEqual(['LineString:outline', 'Point:vertex', 'Point:vertex', 'Point:vertex']);
  });

  it('draws a line with midpoints between towers only, and nothing without a shape', () => {
    const { 'plan-shape': fc } = planShapeLayer.draw({ shape: { ...area, kind: 'line' }, drawing: false, preview: null });
    expect(roles(fc.features).filter((r) => r === 'Point:mid')).toHaveLength(2);
    expect(planShapeLayer.draw({ shape: null, drawing: false, preview: null })['plan-shape'].features).toEqual([]);
  });
});

describe('plan path and findings layers', () => {
  it('draws the path, home, photos and footprints, thinning footprints beyond the limit', () => {
    const g = generatePatrol(area, { ...DEFAULT_SETTINGS, altitude: 20 });
    if (!g.ok) throw new Error('expected a plan');
    const preview = previewPlan(g.plan, g.camera, g.requested);
    const kinds = planPathLayer.draw({ shape: area, drawing: false, preview })['plan-path'].features.map((f) => f.properties?.kind);
    expect(kinds.filter((k) => k === 'photo')).toHaveLength(g.plan.photos.length);
    expect(kinds.filter((k) => k === 'footprint')).toHaveLength(Math.min(g.plan.photos.length, MAX_FOOTPRINTS));
    expect(kinds).toContain('path');
    expect(kinds).toContain('home');

    const many = { ...preview, plan: { ...preview.plan, photos: Array.from({ length: 3 * MAX_FOOTPRINTS + 1 }, () => g.plan.photos[0]) } };
    const footprints = planPathLayer.draw({ shape: area, drawing: false, preview: many })['plan-path'].features.filter((f) => f.properties?.kind === 'footprint');
    expect(footprints.length).toBeLessThanOrEqual(MAX_FOOTPRINTS);
    expect(footprints.length).toBeGreaterThan(MAX_FOOTPRINTS / 2);
  });

  it('puts a marker for every finding on the item it concerns', () => {
    const g = generatePatrol(area, { ...DEFAULT_SETTINGS, altitude: 200 });
    if (!g.ok) throw new Error('expected a plan');
    const preview = previewPlan(g.plan, g.camera, g.requested);
    const markers = planFindingsLayer.draw({ shape: area, drawing: false, preview })['plan-findings'].features;
    expect(markers).toHaveLength(preview.findings.length);
    expect(markers.some((m) => m.properties?.severity === 'error' && m.properties.code === 'altitude-over-limit')).toBe(true);
  });
});
