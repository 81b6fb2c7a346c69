/**
 * One entry point for files users bring (CLI `plan check`, the dashboard's importer): picks the
 * format by the file's extension and returns either mission items or shapes to plan on.
 */
import type { MissionItem } from '../mission-item.js';
import { parseGeoJson } from './geojson-import.js';
import type { ImportedShapes } from './imported-shapes.js';
import { parseKml, parseKmz } from './kml.js';
import { fail, ok, parseJsonText, type ParseResult } from './parse-result.js';
import { parseQgcPlan } from './qgc-plan.js';
import { parseWaypoints } from './waypoints.js';

/** A file's content: a mission (item 0 is home) with its fence and rally lists, or shapes. */
export type PlanFileContent =
  | { kind: 'mission'; items: MissionItem[]; fence: MissionItem[]; rally: MissionItem[] }
  | { kind: 'shapes'; shapes: ImportedShapes };

/** Extensions `readPlanFile` reads. */
export const PLAN_FILE_EXTENSIONS = ['.plan', '.waypoints', '.txt', '.kml', '.kmz', '.geojson', '.json'] as const;

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

function asText(name: string, content: string | Uint8Array): ParseResult<string> {
  if (typeof content === 'string') return ok(content.replace(/^\uFEFF/, ''));
  try {
    // TextDecoder drops a UTF-8 byte-order mark itself.
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(content));
  } catch {
    return fail(name, 'not UTF-8 text');
  }
}

const mission = (items: MissionItem[], fence: MissionItem[] = [], rally: MissionItem[] = []): PlanFileContent => ({ kind: 'mission', items, fence, rally });
const shapes = (s: ImportedShapes): PlanFileContent => ({ kind: 'shapes', shapes: s });

function map<A, B>(r: ParseResult<A>, f: (a: A) => B): ParseResult<B> {
  return r.ok ? ok(f(r.value)) : r;
}

/**
 * Reads a plan file by its extension: `.plan`, `.waypoints`, `.txt` (a `QGC WPL` list), `.kml`,
 * `.kmz` (bytes), `.geojson`, and `.json` (a QGroundControl plan when its `fileType` is "Plan", else
 * GeoJSON). Errors from inside a file say where in it (line or JSON path); errors about the file
 * itself (type, encoding) have the file's name as `where`.
 */
export function readPlanFile(name: string, content: string | Uint8Array): ParseResult<PlanFileContent> {
  const ext = extensionOf(name);
  if (ext === '.kmz') {
    if (typeof content === 'string') return fail(name, 'a .kmz file is a zip archive: read it as bytes, not text');
    return map(parseKmz(content), shapes);
  }
  if (!(PLAN_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    return fail(name, `unsupported file type ${ext ? `'${ext}'` : '(no extension)'}: expected ${PLAN_FILE_EXTENSIONS.join(', ')}`);
  }
  const text = asText(name, content);
  if (!text.ok) return text;
  switch (ext) {
    case '.plan':
      return map(parseQgcPlan(text.value), (p) => mission(p.mission, p.fence, p.rally));
    case '.waypoints':
      return map(parseWaypoints(text.value), (items) => mission(items));
    case '.txt':
      if (!/^\s*QGC WPL/.test(text.value)) return fail(name, 'a .txt file is read only as a waypoint list starting with "QGC WPL 110"');
      return map(parseWaypoints(text.value), (items) => mission(items));
    case '.kml':
      return map(parseKml(text.value), shapes);
    default: {
      // .geojson and .json: a QGroundControl plan saved as .json is recognised by its fileType.
      const parsed = parseJsonText(text.value);
      if (!parsed.ok) return parsed;
      const json = parsed.value;
      const isPlan = typeof json === 'object' && json !== null && (json as { fileType?: unknown }).fileType === 'Plan';
      return isPlan ? map(parseQgcPlan(json), (p) => mission(p.mission, p.fence, p.rally)) : map(parseGeoJson(json), shapes);
    }
  }
}
