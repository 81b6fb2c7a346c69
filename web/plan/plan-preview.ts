/**
 * Everything the planner shows for one plan: estimates (with batteries), validation findings, the
 * mission items, and where on the map each finding belongs. Pure.
 */
import type { Camera } from '../../missions/camera.js';
import { estimateAlong, profileFlightPath, type Estimates } from '../../missions/estimate.js';
import type { MissionItem } from '../../missions/mission-item.js';
import type { LatLon, Plan, PlanStep } from '../../missions/plan.js';
import { planToItems } from '../../missions/plan-to-items.js';
import { validatePlan, type Finding } from '../../missions/validate.js';
import { DEFAULT_MULTICOPTER, type VehicleProfile } from '../../missions/vehicle-profile.js';
import type { RequestedOverlap } from './generate-patrol.js';

export interface PlanPreview {
  plan: Plan;
  /** The camera photos and footprints are drawn for; null for an imported mission. */
  camera: Camera | null;
  estimates: Estimates & { batteries: number };
  findings: Finding[];
  items: MissionItem[];
}

/** Batteries needed: flights of at most the endurance less the reserve, at least one. */
export function batteriesFor(flightTimeS: number, profile: VehicleProfile): number {
  const usable = profile.enduranceS * (1 - profile.reserveFraction);
  return Math.max(1, Math.ceil(flightTimeS / usable - 1e-9));
}

/** Estimates, findings and items for `plan` flown by `profile`. */
export function previewPlan(plan: Plan, camera: Camera | null, requested: RequestedOverlap = {}, profile: VehicleProfile = DEFAULT_MULTICOPTER): PlanPreview {
  const path = profileFlightPath(plan, profile);
  const estimates = estimateAlong(plan, profile, path);
  const findings = validatePlan(plan, { profile, ...(camera ? { camera, requested } : {}) });
  return { plan, camera, estimates: { ...estimates, batteries: batteriesFor(estimates.flightTimeS, profile) }, findings, items: planToItems(plan) };
}

function stepPosition(step: PlanStep): LatLon | null {
  switch (step.kind) {
    case 'waypoint':
    case 'loiter-time':
    case 'loiter-turns':
    case 'land':
    case 'roi':
      return step.at;
    default:
      return null;
  }
}

/**
 * Where a finding is marked: at its step's position, else at the last position flown before it
 * (a speed or camera step acts there), else at home (plan-wide findings, take-off, return).
 */
export function findingPosition(plan: Plan, step: number | null): LatLon {
  if (step !== null) {
    for (let i = Math.min(step, plan.steps.length - 1); i >= 0; i--) {
      const at = stepPosition(plan.steps[i]);
      if (at) return at;
    }
  }
  return plan.home;
}
