/**
 * Compares the mission a vehicle holds (downloaded after an upload) with the plan's items. Item 0
 * is home, which the autopilot replaces with its own, so it is not compared. Parameters and
 * altitude travel as float32 and positions as degrees × 1e7, so they are compared as the wire
 * carries them. Pure.
 */
import type { MissionItem } from '../../missions/mission-item.js';

export interface ItemDifference {
  seq: number;
  /** Field names that differ, e.g. ['command'] or ['param1', 'z']; ['missing'] or ['extra'] for count mismatches. */
  fields: string[];
}

export interface MissionComparison {
  plannedCount: number;
  vehicleCount: number;
  matches: boolean;
  differences: ItemDifference[];
}

const FLOAT_FIELDS = ['param1', 'param2', 'param3', 'param4', 'z'] as const;

/** Equal as float32, with NaN equal to NaN ("unchanged" in MAVLink). */
function sameFloat(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.fround(a) === Math.fround(b);
}

function itemFields(planned: MissionItem, held: MissionItem): string[] {
  const fields: string[] = [];
  if (planned.command !== held.command) fields.push('command');
  if (planned.frame !== held.frame) fields.push('frame');
  for (const f of FLOAT_FIELDS) if (!sameFloat(planned[f], held[f])) fields.push(f);
  if (planned.x !== held.x) fields.push('x');
  if (planned.y !== held.y) fields.push('y');
  return fields;
}

/** Differences between `planned` and what the vehicle `held`, item by item after home. */
export function compareMissions(planned: readonly MissionItem[], held: readonly MissionItem[]): MissionComparison {
  const differences: ItemDifference[] = [];
  const n = Math.max(planned.length, held.length);
  for (let seq = 1; seq < n; seq++) {
    const p = planned[seq], h = held[seq];
    if (!p) differences.push({ seq, fields: ['extra'] });
    else if (!h) differences.push({ seq, fields: ['missing'] });
    else {
      const fields = itemFields(p, h);
      if (fields.length) differences.push({ seq, fields });
    }
  }
  return { plannedCount: planned.length, vehicleCount: held.length, matches: differences.length === 0, differences };
}
