/**
 * Area survey (a forest compartment, a field): parallel lanes over a polygon with holes, flown back
 * and forth with the camera triggering by distance.
 *
 * - Lanes are `laneSpacingM` apart (side overlap); photos every `triggerDistanceM` (front overlap),
 *   the first at the lane's start, the last at or just past its end.
 * - A lane runs wherever the area lies within half a spacing of it, so slanted edges and tips
 *   between lanes are still photographed.
 * - Where a lane crosses a hole or leaves a concave area, the drone flies on along the lane (no extra
 *   turns) with the camera off, and turns it on again where the area resumes; gaps shorter than one
 *   trigger distance are flown with the camera running.
 * - Each lane gets a lead-in and lead-out `turnaroundM` beyond its ends, so the vehicle is level and
 *   at speed when the first photo is taken.
 * - The gimbal is pointed straight down after take-off: the coverage figures assume a nadir camera.
 * - Exclusion zones are never flown into: lanes stop short of them (camera off) and the vehicle flies
 *   the shortest way round to where the lane resumes; the ways from home and back go round them too.
 */
import { area as turfArea } from '@turf/area';
import type { Polygon } from 'geojson';
import { altitudeForGsd, customCamera, gsdCmPerPx, laneSpacingM, triggerDistanceM, type Camera } from '../camera.js';
import { layLanes, nearestStart, serpentine, type LaneLayout, type Pass } from '../geo/lanes.js';
import { LocalFrame } from '../geo/local-frame.js';
import { checkPolygon } from '../geo/polygon-check.js';
import { polygonRings, positionLatLon, ringsBounds, type Ring } from '../geo/rings.js';
import type { XY } from '../geo/xy.js';
import type { LatLon, PhotoPoint, Plan, PlanStep } from '../plan.js';
import { flightPath } from '../flight-path.js';
import type { ExclusionZones } from '../geo/detour.js';
import { buildPlan, cameraOff, cameraOn, exclusionZones, gimbalNadir, requireLatLon, requirePositive, requireRange, waypoint } from './common.js';

export interface SurveyOptions {
  /** The area to cover; holes are left out of the coverage. */
  area: Polygon;
  home: LatLon & { altMsl?: number };
  camera: Camera;
  /** Flight altitude above home, metres. Give this or `gsdCm`, not both. */
  altitude?: number;
  /** Wanted ground sample distance, cm/px; the altitude follows from the camera. */
  gsdCm?: number;
  /** 0–0.95; default 0.7. */
  sideOverlap?: number;
  /** 0–0.95; default 0.8. */
  frontOverlap?: number;
  /** Lane direction, degrees clockwise from north, or 'best' (default): the quickest to fly. */
  angleDeg?: number | 'best';
  /** Lead-in and lead-out beyond each lane's ends, metres; default 10. */
  turnaroundM?: number;
  /** Fly a second set of lanes at 90° to the first. */
  crosshatch?: boolean;
  /** Cruise speed, m/s; omitted leaves the vehicle's default. */
  speed?: number;
  /** Where to enter: 'nearest' (default) starts at the outer lane end nearest home. */
  entry?: 'nearest';
  /**
   * Zones never to fly into, kept `EXCLUSION_MARGIN_M` clear and left out of the coverage like holes:
   * lanes are split where they meet one (camera off) and every way between pieces, lanes, home and
   * back is the shortest way round them. Home must lie outside them.
   */
  exclusions?: Polygon[];
}

export const SURVEY_DEFAULTS = { sideOverlap: 0.7, frontOverlap: 0.8, turnaroundM: 10 } as const;

/** Time a lane change costs beyond its distance (slowing, two turns, speeding up), for choosing the angle. */
const TURN_COST_S = 5;
/** Speed assumed when choosing the angle if none is given, m/s. */
const COSTING_SPEED = 5;
/** Beyond these a survey is a typo (a GSD in metres, say), not a plan. */
const MAX_LANES = 20_000;
const MAX_PHOTOS = 2_000_000;

interface Resolved {
  altitude: number;
  gsdCm: number;
  angleDeg: number;
  laneSpacingM: number;
  triggerDistanceM: number;
  turnaroundM: number;
  lanes: number;
}

