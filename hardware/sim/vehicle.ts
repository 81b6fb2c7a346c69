/**
 * The simulated vehicle without any I/O: airframe, battery, GPS and whoever is flying it.
 * `step` advances simulated time; the shell in `sim-drone.ts` decides how often and how fast.
 */
import { ardupilotmega } from 'node-mavlink';
import { BatteryModel, type BatteryOptions } from './battery.js';
import { GpsModel } from './gps.js';
import { Guidance, type Pilot } from './guidance.js';
import type { TelemetrySource } from './messages.js';
import { DEFAULT_LIMITS, multicopterState, stepMulticopter, type MulticopterLimits, type MulticopterState } from './multicopter.js';
import { PATROL_SPEED, PatrolPilot, patrolPath, type PatrolOptions } from './patrol.js';
import { Rng } from './rng.js';
import { LocalFrame, type Home } from './world.js';

export interface SimVehicleOptions {
  home: Home;
  /** Seeds the uid (unless given), the GPS and where on the loop the drone starts. */
  seed: number;
  /** AUTOPILOT_VERSION uid; default drawn from the seed. */
  uid?: bigint;
  /** Loop to fly from boot; default a 200 m circle at 60 m around home. */
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
const DEFAULT_PATROL_RADIUS = 200;
const DEFAULT_PATROL_ALTITUDE = 60;

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

    // Until commanding exists the drone boots already airborne and on its loop.
    const patrol = opts.patrol ?? { center: this.home, radius: DEFAULT_PATROL_RADIUS, altitude: DEFAULT_PATROL_ALTITUDE };
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

  /** Position control is always on: every mode this simulator flies is a position mode. */
  get positionControl(): boolean {
    return true;
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
    for (let i = 0; i < n; i++) {
      const cmd = this.armed ? this.guidance.command(this.pilot, this.body, dt) : { course: this.body.course, speed: 0, climb: 0 };
      stepMulticopter(this.body, cmd, dt, this.limits);
      this.battery.update(dt, { airborne: this.airborne, armed: this.armed, speed: this.body.speed, climb: this.body.climb });
      this.bootMs += dtMs;
      this.gps.update(this.bootMs);
    }
  }
}
