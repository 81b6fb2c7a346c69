/**
 * The path a plan makes the vehicle fly, worked out the way ArduPilot Copter flies the mission
 * `planToItems` writes: straight legs between positions, a vertical climb for take-off, a transit at
 * the current altitude then a descent for land and return-to-launch, a move to the circle's edge
 * then chords around it for loiter-turns. Estimates, validation and photo points all read it.
 */
import { distance } from '@turf/distance';
import { LocalFrame, metresPerDegree } from './geo/local-frame.js';
import type { LatLon, PhotoPoint, Plan, PlanStep } from './plan.js';

/** A position on the path; `alt` in metres above take-off. */
export interface PathPoint extends LatLon {
  alt: number;
}

/**
 * One straight piece of the path. `climb` and `descent` are vertical (take-off, the end of a land or
 * return); `transit` flies to a step's position; `orbit` is a chord of a loiter-turns circle.
 */
export interface Leg {
  kind: 'climb' | 'transit' | 'orbit' | 'descent';
  /** Index into `plan.steps` of the step that flies this leg. */
  step: number;
  /** The step whose position the leg starts from; null for home. */
  fromStep: number | null;
  from: PathPoint;
  to: PathPoint;
  /** Horizontal length in metres (for orbit chords, the arc they stand for). */
  horizontalM: number;
  /** Horizontal speed in force, m/s. */
  speedMps: number;
}

export interface FlightPath {
  legs: Leg[];
  /** Time spent standing still at a step (waypoint hold, loiter-time). */
  holds: { step: number; seconds: number }[];
  /** Where the camera fires: photo steps and distance triggering along the legs. */
  photos: PhotoPoint[];
}

export interface FlightPathOptions {
  /** Horizontal speed before any speed step. */
  cruiseSpeedMps: number;
  /** Speed steps above this are flown at this speed (the autopilot caps them). */
  maxSpeedMps?: number;
  /** Work out photo points (default true); estimates skip it when the plan lists its own. */
  photos?: boolean;
}

/** Loiter-turns radius when a step gives 0: ArduPilot's CIRCLE_RADIUS default. */
export const DEFAULT_LOITER_RADIUS_M = 10;
/** Chords per full circle of a loiter-turns, for fence checks and photo triggering. */
const CHORDS_PER_TURN = 36;
const MAX_TURNS = 255;
const DEG = Math.PI / 180;
/** How far short of the trigger distance still fires at a leg's end (degE7 rounding is ~1 cm). */
const TRIGGER_SLACK_M = 0.02;
/** Stops a nonsense trigger distance (millimetres over kilometres) from hanging the planner. */
const MAX_PHOTOS = 200_000;

