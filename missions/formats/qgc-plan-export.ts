/**
 * MAVLink mission items → a QGroundControl `.plan` file (JSON, version 1) that QGroundControl opens
 * and `parseQgcPlan` reads back to the same items.
 */
import type { MissionItem } from '../mission-item.js';
import type { LatLon } from '../plan.js';
import { xyToFileValue } from './item-position.js';
import {
  FENCE_CIRCLE_EXCLUSION, FENCE_CIRCLE_INCLUSION, FENCE_POLYGON_EXCLUSION, FENCE_POLYGON_INCLUSION,
  MAV_CMD_NAV_WAYPOINT, NAV_RALLY_POINT,
} from './qgc-plan.js';

/** MAV_AUTOPILOT_ARDUPILOTMEGA and MAV_TYPE_QUADROTOR: the fleet's usual vehicle. */
const DEFAULT_FIRMWARE_TYPE = 3;
const DEFAULT_VEHICLE_TYPE = 2;
/** QGroundControl's own defaults (m/s), used for its time estimates. */
const DEFAULT_CRUISE_SPEED = 15;
const DEFAULT_HOVER_SPEED = 5;

export interface QgcPlanExport {
  /** The vehicle's mission list: item 0 is home (replaced by `home` in the file), the rest are written in order. */
  mission: MissionItem[];
  /** Fence items: polygons as runs of `param1` vertices (5001/5002), circles (5003/5004) with radius `param1`. */
  fence?: MissionItem[];
  /** Rally points (5100); altitude `z` above home. */
  rally?: MissionItem[];
  /** Planned home; `altMsl` defaults to 0. */
  home: LatLon & { altMsl?: number };
  cruiseSpeed?: number;
  hoverSpeed?: number;
  /** MAV_TYPE; default 2 (quadrotor). */
  vehicleType?: number;
  /** MAV_AUTOPILOT; default 3 (ArduPilot). */
  firmwareType?: number;
}

/** QGroundControl writes `null` where MAVLink has NaN ("no change"). */
const json = (v: number): number | null => (Number.isFinite(v) ? v : null);

const lat = (it: MissionItem): number => xyToFileValue(it.frame, it.x);
const lon = (it: MissionItem): number => xyToFileValue(it.frame, it.y);

function simpleItem(it: MissionItem, seq: number): object {
  return {
    autoContinue: it.autocontinue,
    command: it.command,
    // QGroundControl numbers items by their sequence (home is 0); DO_JUMP's param1 refers to it.
    doJumpId: seq,
    frame: it.frame,
    params: [it.param1, it.param2, it.param3, it.param4, lat(it), lon(it), it.z].map(json),
    type: 'SimpleItem',
  };
}

function geoFence(fence: readonly MissionItem[]): { polygons: object[]; circles: object[] } {
  const polygons: object[] = [];
  const circles: object[] = [];
  for (let i = 0; i < fence.length;) {
    const it = fence[i];
    if (it.command === FENCE_POLYGON_INCLUSION || it.command === FENCE_POLYGON_EXCLUSION) {
      const count = it.param1;
      const run = fence.slice(i, i + count);
      if (!Number.isInteger(count) || count < 3 || run.length < count || run.some((v) => v.command !== it.command || v.param1 !== count)) {
        throw new RangeError(`fence item ${i}: a polygon needs param1 = its vertex count (3 or more) on that many consecutive items of command ${it.command}`);
      }
      polygons.push({ inclusion: it.command === FENCE_POLYGON_INCLUSION, polygon: run.map((v) => [lat(v), lon(v)]), version: 1 });
      i += count;
    } else if (it.command === FENCE_CIRCLE_INCLUSION || it.command === FENCE_CIRCLE_EXCLUSION) {
      if (!(it.param1 > 0)) throw new RangeError(`fence item ${i}: a circle needs a positive radius in param1, got ${it.param1}`);
      circles.push({ circle: { center: [lat(it), lon(it)], radius: it.param1 }, inclusion: it.command === FENCE_CIRCLE_INCLUSION, version: 1 });
      i += 1;
    } else {
      throw new RangeError(`fence item ${i}: command ${it.command} has no place in a .plan geofence (polygons 5001/5002, circles 5003/5004)`);
    }
  }
  return { polygons, circles };
}

/**
 * Writes a `.plan` file. Item 0 of `mission` must be home (NAV_WAYPOINT), as every mission list here
 * has it; a fence is written as polygons then circles, so `parseQgcPlan` gives fence items back in
 * that order. Throws a RangeError for lists that cannot be written (not for user files: they come in
 * through the parsers).
 */
export function exportQgcPlan(x: QgcPlanExport): string {
  const [first, ...rest] = x.mission;
  if (first && first.command !== MAV_CMD_NAV_WAYPOINT) {
    throw new RangeError(`mission item 0 must be home (command ${MAV_CMD_NAV_WAYPOINT}), got command ${first.command}: add home at the start of the list`);
  }
  const rally = (x.rally ?? []).map((it, i) => {
    if (it.command !== NAV_RALLY_POINT) throw new RangeError(`rally item ${i}: command ${it.command} is not a rally point (${NAV_RALLY_POINT})`);
    return [lat(it), lon(it), it.z];
  });
  const plan = {
    fileType: 'Plan',
    geoFence: { ...geoFence(x.fence ?? []), version: 2 },
    groundStation: 'drone-fleet-inspection',
    mission: {
      cruiseSpeed: x.cruiseSpeed ?? DEFAULT_CRUISE_SPEED,
      firmwareType: x.firmwareType ?? DEFAULT_FIRMWARE_TYPE,
      hoverSpeed: x.hoverSpeed ?? DEFAULT_HOVER_SPEED,
      items: rest.map((it, i) => simpleItem(it, i + 1)),
      plannedHomePosition: [x.home.lat, x.home.lon, x.home.altMsl ?? 0],
      vehicleType: x.vehicleType ?? DEFAULT_VEHICLE_TYPE,
      version: 2,
    },
    rallyPoints: { points: rally, version: 2 },
    version: 1,
  };
  return `${JSON.stringify(plan, null, 4)}\n`;
}