/** A survey plan over `opts.area`. Throws `RangeError` naming the option for invalid options. */
export function surveyPlan(opts: SurveyOptions): Plan {
  const home = requireLatLon('home', opts.home);
  const camera = customCamera(opts.camera);
  const problem = checkPolygon(opts.area);
  if (problem) throw new RangeError(`survey area (${problem.where}): ${problem.message}`);
  const altitude = resolveAltitude(opts, camera);
  const sideOverlap = requireRange('side overlap', opts.sideOverlap ?? SURVEY_DEFAULTS.sideOverlap, 0, 0.95);
  const frontOverlap = requireRange('front overlap', opts.frontOverlap ?? SURVEY_DEFAULTS.frontOverlap, 0, 0.95);
  const turnaroundM = requireRange('turnaround distance', opts.turnaroundM ?? SURVEY_DEFAULTS.turnaroundM, 0, 1000, ' m');
  if (opts.speed !== undefined) requireRange('speed', opts.speed, 0.1, 50, ' m/s');
  if (opts.entry !== undefined && opts.entry !== 'nearest') throw new RangeError(`entry must be 'nearest', got ${String(opts.entry)}`);
  const angle = opts.angleDeg ?? 'best';
  if (angle !== 'best') requireRange('angle', angle, -360, 360, '°');

  const spacing = laneSpacingM(camera, altitude, sideOverlap);
  // Whole centimetres, rounded down so the overlap never falls short of the request.
  const trigger = Math.max(0.01, Math.floor(triggerDistanceM(camera, altitude, frontOverlap) * 100 + 1e-6) / 100);
  // Centre the frame on the area (via a frame at its first vertex, which also copes with the antimeridian).
  const near = new LocalFrame(positionLatLon(opts.area.coordinates[0][0]));
  const b = ringsBounds(polygonRings({ type: 'Polygon', coordinates: [opts.area.coordinates[0]] }, near));
  const frame = new LocalFrame(near.toLatLon((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2));
  const rings = polygonRings(opts.area, frame);
  checkSize(rings, spacing, trigger);

  const angleDeg = angle === 'best' ? bestAngle(rings, spacing, trigger, turnaroundM, opts.speed ?? COSTING_SPEED) : normalize(angle);
  const headings = opts.crosshatch ? [angleDeg, normalize(angleDeg + 90)] : [angleDeg];
  const zones = exclusionZones(opts.exclusions, frame);
  const body: PlanStep[] = [gimbalNadir()];
  const photos: PhotoPoint[] = [];
  let path: PathEntry[] = [];
  const start = frame.toLocal(home);
  let from = start;
  let lanes = 0;
  for (const heading of headings) {
    const layout = layLanes(rings, heading, spacing, trigger);
    const passes = serpentine(layout.lanes, nearestStart(layout, from).start);
    for (const pass of passes) {
      const flown = flyPass(layout, pass, trigger, turnaroundM);
      path.push(...flown.path);
      for (const q of flown.photos) {
        const ll = frame.toLatLon(q.x, q.y);
        photos.push({ lat: ll.lat, lon: ll.lon, altitude, heading: flown.heading });
      }
      from = flown.exit;
    }
    lanes += passes.length;
  }
  if (zones) path = routeEntries(zones, start, path);
  for (const p of path) body.push(p.camera === undefined ? waypoint(frame.toLatLon(p.at.x, p.at.y), altitude) : p.camera > 0 ? cameraOn(p.camera) : cameraOff());

  const resolved: Resolved = {
    altitude,
    gsdCm: gsdCmPerPx(camera, altitude),
    angleDeg,
    laneSpacingM: spacing,
    triggerDistanceM: trigger,
    turnaroundM,
    lanes,
  };
  const { home: _home, ...asCalled } = opts;
  const plan = buildPlan({
    pattern: 'survey',
    home: opts.home,
    takeoffAltitude: altitude,
    speed: opts.speed,
    body,
    photos,
    areaM2: turfArea(opts.area),
    settings: { ...asCalled, resolved },
  });
  // Round the zones the camera runs only along the lanes' clear pieces: photos follow the path.
  if (zones) plan.photos = flightPath(plan, { cruiseSpeedMps: opts.speed ?? COSTING_SPEED }).photos;
  return plan;
}

/**
 * Lane entries rerouted round the zones, flown from `home` and back to it: legs split where they
 * meet a zone, the camera off on every detour and on again where the lane resumes.
 */
function routeEntries(zones: ExclusionZones, home: XY, entries: readonly PathEntry[]): PathEntry[] {
  const out: PathEntry[] = [];
  let cur = home, last = home;
  // The camera wanted (trigger distance, 0 = off) and whether the output has it on.
  let trigger = 0;
  let active = false;
  for (const e of entries) {
    if (e.camera !== undefined) {
      trigger = e.camera;
      // Switched on at the next clear piece, so no photo is taken on a detour.
      if (trigger === 0 && active) {
        out.push({ camera: 0 });
        active = false;
      }
      continue;
    }
    for (const m of zones.routeLeg(cur, last, e.at)) {
      if (m.detour && active) {
        out.push({ camera: 0 });
        active = false;
      } else if (!m.detour && trigger > 0 && !active) {
        out.push({ camera: trigger });
        active = true;
      }
      out.push({ at: m.to });
      cur = m.to;
    }
    last = e.at;
  }
  if (active) out.push({ camera: 0 });
  for (const p of zones.detour(cur, home).slice(1, -1)) out.push({ at: p });
  return out;
}

function resolveAltitude(opts: SurveyOptions, camera: Camera): number {
  if (opts.altitude !== undefined && opts.gsdCm !== undefined) throw new RangeError('give the survey altitude or the GSD, not both');
  if (opts.altitude !== undefined) return requirePositive('altitude', opts.altitude, ' m');
  if (opts.gsdCm !== undefined) {
    const exact = altitudeForGsd(camera, requirePositive('GSD', opts.gsdCm, ' cm/px'));
    if (exact < 1) throw new RangeError(`a GSD of ${opts.gsdCm} cm/px would need flying ${exact.toFixed(3)} m above the ground with ${camera.name}`);
    // Whole centimetres, rounded down so the GSD is never coarser than asked.
    return Math.floor(exact * 100 + 1e-6) / 100;
  }
  throw new RangeError('the survey needs an altitude (m) or a GSD (cm/px)');
}

function checkSize(rings: readonly Ring[], spacing: number, trigger: number): void {
  const b = ringsBounds(rings);
  const diagonal = Math.hypot(b.maxX - b.minX, b.maxY - b.minY);
  if (diagonal / spacing > MAX_LANES) {
    throw new RangeError(`lanes ${spacing.toFixed(2)} m apart over a ${(diagonal / 1000).toFixed(1)} km area would be more than ${MAX_LANES}; fly higher or lower the overlap`);
  }
  const area = (b.maxX - b.minX) * (b.maxY - b.minY);
  if (area / (spacing * trigger) > MAX_PHOTOS) {
    throw new RangeError(`the survey would take more than ${MAX_PHOTOS} photos; fly higher or lower the overlap`);
  }
}

/** Lane directions repeat every 180°. */
function normalize(deg: number): number {
  const r = deg % 180;
  return r < 0 ? r + 180 : r;
}

/** One entry of a pass's path: a waypoint, or a camera change (distance, 0 = off). */
type PathEntry = { at: XY; camera?: undefined } | { camera: number; at?: undefined };

interface FlownPass {
  heading: number;
  path: PathEntry[];
  photos: XY[];
  exit: XY;
}

/** Waypoints, camera changes and photo points of one lane. */
function flyPass(layout: LaneLayout, pass: Pass, trigger: number, turnaroundM: number): FlownPass {
  const { sweep } = layout;
  const dir = pass.forward ? 1 : -1;
  const at = (u: number): XY => sweep.fromUV(u, pass.v);
  const path: PathEntry[] = [];
  const photos: XY[] = [];
  const first = pass.spans[0][0];
  if (turnaroundM > 0) path.push({ at: at(first - dir * turnaroundM) });
  let end = first;
  for (const [from, to] of pass.spans) {
    // Whole trigger intervals, so the last photo falls at the end of the span, not short of it.
    const n = Math.max(1, Math.ceil(Math.abs(to - from) / trigger - 1e-9));
    end = from + dir * n * trigger;
    path.push({ at: at(from) }, { camera: trigger }, { at: at(end) }, { camera: 0 });
    for (let k = 0; k <= n; k++) photos.push(at(from + dir * k * trigger));
  }
  const exit = turnaroundM > 0 ? at(end + dir * turnaroundM) : at(end);
  if (turnaroundM > 0) path.push({ at: exit });
  return { heading: normalizeHeading(layout.headingDeg + (pass.forward ? 0 : 180)), path, photos, exit };
}

function normalizeHeading(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}

/** Estimated time (s) to fly the lanes at `headingDeg`, turns included. */
function angleCost(rings: readonly Ring[], headingDeg: number, spacing: number, trigger: number, turnaroundM: number, speed: number): number {
  const layout = layLanes(rings, headingDeg, spacing, trigger);
  const passes = serpentine(layout.lanes, { fromLast: false, firstForward: true });
  let distance = 0;
  let last: { u: number; v: number } | undefined;
  for (const pass of passes) {
    const dir = pass.forward ? 1 : -1;
    const start = pass.spans[0][0] - dir * turnaroundM;
    const end = pass.spans[pass.spans.length - 1][1] + dir * turnaroundM;
    distance += Math.abs(end - start);
    if (last) distance += Math.hypot(start - last.u, pass.v - last.v);
    last = { u: end, v: pass.v };
  }
  return distance / speed + Math.max(0, passes.length - 1) * TURN_COST_S;
}

/**
 * The quickest lane direction: every 5°, plus the directions of the outline's longest edges (lanes
 * along an edge often save a lane), then refined around the best to 0.1°.
 */
function bestAngle(rings: readonly Ring[], spacing: number, trigger: number, turnaroundM: number, speed: number): number {
  const cost = (a: number) => angleCost(rings, a, spacing, trigger, turnaroundM, speed);
  const outline = rings[0];
  const edges = outline.map((p, i) => {
    const q = outline[(i + 1) % outline.length];
    return { len: Math.hypot(q.x - p.x, q.y - p.y), heading: normalize((Math.atan2(q.x - p.x, q.y - p.y) * 180) / Math.PI) };
  });
  const candidates = Array.from({ length: 36 }, (_, i) => i * 5);
  for (const e of edges.sort((a, b) => b.len - a.len).slice(0, 8)) candidates.push(e.heading);
  let best = { angle: 0, cost: Infinity };
  const consider = (a: number) => {
    const angle = normalize(Math.round(normalize(a) * 10) / 10);
    const c = cost(angle);
    if (c < best.cost - 1e-6) best = { angle, cost: c };
  };
  candidates.forEach(consider);
  for (const step of [1, 0.2]) {
    const centre = best.angle;
    for (let k = -4; k <= 4; k++) if (k !== 0) consider(centre + k * step);
  }
  return best.angle;
}
