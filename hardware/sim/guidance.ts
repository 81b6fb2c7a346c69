/**
 * Guidance: turns a *target* into a velocity command for the airframe.
 *
 * This is the seam between "what the drone wants to do" and "how it flies". A {@link Pilot}
 * (patrol loop today; mission executor, take-off, RTL, land and goto later) decides, every physics
 * step, where the drone should go and how fast, and names the flight mode the vehicle reports.
 * Guidance only knows targets: a pilot never touches position or velocity itself. To add a
 * behaviour, write a Pilot and hand it to `SimDrone.setPilot`; nothing here changes.
 */
import type { MulticopterLimits, MulticopterState, VelocityCommand } from './multicopter.js';
import { clamp } from './world.js';

/** Where to go, in the local ENU frame (metres from home, `up` above home). */
export interface FlightTarget {
  east: number;
  north: number;
  up: number;
  /** Horizontal cruise speed toward the target, m/s (capped by the airframe). */
  speed: number;
  /**
   * True: arrive and hover at the target (goto, waypoint with a stop, land approach).
   * False: fly through at `speed` (a moving carrot on a path).
   */
  stop: boolean;
  /** Heading to hold, radians clockwise from north; omitted: the nose follows the track. */
  yaw?: number;
  /** Vertical speed limit for this target, m/s (e.g. a slow final descent); omitted: the airframe's. */
  climbRate?: number;
}

/** A higher layer that flies the drone by setting targets. */
export interface Pilot {
  /** ArduPilot Copter custom mode the vehicle reports while this pilot is in charge (GUIDED 4, AUTO 3, …). */
  readonly mode: number;
  /**
   * Called every physics step with the current state and the step length (s). Returns the target,
   * or null to hold position where the drone is.
   */
  target(state: Readonly<MulticopterState>, dt: number): FlightTarget | null;
}

/** Within this distance (m) of a stop target the drone counts as there and hovers. */
const ARRIVED = 0.3;
/** Share of the acceleration limit planned for braking, leaving margin for turns. */
const BRAKE_SHARE = 0.6;
/** Vertical position gain: climb rate (m/s) per metre of altitude error. */
const ALT_GAIN = 1;

/** The velocity that takes `s` toward `t` within the airframe's limits. */
export function guide(t: FlightTarget, s: Readonly<MulticopterState>, lim: MulticopterLimits): VelocityCommand {
  const de = t.east - s.east;
  const dn = t.north - s.north;
  const dist = Math.hypot(de, dn);
  let speed = Math.min(t.speed, lim.maxSpeed);
  let course = s.course;
  if (t.stop) {
    speed = dist < ARRIVED ? 0 : Math.min(speed, Math.sqrt(2 * BRAKE_SHARE * lim.maxAccel * dist), dist * 2);
  }
  if (dist > 1e-6) course = Math.atan2(de, dn);

  const dz = t.up - s.up;
  const vBrake = Math.sqrt(2 * BRAKE_SHARE * lim.maxVertAccel * Math.abs(dz));
  const up = Math.min(lim.maxClimb, t.climbRate ?? Infinity);
  const down = Math.min(lim.maxDescent, t.climbRate ?? Infinity);
  const climb = clamp(Math.sign(dz) * Math.min(vBrake, Math.abs(dz) * ALT_GAIN), -down, up);
  return t.yaw === undefined ? { course, speed, climb } : { course, speed, climb, yaw: t.yaw };
}

/** Follows whatever pilot is in charge; holds the last position when the pilot returns null. */
export class Guidance {
  private hold: FlightTarget | null = null;

  constructor(private readonly limits: MulticopterLimits) {}

  /** The velocity command for this step. */
  command(pilot: Pilot | null, s: Readonly<MulticopterState>, dt: number): VelocityCommand {
    const t = pilot?.target(s, dt) ?? null;
    if (t) {
      this.hold = null;
      return guide(t, s, this.limits);
    }
    // Capture the hold point once, so a drifting drone comes back to it instead of creeping.
    this.hold ??= { east: s.east, north: s.north, up: s.up, speed: this.limits.maxSpeed, stop: true, yaw: s.yaw };
    return guide(this.hold, s, this.limits);
  }
}
