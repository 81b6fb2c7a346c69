/**
 * What the planner keeps inside a saved plan's `settings.planner` so the plan can be reopened and
 * edited: the shape and the form's settings. Plans saved without it (imports, other tools) reopen
 * as fixed missions. Pure.
 */
import type { LatLon, Plan } from '../../missions/plan.js';
import type { DrawnShape } from './generate-patrol.js';
import { settingsFrom, type PlanSettings, type ShapeKind } from './plan-settings.js';

export const PLANNER_KEY = 'planner';

/** `plan` with the shape and settings it was made from recorded in its settings. */
export function withPlannerRecord(plan: Plan, shape: DrawnShape, settings: PlanSettings): Plan {
  return { ...plan, settings: { ...plan.settings, [PLANNER_KEY]: { shape, settings } } };
}

function latLons(v: unknown): LatLon[] | null {
  if (!Array.isArray(v)) return null;
  const out: LatLon[] = [];
  for (const p of v) {
    const { lat, lon } = (p ?? {}) as Record<string, unknown>;
    if (typeof lat !== 'number' || typeof lon !== 'number' || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return null;
    out.push({ lat, lon });
  }
  return out;
}

/** The shape and settings recorded in `plan`, or null when it has none (or a damaged one). */
export function plannerRecord(plan: Plan): { shape: DrawnShape; settings: PlanSettings } | null {
  const raw = plan.settings?.[PLANNER_KEY];
  if (typeof raw !== 'object' || raw === null) return null;
  const { shape, settings } = raw as { shape?: Record<string, unknown>; settings?: unknown };
  const kind = shape?.kind;
  if (kind !== 'area' && kind !== 'line' && kind !== 'point') return null;
  const points = latLons(shape?.points);
  if (!points || points.length === 0) return null;
  const drawn: DrawnShape = { kind: kind as ShapeKind, points };
  if (shape?.holes !== undefined) {
    const holes = Array.isArray(shape.holes) ? shape.holes.map(latLons) : [null];
    if (holes.some((h) => !h || h.length < 3)) return null;
    drawn.holes = holes as LatLon[][];
  }
  return { shape: drawn, settings: settingsFrom(settings) };
}
