import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../../missions/camera.js';
import type { Plan } from '../../../../missions/plan.js';
import { DEFAULT_MULTICOPTER } from '../../../../missions/vehicle-profile.js';
import { batteriesFor, findingPosition, previewPlan } from '../../../../web/plan/plan-preview.js';

const home = { lat: 26.6, lon: 106.64 };
const wp = (lat: number, lon: number, altitude = 50) => ({ kind: 'waypoint' as const, at: { lat, lon }, altitude });

describe('plan preview', () => {
  it('counts the batteries a flight needs from the endurance less the reserve', () => {
    const usable = DEFAULT_MULTICOPTER.enduranceS * (1 - DEFAULT_MULTICOPTER.reserveFraction);
    expect(batteriesFor(0, DEFAULT_MULTICOPTER)).toBe(1);
    expect(batteriesFor(usable, DEFAULT_MULTICOPTER)).toBe(1);
    expect(batteriesFor(usable + 1, DEFAULT_MULTICOPTER)).toBe(2);
    expect(batteriesFor(3 * usable, DEFAULT_MULTICOPTER)).toBe(3);
  });

  it('gives estimates, items and findings for a plan; an altitude over the limit is an error on its step', () => {
    const plan: Plan = { pattern: 'waypoints', home, steps: [{ kind: 'takeoff', altitude: 30 }, wp(26.601, 106.64, 150), { kind: 'rtl' }], photos: [] };
    const p = previewPlan(plan, CAMERA_PRESETS['visible-1in-20mp']);
    expect(p.items).toHaveLength(4);
    expect(p.estimates.itemCount).toBe(4);
    expect(p.estimates.distanceM).toBeGreaterThan(200);
    expect(p.estimates.batteries).toBe(1);
    expect(p.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'altitude-over-limit', step: 1 }));
  });

  it('marks a finding at its step, at the last position flown before it, or at home', () => {
    const plan: Plan = { pattern: 'waypoints', home, steps: [{ kind: 'takeoff', altitude: 30 }, wp(26.601, 106.641), { kind: 'speed', speed: 20 }, { kind: 'rtl' }], photos: [] };
    expect(findingPosition(plan, 1)).toEqual({ lat: 26.601, lon: 106.641 });
    expect(findingPosition(plan, 2)).toEqual({ lat: 26.601, lon: 106.641 });
    expect(findingPosition(plan, 0)).toEqual(home);
    expect(findingPosition(plan, null)).toEqual(home);
  });
});
