/**
 * Live mission progress from the vehicle's MISSION_CURRENT and MISSION_ITEM_REACHED, reduced into
 * `VehicleTelemetry.mission` in place. Each function returns true when a shown field changed.
 */
import type { common } from 'node-mavlink';
import type { VehicleTelemetry } from './telemetry.js';

export type MissionProgressState = VehicleTelemetry['mission'];

/** Message ids this module reduces. */
export const MISSION_PROGRESS_MSG = { MISSION_CURRENT: 42, MISSION_ITEM_REACHED: 46 } as const;

/** MISSION_STATE names by value. */
export const MISSION_STATE_NAMES = ['unknown', 'no_mission', 'not_started', 'active', 'paused', 'complete'] as const;

/** MISSION_CURRENT.total: 0 means the vehicle does not report it, UINT16_MAX means it has no mission. */
const TOTAL_UNSUPPORTED = 0;
const TOTAL_NO_MISSION = 0xffff;

/** Lower-case MISSION_STATE name, or `state(n)` for a value this dialect does not know. */
export function missionStateName(state: number): string {
  return MISSION_STATE_NAMES[state] ?? `state(${state})`;
}

/**
 * MISSION_CURRENT: the item being flown, the mission's size and (newer autopilots) its state.
 * `total` 0 and `mission_state` 0 mean "not reported" and leave the known value alone
 * (older autopilots, and MAVLink 1, never fill these extensions).
 */
export function reduceMissionCurrent(m: MissionProgressState, d: common.MissionCurrent): boolean {
  let changed = false;
  if (m.current !== d.seq) {
    m.current = d.seq;
    changed = true;
  }
  const total = d.total ?? TOTAL_UNSUPPORTED;
  if (total !== TOTAL_UNSUPPORTED) {
    const count = total === TOTAL_NO_MISSION ? 0 : total;
    if (m.count !== count) {
      m.count = count;
      changed = true;
    }
  }
  const raw = (d.missionState ?? 0) as number;
  if (raw !== 0) {
    const state = missionStateName(raw);
    if (m.state !== state) {
      m.state = state;
      changed = true;
    }
  }
  return changed;
}

/** MISSION_ITEM_REACHED: the item the vehicle just reached. */
export function reduceMissionItemReached(m: MissionProgressState, d: common.MissionItemReached): boolean {
  if (m.lastReached === d.seq) return false;
  m.lastReached = d.seq;
  return true;
}

/** Records the item count of a mission just uploaded or downloaded (until MISSION_CURRENT says otherwise). */
export function setMissionCount(m: MissionProgressState, count: number): boolean {
  if (m.count === count) return false;
  m.count = count;
  return true;
}
