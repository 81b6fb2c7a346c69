/**
 * The path a vehicle's stored mission flies, from the items it holds: the positions of its
 * navigation items in order (a return-to-launch goes back to home, item 0 on ArduPilot), with the
 * distance along the path to each. Pure.
 */
import type { FeatureCollection } from 'geojson';
import type { MissionItem } from '../../missions/mission-item.js';
import { isGlobalFrame } from '../../missions/formats/item-position.js';

/** MAV_CMDs that fly to the item's position. */
const NAV_TO_POSITION: ReadonlySet<number> = new Set([
  16, // NAV_WAYPOINT
  17, // NAV_LOITER_UNLIM
  18, // NAV_LOITER_TURNS
  19, // NAV_LOITER_TIME
  21, // NAV_LAND (0, 0 means "here")
  22, // NAV_TAKEOFF (0, 0 means "here")
  31, // NAV_LOITER_TO_ALT
  82, // NAV_SPLINE_WAYPOINT
]);
const NAV_RETURN_TO_LAUNCH = 20;

/** One point of the path: the item that flies to it, its position and the distance flown to reach it. */
export interface PathPoint {
  seq: number;
  lat: number;
  lon: number;
  /** Metres along the path from its first point. */
  along: number;
}

export interface PlannedPath {
  points: PathPoint[];
  /** Whole length, metres. */
  length: number;
}

const R = 6_371_008.8;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The path of a mission list; items without a position (speed, camera, jumps) add nothing. */
export function plannedPath(items: readonly MissionItem[]): PlannedPath {
  const sorted = [...items].sort((a, b) => a.seq - b.seq);
  const home = sorted.find((i) => i.seq === 0 && isGlobalFrame(i.frame) && (i.x !== 0 || i.y !== 0));
  const points: PathPoint[] = [];
  let along = 0;
  const add = (seq: number, lat: number, lon: number): void => {
    const previous = points[points.length - 1];
    if (previous) along += metresBetween(previous, { lat, lon });
    points.push({ seq, lat, lon, along });
  };
  for (const item of sorted) {
    if (item.command === NAV_RETURN_TO_LAUNCH) {
      if (home) add(item.seq, home.x / 1e7, home.y / 1e7);
      continue;
    }
    if (!NAV_TO_POSITION.has(item.command) || !isGlobalFrame(item.frame) || (item.x === 0 && item.y === 0)) continue;
    add(item.seq, item.x / 1e7, item.y / 1e7);
  }
  return { points, length: along };
}

/** The path as map features: one line and a point per item position. */
export function plannedPathFeatures(path: PlannedPath | null): FeatureCollection {
  if (!path || path.points.length === 0) return { type: 'FeatureCollection', features: [] };
  const coordinates = path.points.map((p) => [p.lon, p.lat]);
  return {
    type: 'FeatureCollection',
    features: [
      ...(coordinates.length > 1 ? [{ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates }, properties: {} }] : []),
      ...path.points.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] }, properties: { seq: p.seq } })),
    ],
  };
}
