/** Reading what the plan command is given: coordinates on the command line, or shapes from files. */
import { readFileSync } from 'node:fs';
import type { LineString, Polygon } from 'geojson';
import { readPlanFile, type PlanFileContent } from '../../../missions/formats/read-plan-file.js';
import type { LatLon } from '../../../missions/plan.js';

/** Bad input: printed as one line, exit code 2. */
export class InputError extends Error {}

/** `26.6,106.64` → a point. */
export function parseLatLon(flag: string, text: string): LatLon {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) throw new InputError(`--${flag} must be LAT,LON in degrees, got '${text}'`);
  const [lat, lon] = [Number(m[1]), Number(m[2])];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new InputError(`--${flag}: ${text} is not a position (latitude within ±90, longitude within ±180)`);
  return { lat, lon };
}

/** `lat,lon;lat,lon;…` → points. */
export function parseLatLonList(flag: string, text: string): LatLon[] {
  return text.split(';').filter((s) => s.trim()).map((s) => parseLatLon(flag, s));
}

export function readFile(path: string): PlanFileContent {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const r = readPlanFile(path, new Uint8Array(bytes));
  if (!r.ok) throw new InputError(`${path}: ${r.error.where}: ${r.error.message}`);
  return r.value;
}

function shapesOf(path: string) {
  const c = readFile(path);
  if (c.kind !== 'shapes') throw new InputError(`${path} holds a mission, not shapes to plan on; use 'plan check ${path}' to read it`);
  return c.shapes;
}

/** The first polygon of a GeoJSON, KML or KMZ file. */
export function polygonFrom(path: string): Polygon {
  const p = shapesOf(path).polygons[0];
  if (!p) throw new InputError(`${path} has no polygon (an area to cover is needed)`);
  return p.polygon;
}

/** Every polygon of a file (exclusion zones: no-fly areas, villages, substations). */
export function polygonsFrom(path: string): Polygon[] {
  const polys = shapesOf(path).polygons.map((p) => p.polygon);
  if (polys.length === 0) throw new InputError(`${path} has no polygon (exclusion zones are polygons)`);
  return polys;
}

/** The first line of a file, or its points in order when it has no line (tower placemarks). */
export function lineFrom(path: string): LineString {
  const s = shapesOf(path);
  if (s.lines[0]) return s.lines[0].line;
  if (s.points.length >= 2) return { type: 'LineString', coordinates: s.points.map((p) => [p.point.lon, p.point.lat]) };
  throw new InputError(`${path} has no line and fewer than two points (a line of towers is needed)`);
}

/** A number flag with bounds, or the default when absent. */
export function num(flag: string, text: string | undefined, fallback: number | undefined, ok: (x: number) => boolean = Number.isFinite, what = 'a number'): number | undefined {
  if (text === undefined) return fallback;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InputError(`--${flag} must be ${what}, got '${text}'`);
  return x;
}

/** An overlap given as 0.7 or 70 %. */
export function fraction(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const pct = text.trim().endsWith('%');
  const x = Number(pct ? text.trim().slice(0, -1) : text);
  const f = pct ? x / 100 : x;
  if (!Number.isFinite(f) || f < 0 || f > 0.95) throw new InputError(`--${flag} must be a fraction from 0 to 0.95 (or 0–95 %), got '${text}'`);
  return f;
}
