/**
 * Checks a plan before upload. Errors block the upload; warnings inform. Each finding names the
 * step (its index in `plan.steps`; mission item = step + 1) and says what to change.
 *
 * Legs are the straight pieces of the flight path (see `flight-path.ts`): from home, between steps,
 * the chords of loiter circles, and the return leg to home; fences are checked along every leg, not
 * only at its ends. Camera overlap is checked from the plan's settings (top level, else under
 * `resolved`, as the generators record them): `laneSpacingM` (or a corridor's `passSpacingM`),
 * `triggerDistanceM` (else the first camera-distance step) and `altitudeM` / `altitude` (else the
 * altitude of the first photo), against the camera's footprint at that altitude: side overlap =
 * 1 − spacing / footprint across, front overlap = 1 − trigger distance / footprint along.
 */
import type { Polygon } from 'geojson';
import { footprintM, type Camera } from './camera.js';
import { estimateAlong, profileFlightPath } from './estimate.js';
import type { Leg } from './flight-path.js';
import { clipSegmentParams } from './geo/clip-line.js';
import { LocalFrame } from './geo/local-frame.js';
import { pointInRings } from './geo/point-in-polygon.js';
import { polygonRings, ringsBounds, type Ring } from './geo/rings.js';
import type { XY } from './geo/xy.js';
import type { Plan, PlanStep } from './plan.js';
import { DEFAULT_ALTITUDE_LIMIT_M, type Site } from './site.js';
import type { VehicleProfile } from './vehicle-profile.js';

export type FindingCode =
  | 'altitude-over-limit'
  | 'leaves-inclusion-fence'
  | 'crosses-exclusion-zone'
  | 'too-many-items'
  | 'endurance-exceeded'
  | 'leg-too-short'
  | 'speed-over-max'
  | 'side-overlap-low'
  | 'front-overlap-low';

export interface Finding {
  severity: 'error' | 'warning';
  code: FindingCode;
  /** Index into `plan.steps`; null for the plan as a whole. */
  step: number | null;
  message: string;
}

export interface ValidationContext {
  profile: VehicleProfile;
  site?: Site;
  camera?: Camera;
  /** Overlaps asked for, as fractions (0.7 = 70 %). */
  requested?: { sideOverlap?: number; frontOverlap?: number };
}

/** Legs shorter than this are a waypoint repeated where the vehicle already is, not a leg. */
const REPEATED_POSITION_M = 0.05;

/** Overlap this far below the request still counts as met (rounding of spacings). */
const OVERLAP_TOLERANCE = 1e-3;

const fmt = (v: number): string => String(Math.round(v * 100) / 100);
const pct = (f: number): string => `${fmt(f * 100)} %`;
const name = (plan: Plan, i: number | null): string => (i === null ? 'home' : `step ${i} (${plan.steps[i].kind})`);

