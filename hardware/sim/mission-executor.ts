/**
 * Flies the stored mission in AUTO the way ArduPilot's AP_Mission runs it: one navigation command
 * at a time; when it completes (MISSION_ITEM_REACHED), the "do" commands between it and the next
 * navigation command run at once (DO_JUMP followed while it has repeats left), then the next
 * navigation command starts. No navigation command left: the mission is complete.
 *
 * Navigation: NAV_TAKEOFF, NAV_WAYPOINT (param1 hold s, param2 acceptance radius m, else
 * WPNAV_RADIUS), NAV_LOITER_UNLIM, NAV_LOITER_TIME (param1 s), NAV_LOITER_TURNS (param1 turns,
 * param3 radius m, negative counter-clockwise), NAV_LAND, NAV_RETURN_TO_LAUNCH. Latitude and
 * longitude 0 mean "where the drone is". Do: DO_JUMP, DO_CHANGE_SPEED, DO_SET_ROI(_LOCATION/_NONE)
 * and CONDITION_YAW (the nose stays on the ROI or heading until another one, or the mission ends),
 * DO_SET_CAM_TRIGG_DIST, DO_DIGICAM_CONTROL; CONDITION_DELAY, DO_SET_SERVO and the gimbal commands
 * (DO_MOUNT_CONTROL, DO_GIMBAL_MANAGER_PITCHYAW: the simulated camera always looks straight down) are accepted and do nothing.
 */
import { common } from 'node-mavlink';
import type { MissionItem } from '../../missions/mission-item.js';
import { GotoTask, LandTask, OrbitTask, ReturnTask, TakeoffTask, type FlightSettings, type Task } from './flight-tasks.js';
import type { FlightTarget } from './guidance.js';
import { altitudeAboveHome, hasPosition } from './mission-store.js';
import type { MulticopterState } from './multicopter.js';
import type { Home, LocalFrame, LocalPoint } from './world.js';

const C = common.MavCmd;
const DEG = Math.PI / 180;
/** MAV_CMD ids below this are navigation commands. */
const NAV_LAST = 95;
/** A jump chain longer than this without a navigation command is a loop with nothing to fly. */
const MAX_DO_STEPS = 256;
/** Loiter radius when NAV_LOITER_TURNS gives none, m (ArduPilot's CIRCLE_RADIUS default). */
const DEFAULT_ORBIT_RADIUS = 10;

/** Where a mission stands, as MISSION_CURRENT reports it. */
export type MissionRun = 'idle' | 'running' | 'paused' | 'complete';

/** What the executor tells the autopilot. */
export interface MissionHooks {
  /** Navigation command `seq` is done (MISSION_ITEM_REACHED). */
  reached(seq: number): void;
  /** The current item changed (MISSION_CURRENT). */
  current(seq: number): void;
  /** The drone got to item `seq`'s position (a hold may follow). */
  arrived(seq: number): void;
  changeSpeed(mps: number): void;
  /** DO_SET_CAM_TRIGG_DIST: metres between photos (0 stops), and whether to take one now. */
  cameraDistance(metres: number, now: boolean): void;
  photo(): void;
  /** Where NAV_RETURN_TO_LAUNCH goes, and at what altitude (m above home). */
  returnTo(s: Readonly<MulticopterState>): { dest: LocalPoint; alt: number };
  /** Nothing left to fly; `landed` when the last command put the drone on the ground. */
  finished(landed: boolean): void;
}

export interface MissionExecutorDeps {
  /** The stored mission, home at 0. */
  items: () => readonly MissionItem[];
  frame: LocalFrame;
  home: Home;
  settings: FlightSettings;
  /** WPNAV_RADIUS in metres. */
  wpRadius: () => number;
  hooks: MissionHooks;
}

interface ActiveNav {
  seq: number;
  item: MissionItem;
  task: Task | null;
  /** Seconds still to hold after arriving (waypoint hold, loiter time). */
  hold: number;
  arrived: boolean;
}

export class MissionExecutor {
  /** Sequence number of the current navigation command; 0 before a start. */
  current = 0;
  run: MissionRun = 'idle';
  private nav: ActiveNav | null = null;
  /** DO_JUMP seq → jumps made so far. */
  private readonly jumps = new Map<number, number>();
  private roi: LocalPoint | null = null;
  private yaw: number | null = null;
  /** A relative CONDITION_YAW, applied to the heading at the next step. */
  private relativeYaw: number | null = null;

  constructor(private readonly d: MissionExecutorDeps) {}

  /** True when the current command landed the drone. */
  get landed(): boolean {
    return this.nav?.task?.landed ?? false;
  }

