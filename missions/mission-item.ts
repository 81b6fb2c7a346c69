/**
 * One MAVLink mission item as the MISSION_ITEM_INT message carries it: plain data shared by the
 * planner (plan → items), the server (validation, REST) and the vehicle microservices (transfer).
 */

/** MAV_MISSION_TYPE: the three lists a vehicle stores, each transferred with the same protocol. */
export type MissionType = 'mission' | 'fence' | 'rally';

export const MISSION_TYPE_ID: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };

export interface MissionItem {
  /** Position in the list, 0-based; on ArduPilot item 0 of a mission is home. */
  seq: number;
  /** MAV_FRAME, e.g. 3 = GLOBAL_RELATIVE_ALT, 0 = GLOBAL (MSL), 2 = MISSION. */
  frame: number;
  /** MAV_CMD, e.g. 16 = NAV_WAYPOINT. */
  command: number;
  current: boolean;
  autocontinue: boolean;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  /** Latitude in degrees × 1e7 (integer) for global frames, else a local x or a plain number. */
  x: number;
  /** Longitude in degrees × 1e7 (integer) for global frames. */
  y: number;
  /** Altitude in metres (in the item's frame). */
  z: number;
}
