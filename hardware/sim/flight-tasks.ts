/**
 * The manoeuvres the simulated autopilot is built from: hold (brake to a stop and stay), take off,
 * go to a point, orbit, land, return to launch. Each is a {@link Task}: a target per physics step
 * (see guidance.ts) plus whether it has finished and whether the drone has landed under it.
 * Speeds and rates are read from {@link FlightSettings} every step, so parameter changes apply at once.
 */
import type { FlightTarget } from './guidance.js';
import type { MulticopterState } from './multicopter.js';
import { wrapPi, type LocalPoint } from './world.js';

/** A manoeuvre in progress. */
export interface Task {
  /** Where to go this step (null: hold where the drone is). */
  target(s: Readonly<MulticopterState>, dt: number): FlightTarget | null;
  /** The manoeuvre has reached its end (a hold, a hover or a landing). */
  readonly done: boolean;
  /** It put the drone on the ground and the land detector agrees: time to disarm. */
  readonly landed: boolean;
}

/** What tasks read from the autopilot's parameters, in SI units. */
export interface FlightSettings {
  /** Horizontal cruise, m/s (WPNAV_SPEED or a DO_CHANGE_SPEED override). */
  cruise(): number;
  /** Climb and descent rates for navigation, m/s (WPNAV_SPEED_UP / _DN). */
  climbRate(): number;
  descentRate(): number;
  /** Descent rate when landing at `up` metres (LAND_SPEED low down, faster higher up). */
  landRate(up: number): number;
  /** Deceleration planned when braking, m/s². */
  brakeDecel(): number;
  /** RTL_LOIT_TIME in seconds. */
  rtlLoiterS(): number;
}

/** Seconds on the ground before a landing counts as complete (ArduPilot's land detector). */
export const LAND_DETECT_S = 1;
/** Close enough to a stop target (m), and slow enough (m/s), to count as arrived. */
const ARRIVE_M = 1;
const ARRIVE_SPEED = 0.5;
/** Within this of a climb target (m) the climb is done. */
const ALT_REACHED_M = 0.5;
/** A landing aims this far below the ground so the descent does not ease off before touchdown. */
const LAND_BELOW_M = 1;

/** Brakes to a stop where the current velocity would take it, then holds there. */
export class HoldTask implements Task {
  readonly landed = false;
  private point: FlightTarget | null = null;

  constructor(private readonly settings: FlightSettings) {}

  get done(): boolean {
    return this.point !== null;
  }

  target(s: Readonly<MulticopterState>): FlightTarget {
    if (!this.point) {
      const a = this.settings.brakeDecel();
      const d = (s.speed * s.speed) / (2 * a);
      const dz = (s.climb * Math.abs(s.climb)) / (2 * a);
      this.point = {
        east: s.east + d * Math.sin(s.course),
        north: s.north + d * Math.cos(s.course),
        up: Math.max(0, s.up + dz),
        speed: Math.max(s.speed, 1),
        stop: true,
        yaw: s.yaw,
      };
    }
    return this.point;
  }
}

/** Climbs straight up from where it starts to `altitude` metres above home, then hovers. */
export class TakeoffTask implements Task {
  readonly landed = false;
  done = false;
  private from: LocalPoint | null = null;

  constructor(
    readonly altitude: number,
    private readonly settings: FlightSettings,
  ) {}

  target(s: Readonly<MulticopterState>): FlightTarget {
    this.from ??= { east: s.east, north: s.north };
    if (s.up >= this.altitude - ALT_REACHED_M) this.done = true;
    return { east: this.from.east, north: this.from.north, up: this.altitude, speed: 1, stop: true, yaw: s.yaw, climbRate: this.settings.climbRate() };
  }
}

/** Flies to a point and hovers there; `done` on arrival. */
export class GotoTask implements Task {
  readonly landed = false;
  done = false;
  /** Heading to hold, radians; undefined: the nose follows the track. */
  yaw: number | undefined;

  constructor(
    readonly dest: Readonly<LocalPoint & { up: number }>,
    private readonly settings: FlightSettings,
    /** Cruise for this leg, m/s; default the settings' cruise. */
    private readonly speed?: number,
  ) {}

  target(s: Readonly<MulticopterState>): FlightTarget {
    const d = this.dest;
    if (Math.hypot(d.east - s.east, d.north - s.north, d.up - s.up) < ARRIVE_M && s.speed < ARRIVE_SPEED) this.done = true;
    const climbRate = d.up >= s.up ? this.settings.climbRate() : this.settings.descentRate();
    const t: FlightTarget = { east: d.east, north: d.north, up: d.up, speed: this.speed ?? this.settings.cruise(), stop: true, climbRate };
    if (this.yaw !== undefined) t.yaw = this.yaw;
    return t;
  }
}