  /** Starts from `first` (1 = the first item after home) with fresh jump counters; false when there is nothing to fly. */
  start(first = 1): boolean {
    this.jumps.clear();
    this.roi = null;
    this.yaw = null;
    return this.advanceFrom(Math.max(1, first), true);
  }

  /** Flies the current command again from the start (after a pause or a mode change). */
  resume(): boolean {
    if (this.run === 'complete' || this.current < 1) return this.start();
    return this.advanceFrom(this.current, false);
  }

  /** Holds where the drone is; `resume` continues. */
  pause(): void {
    if (this.run === 'running') this.run = 'paused';
    this.nav = null;
  }

  /** MISSION_SET_CURRENT: make `seq` current (and fly it at once if running); false for a bad seq. */
  setCurrent(seq: number): boolean {
    const items = this.d.items();
    if (!(seq >= 1 && seq < items.length)) return false;
    if (this.run === 'running') return this.advanceFrom(seq, false);
    this.current = seq;
    this.nav = null;
    if (this.run === 'complete') this.run = 'paused';
    this.d.hooks.current(seq);
    return true;
  }

  /** A new mission was stored: back to the start, not running. */
  reset(): void {
    this.run = 'idle';
    this.nav = null;
    this.current = 0;
    this.jumps.clear();
    this.d.hooks.current(0);
  }

  /** The target for this physics step while in AUTO. */
  target(s: Readonly<MulticopterState>, dt: number): FlightTarget | null {
    if (this.run !== 'running' || !this.nav) return null;
    const nav = this.nav;
    nav.task ??= this.taskFor(nav.item, s);
    const t = nav.task.target(s, dt);
    if (this.navDone(nav, s, dt)) {
      this.d.hooks.reached(nav.seq);
      if (nav.task.landed) {
        this.finish(true);
        return t;
      }
      this.advanceFrom(nav.seq + 1, false);
    }
    return t && this.withYaw(t, s, nav.item.command);
  }

  private navDone(nav: ActiveNav, s: Readonly<MulticopterState>, dt: number): boolean {
    const task = nav.task!;
    switch (nav.item.command) {
      case C.NAV_LOITER_UNLIM:
        return false;
      case C.NAV_WAYPOINT:
      case C.NAV_LOITER_TIME: {
        if (!nav.arrived) {
          nav.arrived = task instanceof WaypointTask ? task.within(s) : task.done;
          if (!nav.arrived) return false;
          this.d.hooks.arrived(nav.seq);
        }
        nav.hold -= dt;
        return nav.hold <= 0;
      }
      default:
        return task.done;
    }
  }

  /** Runs "do" commands from `seq` up to the next navigation command and starts that one. */
  private advanceFrom(seq: number, fresh: boolean): boolean {
    const items = this.d.items();
    let i = seq;
    for (let steps = 0; steps < MAX_DO_STEPS && i < items.length; steps++) {
      const it = items[i];
      if (it.command < NAV_LAST) return this.startNav(it, fresh);
      i = this.runDo(it);
    }
    this.finish(false);
    return false;
  }

  private startNav(item: MissionItem, fresh: boolean): boolean {
    this.nav = { seq: item.seq, item, task: null, hold: this.holdFor(item), arrived: false };
    this.run = 'running';
    if (fresh || this.current !== item.seq) {
      this.current = item.seq;
      this.d.hooks.current(item.seq);
    }
    return true;
  }

  /** Carries out one "do" command; returns the index to continue from. */
  private runDo(it: MissionItem): number {
    const h = this.d.hooks;
    switch (it.command) {
      case C.DO_JUMP: {
        const done = this.jumps.get(it.seq) ?? 0;
        const repeats = Math.round(it.param2);
        if (repeats < 0 || done < repeats) {
          this.jumps.set(it.seq, done + 1);
          return Math.round(it.param1);
        }
        break;
      }
      case C.DO_CHANGE_SPEED:
        if (it.param2 > 0 && (it.param1 === 0 || it.param1 === 1)) h.changeSpeed(it.param2);
        break;
      case C.DO_SET_ROI_LOCATION:
      case C.DO_SET_ROI:
        this.roi = hasPosition(it) ? this.d.frame.toLocal({ lat: it.x / 1e7, lon: it.y / 1e7 }) : null;
        this.yaw = null;
        break;
      case C.DO_SET_ROI_NONE:
        this.roi = null;
        break;
      case C.CONDITION_YAW:
        this.roi = null;
        this.yaw = it.param4 === 1 ? null : it.param1 * DEG;
        if (it.param4 === 1) this.relativeYaw = (it.param3 < 0 ? -1 : 1) * it.param1 * DEG;
        break;
      case C.DO_SET_CAM_TRIGG_DIST:
        h.cameraDistance(Math.max(0, it.param1), it.param3 === 1);
        break;
      case C.DO_DIGICAM_CONTROL:
        h.photo();
        break;
      default:
        break; // CONDITION_DELAY, DO_SET_SERVO: nothing to simulate
    }
    return it.seq + 1;
  }

