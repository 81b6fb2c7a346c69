/**
 * Shapes imported from KML or GeoJSON for the planner: areas (a forest compartment), lines (a power
 * line) and points (towers, a search datum). Every geometry is checked whole before it is accepted, and
 * multi-part geometries are split into their parts.
 */
import type { LineString, Polygon, Position } from 'geojson';
import type { LatLon } from '../plan.js';
import { latLonProblem } from './position-check.js';

export interface ImportedShapes {
  /** Polygons with holes as GeoJSON gives them: outer ring first, rings closed, `[lon, lat]` positions. */
  polygons: { name?: string; polygon: Polygon }[];
  lines: { name?: string; line: LineString }[];
  points: { name?: string; point: LatLon }[];
}

export function emptyShapes(): ImportedShapes {
  return { polygons: [], lines: [], points: [] };
}

/** What is wrong with a geometry, and where inside it (a path relative to the geometry object). */
export interface ShapeProblem {
  path: (string | number)[];
  message: string;
}

class Invalid extends Error {
  constructor(readonly path: (string | number)[], message: string) {
    super(message);
  }
}

const describe = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** A position as `[lon, lat]` (altitude dropped: plans set their own). */
function position(v: unknown, path: (string | number)[]): Position {
  if (!Array.isArray(v) || v.length < 2 || v.some((n) => typeof n !== 'number')) {
    throw new Invalid(path, `expected a position [longitude, latitude], got ${describe(v)}`);
  }
  const [lon, lat] = v as number[];
  const problem = latLonProblem(lat, lon);
  if (problem) throw new Invalid([...path, problem.axis === 'lon' ? 0 : 1], problem.message);
  return [lon, lat];
}

function array(v: unknown, path: (string | number)[], what: string): unknown[] {
  if (!Array.isArray(v)) throw new Invalid(path, `expected an array of ${what}, got ${describe(v)}`);
  return v;
}

const distinct = (ps: Position[]): number => new Set(ps.map((p) => `${p[0]},${p[1]}`)).size;

function lineCoords(v: unknown, path: (string | number)[]): Position[] {
  const ps = array(v, path, 'positions').map((p, i) => position(p, [...path, i]));
  if (distinct(ps) < 2) throw new Invalid(path, `a line needs at least 2 distinct positions, got ${distinct(ps)}`);
  return ps;
}

function ring(v: unknown, path: (string | number)[]): Position[] {
  const ps = array(v, path, 'positions').map((p, i) => position(p, [...path, i]));
  if (ps.length < 4) throw new Invalid(path, `a polygon ring needs at least 4 positions (3 corners and the closing one), got ${ps.length}`);
  const [first, last] = [ps[0], ps[ps.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new Invalid(path, 'polygon ring is not closed: its last position must repeat the first');
  if (distinct(ps) < 3) throw new Invalid(path, `a polygon ring needs at least 3 distinct corners, got ${distinct(ps)}`);
  return ps;
}

function polygonCoords(v: unknown, path: (string | number)[]): Position[][] {
  const rings = array(v, path, 'rings').map((r, i) => ring(r, [...path, i]));
  if (rings.length === 0) throw new Invalid(path, 'a polygon needs at least one ring');
  return rings;
}

function add(into: ImportedShapes, g: unknown, name: string | undefined, path: (string | number)[]): void {
  if (typeof g !== 'object' || g === null || Array.isArray(g)) throw new Invalid(path, `expected a geometry object, got ${describe(g)}`);
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  const at = [...path, 'coordinates'];
  const named = <T extends object>(shape: T): T & { name?: string } => (name === undefined ? shape : { name, ...shape });
  const point = (p: Position): void => void into.points.push(named({ point: { lat: p[1], lon: p[0] } }));
  const line = (ps: Position[]): void => void into.lines.push(named({ line: { type: 'LineString', coordinates: ps } }));
  const polygon = (rs: Position[][]): void => void into.polygons.push(named({ polygon: { type: 'Polygon', coordinates: rs } }));
  switch (type) {
    case 'Point': return point(position(coordinates, at));
    case 'MultiPoint': return array(coordinates, at, 'positions').forEach((p, i) => point(position(p, [...at, i])));
    case 'LineString': return line(lineCoords(coordinates, at));
    case 'MultiLineString': return array(coordinates, at, 'lines').forEach((l, i) => line(lineCoords(l, [...at, i])));
    case 'Polygon': return polygon(polygonCoords(coordinates, at));
    case 'MultiPolygon': return array(coordinates, at, 'polygons').forEach((p, i) => polygon(polygonCoords(p, [...at, i])));
    case 'GeometryCollection': {
      const parts = array((g as { geometries?: unknown }).geometries, [...path, 'geometries'], 'geometries');
      return parts.forEach((part, i) => add(into, part, name, [...path, 'geometries', i]));
    }
    default:
      throw new Invalid([...path, 'type'], typeof type === 'string' ? `unknown geometry type '${type}'` : 'expected a geometry with a string "type"');
  }
}

/**
 * Checks a GeoJSON geometry whole and adds its parts to `into` (multi-part geometries and collections
 * split, positions reduced to `[lon, lat]`). Returns the first problem, with its path inside the
 * geometry, or null.
 */
export function addGeometry(into: ImportedShapes, geometry: unknown, name?: string): ShapeProblem | null {
  const staged = emptyShapes();
  try {
    add(staged, geometry, name, []);
  } catch (err) {
    if (err instanceof Invalid) return { path: err.path, message: err.message };
    throw err;
  }
  // Only a geometry that is good as a whole reaches the caller's shapes.
  into.polygons.push(...staged.polygons);
  into.lines.push(...staged.lines);
  into.points.push(...staged.points);
  return null;
}

/** Number of shapes of every kind. */
export function shapeCount(s: ImportedShapes): number {
  return s.polygons.length + s.lines.length + s.points.length;
}