/** Horizontal distance in metres (haversine, as turf measures it). */
export function horizontalM(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/** Compass heading (0–360) from `a` to `b` in the flat frame around `a`; null when they coincide. */
export function headingBetween(a: LatLon, b: LatLon): number | null {
  const m = metresPerDegree(a.lat);
  const x = (b.lon - a.lon) * m.lon;
  const y = (b.lat - a.lat) * m.lat;
  if (Math.hypot(x, y) < 1e-6) return null;
  const h = Math.atan2(x, y) / DEG;
  return h < 0 ? h + 360 : h;
}

/** Walks the plan's steps and returns its legs, holds and photo points. */
export function flightPath(plan: Plan, opts: FlightPathOptions): FlightPath {
  return new Walker(plan, opts).walk();
}

class Walker {
  private readonly legs: Leg[] = [];
  private readonly holds: { step: number; seconds: number }[] = [];
  private readonly photos: PhotoPoint[] = [];
  private pos: PathPoint;
  private fromStep: number | null = null;
  private speed: number;
  /** Camera distance trigger: metres between photos (0 = off) and where the last photo was taken. */
  private trigger = 0;
  private lastPhoto: LatLon | null = null;
  private yaw: number | null = null;
  private roi: LatLon | null = null;
  /** Heading of the last horizontal leg, for photos taken while standing. */
  private heading = 0;
  /** Photos taken standing, before any leg, whose heading is the next leg's (the way the nose turns). */
  private pending: number[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly opts: FlightPathOptions,
  ) {
    this.pos = { lat: plan.home.lat, lon: plan.home.lon, alt: 0 };
    this.speed = this.capped(opts.cruiseSpeedMps);
  }

  walk(): FlightPath {
    this.plan.steps.forEach((s, i) => this.step(s, i));
    return { legs: this.legs, holds: this.holds, photos: this.photos };
  }

  private capped(v: number): number {
    return this.opts.maxSpeedMps !== undefined ? Math.min(v, this.opts.maxSpeedMps) : v;
  }

  private step(s: PlanStep, i: number): void {
    switch (s.kind) {
      case 'takeoff':
        if (s.altitude > this.pos.alt) this.move('climb', i, { ...this.pos, alt: s.altitude });
        break;
      case 'waypoint':
        this.move('transit', i, { ...s.at, alt: s.altitude });
        if (s.holdS && s.holdS > 0) this.holds.push({ step: i, seconds: s.holdS });
        break;
      case 'loiter-time':
        this.move('transit', i, { ...s.at, alt: s.altitude });
        if (s.seconds > 0) this.holds.push({ step: i, seconds: s.seconds });
        break;
      case 'loiter-turns':
        this.orbit(s, i);
        break;
      case 'land':
        this.move('transit', i, { ...s.at, alt: this.pos.alt });
        this.move('descent', i, { ...s.at, alt: 0 });
        break;
      case 'rtl':
        this.move('transit', i, { ...this.plan.home, alt: this.pos.alt });
        this.move('descent', i, { ...this.plan.home, alt: 0 });
        break;
      case 'speed':
        // The autopilot ignores a speed of zero or less.
        if (s.speed > 0) this.speed = this.capped(s.speed);
        break;
      case 'camera-distance':
        this.trigger = Math.max(0, s.distanceM);
        // Written with "trigger once now", so starting takes a photo where the vehicle is.
        if (this.trigger > 0) this.photo();
        break;
      case 'photo':
        this.photo();
        break;
      case 'yaw':
        this.yaw = s.heading;
        this.roi = null;
        break;
      case 'roi':
        this.roi = s.at;
        this.yaw = null;
        break;
      case 'roi-none':
        this.roi = null;
        break;
      case 'gimbal':
        break;
      default: {
        const never: never = s;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  }

  /** Adds a leg from the current position to `to` (skipped when it goes nowhere). */
  private move(kind: Leg['kind'], step: number, to: PathPoint, arcM?: number): void {
    const from = this.pos;
    const h = arcM ?? (kind === 'climb' || kind === 'descent' ? 0 : horizontalM(from, to));
    if (h === 0 && from.alt === to.alt && kind !== 'transit') return;
    const leg: Leg = { kind, step, fromStep: this.fromStep, from, to: { lat: to.lat, lon: to.lon, alt: to.alt }, horizontalM: h, speedMps: this.speed };
    this.legs.push(leg);
    if (h > 0) {
      this.heading = headingBetween(from, to) ?? this.heading;
      for (const k of this.pending) this.photos[k].heading = this.heading;
      this.pending = [];
      this.triggerAlong(from, to);
    }
    this.pos = leg.to;
    this.fromStep = step;
  }

  /** To the circle's nearest edge point, then `turns` times round it (positive radius clockwise). */
  private orbit(s: Extract<PlanStep, { kind: 'loiter-turns' }>, i: number): void {
    const r = Math.abs(s.radiusM) || DEFAULT_LOITER_RADIUS_M;
    const dir = s.radiusM < 0 ? -1 : 1;
    const frame = new LocalFrame(s.at);
    const here = frame.toLocal(this.pos);
    const start = Math.hypot(here.x, here.y) > 0.01 ? Math.atan2(here.x, here.y) : 0;
    const edge = (a: number): PathPoint => ({ ...frame.toLatLon(r * Math.sin(a), r * Math.cos(a)), alt: s.altitude });
    this.move('transit', i, edge(start));
    // ArduPilot stores the turn count in a byte.
    const turns = Math.min(MAX_TURNS, Math.max(0, s.turns));
    const n = Math.ceil(turns * CHORDS_PER_TURN);
    const total = turns * 2 * Math.PI;
    for (let k = 1; k <= n; k++) {
      this.move('orbit', i, edge(start + dir * total * (k / n)), (r * total) / n);
    }
  }

  /** A photo where the vehicle stands now. */
  private photo(): void {
    const facesLeg = !this.roi && this.yaw === null;
    if (this.photoAt(this.pos, this.heading) && facesLeg) this.pending.push(this.photos.length - 1);
  }

  /** False when the photo cap is reached. */
  private photoAt(p: PathPoint, legHeading: number): boolean {
    if (this.opts.photos === false || this.photos.length >= MAX_PHOTOS) return false;
    const heading = this.roi ? headingBetween(p, this.roi) ?? legHeading : this.yaw ?? legHeading;
    this.photos.push({ lat: p.lat, lon: p.lon, altitude: p.alt, heading });
    this.lastPhoto = { lat: p.lat, lon: p.lon };
    return true;
  }

  /**
   * Distance triggering as ArduPilot's camera does it: a photo whenever the vehicle is `trigger`
   * metres (horizontally, in a straight line) from the last one. Solved exactly along the leg in the
   * flat frame around its start.
   */
  private triggerAlong(a: PathPoint, b: PathPoint): void {
    if (this.trigger <= 0 || this.opts.photos === false) return;
    const m = metresPerDegree(a.lat);
    const dx = (b.lon - a.lon) * m.lon;
    const dy = (b.lat - a.lat) * m.lat;
    const qa = dx * dx + dy * dy;
    if (qa === 0) return;
    const d = this.trigger;
    const legHeading = headingBetween(a, b) ?? this.heading;
    let t = 0;
    for (;;) {
      const last = this.lastPhoto ?? a;
      const lx = (last.lon - a.lon) * m.lon;
      const ly = (last.lat - a.lat) * m.lat;
      // |P(t) − L|² = d², P(t) = t·D: the later root is where the vehicle gets d away from L.
      const qb = -2 * (dx * lx + dy * ly);
      const qc = lx * lx + ly * ly - d * d;
      const disc = qb * qb - 4 * qa * qc;
      if (disc < 0) return;
      const next = Math.max(t, (-qb + Math.sqrt(disc)) / (2 * qa));
      if (next > 1) {
        // Short by less than the coordinates' own rounding at the leg's end: a lane sized to a
        // whole number of trigger intervals still gets its last photo.
        const ex = dx - lx, ey = dy - ly;
        if (Math.hypot(ex, ey) < d - TRIGGER_SLACK_M) return;
      }
      t = Math.min(next, 1);
      this.photoAt({ lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t, alt: a.alt + (b.alt - a.alt) * t }, legHeading);
      if (t >= 1 || this.photos.length >= MAX_PHOTOS) return;
    }
  }
}