  private withYaw(t: FlightTarget, s: Readonly<MulticopterState>, command: number): FlightTarget {
    if (command === C.NAV_TAKEOFF || command === C.NAV_LAND) return t;
    if (this.relativeYaw !== null) {
      this.yaw = s.yaw + this.relativeYaw;
      this.relativeYaw = null;
    }
    if (this.roi) {
      const de = this.roi.east - s.east;
      const dn = this.roi.north - s.north;
      if (Math.hypot(de, dn) > 1) return { ...t, yaw: Math.atan2(de, dn) };
    }
    return this.yaw === null ? t : { ...t, yaw: this.yaw };
  }

  private finish(landed: boolean): void {
    this.run = 'complete';
    this.nav = null;
    this.roi = null;
    this.yaw = null;
    this.d.hooks.finished(landed);
  }

  private holdFor(item: MissionItem): number {
    if (item.command === C.NAV_WAYPOINT || item.command === C.NAV_LOITER_TIME) return Math.max(0, item.param1 || 0);
    return 0;
  }

  private taskFor(item: MissionItem, s: Readonly<MulticopterState>): Task {
    const st = this.d.settings;
    const here = { east: s.east, north: s.north };
    const at = hasPosition(item) ? this.d.frame.toLocal({ lat: item.x / 1e7, lon: item.y / 1e7 }) : here;
    const up = altitudeAboveHome(item, this.d.home);
    switch (item.command) {
      case C.NAV_TAKEOFF:
        return new TakeoffTask(Math.max(up, s.up), st);
      case C.NAV_WAYPOINT: {
        const radius = item.param2 > 0 ? item.param2 : this.d.wpRadius();
        return new WaypointTask({ ...at, up }, radius, item.param1 > 0 || !this.navFollows(item.seq), st);
      }
      case C.NAV_LOITER_TURNS: {
        const r = Math.abs(item.param3) || DEFAULT_ORBIT_RADIUS;
        return new OrbitTask(at, r, Math.max(0, item.param1), up, item.param3 < 0, st);
      }
      case C.NAV_LAND:
        return new LandTask(hasPosition(item) ? at : null, st);
      case C.NAV_RETURN_TO_LAUNCH: {
        const r = this.d.hooks.returnTo(s);
        return new ReturnTask(r.dest, r.alt, st);
      }
      default: // NAV_LOITER_UNLIM, NAV_LOITER_TIME
        return new GotoTask({ ...at, up }, st);
    }
  }

  /** True when a navigation command (or a jump) follows `seq`, so a waypoint there is flown through. */
  private navFollows(seq: number): boolean {
    const items = this.d.items();
    for (let i = seq + 1; i < items.length; i++) if (items[i].command < NAV_LAST || items[i].command === C.DO_JUMP) return true;
    return false;
  }
}

/**
 * A waypoint: flown through at cruise speed (the next leg starts within the acceptance radius), or
 * stopped at when it holds or ends the mission. Once over it, it stops to finish any climb.
 */
class WaypointTask implements Task {
  readonly landed = false;
  private over = false;

  constructor(
    private readonly dest: Readonly<LocalPoint & { up: number }>,
    private readonly radius: number,
    private readonly stop: boolean,
    private readonly settings: FlightSettings,
  ) {}

  get done(): boolean {
    return false;
  }

  /** True once the drone counts as at the waypoint. */
  within(s: Readonly<MulticopterState>): boolean {
    const h = Math.hypot(this.dest.east - s.east, this.dest.north - s.north);
    const dz = Math.abs(this.dest.up - s.up);
    if (this.stop) return h < Math.max(1, Math.min(this.radius, 2)) && dz < 1 && s.speed < 1;
    return h <= this.radius && dz < 1;
  }

  target(s: Readonly<MulticopterState>): FlightTarget {
    const d = this.dest;
    if (Math.hypot(d.east - s.east, d.north - s.north) <= this.radius) this.over = true;
    const climbRate = d.up >= s.up ? this.settings.climbRate() : this.settings.descentRate();
    return { east: d.east, north: d.north, up: d.up, speed: this.settings.cruise(), stop: this.stop || this.over, climbRate };
  }
}
