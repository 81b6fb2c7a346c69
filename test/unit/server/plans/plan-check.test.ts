import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../../missions/camera.js';
import { orbitPlan } from '../../../../missions/patterns/orbit.js';
import { surveyPlan } from '../../../../missions/patterns/survey.js';
import { checkPlan, siteGeofences, validationContext } from '../../../../server/plans/plan-check.js';
import type { Site } from '../../../../server/store/sites-repo.js';

const home = { lat: 26.6, lon: 106.64 };
const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});
const site = (over: Partial<Site>): Site => ({ id: 's1', name: 'site', area: square(106.63, 26.59, 0.03), altitudeLimitM: 120, geofences: [], createdAt: 0, updatedAt: 0, ...over });

describe('plan check', () => {
  it('takes inclusion and exclusion polygons from the site, skipping features it cannot use', () => {
    const features: Feature[] = [
      { type: 'Feature', properties: { kind: 'exclusion' }, geometry: square(106.64, 26.6, 0.001) },
      { type: 'Feature', properties: { kind: 'inclusion' }, geometry: square(106.63, 26.59, 0.03) },
      { type: 'Feature', properties: { kind: 'maybe' }, geometry: square(106.64, 26.6, 0.001) },
      { type: 'Feature', properties: null, geometry: square(106.64, 26.6, 0.001) },
      { type: 'Feature', properties: { kind: 'exclusion' }, geometry: { type: 'Point', coordinates: [106.64, 26.6] } },
    ];
    const fences = siteGeofences(features);
    expect(fences.exclusion).toHaveLength(1);
    expect(fences.inclusion).toHaveLength(1);
  });

  it('judges a plan by the site altitude limit, or 120 m without a site', () => {
    const plan = orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 90, photos: 4, home });
    expect(checkPlan(plan, undefined).errors).toEqual([]);
    const { errors } = checkPlan(plan, site({ altitudeLimitM: 80 }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'altitude-over-limit' && /site limit of 80 m/.test(e.message))).toBe(true);
  });

  it('checks the overlaps a survey recorded against the camera it recorded', () => {
    const area = square(106.64, 26.6, 0.003);
    const plan = surveyPlan({ area, home, camera: CAMERA_PRESETS['visible-1in-20mp'], altitude: 60, sideOverlap: 0.7, frontOverlap: 0.8 });
    const ctx = validationContext(plan, undefined);
    expect(ctx.camera?.name).toBe(CAMERA_PRESETS['visible-1in-20mp'].name);
    expect(ctx.requested).toEqual({ sideOverlap: 0.7, frontOverlap: 0.8 });
    expect(checkPlan(plan, undefined).findings.filter((f) => f.code.endsWith('overlap-low'))).toEqual([]);
    // The same lanes claimed for 90 % side overlap fall short of it.
    const claimed = { ...plan, settings: { ...plan.settings, sideOverlap: 0.9 } };
    expect(checkPlan(claimed, undefined).findings.map((f) => f.code)).toContain('side-overlap-low');
  });

  it('ignores a recorded camera that is not a usable one', () => {
    const plan = orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 4, home });
    expect(validationContext({ ...plan, settings: { camera: { name: 'broken', focalLengthMm: -1 } } }, undefined).camera).toBeUndefined();
    expect(validationContext({ ...plan, settings: { camera: 'thermal-640' } }, undefined).camera).toBe(CAMERA_PRESETS['thermal-640']);
  });
});
