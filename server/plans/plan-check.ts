/**
 * Validates a plan where it will be flown: the site's altitude limit and geofences, the camera and
 * overlaps its generator recorded in its settings, and the fleet's usual airframe.
 */
import type { Feature, Polygon } from 'geojson';
import { CAMERA_PRESETS, customCamera, type Camera, type CameraPresetId } from '../../missions/camera.js';
import type { Plan } from '../../missions/plan.js';
import { DEFAULT_ALTITUDE_LIMIT_M, type Geofences } from '../../missions/site.js';
import { validatePlan, type Finding, type ValidationContext } from '../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../missions/vehicle-profile.js';
import type { Site } from '../store/sites-repo.js';

/** The site's geofence features as the validator's inclusion and exclusion polygons. */
export function siteGeofences(features: readonly Feature[]): Geofences {
  const fences: Geofences = { inclusion: [], exclusion: [] };
  for (const f of features) {
    const kind = (f.properties as { kind?: unknown } | null)?.kind;
    if (f.geometry?.type !== 'Polygon' || (kind !== 'inclusion' && kind !== 'exclusion')) continue;
    fences[kind].push(f.geometry as Polygon);
  }
  return fences;
}

/** The camera the generator recorded (an object or a preset id), when it is a usable one. */
function recordedCamera(value: unknown): Camera | undefined {
  if (typeof value === 'string') return CAMERA_PRESETS[value as CameraPresetId];
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return customCamera(value as Camera);
  } catch {
    // A hand-edited plan may carry anything here; overlap checks then simply do not run.
    return undefined;
  }
}

const fraction = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 && v < 1 ? v : undefined);

/** What {@link validatePlan} needs to judge `plan` at `site` (none: the default altitude limit only). */
export function validationContext(plan: Plan, site: Site | undefined): ValidationContext {
  const settings = plan.settings ?? {};
  const camera = recordedCamera(settings.camera);
  return {
    profile: DEFAULT_MULTICOPTER,
    site: { altitudeLimitM: site?.altitudeLimitM ?? DEFAULT_ALTITUDE_LIMIT_M, geofences: siteGeofences(site?.geofences ?? []) },
    ...(camera && { camera }),
    requested: { sideOverlap: fraction(settings.sideOverlap), frontOverlap: fraction(settings.frontOverlap) },
  };
}

/** Every finding for `plan` at `site`, and the errors among them (which refuse a save). */
export function checkPlan(plan: Plan, site: Site | undefined): { findings: Finding[]; errors: Finding[] } {
  const findings = validatePlan(plan, validationContext(plan, site));
  return { findings, errors: findings.filter((f) => f.severity === 'error') };
}
