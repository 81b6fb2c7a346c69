import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../../missions/camera.js';
import { corridorPlan } from '../../../../missions/patterns/corridor.js';
import { orbitPlan } from '../../../../missions/patterns/orbit.js';
import { expandingSquarePlan } from '../../../../missions/patterns/search.js';
import { surveyPlan } from '../../../../missions/patterns/survey.js';
import { PlanSchema, SiteCreateSchema } from '../../../../server/protocol-plans.js';

const home = { lat: 26.6, lon: 106.64 };
const camera = CAMERA_PRESETS['visible-1in-20mp'];
const area = { type: 'Polygon' as const, coordinates: [[[106.64, 26.6], [106.643, 26.6], [106.643, 26.602], [106.64, 26.602], [106.64, 26.6]]] };

describe('plan and site schemas', () => {
  it.each([
    ['survey', () => surveyPlan({ area, home, camera, altitude: 60 })],
    ['corridor', () => corridorPlan({ towers: [home, { lat: 26.603, lon: 106.645 }], home, camera, lateralOffsetM: 20, heightAboveLineM: 15 })],
    ['search', () => expandingSquarePlan({ datum: home, home, altitude: 50, trackSpacingM: 40, legs: 8 })],
    ['orbit', () => orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 6, home, camera })],
  ])('accept every %s plan the generators make, unchanged', (_name, make) => {
    const plan = make();
    const parsed = PlanSchema.safeParse(JSON.parse(JSON.stringify(plan)));
    expect(parsed.success && parsed.data).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('name the step and field of a bad plan', () => {
    const plan = orbitPlan({ center: { lat: 26.601, lon: 106.641 }, radiusM: 30, altitude: 40, photos: 6, home });
    const bad = { ...plan, steps: [...plan.steps.slice(0, 2), { kind: 'waypoint', at: { lat: 26.6, lon: 190 }, altitude: 30 }] };
    const r = PlanSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['steps', 2, 'at', 'lon']);
    const unknownStep = PlanSchema.safeParse({ ...plan, steps: [{ kind: 'teleport' }] });
    expect(unknownStep.error?.issues[0].path).toEqual(['steps', 0, 'kind']);
  });

  it('give a new site the 120 m altitude limit and no geofences', () => {
    expect(SiteCreateSchema.parse({ name: ' Forest ', area })).toEqual({ name: 'Forest', area, altitudeLimitM: 120, geofences: [] });
  });
});
