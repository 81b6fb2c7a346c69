/**
 * Search-and-rescue patterns after IAMSAR (Vol. II, ch. 5): expanding square (SS) and sector search
 * (VS) from a datum, parallel track (PS) and creeping line (CS) over an area.
 *
 * - Track spacing is given, or follows from the detection sweep width W and the coverage factor C as
 *   IAMSAR defines it, C = W / S, so S = W / C (default C = 1: tracks one sweep width apart). With
 *   neither, a camera's footprint width at the search altitude stands in for the sweep width.
 * - With a camera, the gimbal points straight down and the camera triggers by distance from the
 *   first waypoint of the pattern to its last (turns included, a person may be anywhere); photo
 *   points are where that triggering fires along the path.
 * - Every plan: take-off, optional speed, the pattern, return to launch.
 */
import { area as turfArea } from '@turf/area';
import type { Polygon } from 'geojson';
import { customCamera, footprintM, triggerDistanceM, type Camera } from '../camera.js';
import { flightPath } from '../flight-path.js';
import { layLanes, nearestStart, serpentine } from '../geo/lanes.js';
import { LocalFrame } from '../geo/local-frame.js';
import { checkPolygon } from '../geo/polygon-check.js';
import { polygonRings, ringsBounds } from '../geo/rings.js';
import { headingVector, type XY } from '../geo/xy.js';
import type { LatLon, Plan, PlanStep } from '../plan.js';
import {
  buildPlan, cameraOff, cameraOn, exclusionZones, gimbalNadir, requireLatLon, requirePositive, requireRange, routeAround, waypoint,
} from './common.js';
import { longAxisHeading } from './long-axis.js';

/** Settings every search pattern shares. */
export interface SearchCommon {
  home: LatLon & { altMsl?: number };
  /** Search altitude above home, metres. */
  altitude: number;
  /** Cruise speed, m/s; omitted leaves the vehicle's default. */
  speed?: number;
  /** When given, photos by distance along the whole pattern. */
  camera?: Camera;
  /** 0–0.95 for the photo trigger distance; default 0.3. */
  frontOverlap?: number;
  /**
   * Zones never to fly into (kept `EXCLUSION_MARGIN_M` clear): legs are split where they meet
   * one and the pieces joined by the shortest way round, as are the ways from home and back.
   */
  exclusions?: Polygon[];
}

/** How far apart the tracks lie: `trackSpacingM`, or a sweep width and coverage factor. */
export interface TrackSpacing {
  trackSpacingM?: number;
  /** Detection sweep width W, metres. */
  sweepWidthM?: number;
  /** IAMSAR coverage factor C = W / S; default 1. */
  coverageFactor?: number;
}

export interface ExpandingSquareOptions extends SearchCommon, TrackSpacing {
  datum: LatLon;
  /** Legs to fly (1, 1, 2, 2, 3, 3, … × spacing long). Give this or `maxRadiusM`. */
  legs?: number;
  /** Fly every leg whose end stays within this many metres of the datum along both axes of the square. */
  maxRadiusM?: number;
  /** Default 0 (north). */
  firstLegBearingDeg?: number;
}

export interface SectorSearchOptions extends SearchCommon {
  datum: LatLon;
  radiusM: number;
  /** Bearing of the first leg out from the datum; default 0. */
  firstBearingDeg?: number;
  /** Fly the pattern a second time rotated 30° clockwise, as IAMSAR's second search; default false. */
  repeatRotated?: boolean;
}

export interface ParallelTrackOptions extends SearchCommon, TrackSpacing {
  area: Polygon;
  /**
   * Direction of the legs, degrees clockwise from north (flown both ways). Default: the area's long
   * axis, or across it for a creeping line.
   */
  trackBearingDeg?: number;
  /** Creeping line: legs across the area's short side, progressing along its long axis. */
  creeping?: boolean;
}

/** Which search pattern a plan flies, recorded in its settings as `searchPattern`. */
export type SearchPatternKind = 'expanding-square' | 'sector' | 'parallel-track' | 'creeping-line';

export const SEARCH_DEFAULTS = { coverageFactor: 1, frontOverlap: 0.3 } as const;

/** Beyond these a search is a typo (a spacing in kilometres, say), not a plan. */
const MAX_LEGS = 10_000;

/**
 * Expanding square: from the datum, legs of 1, 1, 2, 2, 3, 3, … track spacings, turning 90° right
 * after each. Area searched: track length × spacing (IAMSAR's coverage area).
 */
