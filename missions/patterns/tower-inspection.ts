/**
 * The point-of-interest inspection a corridor scan makes at each tower: the camera turned to the
 * tower top, then photos from set angles around it, or an orbit.
 *
 * The vehicle leaves the pass along the line from the tower to where it stopped, so the way in and
 * out never passes over the tower, and moves between photo positions along the inspection circle
 * through waypoints at most 45° apart, keeping 92 % of the radius from the tower (a straight chord
 * between positions 180° apart would fly through it). After the last photo it goes on round, or
 * back, whichever reaches its way out sooner. Photo positions are held for `holdS` seconds.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { distance as dist, headingVector, vectorHeading, type XY } from '../geo/xy.js';
import type { PlanStep } from '../plan.js';
import { cameraOff, cameraOn, requirePositive, requireRange, waypoint } from './common.js';

/** Photos from set angles around each tower, each from a waypoint facing it. */
export interface TowerPhotos {
  mode: 'photos';
  /**
   * Where to take each photo from: degrees clockwise round the tower, measured from the line's
   * direction of travel there (0 = ahead along the line looking back at the tower, 90 = right of
   * the line, 180 = behind, 270 = left). One photo per entry, in the order flown round the tower.
   */
  angles: number[];
  /** Horizontal distance from the tower to each photo position, metres. */
  distanceM: number;
  /** Altitude above home of the photo positions; default the pass altitude. */
  altitude?: number;
  /** Seconds to hold at the stop and at each photo position, so the vehicle is steady; default 2. */
  holdS?: number;
}

/** An orbit round each tower, photos by distance facing it. */
export interface TowerOrbit {
  mode: 'orbit';
  radiusM: number;
  /** Circles to fly; default 1. */
  turns?: number;
  /** Altitude above home of the orbit; default the pass altitude. */
  altitude?: number;
  /** Photos per full circle (0, or 3 to 360), evenly spaced by distance triggering; default 8. */
  photosPerTurn?: number;
  /** Clockwise seen from above (default) or counter-clockwise. */
  clockwise?: boolean;
  /** Seconds to hold at the stop before the orbit; default 2. */
  holdS?: number;
}

/** What to do at each tower; `none` flies straight past. */
export type TowerInspection = TowerPhotos | TowerOrbit | { mode: 'none' };

/** Where a tower stands and how the pass reaches it, in the corridor's local frame. */
export interface TowerStop {
  frame: LocalFrame;
  tower: XY;
  /** Altitude above home the camera aims at: the tower top. */
  topAltitude: number;
  /** The line's direction at the tower, degrees clockwise from north (the reference for angles). */
  lineHeadingDeg: number;
  /** Where the vehicle stopped on the pass. */
  stop: XY;
  passAltitude: number;
}

/** Largest arc between consecutive waypoints on an inspection circle, degrees. */
const MAX_ARC_STEP_DEG = 45;
export const DEFAULT_HOLD_S = 2;
export const DEFAULT_PHOTOS_PER_TURN = 8;

/** Checks an inspection's settings; throws `RangeError` naming the bad one. */
export function checkInspection(inspection: TowerInspection): TowerInspection {
  switch (inspection?.mode) {
    case 'none':
      return inspection;
    case 'photos': {
      if (!Array.isArray(inspection.angles) || inspection.angles.length === 0 || inspection.angles.length > 72) {
        throw new RangeError('tower photo angles must be a list of 1 to 72 angles in degrees');
      }
      inspection.angles.forEach((a, i) => requireRange(`tower photo angle ${i + 1}`, a, -360, 360, '°'));
      requireRange('tower photo distance', inspection.distanceM, 1, 1000, ' m');
      if (inspection.altitude !== undefined) requirePositive('tower photo altitude', inspection.altitude, ' m');
      if (inspection.holdS !== undefined) requireRange('tower hold time', inspection.holdS, 0, 600, ' s');
      return inspection;
    }
    case 'orbit': {
      requireRange('tower orbit radius', inspection.radiusM, 1, 1000, ' m');
      if (inspection.turns !== undefined) requireRange('tower orbit turns', inspection.turns, 0.1, 20);
      if (inspection.altitude !== undefined) requirePositive('tower orbit altitude', inspection.altitude, ' m');
      const n = inspection.photosPerTurn;
      if (n !== undefined && (!Number.isInteger(n) || (n !== 0 && n < 3) || n > 360)) {
        throw new RangeError(`photos per orbit must be 0 or a whole number from 3 to 360, got ${String(n)}`);
      }
      if (inspection.holdS !== undefined) requireRange('tower hold time', inspection.holdS, 0, 600, ' s');
      return inspection;
    }
    default:
      throw new RangeError(`tower inspection mode must be 'photos', 'orbit' or 'none', got ${String((inspection as { mode?: unknown })?.mode)}`);
  }
}

const inspectionRadius = (inspection: TowerPhotos | TowerOrbit): number => (inspection.mode === 'photos' ? inspection.distanceM : inspection.radiusM);

/**
 * Bearing from the tower at which the vehicle joins the circle: straight out towards the stop, or
 * a photo position within a metre of there (no leg shorter than a vehicle flies).
 */
