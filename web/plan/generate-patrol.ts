/**
 * Turns the drawn shape and the form's settings into a plan with the planning generators, the
 * same ones the server and the CLI use. Pure: runs on every edit while a vertex is dragged.
 */
import type { Polygon } from 'geojson';
import { CAMERA_PRESETS, type Camera } from '../../missions/camera.js';
import type { LatLon, Plan } from '../../missions/plan.js';
import { corridorPlan, type TowerInspection } from '../../missions/patterns/corridor.js';
import { orbitPlan } from '../../missions/patterns/orbit.js';
import { expandingSquarePlan, parallelTrackPlan, sectorSearchPlan } from '../../missions/patterns/search.js';
import { surveyPlan } from '../../missions/patterns/survey.js';
import { MIN_POINTS, shapeKindFor, type PlanSettings, type ShapeKind } from './plan-settings.js';

/** What the operator drew or imported: an area's corners (ring not closed), a line's towers, or a point. */
export interface DrawnShape {
  kind: ShapeKind;
  points: LatLon[];
  /** Holes of an imported area (left out of the coverage); drawn areas have none. */
  holes?: LatLon[][];
}

/** Overlaps asked for, as fractions, for the validator's overlap check. */
export interface RequestedOverlap {
  sideOverlap?: number;
  frontOverlap?: number;
}

export type Generated =
  | { ok: true; plan: Plan; camera: Camera; requested: RequestedOverlap }
  /** The shape is missing, of another kind, or has too few points yet. */
  | { ok: false; incomplete: true }
  /** The generator refused the settings; `message` names the option. */
  | { ok: false; incomplete: false; message: string };

/** A closed GeoJSON polygon from an area's corners and holes. */
export function areaPolygon(points: readonly LatLon[], holes: readonly (readonly LatLon[])[] = []): Polygon {
  const ring = (ps: readonly LatLon[]) => {
    const r = ps.map((p) => [p.lon, p.lat]);
    return [...r, r[0]];
  };
  return { type: 'Polygon', coordinates: [ring(points), ...holes.map(ring)] };
}

/** True when `shape` is complete enough for `settings`. */
export function shapeReady(shape: DrawnShape | null, settings: PlanSettings): shape is DrawnShape {
  const kind = shapeKindFor(settings);
  return !!shape && shape.kind === kind && shape.points.length >= MIN_POINTS[kind];
}

function inspectionOf(s: PlanSettings): TowerInspection {
  switch (s.inspection) {
    case 'none':
      return { mode: 'none' };
    case 'photos':
      return { mode: 'photos', angles: [0, 90, 180, 270], distanceM: s.offsetM };
    case 'orbit':
      return { mode: 'orbit', radiusM: s.offsetM };
  }
}

/** The plan for `shape` and `settings`; home is the shape's first point. */
export function generatePatrol(shape: DrawnShape | null, s: PlanSettings): Generated {
  if (!shapeReady(shape, s)) return { ok: false, incomplete: true };
  const camera = CAMERA_PRESETS[s.camera];
  const home = { ...shape.points[0] };
  const front = s.frontOverlap / 100;
  const side = s.sideOverlap / 100;
  try {
    switch (s.patrol) {
      case 'survey': {
        const height = s.heightMode === 'gsd' ? { gsdCm: s.gsdCm } : { altitude: s.altitude };
        const plan = surveyPlan({ area: areaPolygon(shape.points, shape.holes), home, camera, speed: s.speed, sideOverlap: side, frontOverlap: front, ...height });
        return { ok: true, plan, camera, requested: { sideOverlap: side, frontOverlap: front } };
      }
      case 'corridor': {
        const plan = corridorPlan({
          towers: shape.points, home, camera, speed: s.speed, frontOverlap: front,
          lateralOffsetM: s.offsetM, heightAboveLineM: s.heightAboveLineM, towerHeightM: s.towerHeightM, inspection: inspectionOf(s),
        });
        return { ok: true, plan, camera, requested: { frontOverlap: front } };
      }
      case 'search': {
        const common = { home, altitude: s.altitude, speed: s.speed, camera };
        let plan: Plan;
        if (s.searchPattern === 'parallel') plan = parallelTrackPlan({ ...common, area: areaPolygon(shape.points, shape.holes), sweepWidthM: s.sweepWidthM });
        else if (s.searchPattern === 'sector') plan = sectorSearchPlan({ ...common, datum: shape.points[0], radiusM: s.radiusM });
        else plan = expandingSquarePlan({ ...common, datum: shape.points[0], sweepWidthM: s.sweepWidthM, legs: s.legs });
        return { ok: true, plan, camera, requested: {} };
      }
      case 'orbit': {
        const plan = orbitPlan({ center: shape.points[0], home, camera, speed: s.speed, altitude: s.altitude, radiusM: s.radiusM, photos: s.photos });
        return { ok: true, plan, camera, requested: {} };
      }
    }
  } catch (err) {
    // Generators refuse impossible settings with a RangeError naming the option.
    if (err instanceof RangeError) return { ok: false, incomplete: false, message: err.message };
    throw err;
  }
}