function duration(s: number): string {
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m} min ${total % 60} s` : `${total} s`;
}

/** Every finding for `plan`, sorted by step (plan-wide findings first). */
export function validatePlan(plan: Plan, ctx: ValidationContext): Finding[] {
  const { profile } = ctx;
  const path = profileFlightPath(plan, profile);
  const est = estimateAlong(plan, profile, path);
  const findings: Finding[] = [];
  const error = (code: FindingCode, step: number | null, message: string) => findings.push({ severity: 'error', code, step, message });
  const warn = (code: FindingCode, step: number | null, message: string) => findings.push({ severity: 'warning', code, step, message });

  if (est.itemCount > profile.maxItems) {
    error('too-many-items', null, `the plan makes ${est.itemCount} mission items, more than the ${profile.maxItems} the vehicle "${profile.name}" stores: split it into several missions`);
  }
  const budget = profile.enduranceS * (1 - profile.reserveFraction);
  if (est.flightTimeS > budget) {
    error('endurance-exceeded', null,
      `the plan needs about ${duration(est.flightTimeS)} of flight, over the ${duration(budget)} the vehicle "${profile.name}" may fly ` +
      `(${duration(profile.enduranceS)} endurance less ${pct(profile.reserveFraction)} reserve): shorten the plan or split it into several flights`);
  }

  const limit = ctx.site?.altitudeLimitM ?? DEFAULT_ALTITUDE_LIMIT_M;
  plan.steps.forEach((s, i) => {
    const alt = flownAltitude(s);
    if (alt !== null && alt > limit) {
      error('altitude-over-limit', i, `${name(plan, i)} is at ${fmt(alt)} m above take-off, over the site limit of ${fmt(limit)} m: lower it to ${fmt(limit)} m or less`);
    }
    if (s.kind === 'speed' && s.speed > profile.maxSpeedMps) {
      warn('speed-over-max', i, `${name(plan, i)} asks for ${fmt(s.speed)} m/s, over the maximum of ${fmt(profile.maxSpeedMps)} m/s for "${profile.name}": lower it to ${fmt(profile.maxSpeedMps)} m/s or less`);
    }
  });

  for (const leg of path.legs) {
    const s = plan.steps[leg.step];
    if (leg.kind !== 'transit' || (s.kind !== 'waypoint' && s.kind !== 'loiter-time')) continue;
    const len = Math.hypot(leg.horizontalM, leg.to.alt - leg.from.alt);
    // A repeat of the position the vehicle is at (back at a tower's stop, the first waypoint above
    // the take-off point) is reached at once; only a short hop makes it stop and jerk.
    if (len < profile.minLegM && len > REPEATED_POSITION_M) {
      warn('leg-too-short', leg.step,
        `${name(plan, leg.step)} is ${fmt(len)} m from ${name(plan, leg.fromStep)}, shorter than the ${fmt(profile.minLegM)} m "${profile.name}" flies sensibly: ` +
        `remove it or move it at least ${fmt(profile.minLegM)} m away`);
    }
  }

  const fences = ctx.site?.geofences;
  if (fences) {
    // In the flat frame around home, as ArduPilot checks fences (offsets from its origin).
    const frame = new LocalFrame(plan.home);
    const zones = (polys: Polygon[]) => polys.map((poly) => new Zone(poly, frame));
    const inclusion = zones(fences.inclusion);
    const exclusion = zones(fences.exclusion);
    const seen = new Set<string>();
    for (const leg of path.legs) {
      const a = frame.toLocal(leg.from), b = frame.toLocal(leg.to);
      inclusion.forEach((zone, z) => {
        const key = `in:${leg.step}:${z}`;
        if (seen.has(key) || !zone.leaves(a, b)) return;
        seen.add(key);
        error('leaves-inclusion-fence', leg.step, `${name(plan, leg.step)}: ${describeLeg(plan, leg)} leaves inclusion fence ${z + 1}: ${fix(plan, leg, 'keep it inside the fence')}`);
      });
      exclusion.forEach((zone, z) => {
        const key = `ex:${leg.step}:${z}`;
        if (seen.has(key) || !zone.enters(a, b)) return;
        seen.add(key);
        error('crosses-exclusion-zone', leg.step, `${name(plan, leg.step)}: ${describeLeg(plan, leg)} crosses exclusion zone ${z + 1}: ${fix(plan, leg, 'keep it out of the zone')}`);
      });
    }
  }

  checkOverlap(plan, ctx, (plan.photos[0] ?? path.photos[0])?.altitude ?? null, findings);
  return findings.sort((a, b) => (a.step ?? -1) - (b.step ?? -1));
}

/** The altitude the vehicle flies at for a step; null for steps without one (an ROI's altitude is a target). */
function flownAltitude(s: PlanStep): number | null {
  return s.kind === 'takeoff' || s.kind === 'waypoint' || s.kind === 'loiter-time' || s.kind === 'loiter-turns' ? s.altitude : null;
}

function describeLeg(plan: Plan, leg: Leg): string {
  switch (leg.kind) {
    case 'climb':
      return 'the climb';
    case 'descent':
      return 'the descent';
    case 'orbit':
      return 'its circle';
    case 'transit':
      return plan.steps[leg.step].kind === 'rtl'
        ? `the return leg from ${name(plan, leg.fromStep)} to home`
        : `the leg from ${name(plan, leg.fromStep)} to it`;
  }
}

function fix(plan: Plan, leg: Leg, aim: string): string {
  if (leg.kind === 'orbit') return `move the centre or shrink the radius to ${aim}`;
  if (leg.kind !== 'transit') return `move the take-off or landing point to ${aim}`;
  if (plan.steps[leg.step].kind === 'rtl') return `add waypoints before the return to ${aim}`;
  return `move the waypoints, or add one to fly round, to ${aim}`;
}

/** A fence polygon (outline and holes) in the local frame, with its bounds for a quick reject. */
class Zone {
  private readonly rings: Ring[];
  private readonly bounds: { minX: number; minY: number; maxX: number; maxY: number };

  constructor(poly: Polygon, frame: LocalFrame) {
    this.rings = polygonRings(poly, frame);
    this.bounds = ringsBounds(this.rings);
  }

  /** True when any part of segment a→b is outside the outline or inside a hole. */
  leaves(a: XY, b: XY): boolean {
    if (a.x === b.x && a.y === b.y) return !pointInRings(a, this.rings);
    const inside = clipSegmentParams(a, b, this.rings);
    return !(inside.length === 1 && inside[0][0] <= 1e-9 && inside[0][1] >= 1 - 1e-9);
  }

  /** True when any part of segment a→b is inside the polygon. */
  enters(a: XY, b: XY): boolean {
    const bb = this.bounds;
    if (Math.max(a.x, b.x) < bb.minX || Math.min(a.x, b.x) > bb.maxX || Math.max(a.y, b.y) < bb.minY || Math.min(a.y, b.y) > bb.maxY) return false;
    if (a.x === b.x && a.y === b.y) return pointInRings(a, this.rings);
    return clipSegmentParams(a, b, this.rings).length > 0;
  }
}

/**
 * A positive number from the plan's settings: the first of `keys` found at the top level or under
 * `resolved` (where the generators record the figures they worked out).
 */
function setting(plan: Plan, ...keys: string[]): number | null {
  const resolved = plan.settings?.resolved;
  const nested = typeof resolved === 'object' && resolved !== null ? (resolved as Record<string, unknown>) : {};
  for (const key of keys) {
    for (const v of [plan.settings?.[key], nested[key]]) if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  }
  return null;
}

/** Side overlap from lane spacing, front overlap from trigger distance, against the footprint. */
function checkOverlap(plan: Plan, ctx: ValidationContext, photoAlt: number | null, findings: Finding[]): void {
  const { camera, requested } = ctx;
  const alt = setting(plan, 'altitudeM', 'altitude') ?? photoAlt;
  if (!camera || !requested || alt === null || !(alt > 0)) return;
  const fp = footprintM(camera, alt);
  const side = requested.sideOverlap;
  const spacing = setting(plan, 'laneSpacingM', 'passSpacingM');
  if (side !== undefined && spacing !== null) {
    const actual = 1 - spacing / fp.across;
    if (actual < side - OVERLAP_TOLERANCE) {
      findings.push({
        severity: 'warning', code: 'side-overlap-low', step: null,
        message: `side overlap is ${pct(actual)} (lanes ${fmt(spacing)} m apart, photos ${fmt(fp.across)} m across at ${fmt(alt)} m), below the requested ${pct(side)}: ` +
          `set the lanes at most ${fmt(fp.across * (1 - side))} m apart, or fly higher`,
      });
    }
  }
  const front = requested.frontOverlap;
  const triggerStep = plan.steps.findIndex((s) => s.kind === 'camera-distance' && s.distanceM > 0);
  const fromSettings = setting(plan, 'triggerDistanceM');
  const stepDistance = triggerStep >= 0 ? (plan.steps[triggerStep] as Extract<PlanStep, { kind: 'camera-distance' }>).distanceM : null;
  const trigger = fromSettings ?? stepDistance;
  if (front !== undefined && trigger !== null) {
    const actual = 1 - trigger / fp.along;
    if (actual < front - OVERLAP_TOLERANCE) {
      findings.push({
        severity: 'warning', code: 'front-overlap-low', step: fromSettings === null ? triggerStep : null,
        message: `front overlap is ${pct(actual)} (a photo every ${fmt(trigger)} m, photos ${fmt(fp.along)} m long at ${fmt(alt)} m), below the requested ${pct(front)}: ` +
          `trigger at most every ${fmt(fp.along * (1 - front))} m, or fly higher`,
      });
    }
  }
}
