/**
 * The files the planner writes for other tools: a QGroundControl `.plan`, a `QGC WPL 110`
 * `.waypoints` list, or GeoJSON of the path, photo points and footprints. Made from the plan on
 * screen, so a draft exports before it is saved. Pure.
 */
import type { Camera } from '../../missions/camera.js';
import { exportPlanGeoJson } from '../../missions/formats/plan-geojson.js';
import { exportQgcPlan } from '../../missions/formats/qgc-plan-export.js';
import { exportWaypoints } from '../../missions/formats/waypoints.js';
import type { Plan } from '../../missions/plan.js';
import { planToItems } from '../../missions/plan-to-items.js';

export const EXPORT_FORMATS = ['plan', 'waypoints', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  filename: string;
  mime: string;
  text: string;
}

/** A file name from the plan's name: letters, digits (any script), dot, dash and underscore kept. */
export function fileBaseName(name: string): string {
  const base = name.trim().replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return base || 'plan';
}

/** The plan as a file of `format`. */
export function exportPlanFile(format: ExportFormat, plan: Plan, camera: Camera | null, name: string): ExportedFile {
  const base = fileBaseName(name);
  switch (format) {
    case 'plan':
      return { filename: `${base}.plan`, mime: 'application/json', text: exportQgcPlan({ mission: planToItems(plan), home: plan.home }) };
    case 'waypoints':
      return { filename: `${base}.waypoints`, mime: 'text/plain', text: exportWaypoints(planToItems(plan)) };
    case 'geojson': {
      const collection = exportPlanGeoJson(plan, camera ? { camera } : {});
      return { filename: `${base}.geojson`, mime: 'application/geo+json', text: `${JSON.stringify(collection)}\n` };
    }
  }
}
