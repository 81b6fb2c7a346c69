/**
 * Kinematic multicopter: a point mass that follows a commanded velocity within speed, acceleration,
 * turn-rate and climb limits, with a nose that follows its track and a tilt derived from the
 * acceleration it is producing. Good enough to look right on a map and an attitude indicator;
 * no aerodynamics, no wind.
 */
import { clamp, wrapPi } from './world.js';

/** Performance envelope. Speeds in m/s, accelerations in m/s², rates in degrees per second. */
export interface MulticopterLimits {
  maxSpeed: number;
  maxAccel: number;
  maxTurnRate: number;
  maxYawRate: number;
  maxClimb: number;
  maxDescent: number;
  maxVertAccel: number;
}

/** A mid-size inspection quad. */
export const DEFAULT_LIMITS: Readonly<MulticopterLimits> = {
  maxSpeed: 10,
  maxAccel: 3,
  maxTurnRate: 45,
  maxYawRate: 90,
  maxClimb: 3,
  maxDescent: 2,
  maxVertAccel: 2,
};

/** What guidance asks of the airframe each step. */
export interface VelocityCommand {
  /** Course over ground, radians clockwise from north. */
  course: number;
  /** Horizontal speed, m/s (clamped to the limit). */
  speed: number;
  /** Vertical speed, m/s, positive up. */
  climb: number;
  /** Heading to hold, radians; omitted: the nose follows the track. */
  yaw?: number;
}

/** The airframe's state in the local ENU frame. Angles in radians; yaw and course clockwise from north. */
export interface MulticopterState {
  east: number;
  north: number;
  /** Metres above home. */
  up: number;
  speed: number;
  course: number;
  climb: number;
  yaw: number;
  roll: number;
  pitch: number;
  rollRate: number;
  pitchRate: number;
  yawRate: number;
}

const G = 9.80665;
const DEG = Math.PI / 180;
/** Below this speed a multicopter can set off in any direction, so the track snaps instead of turning. */
const SNAP_SPEED = 0.5;
/** Above this speed the nose swings to the track. */
const YAW_FOLLOW_SPEED = 1;
/** Tilt needed to hold speed against drag: about 10° at 10 m/s. */
const DRAG_PER_MS = 0.173;
/** Attitude settles with this time constant (s), as a real rate controller would smooth it. */
const TILT_TAU = 0.25;

/** Creates a state at rest (or as given) at the origin. */
export function multicopterState(init: Partial<MulticopterState> = {}): MulticopterState {
  return { east: 0, north: 0, up: 0, speed: 0, course: 0, climb: 0, yaw: 0, roll: 0, pitch: 0, rollRate: 0, pitchRate: 0, yawRate: 0, ...init };
}

/**
 * Advances `s` by `dt` seconds toward `cmd`, in place. Keep `dt` at or below ~0.1 s; callers that
 * run faster than real time split larger steps.
 */
export function stepMulticopter(s: MulticopterState, cmd: VelocityCommand, dt: number, lim: MulticopterLimits): void {
  if (dt <= 0) return;
  const airborne = s.up > 0.05 || cmd.climb > 0;

  // Horizontal: speed and course change separately so the track curves instead of kinking.
  let wantSpeed = airborne ? clamp(cmd.speed, 0, lim.maxSpeed) : 0;
  let err = wrapPi(cmd.course - s.course);
  if (s.speed < SNAP_SPEED && wantSpeed > 0) {
    s.course = wrapPi(cmd.course);
    err = 0;
  } else {
    // Slow down for sharp turns; reverse by stopping first.
    wantSpeed *= Math.max(0, Math.cos(err));
  }
  const dv = clamp(wantSpeed - s.speed, -lim.maxAccel * dt, lim.maxAccel * dt);
  const speed = clamp(s.speed + dv, 0, lim.maxSpeed);
  const omega = Math.min(lim.maxTurnRate * DEG, lim.maxAccel / Math.max(speed, 0.1));
  const dc = clamp(err, -omega * dt, omega * dt);
  const course = wrapPi(s.course + dc);
  const accelFwd = (speed - s.speed) / dt;
  const accelLat = (speed * dc) / dt;
  const mid = s.course + dc / 2;
  const avg = (s.speed + speed) / 2;
  s.east += avg * Math.sin(mid) * dt;
  s.north += avg * Math.cos(mid) * dt;
  s.speed = speed;
  s.course = course;

  // Vertical.
  const wantClimb = clamp(cmd.climb, -lim.maxDescent, lim.maxClimb);
  const climb = s.climb + clamp(wantClimb - s.climb, -lim.maxVertAccel * dt, lim.maxVertAccel * dt);
  s.up += ((s.climb + climb) / 2) * dt;
  s.climb = climb;
  if (s.up <= 0) {
    s.up = 0;
    s.climb = Math.max(0, s.climb);
    if (s.climb === 0) s.speed = 0;
  }

  // Heading: hold unless told, or the nose follows the track once moving.
  const wantYaw = cmd.yaw ?? (s.speed > YAW_FOLLOW_SPEED ? s.course : s.yaw);
  const dy = clamp(wrapPi(wantYaw - s.yaw), -lim.maxYawRate * DEG * dt, lim.maxYawRate * DEG * dt);
  s.yaw = wrapPi(s.yaw + dy);
  s.yawRate = dy / dt;

  // Tilt: the horizontal force the rotors make (acceleration plus drag), seen from the body.
  const ce = Math.sin(course);
  const cn = Math.cos(course);
  const fe = accelFwd * ce + accelLat * cn + DRAG_PER_MS * speed * ce;
  const fn = accelFwd * cn - accelLat * ce + DRAG_PER_MS * speed * cn;
  const fwd = fe * Math.sin(s.yaw) + fn * Math.cos(s.yaw);
  const right = fe * Math.cos(s.yaw) - fn * Math.sin(s.yaw);
  const k = Math.min(1, dt / TILT_TAU);
  const pitch = s.pitch + (-Math.atan2(fwd, G) - s.pitch) * k;
  const roll = s.roll + (Math.atan2(right, G) - s.roll) * k;
  s.pitchRate = (pitch - s.pitch) / dt;
  s.rollRate = (roll - s.roll) / dt;
  s.pitch = pitch;
  s.roll = roll;
}

/** Falling speed an unpowered quad settles at, m/s. */
const TERMINAL_VELOCITY = 25;
/** Horizontal speed lost to drag while falling, per second (share). */
const FALL_DRAG = 0.5;

/** Unpowered (disarmed or terminated in the air): falls under gravity, drifts to a stop, stops on the ground. */
export function stepFalling(s: MulticopterState, dt: number): void {
  if (dt <= 0) return;
  const climb = Math.max(-TERMINAL_VELOCITY, s.climb - G * dt);
  s.up += ((s.climb + climb) / 2) * dt;
  s.climb = climb;
  s.speed *= Math.exp(-FALL_DRAG * dt);
  s.east += s.speed * Math.sin(s.course) * dt;
  s.north += s.speed * Math.cos(s.course) * dt;
  s.rollRate = 0;
  s.pitchRate = 0;
  s.yawRate = 0;
  if (s.up <= 0) {
    s.up = 0;
    s.climb = 0;
    s.speed = 0;
    s.roll = 0;
    s.pitch = 0;
  }
}
