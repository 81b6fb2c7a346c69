/** The mission protocol's messages: ids, outgoing builders, and items in and out of the wire form. */
import { common } from 'node-mavlink';
import { MISSION_TYPE_ID } from '../../../missions/mission-item.js';
import type { MissionItem, MissionType } from '../../../missions/mission-item.js';
import { message } from '../../mavlink/messages.js';

/** Message ids of the mission transfer protocol (stable across dialect versions); progress ids are in `mission-progress.ts`. */
export const MISSION_MSG = {
  MISSION_ITEM: 39,
  MISSION_REQUEST: 40,
  MISSION_REQUEST_LIST: 43,
  MISSION_COUNT: 44,
  MISSION_CLEAR_ALL: 45,
  MISSION_ACK: 47,
  MISSION_REQUEST_INT: 51,
  MISSION_ITEM_INT: 73,
} as const;

/** MAV_MISSION_RESULT values the transfer sends or treats specially. */
export const MISSION_RESULT = { ACCEPTED: 0, ERROR: 1, INVALID_SEQUENCE: 13, OPERATION_CANCELLED: 15 } as const;

/** Frames whose x/y are latitude/longitude in degrees × 1e7 in MISSION_ITEM_INT. */
const GLOBAL_FRAMES: ReadonlySet<number> = new Set([0, 3, 5, 6, 10, 11]);
/** Frames whose x/y are metres × 1e4 in MISSION_ITEM_INT (and plain metres in legacy MISSION_ITEM). */
const LOCAL_FRAMES: ReadonlySet<number> = new Set([1, 4, 7, 8, 9, 12, 20, 21]);

export function isGlobalFrame(frame: number): boolean {
  return GLOBAL_FRAMES.has(frame);
}

const TYPE_BY_ID: readonly MissionType[] = ['mission', 'fence', 'rally'];

/** MAV_MISSION_TYPE number → our name, or null for ALL (255) and unknown values. */
export function missionTypeOf(id: number): MissionType | null {
  return TYPE_BY_ID[id] ?? null;
}

/** Who a message goes to. */
export interface Target {
  targetSystem: number;
  targetComponent: number;
}

export function missionCount(to: Target, type: MissionType, count: number): common.MissionCount {
  return message(common.MissionCount, { ...to, count, missionType: MISSION_TYPE_ID[type] });
}

export function missionRequestList(to: Target, type: MissionType): common.MissionRequestList {
  return message(common.MissionRequestList, { ...to, missionType: MISSION_TYPE_ID[type] });
}

export function missionRequestInt(to: Target, type: MissionType, seq: number): common.MissionRequestInt {
  return message(common.MissionRequestInt, { ...to, seq, missionType: MISSION_TYPE_ID[type] });
}

export function missionClearAll(to: Target, type: MissionType): common.MissionClearAll {
  return message(common.MissionClearAll, { ...to, missionType: MISSION_TYPE_ID[type] });
}

export function missionAck(to: Target, type: MissionType, result: number): common.MissionAck {
  return message(common.MissionAck, { ...to, type: result, missionType: MISSION_TYPE_ID[type] });
}

/** MISSION_ITEM_INT for one item (validate first: the builder throws a RangeError on bad wire values). */
export function missionItemInt(to: Target, type: MissionType, item: MissionItem): common.MissionItemInt {
  return message(common.MissionItemInt, {
    ...to,
    seq: item.seq,
    frame: item.frame,
    command: item.command,
    current: item.current ? 1 : 0,
    autocontinue: item.autocontinue ? 1 : 0,
    param1: item.param1,
    param2: item.param2,
    param3: item.param3,
    param4: item.param4,
    x: item.x,
    y: item.y,
    z: item.z,
    missionType: MISSION_TYPE_ID[type],
  });
}

/** The item a MISSION_ITEM_INT carries. */
export function itemFromInt(m: common.MissionItemInt): MissionItem {
  return {
    seq: m.seq,
    frame: m.frame as number,
    command: m.command as number,
    current: m.current !== 0,
    autocontinue: m.autocontinue !== 0,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: m.x,
    y: m.y,
    z: m.z,
  };
}

/**
 * The item a legacy MISSION_ITEM carries, with x/y scaled as MISSION_ITEM_INT would carry them:
 * degrees → degrees × 1e7 for global frames, metres → metres × 1e4 for local ones, rounded otherwise.
 * The legacy floats are float32, so positions come with about a metre of resolution.
 */
export function itemFromLegacy(m: common.MissionItem): MissionItem {
  const frame = m.frame as number;
  const scale = GLOBAL_FRAMES.has(frame) ? 1e7 : LOCAL_FRAMES.has(frame) ? 1e4 : 1;
  return {
    seq: m.seq,
    frame,
    command: m.command as number,
    current: m.current !== 0,
    autocontinue: m.autocontinue !== 0,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: Math.round(m.x * scale),
    y: Math.round(m.y * scale),
    z: m.z,
  };
}