export function expandingSquarePlan(opts: ExpandingSquareOptions): Plan {
  const common = checkCommon(opts);
  const datum = requireLatLon('datum', opts.datum);
  const spacing = trackSpacing(opts, common.camera, common.altitude);
  const bearing = requireRange('first leg bearing', opts.firstLegBearingDeg ?? 0, -360, 360, '°');
  if ((opts.legs === undefined) === (opts.maxRadiusM === undefined)) throw new RangeError('give the number of legs or the maximum radius, one of them');
  let legs: number;
  if (opts.legs !== undefined) {
    legs = requireRange('legs', opts.legs, 1, MAX_LEGS);
    if (!Number.isInteger(legs)) throw new RangeError(`legs must be a whole number, got ${legs}`);
  } else {
    const r = requirePositive('maximum radius', opts.maxRadiusM, ' m');
    if (r < spacing) throw new RangeError(`maximum radius ${r} m is less than the track spacing ${round(spacing)} m: not one leg fits`);
    // Leg ends lie on squares of half-side 1, 1, 1, 1, 2, 2, 2, 2, … spacings: 4 legs per spacing.
    legs = Math.min(MAX_LEGS, 4 * Math.floor(r / spacing + 1e-9));
  }
  const frame = new LocalFrame(datum);
  const path: XY[] = [{ x: 0, y: 0 }];
  let length = 0;
  for (let k = 0; k < legs; k++) {
    const leg = Math.ceil((k + 1) / 2) * spacing;
    const v = headingVector(bearing + 90 * k);
    const p = path[path.length - 1];
    path.push({ x: p.x + v.x * leg, y: p.y + v.y * leg });
    length += leg;
  }
  return searchPlan('expanding-square', opts, common, flown(opts, frame, path), length * spacing, { trackSpacingM: spacing, legs, trackLengthM: length });
}

/**
 * Sector search (VS): three equilateral triangles with a vertex at the datum. Each leg is
 * `radiusM` long and every turn is 120° to the right: out from the datum on bearing B, across on
 * B + 120°, back to the datum on B + 240°, straight through it as the next triangle's outbound
 * leg, and so on; 9 legs in all, the triangles' outbound legs on B, B + 240° and B + 120°. The
 * tracks through the datum lie every 60°. Area searched: the circle of the radius.
 */
export function sectorSearchPlan(opts: SectorSearchOptions): Plan {
  const common = checkCommon(opts);
  const datum = requireLatLon('datum', opts.datum);
  const radius = requireRange('sector radius', opts.radiusM, 1, 100_000, ' m');
  const first = requireRange('first bearing', opts.firstBearingDeg ?? 0, -360, 360, '°');
  const frame = new LocalFrame(datum);
  const at = (bearing: number): XY => {
    const v = headingVector(bearing);
    return { x: v.x * radius, y: v.y * radius };
  };
  const path: XY[] = [{ x: 0, y: 0 }];
  for (const start of opts.repeatRotated ? [first, first + 30] : [first]) {
    for (let t = 0; t < 3; t++) {
      const out = start + 240 * t;
      path.push(at(out), at(out + 60), { x: 0, y: 0 });
    }
  }
  const legs = path.length - 1;
  return searchPlan('sector', opts, common, flown(opts, frame, path), Math.PI * radius * radius, { legs, trackLengthM: legs * radius });
}

/**
 * Parallel track (PS) or creeping line (CS) over an area: legs along `trackBearingDeg`, one track
 * spacing apart, flown back and forth from the corner nearest home. Each leg runs wherever the area
 * lies within half a spacing of it, so every point of the area is within half a spacing of a leg.
 * Area searched: the polygon's area.
 */
export function parallelTrackPlan(opts: ParallelTrackOptions): Plan {
  const common = checkCommon(opts);
  const problem = checkPolygon(opts.area);
  if (problem) throw new RangeError(`search area (${problem.where}): ${problem.message}`);
  const spacing = trackSpacing(opts, common.camera, common.altitude);
  const b = ringsBounds([opts.area.coordinates[0].map(([x, y]) => ({ x, y }))]);
  const frame = new LocalFrame({ lat: (b.minY + b.maxY) / 2, lon: (b.minX + b.maxX) / 2 });
  const rings = polygonRings(opts.area, frame);
  const box = ringsBounds(rings);
  if (Math.hypot(box.maxX - box.minX, box.maxY - box.minY) / spacing > MAX_LEGS) {
    throw new RangeError(`tracks ${round(spacing)} m apart would make more than ${MAX_LEGS} legs over this area; widen the spacing`);
  }
  let bearing: number;
  if (opts.trackBearingDeg !== undefined) bearing = requireRange('track bearing', opts.trackBearingDeg, -360, 360, '°');
  else bearing = longAxisHeading(rings[0]) + (opts.creeping ? 90 : 0);
  bearing = ((bearing % 180) + 180) % 180;
  // One leg per track: a search flies across any gap (a bay, a hole) with the camera running.
  const layout = layLanes(rings, bearing, spacing, Infinity);
  const passes = serpentine(layout.lanes, nearestStart(layout, frame.toLocal(requireLatLon('home', opts.home))).start);
  const path: XY[] = [];
  for (const pass of passes) {
    const [from, to] = [pass.spans[0][0], pass.spans[pass.spans.length - 1][1]];
    path.push(layout.sweep.fromUV(from, pass.v), layout.sweep.fromUV(to, pass.v));
  }
  let length = 0;
  for (let i = 1; i < path.length; i++) length += Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  return searchPlan(opts.creeping ? 'creeping-line' : 'parallel-track', opts, common, flown(opts, frame, path), turfArea(opts.area), {
    trackSpacingM: spacing,
    trackBearingDeg: bearing,
    legs: passes.length,
    trackLengthM: length,
  });
}

