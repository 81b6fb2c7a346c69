/**
 * The simulated vehicle without any I/O: airframe, battery, GPS and whoever is flying it.
 * `step` advances simulated time; the shell in `sim-drone.ts` decides how often and how fast.
 *
 * It boots disarmed on the ground at home, unless given a patrol: then it boots armed and
 * airborne somewhere on that loop, flying it in GUIDED (the demo's drones do this).
 */
import { ardupilotmega } from 'node-mavlink';
import { BatteryModel, type BatteryOptions } from './battery.js';
import { GpsModel } from './gps.js';
import { Guidance, type Pilot } from './guidance.js';
import type { TelemetrySource } from './messages.js';
import { DEFAULT_LIMITS, multicopterState, stepFalling, stepMulticopter, type MulticopterLimits, type MulticopterState } from './multicopter.js';
import { PATROL_SPEED, PatrolPilot, patrolPath, type PatrolOptions } from './patrol.js';
import { Rng } from './rng.js';
import { LocalFrame, type Home } from './world.js';

export interface SimVehicleOptions {
  home: Home;
  /** Seeds the uid (unless given), the GPS and where on the loop the drone starts. */
  seed: number;
  /** AUTOPILOT_VERSION uid; default drawn from the seed. */
  uid?: bigint;
  /** A loop to fly from boot, armed and airborne; default none (on the ground, disarmed). */
  patrol?: PatrolOptions;
  limits?: Partial<MulticopterLimits>;
  battery?: BatteryOptions;
  /** Boot to 3D fix, ms; default 4000. */
  gpsAcquisitionMs?: number;
}

/** Longest physics step, ms; longer advances are split. */
export const PHYSICS_STEP_MS = 50;
/** Cap on the work one `step` call may do (a stalled process does not try to catch up for ever). */
const MAX_SUBSTEPS = 400;

/** Looks at the vehicle after every physics step (touchdown, failsafes, automatic disarm). */
export interface StepController {
  afterStep(dt: number): void;
}

/** ArduPilot Copter modes that steer the horizontal position (HEARTBEAT's GUIDED_ENABLED flag). */
const POSITION_MODES: ReadonlySet<number> = new Set([
  ardupilotmega.CopterMode.AUTO, ardupilotmega.CopterMode.GUIDED, ardupilotmega.CopterMode.LOITER, ardupilotmega.CopterMode.RTL,
  ardupilotmega.CopterMode.CIRCLE, ardupilotmega.CopterMode.POSHOLD, ardupilotmega.CopterMode.BRAKE, ardupilotmega.CopterMode.SMART_RTL,
]);

export class SimVehicle implements TelemetrySource {
  bootMs = 0;
  armed = false;
  readonly body: MulticopterState;
  readonly frame: LocalFrame;
  readonly home: Home;
  readonly battery: BatteryModel;
  readonly gps: GpsModel;
  readonly uid: bigint;
  readonly limits: MulticopterLimits;
  /** Mode reported while no pilot flies the drone and guidance holds position. */
  holdMode: number = ardupilotmega.CopterMode.LOITER;
  /** Called after every physics step; the autopilot sets itself here. */
  controller: StepController | null = null;
  private pilot: Pilot | null = null;
  private readonly guidance: Guidance;

  constructor(opts: SimVehicleOptions) {
    const rng = new Rng(opts.seed);
    this.home = { ...opts.home };
    this.frame = new LocalFrame(this.home);
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.uid = opts.uid ?? (rng.uint64() || 1n);
    this.gps = new GpsModel(rng, opts.gpsAcquisitionMs);
    this.battery = new BatteryModel(opts.battery);
    this.guidance = new Guidance(this.limits);
    this.body = multicopterState();
    if (opts.patrol) this.bootOnPatrol(opts.patrol, rng);
  }

  /** Puts the drone on its loop, armed and flying it. */
  private bootOnPatrol(patrol: PatrolOptions, rng: Rng): void {
    const path = patrolPath(patrol, this.frame);
    const speed = Math.min(patrol.speed ?? PATROL_SPEED, this.limits.maxSpeed);
    const s0 = rng.next() * path.length;
    const p = path.pointAt(s0);
    const course = path.courseAt(s0);
    Object.assign(this.body, { east: p.east, north: p.north, up: patrol.altitude, speed, course, yaw: course });
    this.armed = true;
    this.pilot = new PatrolPilot(path, patrol.altitude, speed);
  }

  /** ArduPilot Copter custom mode now reported. */
  get mode(): number {
    return this.pilot?.mode ?? this.holdMode;
  }

  /** True in the modes that steer the horizontal position (all but STABILIZE, ALT_HOLD and LAND here). */
  get positionControl(): boolean {
    return POSITION_MODES.has(this.mode);
  }

  /** True while off the ground. */
  get airborne(): boolean {
    return this.body.up > 0.05;
  }

  /** Hands the drone to `pilot` (null: hold where it is). This is where later layers plug in. */
  setPilot(pilot: Pilot | null): void {
    this.pilot = pilot;
  }

  /** The pilot in charge, if any. */
  currentPilot(): Pilot | null {
    return this.pilot;
  }

  /** Advances the simulation by `ms` simulated milliseconds, in physics steps of at most 50 ms. */
  step(ms: number): void {
    if (!(ms > 0)) return;
    const n = Math.min(MAX_SUBSTEPS, Math.ceil(ms / PHYSICS_STEP_MS));
    const dtMs = Math.min(ms / n, PHYSICS_STEP_MS);
    const dt = dtMs / 1000;
    const b = this.body;
    for (let i = 0; i < n; i++) {
      if (this.armed) stepMulticopter(b, this.guidance.command(this.pilot, b, dt), dt, this.limits);
      else if (this.airborne || b.climb !== 0) stepFalling(b, dt);
      else stepMulticopter(b, { course: b.course, speed: 0, climb: 0 }, dt, this.limits);
      this.battery.update(dt, { airborne: this.airborne && this.armed, armed: this.armed, speed: b.speed, climb: b.climb });
      this.bootMs += dtMs;
      this.gps.update(this.bootMs);
      this.controller?.afterStep(dt);
    }
  }
}
