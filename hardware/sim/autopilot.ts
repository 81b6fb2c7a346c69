/**
 * The simulated flight controller, modelled on ArduPilot Copter: flight modes, arming and its
 * checks, the manoeuvre each mode flies, the mission executor in AUTO, automatic disarming, and
 * the failsafes. It is the drone's {@link Pilot} (guidance asks it for a target every physics step)
 * and its step controller (it looks at the result after every step).
 *
 * Modes: STABILIZE 0 and ALT_HOLD 2 (no sticks here, so they hold like LOITER), AUTO 3, GUIDED 4,
 * LOITER 5, RTL 6, LAND 9, POSHOLD 16, BRAKE 17. Everything but STABILIZE, ALT_HOLD and LAND needs
 * a GPS fix. RTL and LAND cannot be armed in; AUTO needs a mission that starts with a take-off.
 * Landing in LAND, RTL or a mission disarms on touchdown; armed on the ground without taking off,
 * the drone disarms after DISARM_DELAY seconds.
 */
import { ardupilotmega, common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { CameraTrigger } from './camera-trigger.js';
import { Failsafes, type FailsafeAction } from './failsafes.js';
import { GotoTask, HoldTask, LandTask, ReturnTask, TakeoffTask, type FlightSettings, type Task } from './flight-tasks.js';
import type { FlightTarget, Pilot } from './guidance.js';
import { MissionExecutor } from './mission-executor.js';
import { MissionStatus } from './mission-status.js';
import type { MissionStore } from './mission-store.js';
import type { MulticopterState } from './multicopter.js';
import type { ParamStore } from './param-store.js';
import type { SimVehicle } from './vehicle.js';
import type { LocalPoint } from './world.js';

/** ArduPilot Copter custom modes. */
export const MODE = ardupilotmega.CopterMode;
const MODE_NAMES: Record<number, string> = { 0: 'STABILIZE', 2: 'ALT_HOLD', 3: 'AUTO', 4: 'GUIDED', 5: 'LOITER', 6: 'RTL', 9: 'LAND', 16: 'POSHOLD', 17: 'BRAKE' };
/** Modes this simulator flies. */
export const SUPPORTED_MODES: ReadonlySet<number> = new Set(Object.keys(MODE_NAMES).map(Number));
const NEEDS_POSITION: ReadonlySet<number> = new Set([MODE.AUTO, MODE.GUIDED, MODE.LOITER, MODE.RTL, MODE.POSHOLD, MODE.BRAKE]);
const NOT_ARMABLE: ReadonlySet<number> = new Set([MODE.RTL, MODE.LAND]);
/** COMPONENT_ARM_DISARM param2 that skips the checks (ArduPilot's magic number). */
export const FORCE_ARM_MAGIC = 21196;

const SEV = common.MavSeverity;
const R = common.MavResult;
const CMD = common.MavCmd;
const NAV_LAST = 95;
const STATUS_TEXT_MAX = 50;

export interface AutopilotDeps {
  vehicle: SimVehicle;
  params: ParamStore;
  missions: MissionStore;
  send: (data: MavLinkData) => void;
  sysid: number;
  /** Mode at boot when not flying a patrol; default STABILIZE, as ArduPilot boots. */
  bootMode?: number;
}

export class Autopilot implements Pilot {
  mode: number;
  readonly executor: MissionExecutor;
  readonly camera: CameraTrigger;
  readonly failsafes: Failsafes;
  readonly settings: FlightSettings;
  readonly status: MissionStatus;
  private task: Task;
  /** A GUIDED manoeuvre put aside by DO_PAUSE_CONTINUE. */
  private guidedPaused: Task | null = null;
  private speedOverride: number | null = null;
  /** Seconds armed on the ground. */
  private groundTime = 0;

  constructor(private readonly d: AutopilotDeps) {
    const v = d.vehicle;
    const p = d.params;
    this.settings = {
      cruise: () => this.speedOverride ?? p.get('WPNAV_SPEED') / 100,
      climbRate: () => p.get('WPNAV_SPEED_UP') / 100,
      descentRate: () => p.get('WPNAV_SPEED_DN') / 100,
      landRate: (up) => (up > p.get('LAND_ALT_LOW') / 100 ? p.get('LAND_SPEED_HIGH') || p.get('WPNAV_SPEED_DN') : p.get('LAND_SPEED')) / 100,
      brakeDecel: () => 0.6 * v.limits.maxAccel,
      rtlLoiterS: () => p.get('RTL_LOIT_TIME') / 1000,
    };
    this.camera = new CameraTrigger(v, d.send, d.sysid);
    this.failsafes = new Failsafes({ vehicle: v, params: p, text: (s, t) => this.text(s, t), act: (a) => this.act(a) });
    this.executor = new MissionExecutor({
      items: () => d.missions.items('mission'),
      frame: v.frame,
      home: v.home,
      settings: this.settings,
      wpRadius: () => p.get('WPNAV_RADIUS') / 100,
      hooks: {
        reached: (seq) => this.status.reached(seq),
        current: () => this.publishMission(),
        arrived: (seq) => this.text(SEV.INFO, `Reached command #${seq}`),
        changeSpeed: (mps) => (this.speedOverride = mps),
        cameraDistance: (m, now) => this.camera.setDistance(m, now),
        photo: () => this.camera.shoot(),
        returnTo: (s) => this.returnTarget(s),
        finished: (landed) => (landed ? this.disarm(true) : this.enterMode(MODE.LOITER)),
      },
    });
    d.missions.onChange((type) => this.missionStored(type));
    // A drone booted on a patrol loop flies it (in GUIDED) until told otherwise.
    const boot = v.currentPilot();
    this.mode = boot ? boot.mode : (d.bootMode ?? MODE.STABILIZE);
    this.task = boot ? { target: (s, dt) => boot.target(s, dt), done: false, landed: false } : new HoldTask(this.settings);
    this.status = new MissionStatus(this.executor, d.missions, () => this.mode === MODE.AUTO, d.send);
    v.setPilot(this);
    v.controller = this;
  }

  /** Guidance asks for this step's target. */
  target(s: Readonly<MulticopterState>, dt: number): FlightTarget | null {
    if (this.mode === MODE.AUTO && this.executor.run === 'running') return this.executor.target(s, dt);
    return this.task.target(s, dt);
  }

  /** After every physics step: touchdown, automatic disarm, failsafes, camera, mission status. */
  afterStep(dt: number): void {
    const v = this.d.vehicle;
    if (v.armed) {
      if ((this.mode === MODE.LAND || this.mode === MODE.RTL) && this.task.landed) this.disarm(true);
      else if (v.airborne) this.groundTime = 0;
      else {
        this.groundTime += dt;
        const delay = this.d.params.get('DISARM_DELAY');
        if (delay > 0 && this.groundTime >= delay) this.disarm(false);
      }
    }
    this.failsafes.check(dt);
    this.camera.update();
    this.publishMission();
  }

  /** Arms, unless a check fails (its reason goes out as STATUSTEXT) and `force` is false. */
  arm(force: boolean): boolean {
    const v = this.d.vehicle;
    if (v.armed) return true;
    const why = force ? null : this.armRefusal();
    if (why) {
      this.text(SEV.CRITICAL, `Arm: ${why}`);
      return false;
    }
    v.armed = true;
    this.groundTime = 0;
    if (this.mode === MODE.AUTO) this.executor.resume();
    else this.task = new HoldTask(this.settings);
    return true;
  }

  /** Disarms; in flight only when forced (the drone then falls). */
  disarm(force: boolean): boolean {
    const v = this.d.vehicle;
    if (!v.armed) return true;
    if (v.airborne && !force) return false;
    v.armed = false;
    this.groundTime = 0;
    this.guidedPaused = null;
    this.task = new HoldTask(this.settings);
    return true;
  }

  /** Motors off at once, wherever the drone is. */
  terminate(): void {
    this.text(SEV.CRITICAL, 'Flight terminated');
    this.disarm(true);
  }

  /** Changes mode as ArduPilot's set_mode does; false (with a STATUSTEXT where ArduPilot sends one) when refused. */
  setMode(mode: number): boolean {
    if (!SUPPORTED_MODES.has(mode)) return false;
    if (mode === this.mode) return true;
    const v = this.d.vehicle;
    if (NEEDS_POSITION.has(mode) && !v.gps.has3dFix) {
      this.text(SEV.WARNING, `Mode change to ${MODE_NAMES[mode]} failed: requires position`);
      return false;
    }
    if (mode === MODE.AUTO) {
      if (this.d.missions.missionLength === 0) {
        this.text(SEV.WARNING, 'Mode change to AUTO failed: no mission');
        return false;
      }
      if (v.armed && !v.airborne && !this.startsWithTakeoff()) {
        this.text(SEV.CRITICAL, 'Auto: Missing Takeoff Cmd');
        return false;
      }
    }
    this.enterMode(mode);
    return true;
  }

  /** MAV_CMD_NAV_TAKEOFF: armed, on the ground, in GUIDED; climbs to `altitude` m above home and hovers. */
  takeoff(altitude: number): boolean {
    const v = this.d.vehicle;
    if (!v.armed || v.airborne || this.mode !== MODE.GUIDED || !(altitude > 0)) return false;
    this.task = new TakeoffTask(altitude, this.settings);
    this.guidedPaused = null;
    return true;
  }

  /** MAV_CMD_DO_REPOSITION: fly to `dest` in GUIDED (switching to it when `changeMode`). A MAV_RESULT. */
  goto(dest: LocalPoint & { up: number }, speed: number, changeMode: boolean): number {
    const v = this.d.vehicle;
    if (!v.armed || !v.airborne) return R.FAILED;
    if (this.mode !== MODE.GUIDED) {
      if (!changeMode) return R.DENIED;
      if (!this.setMode(MODE.GUIDED)) return R.FAILED;
    }
    this.task = new GotoTask(dest, this.settings, speed > 0 ? speed : undefined);
    this.guidedPaused = null;
    return R.ACCEPTED;
  }

  /** MAV_CMD_MISSION_START: AUTO from `first` (0: resume or restart, as MIS_RESTART says). A MAV_RESULT. */
  startMission(first: number): number {
    const run = this.executor.run;
    if (this.mode !== MODE.AUTO && !this.setMode(MODE.AUTO)) return R.FAILED;
    if (first >= 1) return this.executor.start(first) ? R.ACCEPTED : R.FAILED;
    if (run === 'running') return R.ACCEPTED;
    const ok = run === 'paused' && this.d.params.get('MIS_RESTART') === 0 ? this.executor.resume() : this.executor.start();
    return ok ? R.ACCEPTED : R.FAILED;
  }

  /** MISSION_SET_CURRENT / DO_SET_MISSION_CURRENT. */
  setMissionCurrent(seq: number): boolean {
    const ok = this.executor.setCurrent(seq);
    this.publishMission();
    return ok;
  }

  /** DO_PAUSE_CONTINUE pause: brake and hold (AUTO and GUIDED, in flight). A MAV_RESULT. */
  pause(): number {
    const v = this.d.vehicle;
    if (!v.armed || !v.airborne) return R.FAILED;
    if (this.mode === MODE.AUTO) {
      if (this.executor.run === 'running') {
        this.executor.pause();
        this.task = new HoldTask(this.settings);
      }
      return R.ACCEPTED;
    }
    if (this.mode === MODE.GUIDED) {
      if (!this.guidedPaused) {
        this.guidedPaused = this.task;
        this.task = new HoldTask(this.settings);
      }
      return R.ACCEPTED;
    }
    return R.FAILED;
  }

  /** DO_PAUSE_CONTINUE continue: carry on with what was paused. A MAV_RESULT. */
  resume(): number {
    if (this.mode === MODE.AUTO) {
      if (this.executor.run === 'paused' && this.d.vehicle.armed) this.executor.resume();
      return R.ACCEPTED;
    }
    if (this.mode === MODE.GUIDED) {
      if (this.guidedPaused) this.task = this.guidedPaused;
      this.guidedPaused = null;
      return R.ACCEPTED;
    }
    return R.FAILED;
  }

  /** DO_CHANGE_SPEED: horizontal cruise for the rest of this mode, m/s. */
  changeSpeed(mps: number): void {
    this.speedOverride = mps;
  }

  /** Sends a STATUSTEXT (cut to the 50 characters the message holds). */
  text(severity: number, text: string): void {
    const t = new common.StatusText();
    t.severity = severity;
    t.text = text.slice(0, STATUS_TEXT_MAX);
    t.id = 0;
    t.chunkSeq = 0;
    this.d.send(t);
  }

  /** MISSION_CURRENT as it stands (streamed at 1 Hz, and sent on every change). */
  missionCurrent(): common.MissionCurrent {
    return this.status.message();
  }

  /** Sends MISSION_CURRENT if anything in it changed. */
  publishMission(): void {
    this.status.publish();
  }

  private enterMode(mode: number): void {
    if (this.mode === MODE.AUTO && mode !== MODE.AUTO) this.executor.pause();
    this.mode = mode;
    this.speedOverride = null;
    this.guidedPaused = null;
    const s = this.d.vehicle.body;
    if (mode === MODE.RTL) {
      const r = this.returnTarget(s);
      this.task = new ReturnTask(r.dest, r.alt, this.settings);
    } else if (mode === MODE.LAND) {
      this.task = new LandTask(null, this.settings);
    } else {
      this.task = new HoldTask(this.settings);
      if (mode === MODE.AUTO && this.d.vehicle.armed) this.executor.resume();
    }
    this.publishMission();
  }

  /** Home or the nearest rally point (home counts too while RALLY_INCL_HOME is 1), at RTL_ALT. */
  private returnTarget(s: Readonly<MulticopterState>): { dest: LocalPoint; alt: number } {
    const p = this.d.params;
    const frame = this.d.vehicle.frame;
    const rally = this.d.missions.items('rally').map((it) => frame.toLocal({ lat: it.x / 1e7, lon: it.y / 1e7 }));
    const candidates = rally.length === 0 || p.get('RALLY_INCL_HOME') === 1 ? [{ east: 0, north: 0 }, ...rally] : rally;
    let dest = candidates[0];
    for (const c of candidates) if (Math.hypot(c.east - s.east, c.north - s.north) < Math.hypot(dest.east - s.east, dest.north - s.north)) dest = c;
    const rtlAlt = p.get('RTL_ALT') / 100;
    return { dest, alt: rtlAlt > 0 ? rtlAlt : s.up };
  }

  private armRefusal(): string | null {
    const v = this.d.vehicle;
    if (!v.gps.has3dFix) return 'Need Position Estimate';
    if (this.failsafes.batteryLow()) return 'Battery 1 low capacity failsafe';
    if (NOT_ARMABLE.has(this.mode)) return 'Mode not armable';
    if (this.mode === MODE.AUTO) {
      if (this.d.missions.missionLength === 0) return 'AUTO mode needs a mission';
      if (!this.startsWithTakeoff()) return 'Auto: Missing Takeoff Cmd';
    }
    if (this.d.params.get('FENCE_ENABLE') === 1 && this.failsafes.breachHere() !== null) return 'Vehicle outside fence';
    return null;
  }

  private startsWithTakeoff(): boolean {
    const nav = this.d.missions.items('mission').slice(1).find((it) => it.command < NAV_LAST);
    return nav?.command === CMD.NAV_TAKEOFF;
  }

  private act(action: FailsafeAction): void {
    const v = this.d.vehicle;
    if (action === 'none') return;
    if (action === 'terminate') return this.terminate();
    if (!v.airborne) {
      this.disarm(false);
      return;
    }
    // A failsafe never turns a landing back into something else.
    if (this.mode === MODE.LAND) return;
    if (action === 'rtl' && this.mode !== MODE.RTL && !this.setMode(MODE.RTL)) this.setMode(MODE.LAND);
    else if (action === 'land') this.setMode(MODE.LAND);
    else if (action === 'brake') this.setMode(MODE.BRAKE);
  }

  private missionStored(type: 'mission' | 'fence' | 'rally'): void {
    const p = this.d.params;
    const m = this.d.missions;
    if (type === 'mission') {
      p.setInternal('MIS_TOTAL', m.missionLength);
      this.executor.reset();
      if (this.mode === MODE.AUTO) this.enterMode(MODE.LOITER);
    } else if (type === 'fence') {
      p.setInternal('FENCE_TOTAL', m.count('fence'));
      this.failsafes.setFence(m.items('fence'));
    } else {
      p.setInternal('RALLY_TOTAL', m.count('rally'));
    }
    this.publishMission();
  }
}
