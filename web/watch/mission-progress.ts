/**
 * How far a vehicle is through its mission: the item it flies, percent done and time to go.
 * With the mission's path known, by distance along it; otherwise by item count. Pure.
 */
import type { VehicleDTO } from '../../server/protocol.js';
import type { Translate } from '../i18n/translate.js';
import { metresBetween, type PlannedPath } from './planned-path.js';

/** Below this ground speed, m/s, no time to go is guessed (hovering, paused). */
const MIN_SPEED_FOR_ETA = 1;

export interface MissionProgress {
  /** Item being flown and items in the mission, as the vehicle reports them. */
  current: number | null;
  count: number | null;
  /** 0–100, or null when unknown. */
  percent: number | null;
  /** Metres still to fly along the path, when the path is known. */
  remainingM: number | null;
  /** Seconds to go at the present ground speed. */
  etaS: number | null;
  /** MISSION_STATE name (active, paused, complete …), when reported. */
  state: string | null;
}

const clampPercent = (p: number): number => Math.max(0, Math.min(100, p));

export function missionProgress(v: Pick<VehicleDTO, 'mission' | 'position' | 'groundSpeed'>, path: PlannedPath | null): MissionProgress {
  const { current, count, state } = v.mission;
  const base: MissionProgress = { current, count, percent: null, remainingM: null, etaS: null, state };
  if (current === null || count === null || count === 0) return base;
  // MISSION_CURRENT's total leaves out a home item 0, so on ArduPilot the last item has seq == total.
  if (state === 'complete' || current > count) return { ...base, percent: 100, remainingM: 0, etaS: 0 };

  const next = path?.points.findIndex((p) => p.seq >= current) ?? -1;
  if (path && path.length > 0 && next >= 0 && v.position) {
    const target = path.points[next];
    const toTarget = metresBetween(v.position, target);
    const remainingM = toTarget + (path.length - target.along);
    // Never report going backwards because the vehicle strays off the line.
    const percent = clampPercent(100 * (1 - remainingM / Math.max(path.length, remainingM)));
    const speed = v.groundSpeed ?? 0;
    return { ...base, percent, remainingM, etaS: speed >= MIN_SPEED_FOR_ETA ? remainingM / speed : null };
  }
  // By items: flying item k means the ones before it are done (ArduPilot's item 0 is home, not flown).
  return { ...base, percent: clampPercent((100 * Math.max(0, current - 1)) / count) };
}

/** "45 s", "6 min 20 s", "1 h 05 min" for a time to go. */
export function formatDuration(seconds: number, t: Translate): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('watch.duration.s', { s });
  if (s < 3600) return t('watch.duration.min', { m: Math.floor(s / 60), s: s % 60 });
  return t('watch.duration.h', { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}
