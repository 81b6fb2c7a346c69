/**
 * What the simulated autopilot stores: the mission, the geofence and the rally points, each a list
 * of MISSION_ITEM_INT-shaped items, plus the checks an item must pass to be accepted.
 *
 * ArduPilot conventions: mission item 0 is home, always present (a vehicle with no mission reports
 * a count of 1) and overwritten with the current home whatever was uploaded there. Fence and rally
 * lists have no home item.
 */
import { common } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../missions/mission-item.js';
import type { Home } from './world.js';

const C = common.MavCmd;
const FR = common.MavFrame;
const R = common.MavMissionResult;

/** MAV_MISSION_TYPE numbers, and the ALL value MISSION_CLEAR_ALL may carry. */
export const MISSION_TYPE_NUM: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };
export const MISSION_TYPE_ALL = 255;

/** The MissionType for a MAV_MISSION_TYPE number, or null for one we do not store. */
export function missionTypeOf(n: number): MissionType | null {
  return n === 0 ? 'mission' : n === 1 ? 'fence' : n === 2 ? 'rally' : null;
}

/** Mission commands the executor flies or accepts (ArduPilot Copter's usual set). */
export const MISSION_COMMANDS: ReadonlySet<number> = new Set([
  C.NAV_WAYPOINT, C.NAV_LOITER_UNLIM, C.NAV_LOITER_TURNS, C.NAV_LOITER_TIME, C.NAV_RETURN_TO_LAUNCH, C.NAV_LAND,
  C.NAV_TAKEOFF, C.CONDITION_DELAY, C.CONDITION_YAW, C.DO_JUMP, C.DO_CHANGE_SPEED, C.DO_SET_SERVO,
  C.DO_SET_ROI_LOCATION, C.DO_SET_ROI_NONE, C.DO_SET_ROI, C.DO_DIGICAM_CONTROL, C.DO_SET_CAM_TRIGG_DIST,
  C.DO_MOUNT_CONTROL, C.DO_GIMBAL_MANAGER_PITCHYAW,
]);
const FENCE_COMMANDS: ReadonlySet<number> = new Set([
  C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION, C.NAV_FENCE_CIRCLE_INCLUSION, C.NAV_FENCE_CIRCLE_EXCLUSION,
]);
const RALLY_COMMANDS: ReadonlySet<number> = new Set([C.NAV_RALLY_POINT]);

/** Commands whose x/y are a position, so their frame must be a global one. */
const POSITIONED: ReadonlySet<number> = new Set([
  C.NAV_WAYPOINT, C.NAV_LOITER_UNLIM, C.NAV_LOITER_TURNS, C.NAV_LOITER_TIME, C.NAV_LAND, C.NAV_TAKEOFF,
  C.DO_SET_ROI_LOCATION, C.DO_SET_ROI, ...FENCE_COMMANDS, ...RALLY_COMMANDS,
]);
/** Global frames; terrain frames count as relative, the simulated ground being flat at home. */
const GLOBAL_FRAMES: ReadonlySet<number> = new Set([
  FR.GLOBAL, FR.GLOBAL_RELATIVE_ALT, FR.GLOBAL_INT, FR.GLOBAL_RELATIVE_ALT_INT, FR.GLOBAL_TERRAIN_ALT, FR.GLOBAL_TERRAIN_ALT_INT,
]);

/** Altitude of `item` in metres above home. */
export function altitudeAboveHome(item: Pick<MissionItem, 'frame' | 'z'>, home: Home): number {
  return item.frame === FR.GLOBAL || item.frame === FR.GLOBAL_INT ? item.z - home.altMsl : item.z;
}

/** True when the item carries a position (lat/lon not both zero, which ArduPilot reads as "here"). */
export function hasPosition(item: Pick<MissionItem, 'x' | 'y'>): boolean {
  return item.x !== 0 || item.y !== 0;
}

