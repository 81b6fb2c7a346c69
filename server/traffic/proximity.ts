/**
 * Proximity of aircraft to drones: an aircraft within 1 km horizontally and 300 m vertically of a
 * drone is a warning. An aircraft reporting no altitude is judged on distance alone (the safe
 * side). A warning ends only beyond 1.1× either limit, so a pass along the boundary does not flap.
 */
import { distance } from '@turf/distance';

export const ALERT_HORIZONTAL_M = 1000;
export const ALERT_VERTICAL_M = 300;
/** A warning holds until the aircraft is this much beyond a limit. */
export const CLEAR_FACTOR = 1.1;

export interface Position3d {
  lat: number;
  lon: number;
  /** Metres above mean sea level; null when unknown. */
  altMsl: number | null;
}

export interface Separation {
  /** Horizontal, m. */
  horizontalM: number;
  /** Aircraft above the drone (negative: below), m; null when either altitude is unknown. */
  verticalM: number | null;
}

/** Metres per degree of latitude, for a cheap first cut before the exact distance. */
const M_PER_DEG = 111_320;

/** Separation of `aircraft` from `drone`. */
export function separation(aircraft: Position3d, drone: Position3d): Separation {
  const horizontalM = distance([drone.lon, drone.lat], [aircraft.lon, aircraft.lat], { units: 'meters' });
  const verticalM = aircraft.altMsl === null || drone.altMsl === null ? null : aircraft.altMsl - drone.altMsl;
  return { horizontalM, verticalM };
}

/** True when a separation is within the limits scaled by `factor` (1 to raise, {@link CLEAR_FACTOR} to hold). */
export function within(s: Separation, factor = 1): boolean {
  return s.horizontalM <= ALERT_HORIZONTAL_M * factor && (s.verticalM === null || Math.abs(s.verticalM) <= ALERT_VERTICAL_M * factor);
}

/** False when the two are certainly further apart in latitude than any warning reaches (skips the exact maths). */
export function mayBeNear(a: Position3d, b: Position3d): boolean {
  return Math.abs(a.lat - b.lat) * M_PER_DEG <= ALERT_HORIZONTAL_M * CLEAR_FACTOR;
}
