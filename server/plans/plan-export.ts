/** A stored plan as a file to download: QGroundControl `.plan`, `QGC WPL 110` `.waypoints` or GeoJSON. */
import { exportPlanGeoJson } from '../../missions/formats/plan-geojson.js';
import { exportQgcPlan } from '../../missions/formats/qgc-plan-export.js';
import { exportWaypoints } from '../../missions/formats/waypoints.js';
import type { MissionItem } from '../../missions/mission-item.js';
import type { Plan } from '../../missions/plan.js';
import type { PlanExportFormat } from '../protocol-plans.js';
import { validationContext } from './plan-check.js';

/** A file ready to send. */
export interface ExportedFile {
  filename: string;
  contentType: string;
  body: string;
}

const EXTENSION: Record<PlanExportFormat, string> = { plan: '.plan', waypoints: '.waypoints', geojson: '.geojson' };
const CONTENT_TYPE: Record<PlanExportFormat, string> = {
  plan: 'application/json; charset=utf-8',
  waypoints: 'text/plain; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/** The plan's name made safe as a file name (ASCII letters, digits, `.-_`; other runs become `-`). */
export function fileStem(name: string): string {
  const stem = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80);
  return stem || 'plan';
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266), so Chinese names survive. */
export function attachmentHeader(name: string, format: PlanExportFormat): string {
  const ext = EXTENSION[format];
  return `attachment; filename="${fileStem(name)}${ext}"; filename*=UTF-8''${encodeURIComponent(`${name.trim() || 'plan'}${ext}`)}`;
}

/** The plan in `format`; GeoJSON carries photo footprints when the plan records its camera. */
export function exportPlan(stored: { name: string; plan: Plan; items: MissionItem[] }, format: PlanExportFormat): ExportedFile {
  const filename = `${fileStem(stored.name)}${EXTENSION[format]}`;
  const contentType = CONTENT_TYPE[format];
  switch (format) {
    case 'plan':
      return { filename, contentType, body: exportQgcPlan({ mission: stored.items, home: stored.plan.home }) };
    case 'waypoints':
      return { filename, contentType, body: exportWaypoints(stored.items) };
    case 'geojson': {
      const { camera } = validationContext(stored.plan, undefined);
      let collection;
      try {
        collection = exportPlanGeoJson(stored.plan, { camera });
      } catch {
        // A photo at or below take-off height has no footprint; the path and points still export.
        collection = exportPlanGeoJson(stored.plan);
      }
      return { filename, contentType, body: `${JSON.stringify(collection, null, 1)}\n` };
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}
