/** Patrol loops for the demo's drones as MAVLink missions that repeat forever (DO_JUMP, repeat −1). */
import type { PatrolOptions } from '../../hardware/sim/patrol.js';
import type { MissionItem } from '../../missions/mission-item.js';

const NAV_WAYPOINT = 16;
const NAV_TAKEOFF = 22;
const DO_CHANGE_SPEED = 178;
const DO_JUMP = 177;
const FRAME_GLOBAL = 0;
const FRAME_RELATIVE = 3;
const FRAME_MISSION = 2;
const M_PER_DEG_LAT = 111_320;

function item(seq: number, command: number, frame: number, p: [number, number, number, number], lat = 0, lon = 0, alt = 0): MissionItem {
  return { seq, frame, command, current: false, autocontinue: true, param1: p[0], param2: p[1], param3: p[2], param4: p[3], x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: alt };
}

/** Corner points of the patrol loop: a circle as 12 points, a racetrack as two straights and two ends. */
export function loopPoints(p: PatrolOptions): { lat: number; lon: number }[] {
  const mLon = M_PER_DEG_LAT * Math.cos((p.center.lat * Math.PI) / 180);
  const axis = (((p.axis ?? 90) * Math.PI) / 180);
  const at = (east: number, north: number) => ({ lat: p.center.lat + north / M_PER_DEG_LAT, lon: p.center.lon + east / mLon });
  const pts: { lat: number; lon: number }[] = [];
  if (p.shape === 'racetrack') {
    // Long axis along `axis` (bearing), half-length `radius`, width a third of it.
    const half = p.radius;
    const w = p.radius / 3;
    const ax = { e: Math.sin(axis), n: Math.cos(axis) };
    const side = { e: ax.n, n: -ax.e };
    for (const [along, across] of [[-half, -w], [half, -w], [half + w * 0.7, 0], [half, w], [-half, w], [-half - w * 0.7, 0]]) {
      pts.push(at(ax.e * along + side.e * across, ax.n * along + side.n * across));
    }
  } else {
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * 2 * Math.PI;
      pts.push(at(Math.sin(a) * p.radius, Math.cos(a) * p.radius));
    }
  }
  return pts;
}

/** Home, take-off, cruise speed, the loop, and a jump back to the loop's start forever. */
export function patrolMission(home: { lat: number; lon: number; altMsl: number }, p: PatrolOptions): MissionItem[] {
  const items: MissionItem[] = [item(0, NAV_WAYPOINT, FRAME_GLOBAL, [0, 0, 0, 0], home.lat, home.lon, home.altMsl)];
  items.push(item(1, NAV_TAKEOFF, FRAME_RELATIVE, [0, 0, 0, NaN], home.lat, home.lon, p.altitude));
  items.push(item(2, DO_CHANGE_SPEED, FRAME_MISSION, [1, p.speed ?? 8, -1, 0]));
  const loopStart = items.length;
  for (const pt of loopPoints(p)) items.push(item(items.length, NAV_WAYPOINT, FRAME_RELATIVE, [0, 0, 0, NaN], pt.lat, pt.lon, p.altitude));
  items.push(item(items.length, DO_JUMP, FRAME_MISSION, [loopStart, -1, 0, 0]));
  return items;
}
