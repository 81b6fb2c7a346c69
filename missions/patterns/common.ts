/**
 * What every pattern shares: the plan skeleton (take-off → speed → the pattern's path → return to
 * launch), camera step builders, and option checks. Generators throw `RangeError` for options no
 * valid form could produce (a programming or UI error); the CLI and the dashboard validate first.
 */
import type { Polygon } from 'geojson';
import { ExclusionZones } from '../geo/detour.js';
import type { LocalFrame } from '../geo/local-frame.js';
import { checkPolygon } from '../geo/polygon-check.js';
import { polygonRings } from '../geo/rings.js';
import type { XY } from '../geo/xy.js';
import type { LatLon, PatternKind, PhotoPoint, Plan, PlanStep } from '../plan.js';

/** What a pattern hands to {@link buildPlan}. */
export interface PlanParts {
  pattern: PatternKind;
  home: LatLon & { altMsl?: number };
  /** Take-off altitude above home, metres: usually the pattern's first altitude. */
  takeoffAltitude: number;
  /** Cruise speed (m/s) set right after take-off; omitted leaves the vehicle's default. */
  speed?: number;
  /** The pattern's own steps, between take-off (and speed) and return to launch. */
  body: PlanStep[];
  photos?: PhotoPoint[];
  areaM2?: number;
  settings?: Record<string, unknown>;
}

/** Builds a plan: take-off, optional speed change, the body, then return to launch. */
export function buildPlan(parts: PlanParts): Plan {
  const steps: PlanStep[] = [{ kind: 'takeoff', altitude: parts.takeoffAltitude }];
  if (parts.speed !== undefined) steps.push({ kind: 'speed', speed: parts.speed });
  steps.push(...parts.body, { kind: 'rtl' });
  const plan: Plan = { pattern: parts.pattern, home: { ...parts.home }, steps, photos: parts.photos ?? [] };
  if (parts.areaM2 !== undefined) plan.areaM2 = parts.areaM2;
  if (parts.settings !== undefined) plan.settings = parts.settings;
  return plan;
}

/** A waypoint step. */
export const waypoint = (at: LatLon, altitude: number): PlanStep => ({ kind: 'waypoint', at: { lat: at.lat, lon: at.lon }, altitude });

/** Start triggering the camera every `distanceM` metres (the first photo is taken at once). */
export const cameraOn = (distanceM: number): PlanStep => ({ kind: 'camera-distance', distanceM });

/** Stop distance triggering. */
export const cameraOff = (): PlanStep => ({ kind: 'camera-distance', distanceM: 0 });

/** Point the camera straight down, for mapping. */
export const gimbalNadir = (): PlanStep => ({ kind: 'gimbal', pitch: -90 });

/** Throws unless `value` is a finite number within [min, max]. */
export function requireRange(name: string, value: unknown, min: number, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${name} must be a number, got ${String(value)}`);
  if (value < min || value > max) throw new RangeError(`${name} must be between ${min} and ${max}${unit}, got ${value}${unit}`);
  return value;
}

/** Throws unless `value` is a finite number above zero. */
export function requirePositive(name: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a number above 0${unit}, got ${String(value)}${unit}`);
  }
  return value;
}

/** Throws unless `p` is a latitude/longitude pair within range. */
export function requireLatLon(name: string, p: unknown): LatLon {
  const q = p as Partial<LatLon> | null | undefined;
  if (!q || typeof q.lat !== 'number' || typeof q.lon !== 'number' || !Number.isFinite(q.lat) || !Number.isFinite(q.lon)) {
    throw new RangeError(`${name} must be { lat, lon } in degrees, got ${JSON.stringify(p)}`);
  }
  if (Math.abs(q.lat) > 90 || Math.abs(q.lon) > 180) throw new RangeError(`${name} is out of range: ${q.lat}, ${q.lon}`);
  return { lat: q.lat, lon: q.lon };
}

/** Clearance kept from exclusion zones, metres. */
export const EXCLUSION_MARGIN_M = 5;

/**
 * Exclusion zones in a pattern's frame, checked; null when there are none. Throws `RangeError`
 * naming the zone when one is not a valid polygon.
 */
export function exclusionZones(polys: readonly Polygon[] | undefined, frame: LocalFrame): ExclusionZones | null {
  if (polys === undefined || polys.length === 0) return null;
  if (!Array.isArray(polys)) throw new RangeError('exclusions must be a list of polygons');
  const rings = polys.map((poly, i) => {
    const problem = checkPolygon(poly);
    if (problem) throw new RangeError(`exclusion zone ${i + 1} (${problem.where}): ${problem.message}`);
    return polygonRings(poly, frame)[0];
  });
  return new ExclusionZones(rings, EXCLUSION_MARGIN_M);
}

/** A pattern's path rerouted round exclusion zones, with the ways there from home and back. */
export interface RoutedPath {
  /** Detour points from home to the path's first point (empty when the straight way is clear). */
  approach: XY[];
  path: XY[];
  /** Detour points from the path's last point home, flown before the return to launch. */
  back: XY[];
}

/**
 * A path (local frame) rerouted round the zones: each leg split where it meets a zone (grown by
 * the margin) and its pieces joined by detours; parts inside a zone are left out. Throws
 * `RangeError` when home lies in a zone or no part of the path is clear of them.
 */
export function routeAround(zones: ExclusionZones, home: XY, path: readonly XY[]): RoutedPath {
  const out: XY[] = [];
  let last: XY | undefined;
  for (const p of path) {
    if (last === undefined) {
      if (zones.clearParams(p, p).length > 0) out.push(p);
    } else if (out.length === 0) {
      const clear = zones.clearParams(last, p);
      if (clear.length > 0) {
        const start = { x: last.x + (p.x - last.x) * clear[0][0], y: last.y + (p.y - last.y) * clear[0][0] };
        out.push(start);
        for (const m of zones.routeLeg(start, last, p)) out.push(m.to);
      }
    } else {
      for (const m of zones.routeLeg(out[out.length - 1], last, p)) out.push(m.to);
    }
    last = p;
  }
  if (out.length === 0) throw new RangeError('the pattern lies wholly within the exclusion zones and their margin');
  return {
    approach: zones.detour(home, out[0]).slice(1, -1),
    path: out,
    back: zones.detour(out[out.length - 1], home).slice(1, -1),
  };
}
