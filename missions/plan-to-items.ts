/**
 * Plan ⇄ MAVLink mission items (MISSION_ITEM_INT fields), as ArduPilot Copter flies them.
 *
 * Item 0 is home (NAV_WAYPOINT in the GLOBAL frame at its MSL altitude, 0 when unknown); then one
 * item per step, so step i is item i + 1. Positions go in GLOBAL_RELATIVE_ALT (altitude above
 * take-off); "do" and condition commands in the MISSION frame. Choices where MAVLink offers two:
 * - photo → DO_DIGICAM_CONTROL (param5 = 1 shoots): every ArduPilot version runs it in a mission
 *   (IMAGE_START_CAPTURE only from 4.x with a MAVLink camera); both are read back.
 * - gimbal → DO_MOUNT_CONTROL (param1 pitch, param3 yaw, param7 = MAV_MOUNT_MODE_MAVLINK_TARGETING):
 *   run by every ArduPilot mount driver; DO_GIMBAL_MANAGER_PITCHYAW needs a gimbal-manager-era
 *   firmware. Both are read back.
 * - roi-none → DO_SET_ROI_NONE; a DO_SET_ROI(_LOCATION) at 0, 0 reads back as roi-none too, as
 *   ArduPilot treats it.
 *
 * Canonical forms, so a plan survives the round trip exactly: a hold, an acceptance radius or a
 * gimbal yaw of 0 reads back as omitted; headings are written within [0, 360); coordinates are
 * rounded to 1e-7°. Reading back also undoes the float32 rounding of params and altitudes the wire
 * applies (50.099998… → 50.1).
 */
import type { MissionItem } from './mission-item.js';
import { flightPath } from './flight-path.js';
import type { LatLon, Plan, PlanStep } from './plan.js';

/** The MAV_CMD numbers plans use (from MAVLink common.xml). */
export const MAV_CMD = {
  NAV_WAYPOINT: 16,
  NAV_LOITER_TURNS: 18,
  NAV_LOITER_TIME: 19,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  CONDITION_YAW: 115,
  DO_CHANGE_SPEED: 178,
  DO_SET_ROI_LOCATION: 195,
  DO_SET_ROI_NONE: 197,
  DO_SET_ROI: 201,
  DO_DIGICAM_CONTROL: 203,
  DO_MOUNT_CONTROL: 205,
  DO_SET_CAM_TRIGG_DIST: 206,
  DO_GIMBAL_MANAGER_PITCHYAW: 1000,
  IMAGE_START_CAPTURE: 2000,
} as const;

/** The MAV_FRAME numbers plans use. */
export const MAV_FRAME = {
  GLOBAL: 0,
  MISSION: 2,
  GLOBAL_RELATIVE_ALT: 3,
  GLOBAL_INT: 5,
  GLOBAL_RELATIVE_ALT_INT: 6,
  GLOBAL_TERRAIN_ALT: 10,
  GLOBAL_TERRAIN_ALT_INT: 11,
} as const;

/** MAV_MOUNT_MODE_MAVLINK_TARGETING: the mount follows angles sent to it. */
const MOUNT_MODE_MAVLINK_TARGETING = 2;
/** DO_CHANGE_SPEED speed types: 0 airspeed, 1 ground speed (2, 3 are climb and descent). */
const SPEED_TYPE_GROUND = 1;

const C = MAV_CMD;
const F = MAV_FRAME;
type Params = [number, number, number, number];

function makeItem(seq: number, command: number, frame: number, p: Params, x = 0, y = 0, z = 0): MissionItem {
  return { seq, frame, command, current: false, autocontinue: true, param1: p[0], param2: p[1], param3: p[2], param4: p[3], x, y, z };
}

/** Degrees → degrees × 1e7, the integer MISSION_ITEM_INT carries. */
export const degE7 = (deg: number): number => Math.round(deg * 1e7);

/** A heading within [0, 360); ArduPilot stores CONDITION_YAW's angle unsigned. */
function normalHeading(h: number): number {
  const r = h % 360;
  return r < 0 ? r + 360 : r + 0; // + 0 turns −0 into 0
}

