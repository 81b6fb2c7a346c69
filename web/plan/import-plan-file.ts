/**
 * A file the operator brings into the planner: a mission (.plan, .waypoints) becomes a fixed plan
 * to preview, save and upload; shapes (KML, KMZ, GeoJSON) become the area, line or point to plan
 * on, choosing the patrol the shape fits when it does not fit the current one. Pure.
 */
import type { LatLon, Plan } from '../../missions/plan.js';
import type { ImportedShapes } from '../../missions/formats/imported-shapes.js';
import { readPlanFile } from '../../missions/formats/read-plan-file.js';
import { itemsToPlan, type UnmappedItem } from '../../missions/plan-to-items.js';
import type { DrawnShape } from './generate-patrol.js';
import { shapeKindFor, type PlanSettings } from './plan-settings.js';

export type ImportResult =
  /** Shapes: plan on `shape`; `settings` are the current ones, with the patrol changed when needed. */
  | { kind: 'shape'; shape: DrawnShape; settings: PlanSettings }
  | { kind: 'mission'; plan: Plan; unknown: UnmappedItem[] }
  | { kind: 'error'; message: string };

const latLon = ([lon, lat]: number[]): LatLon => ({ lat, lon });

/** An area from a polygon: its outer ring's corners (closing point dropped) and its holes. */
function areaOf(coordinates: number[][][]): DrawnShape {
  const [outer, ...holes] = coordinates.map((ring) => ring.slice(0, -1).map(latLon));
  return holes.length ? { kind: 'area', points: outer, holes } : { kind: 'area', points: outer };
}

function lineOf(s: ImportedShapes): DrawnShape | null {
  if (s.lines[0]) return { kind: 'line', points: s.lines[0].line.coordinates.map(latLon) };
  // Tower placemarks without a line: the towers in file order.
  if (s.points.length >= 2) return { kind: 'line', points: s.points.map((p) => ({ ...p.point })) };
  return null;
}

function shapeFor(s: ImportedShapes, settings: PlanSettings): ImportResult {
  const area = s.polygons[0] ? areaOf(s.polygons[0].polygon.coordinates) : null;
  const line = lineOf(s);
  const point: DrawnShape | null = s.points[0] ? { kind: 'point', points: [{ ...s.points[0].point }] } : null;
  const fits = { area, line, point }[shapeKindFor(settings)];
  if (fits) return { kind: 'shape', shape: fits, settings };
  // The file holds another kind of shape: switch to the patrol it fits.
  if (area) return { kind: 'shape', shape: area, settings: { ...settings, patrol: 'survey' } };
  if (line) return { kind: 'shape', shape: line, settings: { ...settings, patrol: 'corridor' } };
  if (point) return { kind: 'shape', shape: point, settings: { ...settings, patrol: settings.patrol === 'search' ? 'search' : 'orbit' } };
  return { kind: 'error', message: 'the file holds no area, line or point to plan on' };
}

/** Reads `name` (its extension picks the format) for the planner. */
export function importPlanFile(name: string, content: Uint8Array, settings: PlanSettings): ImportResult {
  const read = readPlanFile(name, content);
  if (!read.ok) return { kind: 'error', message: `${read.error.where}: ${read.error.message}` };
  const file = read.value;
  if (file.kind === 'shapes') return shapeFor(file.shapes, settings);
  if (file.items.length < 2) return { kind: 'error', message: 'the mission holds no items after home' };
  const { plan, unknown } = itemsToPlan(file.items);
  return { kind: 'mission', plan, unknown };
}