/** MAV_MISSION_RESULT for one uploaded item of list `type` (ACCEPTED when it is fine). */
export function checkItem(type: MissionType, item: MissionItem): number {
  if (type === 'mission' && item.seq === 0) return R.ACCEPTED; // home: overwritten anyway
  const allowed = type === 'mission' ? MISSION_COMMANDS : type === 'fence' ? FENCE_COMMANDS : RALLY_COMMANDS;
  if (!allowed.has(item.command)) return R.UNSUPPORTED;
  const values = [item.param1, item.param2, item.param3, item.param4, item.z];
  if (!values.every((v) => Number.isFinite(v) || Number.isNaN(v))) return R.INVALID;
  if (POSITIONED.has(item.command) && hasPosition(item)) {
    if (!GLOBAL_FRAMES.has(item.frame)) return R.UNSUPPORTED_FRAME;
    if (!Number.isInteger(item.x) || Math.abs(item.x) > 90e7) return R.INVALID_PARAM5_X;
    if (!Number.isInteger(item.y) || Math.abs(item.y) > 180e7) return R.INVALID_PARAM6_Y;
  }
  if (item.command === C.NAV_TAKEOFF && !(item.z >= 0)) return R.INVALID_PARAM7;
  if (item.command === C.DO_JUMP && !(Number.isInteger(item.param1) && item.param1 >= 0)) return R.INVALID_PARAM1;
  if ((item.command === C.NAV_FENCE_CIRCLE_INCLUSION || item.command === C.NAV_FENCE_CIRCLE_EXCLUSION) && !(item.param1 > 0)) return R.INVALID_PARAM1;
  return R.ACCEPTED;
}

/** MAV_MISSION_RESULT for a whole list, checked once every item is in (jump targets, polygons). */
export function checkList(type: MissionType, items: readonly MissionItem[]): number {
  if (type === 'mission') {
    for (const it of items) if (it.command === C.DO_JUMP && it.seq !== 0 && it.param1 >= items.length) return R.INVALID_PARAM1;
  }
  if (type === 'fence') {
    // Polygon vertices come in runs of the same command, each run as long as its param1 says.
    for (let i = 0; i < items.length; ) {
      const it = items[i];
      if (it.command !== C.NAV_FENCE_POLYGON_VERTEX_INCLUSION && it.command !== C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
        i++;
        continue;
      }
      const n = Math.round(it.param1);
      if (n < 3 || i + n > items.length) return R.INVALID_PARAM1;
      for (let k = i; k < i + n; k++) if (items[k].command !== it.command || Math.round(items[k].param1) !== n) return R.INVALID_PARAM1;
      i += n;
    }
  }
  return R.ACCEPTED;
}

/** Home as mission item 0: a waypoint in the GLOBAL frame, altitude above mean sea level. */
export function homeItem(home: Home): MissionItem {
  return {
    seq: 0, frame: FR.GLOBAL, command: C.NAV_WAYPOINT, current: false, autocontinue: true,
    param1: 0, param2: 0, param3: 0, param4: 0,
    x: Math.round(home.lat * 1e7), y: Math.round(home.lon * 1e7), z: home.altMsl,
  };
}

export class MissionStore {
  private readonly lists: Record<MissionType, MissionItem[]> = { mission: [], fence: [], rally: [] };
  private readonly listeners: ((type: MissionType) => void)[] = [];

  constructor(private readonly home: () => Home) {}

  /** The list as a ground station downloads it (mission: home first, always at least home). */
  items(type: MissionType): readonly MissionItem[] {
    const list = this.lists[type];
    if (type !== 'mission') return list;
    if (list.length === 0) return [homeItem(this.home())];
    list[0] = homeItem(this.home());
    return list;
  }

  count(type: MissionType): number {
    return type === 'mission' ? Math.max(1, this.lists.mission.length) : this.lists[type].length;
  }

  /** Mission items after home; 0 when there is no mission. */
  get missionLength(): number {
    return Math.max(0, this.lists.mission.length - 1);
  }

  /** Replaces a whole list (already checked), renumbered in order. */
  replace(type: MissionType, items: readonly MissionItem[]): void {
    this.lists[type] = items.map((it, seq) => ({ ...it, seq }));
    if (type === 'mission' && this.lists.mission.length > 0) this.lists.mission[0] = homeItem(this.home());
    for (const fn of this.listeners) fn(type);
  }

  clear(type: MissionType): void {
    this.replace(type, []);
  }

  /** Calls `fn` after every change of a list. */
  onChange(fn: (type: MissionType) => void): void {
    this.listeners.push(fn);
  }
}