function entryBearing(inspection: TowerPhotos | TowerOrbit, at: Pick<TowerStop, 'tower' | 'stop' | 'lineHeadingDeg'>): number {
  const out = { x: at.stop.x - at.tower.x, y: at.stop.y - at.tower.y };
  const entry = Math.hypot(out.x, out.y) > 1e-6 ? vectorHeading(out) : at.lineHeadingDeg + 90;
  if (inspection.mode !== 'photos') return entry;
  const radius = inspectionRadius(inspection);
  const chord = (deg: number) => 2 * radius * Math.sin((Math.abs(deg) * Math.PI) / 360);
  const near = inspection.angles.map((a) => turn(at.lineHeadingDeg + a, entry)).filter((d) => chord(d) < JOIN_M);
  return near.length > 0 ? entry + near.reduce((m, d) => (Math.abs(d) < Math.abs(m) ? d : m)) : entry;
}

/** Where the vehicle joins the inspection circle from `at.stop`, in the local frame. */
export function inspectionEntry(inspection: TowerPhotos | TowerOrbit, at: Pick<TowerStop, 'tower' | 'stop' | 'lineHeadingDeg'>): XY {
  const v = headingVector(entryBearing(inspection, at));
  const r = inspectionRadius(inspection);
  return { x: at.tower.x + v.x * r, y: at.tower.y + v.y * r };
}

/** Waypoints closer than this (metres) at the same altitude are one position. */
const SAME_POINT_M = 0.05;
/** A photo position nearer than this (metres) to where the way in meets the circle becomes the way in. */
const JOIN_M = 1.05;

/** Compass difference a − b folded into (−180, 180]. */
const turn = (a: number, b: number): number => ((((a - b) % 360) + 540) % 360) - 180;

/**
 * The steps after the vehicle has stopped at `at.stop`: camera on the tower top, the photos or the
 * orbit, camera released; `end` is where they leave the vehicle (on the circle, on the line from the
 * tower through the stop). Distance triggering must already be off. A photo position where the
 * vehicle already is gets no waypoint of its own.
 */
export function inspectionSteps(inspection: TowerPhotos | TowerOrbit, at: TowerStop): { steps: PlanStep[]; end: XY } {
  const { frame, tower } = at;
  const altitude = inspection.altitude ?? at.passAltitude;
  const radius = inspectionRadius(inspection);
  const entry = entryBearing(inspection, at);
  const onCircle = (bearing: number): XY => {
    const v = headingVector(bearing);
    return { x: tower.x + v.x * radius, y: tower.y + v.y * radius };
  };

  const steps: PlanStep[] = [{ kind: 'roi', at: frame.toLatLon(tower.x, tower.y), altitude: at.topAltitude }];
  let here = { at: at.stop, altitude: at.passAltitude };
  let held: Extract<PlanStep, { kind: 'waypoint' }> | undefined;
  const go = (p: XY, holdS = 0) => {
    if (dist(p, here.at) < SAME_POINT_M && here.altitude === altitude) {
      if (held && holdS > 0) held.holdS = Math.max(held.holdS ?? 0, holdS);
      return;
    }
    held = { ...waypoint(frame.toLatLon(p.x, p.y), altitude), ...(holdS > 0 ? { holdS } : {}) } as Extract<PlanStep, { kind: 'waypoint' }>;
    steps.push(held);
    here = { at: p, altitude };
  };
  /** Along the circle from `from` through `sweep` degrees (negative: anticlockwise), ≤ 45° a step. */
  const arc = (from: number, sweep: number, withEnd: boolean) => {
    const n = Math.ceil(Math.abs(sweep) / MAX_ARC_STEP_DEG - 1e-9);
    for (let k = 1; k < n || (withEnd && k === n); k++) go(onCircle(from + (sweep * k) / n));
  };

  go(onCircle(entry));
  if (inspection.mode === 'orbit') {
    const turns = inspection.turns ?? 1;
    const perTurn = inspection.photosPerTurn ?? DEFAULT_PHOTOS_PER_TURN;
    const dir = inspection.clockwise === false ? -1 : 1;
    // The camera fires on straight-line distance from the last photo, so the trigger is the chord
    // between neighbouring photo positions, a few centimetres longer (beyond the coordinates'
    // rounding) so coming round to the start does not photograph it twice.
    const chord = 2 * radius * Math.sin(Math.PI / perTurn);
    if (perTurn > 0) steps.push(cameraOn(chord + Math.max(0.05, chord * 0.002)));
    steps.push({ kind: 'loiter-turns', at: frame.toLatLon(tower.x, tower.y), altitude, turns, radiusM: dir * radius });
    if (perTurn > 0) steps.push(cameraOff());
    // A whole number of turns ends where it began; otherwise come back round to the way out.
    const rest = (turns % 1) * 360;
    if (rest > 1e-6) {
      here = { at: onCircle(entry + dir * rest), altitude };
      held = undefined;
      arc(entry + dir * rest, dir * (rest > 180 ? 360 - rest : -rest), true);
    }
  } else {
    const holdS = inspection.holdS ?? DEFAULT_HOLD_S;
    // Clockwise offsets from the entry bearing, flown in increasing order.
    const offsets = inspection.angles.map((a) => (((at.lineHeadingDeg + a - entry) % 360) + 360) % 360).sort((p, q) => p - q);
    let bearing = 0;
    for (const off of offsets) {
      arc(entry + bearing, off - bearing, false);
      go(onCircle(entry + off), holdS);
      steps.push({ kind: 'photo' });
      bearing = off;
    }
    // Back to the entry point the shorter way round.
    arc(entry + bearing, bearing > 180 ? 360 - bearing : -bearing, true);
  }
  steps.push({ kind: 'roi-none' });
  return { steps, end: here.at };
}
