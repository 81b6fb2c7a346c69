/**
 * A patrol plan: what the generators produce, the validator checks, the formats read and write, and
 * `planToItems` turns into a MAVLink mission. Plain data, browser-safe.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** Altitudes in plans are metres above take-off (home) unless a step says otherwise. */
export type PlanStep =
  | { kind: 'takeoff'; altitude: number }
  | { kind: 'waypoint'; at: LatLon; altitude: number; holdS?: number; acceptRadiusM?: number }
  | { kind: 'speed'; speed: number }
  /** Trigger the camera every `distanceM` metres travelled; 0 stops triggering. */
  | { kind: 'camera-distance'; distanceM: number }
  /** One photo now. */
  | { kind: 'photo' }
  /** Point the vehicle (and camera) at a location until `roi-none`. */
  | { kind: 'roi'; at: LatLon; altitude: number }
  | { kind: 'roi-none' }
  /** Turn to a heading, degrees clockwise from north. */
  | { kind: 'yaw'; heading: number }
  /** Camera gimbal pitch (degrees, −90 = straight down) and yaw relative to the nose. */
  | { kind: 'gimbal'; pitch: number; yaw?: number }
  | { kind: 'loiter-time'; at: LatLon; altitude: number; seconds: number }
  /** Circle `turns` times at `radiusM` (positive clockwise). */
  | { kind: 'loiter-turns'; at: LatLon; altitude: number; turns: number; radiusM: number }
  | { kind: 'land'; at: LatLon }
  | { kind: 'rtl' };

export type PatternKind = 'survey' | 'corridor' | 'search' | 'orbit' | 'waypoints';

/** Where a photo is expected to be taken, for preview, coverage checks and photo counts. */
export interface PhotoPoint extends LatLon {
  altitude: number;
  /** Heading of the vehicle (degrees) when the photo is taken, for the footprint's orientation. */
  heading: number;
}

export interface Plan {
  pattern: PatternKind;
  /** Home / take-off point; `altMsl` when known. */
  home: LatLon & { altMsl?: number };
  steps: PlanStep[];
  /** Expected photo positions (empty when the plan takes none). */
  photos: PhotoPoint[];
  /** Square metres the pattern covers (survey area, corridor swath, search area), when it has one. */
  areaM2?: number;
  /** The settings the generator was called with, kept so a plan can be edited and regenerated. */
  settings?: Record<string, unknown>;
}