/** The mission item for one step (`seq` = its place in the list; `home` for take-off's position). */
function stepItem(s: PlanStep, seq: number, home: LatLon): MissionItem {
  const at = (p: LatLon, z: number, cmd: number, params: Params): MissionItem =>
    makeItem(seq, cmd, F.GLOBAL_RELATIVE_ALT, params, degE7(p.lat), degE7(p.lon), z);
  const m = (cmd: number, params: Params, x = 0, y = 0, z = 0): MissionItem => makeItem(seq, cmd, F.MISSION, params, x, y, z);
  switch (s.kind) {
    case 'takeoff':
      return at(home, s.altitude, C.NAV_TAKEOFF, [0, 0, 0, NaN]);
    case 'waypoint':
      // param4 NaN: keep the yaw behaviour the autopilot is in.
      return at(s.at, s.altitude, C.NAV_WAYPOINT, [s.holdS ?? 0, s.acceptRadiusM ?? 0, 0, NaN]);
    case 'speed':
      return m(C.DO_CHANGE_SPEED, [SPEED_TYPE_GROUND, s.speed, -1, 0]);
    case 'camera-distance':
      // param3 = 1: take one photo at once when triggering starts, so a lane starts with a photo.
      return m(C.DO_SET_CAM_TRIGG_DIST, [s.distanceM, 0, s.distanceM > 0 ? 1 : 0, 0]);
    case 'photo':
      return m(C.DO_DIGICAM_CONTROL, [0, 0, 0, 0], 1);
    case 'roi':
      return at(s.at, s.altitude, C.DO_SET_ROI_LOCATION, [0, 0, 0, 0]);
    case 'roi-none':
      return m(C.DO_SET_ROI_NONE, [0, 0, 0, 0]);
    case 'yaw':
      // Rate 0 (the autopilot's default), direction 0 (shortest), absolute heading.
      return m(C.CONDITION_YAW, [normalHeading(s.heading), 0, 0, 0]);
    case 'gimbal':
      return m(C.DO_MOUNT_CONTROL, [s.pitch, 0, s.yaw ?? 0, 0], 0, 0, MOUNT_MODE_MAVLINK_TARGETING);
    case 'loiter-time':
      return at(s.at, s.altitude, C.NAV_LOITER_TIME, [s.seconds, 0, 0, 0]);
    case 'loiter-turns':
      // Negative radius: counter-clockwise, as in the plan.
      return at(s.at, s.altitude, C.NAV_LOITER_TURNS, [s.turns, 0, s.radiusM, 0]);
    case 'land':
      return at(s.at, 0, C.NAV_LAND, [0, 0, 0, NaN]);
    case 'rtl':
      return m(C.NAV_RETURN_TO_LAUNCH, [0, 0, 0, 0]);
    default: {
      const never: never = s;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

/** The MAVLink mission for a plan: home at item 0, then one item per step. */
export function planToItems(plan: Plan): MissionItem[] {
  const home = makeItem(0, C.NAV_WAYPOINT, F.GLOBAL, [0, 0, 0, 0], degE7(plan.home.lat), degE7(plan.home.lon), plan.home.altMsl ?? 0);
  return [home, ...plan.steps.map((s, i) => stepItem(s, i + 1, plan.home))];
}

/** An item `itemsToPlan` could not turn into a step, and why. */
export interface UnmappedItem {
  seq: number;
  command: number;
  reason: string;
}

/**
 * Undoes float32 rounding: the shortest decimal that is the same float32, when `v` is a float32
 * (a value read off the wire); other values pass unchanged.
 */
export function fromFloat32(v: number): number {
  if (!Number.isFinite(v) || Math.fround(v) !== v) return v;
  for (let digits = 1; digits <= 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

/** A plan step from one item, or the reason there is none. */
type Mapped = { step: PlanStep } | { reason: string };

/**
 * The plan a mission flies: item 0 is home, every other item becomes a step. Items with no step
 * (DO_JUMP, terrain-relative altitudes, relative yaw, …) are listed in `unknown`, never dropped
 * silently. Latitude/longitude 0, 0 on a position item means "where the vehicle is" (ArduPilot),
 * and reads as the previous position. Photo points are derived from the steps.
 */
export function itemsToPlan(items: readonly MissionItem[]): { plan: Plan; unknown: UnmappedItem[] } {
  const h = items[0];
  const homeAlt = h ? fromFloat32(h.z) : 0;
  const home: Plan['home'] = h ? { lat: h.x / 1e7, lon: h.y / 1e7 } : { lat: 0, lon: 0 };
  if (homeAlt !== 0) home.altMsl = homeAlt;
  const steps: PlanStep[] = [];
  const unknown: UnmappedItem[] = [];
  let here: LatLon = { lat: home.lat, lon: home.lon };
  for (const it of items.slice(1)) {
    const r = itemStep(it, here, homeAlt);
    if ('reason' in r) {
      unknown.push({ seq: it.seq, command: it.command, reason: r.reason });
      continue;
    }
    steps.push(r.step);
    const s = r.step;
    if (s.kind === 'waypoint' || s.kind === 'loiter-time' || s.kind === 'loiter-turns' || s.kind === 'land') here = s.at;
    if (s.kind === 'rtl') here = { lat: home.lat, lon: home.lon };
  }
  const plan: Plan = { pattern: 'waypoints', home, steps, photos: [] };
  plan.photos = flightPath(plan, { cruiseSpeedMps: 1 }).photos;
  return { plan, unknown };
}

function itemStep(it: MissionItem, here: LatLon, homeAlt: number): Mapped {
  const [p1, p2, p3, p4] = [it.param1, it.param2, it.param3, it.param4].map(fromFloat32);
  const at: LatLon = it.x === 0 && it.y === 0 ? here : { lat: it.x / 1e7, lon: it.y / 1e7 };
  /** Altitude above take-off, or why the frame gives none. */
  const alt = (): number | string => {
    const z = fromFloat32(it.z);
    switch (it.frame) {
      case F.GLOBAL_RELATIVE_ALT:
      case F.GLOBAL_RELATIVE_ALT_INT:
        return z;
      case F.GLOBAL:
      case F.GLOBAL_INT:
        // Both were float32 on the wire; keep the difference free of their rounding noise.
        return Math.round((z - homeAlt) * 1e6) / 1e6;
      case F.GLOBAL_TERRAIN_ALT:
      case F.GLOBAL_TERRAIN_ALT_INT:
        return `altitude is above terrain (frame ${it.frame}); plans hold altitudes above take-off`;
      default:
        return `frame ${it.frame} is not a global frame`;
    }
  };
  const positioned = (make: (a: number) => PlanStep): Mapped => {
    const a = alt();
    return typeof a === 'string' ? { reason: a } : { step: make(a) };
  };
  switch (it.command) {
    case C.NAV_TAKEOFF:
      return positioned((altitude) => ({ kind: 'takeoff', altitude }));
    case C.NAV_WAYPOINT:
      return positioned((altitude) => {
        const s: PlanStep = { kind: 'waypoint', at, altitude };
        if (p1 > 0) s.holdS = p1;
        if (p2 > 0) s.acceptRadiusM = p2;
        return s;
      });
    case C.NAV_LOITER_TIME:
      return positioned((altitude) => ({ kind: 'loiter-time', at, altitude, seconds: p1 }));
    case C.NAV_LOITER_TURNS:
      return positioned((altitude) => ({ kind: 'loiter-turns', at, altitude, turns: p1, radiusM: p3 }));
    case C.NAV_LAND:
      return { step: { kind: 'land', at } };
    case C.NAV_RETURN_TO_LAUNCH:
      return { step: { kind: 'rtl' } };
    case C.DO_CHANGE_SPEED:
      if (p1 !== 0 && p1 !== SPEED_TYPE_GROUND) return { reason: `speed type ${p1} (climb or descent speed) has no plan step` };
      if (!(p2 > 0)) return { reason: `speed ${p2} changes nothing` };
      return { step: { kind: 'speed', speed: p2 } };
    case C.DO_SET_CAM_TRIGG_DIST:
      return { step: { kind: 'camera-distance', distanceM: p1 } };
    case C.DO_DIGICAM_CONTROL:
      return it.x === 1 ? { step: { kind: 'photo' } } : { reason: `param5 (shoot) is ${it.x}, not 1: it takes no photo` };
    case C.IMAGE_START_CAPTURE:
      return p3 === 1 ? { step: { kind: 'photo' } } : { reason: `captures ${p3 === 0 ? 'until stopped' : `${p3} images`} every ${p2} s; plans take single photos` };
    case C.DO_SET_ROI_LOCATION:
    case C.DO_SET_ROI:
      if (it.x === 0 && it.y === 0) return { step: { kind: 'roi-none' } };
      return positioned((altitude) => ({ kind: 'roi', at, altitude }));
    case C.DO_SET_ROI_NONE:
      return { step: { kind: 'roi-none' } };
    case C.CONDITION_YAW:
      if (p4 !== 0) return { reason: 'the yaw is relative to the current heading; plans hold absolute headings' };
      return { step: { kind: 'yaw', heading: p1 } };
    case C.DO_MOUNT_CONTROL:
      return { step: gimbal(p1, p3) };
    case C.DO_GIMBAL_MANAGER_PITCHYAW:
      if (Number.isNaN(p1)) return { reason: 'pitch is NaN (unchanged); plans set a pitch' };
      return { step: gimbal(p1, Number.isNaN(p2) ? 0 : p2) };
    default:
      return { reason: `MAV_CMD ${it.command} has no plan step` };
  }
}

function gimbal(pitch: number, yaw: number): PlanStep {
  return yaw !== 0 ? { kind: 'gimbal', pitch, yaw } : { kind: 'gimbal', pitch };
}
