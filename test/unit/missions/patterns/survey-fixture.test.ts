import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, laneSpacingM, triggerDistanceM } from '../../../../missions/camera.js';
import { estimate } from '../../../../missions/estimate.js';
import { surveyPlan } from '../../../../missions/patterns/survey.js';
import { DEFAULT_MULTICOPTER } from '../../../../missions/vehicle-profile.js';

const compartment = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/areas/forest-compartment.geojson'), 'utf8'),
) as Feature<Polygon>;

describe('forest compartment survey (fixture)', () => {
  // A 40 ha pine compartment near 26.61 N 106.65 E, about 840 m east–west by 630 m north–south,
  // with a 1.6 ha reservoir and clearing left out. 1-inch camera at 2.5 cm/px: 91.2 m up,
  // lanes 41.04 m apart (70 % side overlap), a photo every 18.24 m (80 % front overlap).
  const camera = CAMERA_PRESETS['visible-1in-20mp'];
  const plan = surveyPlan({ area: compartment.geometry, home: { lat: 26.6062, lon: 106.6475 }, camera, gsdCm: 2.5, speed: 10 });
  const resolved = plan.settings!.resolved as { altitude: number; angleDeg: number; lanes: number };
  const figures = estimate(plan, DEFAULT_MULTICOPTER);

  it('flies 16 east–west lanes at 91.2 m over 40.2 ha', () => {
    expect(resolved.altitude).toBeCloseTo(91.2, 1);
    expect(plan.areaM2! / 1e4).toBeCloseTo(40.2, 1);
    // Lanes across the 630 m north–south extent: 630 / 41.04 → 16.
    expect(resolved.lanes).toBe(16);
    expect(resolved.angleDeg).toBeGreaterThan(80);
    expect(resolved.angleDeg).toBeLessThan(110);
  });

  it('takes about 600 photos: at least area / (spacing × trigger), at most a fifth more', () => {
    const minimum = plan.areaM2! / (laneSpacingM(camera, 91.2, 0.7) * triggerDistanceM(camera, 91.2, 0.8)); // ≈ 537
    expect(figures.photoCount).toBe(plan.photos.length);
    expect(plan.photos.length).toBeGreaterThan(minimum);
    expect(plan.photos.length).toBeLessThan(minimum * 1.2);
    expect(plan.photos.length).toBeGreaterThan(570);
    expect(plan.photos.length).toBeLessThan(640);
  });

  it('flies about 13 km in about 25 minutes', () => {
    // 16 lanes of ~760 m on average, 15 lane changes, lead-ins, and the legs from and to home.
    expect(figures.distanceM).toBeGreaterThan(12_000);
    expect(figures.distanceM).toBeLessThan(14_000);
    expect(figures.flightTimeS / 60).toBeGreaterThan(20);
    expect(figures.flightTimeS / 60).toBeLessThan(30);
  });
});
