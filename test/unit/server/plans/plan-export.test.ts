import { describe, expect, it } from 'vitest';
import { parseQgcPlan } from '../../../../missions/formats/qgc-plan.js';
import { orbitPlan } from '../../../../missions/patterns/orbit.js';
import { planToItems } from '../../../../missions/plan-to-items.js';
import { attachmentHeader, exportPlan, fileStem } from '../../../../server/plans/plan-export.js';
import { reviveItems } from '../../../../server/plans/plan-service.js';

describe('plan export', () => {
  it('makes safe file names, keeping the exact UTF-8 name for browsers', () => {
    expect(fileStem('Forest block 12 (north)')).toBe('Forest-block-12-north');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('森林')).toBe('plan');
    expect(attachmentHeader('森林 A', 'waypoints')).toBe(`attachment; filename="A.waypoints"; filename*=UTF-8''%E6%A3%AE%E6%9E%97%20A.waypoints`);
  });

  it('brings back the NaN that JSON storage turned into null, so "leave unchanged" stays unchanged', () => {
    const items = planToItems(orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 4, home: { lat: 26.6, lon: 106.64 } }));
    expect(items.some((i) => Number.isNaN(i.param4))).toBe(true);
    const stored = JSON.parse(JSON.stringify(items)) as unknown[];
    const revived = reviveItems(stored);
    expect(revived.map((i) => i.param4)).toEqual(items.map((i) => i.param4));
    expect(revived).toEqual(items);
  });

  it('writes a .plan whose mission reads back as the plan\'s items', () => {
    const plan = orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 4, home: { lat: 26.6, lon: 106.64 } });
    const items = planToItems(plan);
    const file = exportPlan({ name: 'Tower 3', plan, items }, 'plan');
    expect(file.filename).toBe('Tower-3.plan');
    const back = parseQgcPlan(file.body);
    expect(back.ok && back.value.mission.slice(1).map((i) => [i.command, i.x, i.y, i.z])).toEqual(items.slice(1).map((i) => [i.command, i.x, i.y, i.z]));
  });

  it('exports GeoJSON without footprints when a photo has none (at or below take-off height)', () => {
    const plan = orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 2, home: { lat: 26.6, lon: 106.64 }, camera: { name: 'c', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalLengthMm: 8.8, imageWidthPx: 5472, imageHeightPx: 3648 } });
    const sunk = { ...plan, photos: plan.photos.map((p) => ({ ...p, altitude: 0 })) };
    const kinds = (JSON.parse(exportPlan({ name: 'x', plan: sunk, items: [] }, 'geojson').body) as { features: { properties: { kind: string } }[] }).features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === 'photo')).toHaveLength(2);
    expect(kinds).not.toContain('footprint');
  });
});