interface Common {
  altitude: number;
  camera?: Camera;
  frontOverlap: number;
}

function checkCommon(opts: SearchCommon): Common {
  requireLatLon('home', opts.home);
  const altitude = requirePositive('altitude', opts.altitude, ' m');
  if (opts.speed !== undefined) requireRange('speed', opts.speed, 0.1, 50, ' m/s');
  const frontOverlap = requireRange('front overlap', opts.frontOverlap ?? SEARCH_DEFAULTS.frontOverlap, 0, 0.95);
  return { altitude, frontOverlap, ...(opts.camera !== undefined ? { camera: customCamera(opts.camera) } : {}) };
}

/** Track spacing S from the options: given, or W / C. */
export function trackSpacing(opts: TrackSpacing, camera?: Camera, altitude?: number): number {
  if (opts.trackSpacingM !== undefined) {
    if (opts.sweepWidthM !== undefined) throw new RangeError('give the track spacing or the sweep width, not both');
    return requireRange('track spacing', opts.trackSpacingM, 0.5, 100_000, ' m');
  }
  const c = requireRange('coverage factor', opts.coverageFactor ?? SEARCH_DEFAULTS.coverageFactor, 0.05, 20);
  if (opts.sweepWidthM !== undefined) return requireRange('sweep width', opts.sweepWidthM, 0.5, 100_000, ' m') / c;
  if (camera && altitude !== undefined) return footprintM(camera, altitude).across / c;
  throw new RangeError('give the track spacing or the sweep width (or a camera, whose footprint width stands in for it)');
}

/** A pattern's path as flown: rerouted round the exclusion zones when there are any. */
interface Flown {
  approach: LatLon[];
  path: LatLon[];
  back: LatLon[];
}

function flown(opts: SearchCommon, frame: LocalFrame, path: XY[]): Flown {
  const geo = (ps: XY[]) => ps.map((p) => frame.toLatLon(p.x, p.y));
  const zones = exclusionZones(opts.exclusions, frame);
  if (!zones) return { approach: [], path: geo(path), back: [] };
  const routed = routeAround(zones, frame.toLocal(opts.home), path);
  return { approach: geo(routed.approach), path: geo(routed.path), back: geo(routed.back) };
}

/** The plan around a pattern's path: nadir camera and distance triggering when a camera is given. */
function searchPlan(kind: SearchPatternKind, opts: SearchCommon, common: Common, route: Flown, areaM2: number, resolved: Record<string, number>): Plan {
  const { path } = route;
  const { altitude, camera } = common;
  const body: PlanStep[] = [];
  let trigger = 0;
  if (camera) {
    trigger = Math.max(0.01, Math.floor(triggerDistanceM(camera, altitude, common.frontOverlap) * 100 + 1e-6) / 100);
    body.push(gimbalNadir());
  }
  for (const p of route.approach) body.push(waypoint(p, altitude));
  body.push(waypoint(path[0], altitude));
  if (trigger > 0) body.push(cameraOn(trigger));
  for (const p of path.slice(1)) body.push(waypoint(p, altitude));
  if (trigger > 0) body.push(cameraOff());
  for (const p of route.back) body.push(waypoint(p, altitude));
  const { home: _home, ...asCalled } = opts;
  const plan = buildPlan({
    pattern: 'search',
    home: opts.home,
    takeoffAltitude: altitude,
    speed: opts.speed,
    body,
    areaM2,
    settings: { searchPattern: kind, ...asCalled, resolved: { ...resolved, ...(trigger > 0 ? { triggerDistanceM: trigger } : {}) } },
  });
  if (trigger > 0) plan.photos = flightPath(plan, { cruiseSpeedMps: opts.speed ?? 5 }).photos;
  return plan;
}

const round = (x: number): number => Math.round(x * 100) / 100;
