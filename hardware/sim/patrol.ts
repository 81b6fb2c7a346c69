/**
 * Patrol loops: a closed path around a centre (circle or racetrack), flown forever by a pilot
 * that chases a point a little ahead of the drone along the path (pure pursuit), so corners are
 * smooth and the drone never stops.
 */
import type { FlightTarget, Pilot } from './guidance.js';
import type { MulticopterState } from './multicopter.js';
import type { GeoPoint, LocalFrame, LocalPoint } from './world.js';
import { ardupilotmega } from 'node-mavlink';

/** A patrol as a user gives it. */
export interface PatrolOptions {
  center: GeoPoint;
  /** Metres: circle radius, or half the racetrack's length. */
  radius: number;
  /** Metres above home. */
  altitude: number;
  shape?: 'circle' | 'racetrack';
  /** Cruise speed, m/s; default 8 (capped by the airframe). */
  speed?: number;
  /** Bearing of the racetrack's long axis, degrees; default 90 (east–west). */
  axis?: number;
}

/** A closed polyline in local metres, walked by arc length. */
export class ClosedPath {
  /** Cumulative length at each vertex; the last entry is the loop length. */
  private readonly cum: number[];

  constructor(readonly points: readonly LocalPoint[]) {
    if (points.length < 3) throw new Error('a closed path needs at least 3 points');
    this.cum = [0];
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[(i + 1) % points.length];
      this.cum.push(this.cum[i] + Math.hypot(b.east - a.east, b.north - a.north));
    }
  }

  get length(): number {
    return this.cum[this.cum.length - 1];
  }

  /** The point at arc length `s` (taken modulo the loop). */
  pointAt(s: number): LocalPoint {
    const L = this.length;
    const x = ((s % L) + L) % L;
    // Binary search for the segment holding x: cum[i] <= x < cum[i + 1].
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cum[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    const a = this.points[lo];
    const b = this.points[(lo + 1) % this.points.length];
    const seg = this.cum[lo + 1] - this.cum[lo];
    const f = seg > 0 ? (x - this.cum[lo]) / seg : 0;
    return { east: a.east + (b.east - a.east) * f, north: a.north + (b.north - a.north) * f };
  }

  /** Direction of travel at arc length `s`, radians clockwise from north. */
  courseAt(s: number): number {
    const a = this.pointAt(s);
    const b = this.pointAt(s + 0.5);
    return Math.atan2(b.east - a.east, b.north - a.north);
  }

  /**
   * Arc length of the point on the path nearest to `p`, how far away it is, and its segment.
   * With `near` (a segment index from an earlier call) only the few segments around it are searched.
   */
  nearest(p: LocalPoint, near?: number): { s: number; distance: number; segment: number } {
    const n = this.points.length;
    const from = near === undefined ? 0 : near - NEAR_BEHIND;
    const count = near === undefined ? n : NEAR_BEHIND + NEAR_AHEAD + 1;
    let best = { s: 0, distance: Infinity, segment: 0 };
    for (let k = 0; k < count; k++) {
      const i = (((from + k) % n) + n) % n;
      const a = this.points[i];
      const b = this.points[(i + 1) % n];
      const ve = b.east - a.east;
      const vn = b.north - a.north;
      const len2 = ve * ve + vn * vn;
      const f = len2 > 0 ? Math.max(0, Math.min(1, ((p.east - a.east) * ve + (p.north - a.north) * vn) / len2)) : 0;
      const de = a.east + ve * f - p.east;
      const dn = a.north + vn * f - p.north;
      const d2 = de * de + dn * dn;
      if (d2 < best.distance) best = { s: this.cum[i] + f * (this.cum[i + 1] - this.cum[i]), distance: d2, segment: i };
    }
    best.distance = Math.sqrt(best.distance);
    return best;
  }
}

/** Segments searched behind and ahead of the last known one when tracking a drone along the path. */
const NEAR_BEHIND = 2;
const NEAR_AHEAD = 6;

const DEG = Math.PI / 180;
const CIRCLE_SEGMENTS = 72;
const ARC_SEGMENTS = 24;
/** Share of the racetrack's half-length taken by the turn radius at each end. */
const RACETRACK_TURN_SHARE = 0.4;

/** Builds the clockwise loop for `opts` in `frame`'s local metres. */
export function patrolPath(opts: PatrolOptions, frame: LocalFrame): ClosedPath {
  if (!(opts.radius > 0)) throw new Error(`patrol radius must be positive, got ${opts.radius}`);
  const c = frame.toLocal(opts.center);
  const pts: LocalPoint[] = [];
  if ((opts.shape ?? 'circle') === 'circle') {
    for (let i = 0; i < CIRCLE_SEGMENTS; i++) {
      const a = (2 * Math.PI * i) / CIRCLE_SEGMENTS;
      pts.push({ east: opts.radius * Math.sin(a), north: opts.radius * Math.cos(a) });
    }
  } else {
    // Axis along east: north leg eastbound, turn clockwise at the east end, south leg westbound.
    const r = opts.radius * RACETRACK_TURN_SHARE;
    const half = opts.radius - r;
    for (let i = 0; i < ARC_SEGMENTS; i++) {
      const a = (Math.PI * i) / ARC_SEGMENTS;
      pts.push({ east: half + r * Math.sin(a), north: r * Math.cos(a) });
    }
    for (let i = 0; i < ARC_SEGMENTS; i++) {
      const a = Math.PI + (Math.PI * i) / ARC_SEGMENTS;
      pts.push({ east: -half + r * Math.sin(a), north: r * Math.cos(a) });
    }
  }
  // Rotate clockwise so the long axis lies on the requested bearing.
  const rot = ((opts.axis ?? 90) - 90) * DEG;
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  return new ClosedPath(pts.map((p) => ({ east: c.east + p.east * cos + p.north * sin, north: c.north - p.east * sin + p.north * cos })));
}

/** Default cruise speed on a patrol, m/s. */
export const PATROL_SPEED = 8;
/** The carrot stays this many seconds of flight ahead, but never closer than the minimum. */
const LOOKAHEAD_S = 2;
const LOOKAHEAD_MIN = 10;

/** Flies a {@link ClosedPath} forever at a fixed altitude, reporting GUIDED. */
export class PatrolPilot implements Pilot {
  readonly mode = ardupilotmega.CopterMode.GUIDED;
  /** Segment the drone was last nearest to; lets most steps search only a few segments. */
  private segment: number | undefined;

  constructor(
    readonly path: ClosedPath,
    /** Metres above home. */
    readonly altitude: number,
    readonly speed = PATROL_SPEED,
  ) {}

  target(s: Readonly<MulticopterState>): FlightTarget {
    const ahead = Math.max(LOOKAHEAD_MIN, Math.max(s.speed, this.speed) * LOOKAHEAD_S);
    let here = this.path.nearest(s, this.segment);
    // Off the tracked stretch (first call, or pushed away by another pilot): search the whole loop.
    if (this.segment === undefined || here.distance > ahead) here = this.path.nearest(s);
    this.segment = here.segment;
    const p = this.path.pointAt(here.s + ahead);
    return { east: p.east, north: p.north, up: this.altitude, speed: this.speed, stop: false };
  }
}
