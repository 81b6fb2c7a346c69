/** Checks a list of items before any of it goes on the wire, so a bad list fails whole and at once. */
import type { MissionItem } from '../../../missions/mission-item.js';
import { isGlobalFrame } from './mission-messages.js';

/** The first thing wrong with a list: the item's index (null for the list itself) and what is wrong. */
export interface ItemProblem {
  index: number | null;
  message: string;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const LAT_E7 = 900_000_000;
const LON_E7 = 1_800_000_000;
/** MISSION_COUNT.count is a uint16. */
export const MAX_ITEMS = 0xffff;

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** NaN is MAVLink's "no value" for params 1–4 (e.g. a take-off's yaw); infinities reach no vehicle. */
function isParam(v: unknown): boolean {
  return typeof v === 'number' && !(v === Infinity || v === -Infinity);
}

function checkXY(item: MissionItem, axis: 'x' | 'y'): string | null {
  const v: unknown = item[axis];
  const global = isGlobalFrame(item.frame);
  const name = global ? `${axis} (${axis === 'x' ? 'latitude' : 'longitude'})` : axis;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} must be a finite number, not ${String(v)}`;
  if (global) {
    const limit = axis === 'x' ? LAT_E7 : LON_E7;
    if (!Number.isInteger(v)) return `${name} ${v} is not an integer: global frames carry degrees × 1e7 (use degE7())`;
    if (Math.abs(v) > limit) return `${name} ${v} is outside ±${limit} (degrees × 1e7)`;
    return null;
  }
  if (!isIntIn(v, INT32_MIN, INT32_MAX)) return `${name} ${v} is not a 32-bit integer (MISSION_ITEM_INT carries x and y as int32)`;
  return null;
}

function checkItem(item: MissionItem, index: number): string | null {
  if (typeof item !== 'object' || item === null) return 'is not an item';
  if (item.seq !== index) return `seq is ${String(item.seq)}; items must be numbered 0, 1, 2 … in order`;
  if (!isIntIn(item.frame, 0, 0xff)) return `frame ${String(item.frame)} is not a MAV_FRAME number (0–255)`;
  if (!isIntIn(item.command, 0, 0xffff)) return `command ${String(item.command)} is not a MAV_CMD number (0–65535)`;
  if (typeof item.current !== 'boolean') return 'current must be true or false';
  if (typeof item.autocontinue !== 'boolean') return 'autocontinue must be true or false';
  for (const p of ['param1', 'param2', 'param3', 'param4'] as const) {
    if (!isParam(item[p])) return `${p} must be a finite number or NaN, not ${String(item[p])}`;
  }
  const xy = checkXY(item, 'x') ?? checkXY(item, 'y');
  if (xy !== null) return xy;
  if (typeof item.z !== 'number' || !Number.isFinite(item.z)) return `z (altitude) must be a finite number, not ${String(item.z)}`;
  return null;
}

/** The first problem in `items`, or null when the whole list can be sent as MISSION_ITEM_INT. */
export function checkMissionItems(items: readonly MissionItem[]): ItemProblem | null {
  if (!Array.isArray(items)) return { index: null, message: 'items must be an array' };
  if (items.length > MAX_ITEMS) return { index: null, message: `${items.length} items is more than the protocol's ${MAX_ITEMS}` };
  for (let i = 0; i < items.length; i++) {
    const problem = checkItem(items[i], i);
    if (problem !== null) return { index: i, message: `item ${i}: ${problem}` };
  }
  return null;
}
