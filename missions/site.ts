/** Where a plan is flown: the altitude limit and the geofences a plan must respect there. */
import type { Polygon } from 'geojson';

/** Altitude limit above take-off when a site sets none (light UAV rule in China). */
export const DEFAULT_ALTITUDE_LIMIT_M = 120;

export interface Geofences {
  /** The vehicle must stay inside every one of these (ArduPilot's default: the intersection). */
  inclusion: Polygon[];
  /** The vehicle must never enter any of these. */
  exclusion: Polygon[];
}

export interface Site {
  /** Metres above take-off; `DEFAULT_ALTITUDE_LIMIT_M` when absent. */
  altitudeLimitM?: number;
  geofences?: Geofences;
}
