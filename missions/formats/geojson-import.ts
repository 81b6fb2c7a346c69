/**
 * GeoJSON import (RFC 7946): a FeatureCollection, one Feature or a bare geometry → polygons, lines
 * and points for the planner. A feature's `name` property names its shapes; features without a
 * geometry are skipped; any invalid coordinate fails the whole file with its JSON path.
 */
import { addGeometry, emptyShapes, shapeCount, type ImportedShapes } from './imported-shapes.js';
import { fail, jsonPath, ok, parseJsonText, type ParseResult } from './parse-result.js';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function featureName(properties: unknown): string | undefined {
  if (!isObject(properties)) return undefined;
  const name = properties.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

/** Adds one Feature's geometry, or says what is wrong with it. */
function addFeature(into: ImportedShapes, f: unknown, path: (string | number)[]): ParseResult<null> {
  if (!isObject(f) || f.type !== 'Feature') {
    const type = isObject(f) ? `'${String(f.type)}'` : JSON.stringify(f) ?? String(f);
    return fail(jsonPath(isObject(f) ? [...path, 'type'] : path), `expected a Feature, got ${type}`);
  }
  if (!('geometry' in f)) return fail(jsonPath(path), 'a Feature needs a "geometry" member (null when it has none)');
  if (f.geometry === null) return ok(null);
  const problem = addGeometry(into, f.geometry, featureName(f.properties));
  return problem ? fail(jsonPath([...path, 'geometry', ...problem.path]), problem.message) : ok(null);
}

/**
 * Parses GeoJSON text (or already-parsed JSON) into shapes. A file with nothing to plan on (no
 * polygons, lines or points) is an error, so an empty import is never mistaken for a good one.
 */
export function parseGeoJson(input: string | unknown): ParseResult<ImportedShapes> {
  let json: unknown = input;
  if (typeof input === 'string') {
    const text = parseJsonText(input);
    if (!text.ok) return text;
    json = text.value;
  }
  if (!isObject(json)) return fail('(root)', 'expected a GeoJSON object (FeatureCollection, Feature or geometry)');
  const shapes = emptyShapes();
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) return fail('features', 'a FeatureCollection needs a "features" array');
    for (const [i, f] of json.features.entries()) {
      const r = addFeature(shapes, f, ['features', i]);
      if (!r.ok) return r;
    }
  } else if (json.type === 'Feature') {
    const r = addFeature(shapes, json, []);
    if (!r.ok) return r;
  } else if (typeof json.type === 'string' && GEOMETRY_TYPES.has(json.type)) {
    const problem = addGeometry(shapes, json);
    if (problem) return fail(jsonPath(problem.path), problem.message);
  } else {
    return fail('type', json.type === undefined ? 'not GeoJSON: no "type" member' : `unknown GeoJSON type ${JSON.stringify(json.type)}`);
  }
  if (shapeCount(shapes) === 0) return fail('(root)', 'no polygons, lines or points in this file');
  return ok(shapes);
}
