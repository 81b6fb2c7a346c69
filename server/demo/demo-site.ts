/**
 * The demo site near Guiyang: a forest compartment, a stretch of power line and a river valley,
 * and one simulated drone for each, flying a patrol made by the planning generators. The simulated
 * world built from them (fires, line faults, people to find) is what the drones' cameras photograph.
 */
import type { Polygon } from 'geojson';
import { buildWorld, type World } from '../../hardware/sim/world/build-world.js';
import { CAMERA_PRESETS } from '../../missions/camera.js';
import type { LatLon, Plan } from '../../missions/plan.js';
import { corridorPlan } from '../../missions/patterns/corridor.js';
import { orbitPlan } from '../../missions/patterns/orbit.js';
import { expandingSquarePlan } from '../../missions/patterns/search.js';
import { surveyPlan } from '../../missions/patterns/survey.js';

export const DEMO_CENTER = { lat: 26.6, lon: 106.64 };
/** Ground height of the demo site above mean sea level, m (Guiyang lies on a plateau). */
export const DEMO_GROUND_MSL = 1070;

/** A forest compartment of about 6 ha. */
export const DEMO_FOREST: Polygon = {
  type: 'Polygon',
  coordinates: [[[106.6500, 26.6110], [106.6530, 26.6112], [106.6534, 26.6128], [106.6516, 26.6133], [106.6498, 26.6126], [106.6500, 26.6110]]],
};

/** Six towers of a power line, about 1.4 km. */
export const DEMO_POWER_LINE: LatLon[] = [
  { lat: 26.5900, lon: 106.6220 }, { lat: 26.5918, lon: 106.6245 }, { lat: 26.5935, lon: 106.6270 },
  { lat: 26.5950, lon: 106.6297 }, { lat: 26.5962, lon: 106.6325 }, { lat: 26.5975, lon: 106.6352 },
];

/** Where a person was last seen in the river valley. */
export const DEMO_DATUM: LatLon = { lat: 26.5880, lon: 106.6550 };

/** The search area round the datum, about 300 m square: what the search pattern covers. */
export const DEMO_RESCUE_AREA: Polygon = {
  type: 'Polygon',
  coordinates: [[[106.6535, 26.58665], [106.6565, 26.58665], [106.6565, 26.58935], [106.6535, 26.58935], [106.6535, 26.58665]]],
};

/** Fixed, so the demo has the same fires, faults and people on every run. */
const DEMO_WORLD_SEED = 2024;
let world: World | undefined;

/** The demo site's simulated world (built on first use). */
export function demoWorld(): World {
  world ??= buildWorld({ seed: DEMO_WORLD_SEED, forest: DEMO_FOREST, powerLine: DEMO_POWER_LINE, rescueArea: DEMO_RESCUE_AREA });
  return world;
}

export interface DemoDrone {
  name: string;
  home: LatLon;
  plan(home: LatLon & { altMsl: number }): Plan;
}

const camera = CAMERA_PRESETS['visible-1in-20mp'];

export const DEMO_DRONES: readonly DemoDrone[] = [
  {
    name: 'Forest survey',
    home: { lat: 26.6105, lon: 106.6495 },
    plan: (home) => surveyPlan({ area: DEMO_FOREST, home, camera, altitude: 60, sideOverlap: 0.6, frontOverlap: 0.7, speed: 8 }),
  },
  {
    name: 'Power line patrol',
    home: { lat: 26.5895, lon: 106.6212 },
    plan: (home) => corridorPlan({ towers: DEMO_POWER_LINE, home, camera, lateralOffsetM: 20, heightAboveLineM: 15, towerHeightM: 30, speed: 7 }),
  },
  {
    name: 'River valley search',
    home: { lat: 26.5872, lon: 106.6540 },
    plan: (home) => expandingSquarePlan({ datum: DEMO_DATUM, home, altitude: 50, trackSpacingM: 40, legs: 12, camera, speed: 6 }),
  },
];

/** Drones beyond the three: orbits round points on rings about the site. */
export function extraDemoDrone(i: number, at: LatLon): DemoDrone {
  return { name: `Patrol ${i + 1}`, home: at, plan: (home) => orbitPlan({ center: at, home, radiusM: 120, altitude: 50, photos: 8, camera, speed: 8 }) };
}