/**
 * Circles `center` at `radius` m for `turns` turns (clockwise unless `ccw`), chasing a point a little
 * ahead on the circle. Counts turns from where it joins the circle.
 */
export class OrbitTask implements Task {
  readonly landed = false;
  done = false;
  private swept = 0;
  private lastAngle: number | null = null;

  constructor(
    readonly center: Readonly<LocalPoint>,
    readonly radius: number,
    readonly turns: number,
    readonly up: number,
    readonly ccw: boolean,
    private readonly settings: FlightSettings,
  ) {}

  target(s: Readonly<MulticopterState>): FlightTarget {
    const c = this.center;
    const angle = Math.atan2(s.east - c.east, s.north - c.north);
    const onCircle = Math.abs(Math.hypot(s.east - c.east, s.north - c.north) - this.radius) < Math.max(2, this.radius * 0.2);
    if (onCircle) {
      if (this.lastAngle !== null) this.swept += Math.abs(wrapPi(angle - this.lastAngle));
      this.lastAngle = angle;
    }
    if (this.swept >= 2 * Math.PI * this.turns) this.done = true;
    // Centripetal acceleration v²/r stays within what braking is planned with.
    const speed = Math.min(this.settings.cruise(), Math.sqrt(this.settings.brakeDecel() * this.radius));
    const lead = Math.min(Math.PI / 3, Math.max(8, speed * 1.5) / this.radius) * (this.ccw ? -1 : 1);
    const a = angle + lead;
    return { east: c.east + this.radius * Math.sin(a), north: c.north + this.radius * Math.cos(a), up: this.up, speed, stop: false, climbRate: this.settings.climbRate() };
  }
}

/** Flies to `at` (if given) at the present height, then descends at landing speed until it settles on the ground. */
export class LandTask implements Task {
  private onGround = 0;
  private approach: GotoTask | null;
  private spot: LocalPoint | null;

  constructor(
    at: LocalPoint | null,
    private readonly settings: FlightSettings,
  ) {
    this.spot = at;
    this.approach = null;
  }

  get landed(): boolean {
    return this.onGround >= LAND_DETECT_S;
  }

  get done(): boolean {
    return this.landed;
  }

  target(s: Readonly<MulticopterState>, dt: number): FlightTarget {
    this.spot ??= { east: s.east, north: s.north };
    const far = Math.hypot(this.spot.east - s.east, this.spot.north - s.north) > ARRIVE_M;
    if (far && s.up > 0) {
      this.approach ??= new GotoTask({ ...this.spot, up: s.up }, this.settings);
      if (!this.approach.done) return this.approach.target(s);
    }
    this.onGround = s.up <= 0 ? this.onGround + dt : 0;
    return { east: this.spot.east, north: this.spot.north, up: -LAND_BELOW_M, speed: 2, stop: true, yaw: s.yaw, climbRate: this.settings.landRate(s.up) };
  }
}

/**
 * Return to launch as ArduPilot Copter flies it: climb to the return altitude where it is (if lower),
 * fly to the destination (home or a rally point), hover RTL_LOIT_TIME, then land there.
 */
export class ReturnTask implements Task {
  private phase: 'climb' | 'return' | 'loiter' | 'land' = 'climb';
  private leg: Task | null = null;
  private loitered = 0;
  private alt = 0;

  constructor(
    readonly dest: Readonly<LocalPoint>,
    /** Return altitude above home, m; the drone keeps a higher altitude it already has. */
    readonly returnAlt: number,
    private readonly settings: FlightSettings,
  ) {}

  get landed(): boolean {
    return this.phase === 'land' && (this.leg?.landed ?? false);
  }

  get done(): boolean {
    return this.landed;
  }

  target(s: Readonly<MulticopterState>, dt: number): FlightTarget | null {
    if (!this.leg) {
      this.alt = Math.max(this.returnAlt, s.up);
      // Landed already (RTL on the ground): only the landing is left.
      if (s.up <= 0) this.begin('land');
      else this.leg = new TakeoffTask(this.alt, this.settings);
    }
    if (this.phase === 'climb' && this.leg?.done) this.begin('return');
    if (this.phase === 'return' && this.leg?.done) this.begin('loiter');
    if (this.phase === 'loiter') {
      this.loitered += dt;
      if (this.loitered >= this.settings.rtlLoiterS()) this.begin('land');
    }
    return this.leg?.target(s, dt) ?? null;
  }

  private begin(phase: 'return' | 'loiter' | 'land'): void {
    this.phase = phase;
    if (phase === 'return') this.leg = new GotoTask({ ...this.dest, up: this.alt }, this.settings);
    else if (phase === 'land') this.leg = new LandTask(this.dest, this.settings);
  }
}
