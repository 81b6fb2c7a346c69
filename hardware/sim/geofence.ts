/**
 * Geofence as ArduPilot Copter checks it, in the simulator's flat local frame:
 * FENCE_TYPE bits pick the checks — 1 maximum altitude (FENCE_ALT_MAX), 2 a circle of FENCE_RADIUS
 * around home, 4 the uploaded zones (polygons and circles; inside every inclusion zone, outside
 * every exclusion zone), 8 minimum altitude (not modelled: the ground is the floor).
 */
import { common } from 'node-mavlink';
import type { MissionItem } from '../../missions/mission-item.js';
import type { LocalFrame, LocalPoint } from './world.js';

const C = common.MavCmd;

/** FENCE_TYPE bits. */
export const FENCE_TYPE = { ALT_MAX: 1, CIRCLE: 2, POLYGON: 4 } as const;

/** An uploaded zone in local metres. */
export type FenceZone =
  | { kind: 'polygon'; inclusion: boolean; points: LocalPoint[] }
  | { kind: 'circle'; inclusion: boolean; center: LocalPoint; radius: number };

/** What is breached, if anything. */
export type FenceBreach = 'altitude' | 'circle' | 'polygon' | null;

/** Zones from a checked fence list (runs of polygon vertices, circle items). */
export function fenceZones(items: readonly MissionItem[], frame: LocalFrame): FenceZone[] {
  const zones: FenceZone[] = [];
  const at = (it: MissionItem): LocalPoint => frame.toLocal({ lat: it.x / 1e7, lon: it.y / 1e7 });
  for (let i = 0; i < items.length; ) {
    const it = items[i];
    if (it.command === C.NAV_FENCE_POLYGON_VERTEX_INCLUSION || it.command === C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
      const n = Math.max(1, Math.round(it.param1));
      zones.push({ kind: 'polygon', inclusion: it.command === C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, points: items.slice(i, i + n).map(at) });
      i += n;
      continue;
    }
    if (it.command === C.NAV_FENCE_CIRCLE_INCLUSION || it.command === C.NAV_FENCE_CIRCLE_EXCLUSION) {
      zones.push({ kind: 'circle', inclusion: it.command === C.NAV_FENCE_CIRCLE_INCLUSION, center: at(it), radius: it.param1 });
    }
    i++;
  }
  return zones;
}

/** Even-odd ray test: true when `p` lies inside the polygon. */
export function insidePolygon(p: LocalPoint, poly: readonly LocalPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a.north > p.north !== b.north > p.north && p.east < ((b.east - a.east) * (p.north - a.north)) / (b.north - a.north) + a.east) inside = !inside;
  }
  return inside;
}

function insideZone(p: LocalPoint, z: FenceZone): boolean {
  return z.kind === 'polygon' ? insidePolygon(p, z.points) : Math.hypot(p.east - z.center.east, p.north - z.center.north) <= z.radius;
}

/** The checks a vehicle makes against its fence settings. */
export interface FenceSettings {
  /** FENCE_TYPE bits. */
  type: number;
  /** Metres above home. */
  altMax: number;
  /** Metres from home. */
  radius: number;
}

/** The first breach at `p` (`up` metres above home), or null when inside. */
export function fenceBreach(p: LocalPoint, up: number, zones: readonly FenceZone[], s: FenceSettings): FenceBreach {
  if (s.type & FENCE_TYPE.ALT_MAX && up > s.altMax) return 'altitude';
  if (s.type & FENCE_TYPE.CIRCLE && Math.hypot(p.east, p.north) > s.radius) return 'circle';
  if (s.type & FENCE_TYPE.POLYGON) {
    for (const z of zones) if (insideZone(p, z) !== z.inclusion) return 'polygon';
  }
  return null;
}
