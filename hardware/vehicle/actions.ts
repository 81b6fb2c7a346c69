/**
 * What a pilot can ask of a vehicle from the dashboard, as plain data with a zod schema, and the
 * MAVLink commands each action becomes for a firmware family. Everything is checked here, before
 * anything is sent.
 */
import { z } from 'zod';
import type { CommandRequest } from './command/command-request.js';
import { degE7 } from '../mavlink/messages.js';
import { customModeFor, modeNames, setModeParams } from './flight-modes.js';

/** MAV_CMD numbers the actions use. */
export const ACTION_CMD = {
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  DO_SET_MODE: 176,
  DO_CHANGE_SPEED: 178,
  DO_FLIGHTTERMINATION: 185,
  DO_REPOSITION: 192,
  DO_PAUSE_CONTINUE: 193,
  MISSION_START: 300,
  COMPONENT_ARM_DISARM: 400,
} as const;

/** param2 of COMPONENT_ARM_DISARM that skips the pre-arm/disarm checks (ArduPilot and PX4 agree). */
export const FORCE_ARM_MAGIC = 21196;
/** MAV_MODE_FLAG_CUSTOM_MODE_ENABLED: DO_SET_MODE's param1 when param2/3 carry a custom mode. */
const CUSTOM_MODE_ENABLED = 1;
/** MAV_FRAME_GLOBAL_RELATIVE_ALT_INT: altitude above home. */
const FRAME_GLOBAL_RELATIVE_ALT_INT = 6;
/** MAV_DO_REPOSITION_FLAGS_CHANGE_MODE: let the vehicle switch to its guided mode to go there. */
const REPOSITION_CHANGE_MODE = 1;
/** DO_CHANGE_SPEED speed type 1: ground speed. */
const GROUND_SPEED = 1;

// Messages leave the field out: `parseAction` puts the path in front of each.
const finite = (unit: string) => z.number({ error: `must be a number (${unit})` });
const altitude = finite('metres above home').gt(0, { error: 'must be above 0 m' });

/** A dashboard action; validate REST bodies and socket payloads with it. Unknown fields are refused. */
export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('arm'), force: z.boolean().optional() }),
  z.strictObject({ type: z.literal('disarm'), force: z.boolean().optional() }),
  z.strictObject({ type: z.literal('takeoff'), altitude }),
  z.strictObject({ type: z.literal('mode'), mode: z.string({ error: 'must be a mode name' }).trim().min(1, { error: 'must be a mode name' }).max(32) }),
  z.strictObject({ type: z.literal('mission_start') }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('continue') }),
  z.strictObject({ type: z.literal('rtl') }),
  z.strictObject({ type: z.literal('land') }),
  z.strictObject({
    type: z.literal('goto'),
    lat: finite('degrees').min(-90, { error: 'must be between -90 and 90' }).max(90, { error: 'must be between -90 and 90' }),
    lon: finite('degrees').min(-180, { error: 'must be between -180 and 180' }).max(180, { error: 'must be between -180 and 180' }),
    altitude,
  }),
  z.strictObject({ type: z.literal('speed'), speed: finite('m/s').gt(0, { error: 'must be above 0 m/s' }) }),
  z.strictObject({ type: z.literal('terminate') }),
], { error: 'must be one of arm, disarm, takeoff, mode, mission_start, pause, continue, rtl, land, goto, speed, terminate' });

export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

/** Validates untrusted input; the error names each bad field ("altitude: must be above 0 m; extra: unknown field"). */
export function parseAction(input: unknown): { ok: true; action: Action } | { ok: false; error: string } {
  const r = ActionSchema.safeParse(input);
  if (r.success) return { ok: true, action: r.data };
  const parts = r.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${k}: unknown field`).join('; ');
    return `${i.path.length ? i.path.join('.') : 'type'}: ${i.message}`;
  });
  return { ok: false, error: parts.join('; ') };
}

/** An action that cannot be turned into commands (bad input, or nothing this firmware can do). */
export class ActionError extends RangeError {
  override readonly name = 'ActionError';
}

/** What else an action may need to know about the vehicle and the site. */
export interface ActionContext {
  /** Home altitude above mean sea level, m: PX4's NAV_TAKEOFF takes an AMSL altitude. */
  homeAltMsl?: number;
  /** The site's ceiling above home, m (e.g. 120); higher take-off or goto altitudes are refused. */
  maxAltitude?: number;
}

export function armRequest(force = false): CommandRequest {
  return { command: ACTION_CMD.COMPONENT_ARM_DISARM, params: [1, force ? FORCE_ARM_MAGIC : 0], label: force ? 'force arm' : 'arm' };
}

export function disarmRequest(force = false): CommandRequest {
  return { command: ACTION_CMD.COMPONENT_ARM_DISARM, params: [0, force ? FORCE_ARM_MAGIC : 0], label: force ? 'force disarm' : 'disarm' };
}

/** DO_SET_MODE for a mode name of `firmware` (case-insensitive); the error lists the valid names. */
export function setModeRequest(firmware: string, mode: string): CommandRequest {
  const custom = customModeFor(firmware, mode);
  if (custom === null) {
    const known = modeNames(firmware);
    if (known.length === 0) throw new ActionError(`cannot set mode ${mode}: flight modes of firmware "${firmware}" are unknown`);
    throw new ActionError(`unknown mode "${mode}" for ${firmware}; valid modes: ${known.join(', ')}`);
  }
  const { param2, param3 } = setModeParams(firmware, custom);
  return { command: ACTION_CMD.DO_SET_MODE, params: [CUSTOM_MODE_ENABLED, param2, param3], label: `set mode ${mode.trim().toUpperCase()}` };
}

/**
 * Take-off to `altitude` m above home. The vehicle must already be armed.
 * ArduPilot Copter takes off only in GUIDED, so this is two commands: set GUIDED, then NAV_TAKEOFF
 * (param7 relative to home). PX4 switches to its take-off mode itself but wants param7 above mean
 * sea level, so `homeAltMsl` is required. ArduPlane (TAKEOFF mode, TKOFF_ALT), Rover and Sub are refused.
 */
export function takeoffRequests(firmware: string, altitude: number, ctx: ActionContext = {}): CommandRequest[] {
  checkAltitude(altitude, ctx);
  const label = `take off to ${altitude} m`;
  switch (firmware) {
    case 'ardupilot-copter':
      return [setModeRequest(firmware, 'GUIDED'), { command: ACTION_CMD.NAV_TAKEOFF, params: [0, 0, 0, 0, 0, 0, altitude], label }];
    case 'px4': {
      const home = ctx.homeAltMsl;
      if (home === undefined || !Number.isFinite(home)) throw new ActionError('cannot take off on PX4 yet: its home altitude above sea level is not known');
      // No pitch, current yaw and position; altitude above mean sea level.
      return [{ command: ACTION_CMD.NAV_TAKEOFF, params: [-1, 0, 0, NaN, NaN, NaN, home + altitude], label }];
    }
    case 'ardupilot-plane':
      throw new ActionError('ArduPlane takes off in TAKEOFF mode to its TKOFF_ALT parameter: set mode TAKEOFF instead');
    case 'ardupilot-rover':
    case 'ardupilot-sub':
      throw new ActionError(`a vehicle running ${firmware} cannot take off`);
    default:
      return [{ command: ACTION_CMD.NAV_TAKEOFF, params: [0, 0, 0, 0, 0, 0, altitude], label }];
  }
}

/** Flies the uploaded mission from its first item. */
export function missionStartRequest(): CommandRequest {
  return { command: ACTION_CMD.MISSION_START, params: [0, 0], label: 'start mission' };
}

/** PX4 has no pause command: it holds in AUTO.LOITER and resumes with AUTO.MISSION. */
export function pauseRequest(firmware: string): CommandRequest {
  if (firmware === 'px4') return { ...setModeRequest(firmware, 'AUTO.LOITER'), label: 'pause' };
  return { command: ACTION_CMD.DO_PAUSE_CONTINUE, params: [0], label: 'pause' };
}

export function continueRequest(firmware: string): CommandRequest {
  if (firmware === 'px4') return { ...setModeRequest(firmware, 'AUTO.MISSION'), label: 'continue' };
  return { command: ACTION_CMD.DO_PAUSE_CONTINUE, params: [1], label: 'continue' };
}

export function rtlRequest(): CommandRequest {
  return { command: ACTION_CMD.NAV_RETURN_TO_LAUNCH, label: 'return to launch' };
}

/** Lands where it is (NaN yaw and position mean "current"). */
export function landRequest(): CommandRequest {
  return { command: ACTION_CMD.NAV_LAND, params: [0, 0, 0, NaN, NaN, NaN, 0], label: 'land' };
}

/** DO_REPOSITION as COMMAND_INT: default speed, switch to guided if needed, keep yaw. */
export function gotoRequest(lat: number, lon: number, altitude: number, ctx: ActionContext = {}): CommandRequest {
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw new ActionError(`lat must be between -90 and 90, got ${String(lat)}`);
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) throw new ActionError(`lon must be between -180 and 180, got ${String(lon)}`);
  checkAltitude(altitude, ctx);
  return {
    command: ACTION_CMD.DO_REPOSITION,
    params: [-1, REPOSITION_CHANGE_MODE, 0, NaN],
    int: { frame: FRAME_GLOBAL_RELATIVE_ALT_INT, x: degE7(lat), y: degE7(lon), z: altitude },
    label: `go to ${lat}, ${lon} at ${altitude} m`,
  };
}

/** Ground speed in m/s; throttle unchanged (-1). */
export function speedRequest(speed: number): CommandRequest {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) throw new ActionError(`speed must be above 0 m/s, got ${String(speed)}`);
  return { command: ACTION_CMD.DO_CHANGE_SPEED, params: [GROUND_SPEED, speed, -1, 0], label: `set speed ${speed} m/s` };
}

/** Flight termination: motors stop and the vehicle falls (ArduPilot without AFS disarms). Last resort. */
export function terminateRequest(): CommandRequest {
  return { command: ACTION_CMD.DO_FLIGHTTERMINATION, params: [1], label: 'flight termination' };
}

/**
 * The commands for `action` on `firmware`, to send in order, each after the previous is accepted.
 * Throws `ActionError` (nothing to send) when the action is malformed or impossible for the firmware.
 */
export function actionToRequests(action: Action, firmware: string, ctx: ActionContext = {}): CommandRequest[] {
  const parsed = parseAction(action);
  if (!parsed.ok) throw new ActionError(parsed.error);
  const a = parsed.action;
  switch (a.type) {
    case 'arm': return [armRequest(a.force)];
    case 'disarm': return [disarmRequest(a.force)];
    case 'takeoff': return takeoffRequests(firmware, a.altitude, ctx);
    case 'mode': return [setModeRequest(firmware, a.mode)];
    case 'mission_start': return [missionStartRequest()];
    case 'pause': return [pauseRequest(firmware)];
    case 'continue': return [continueRequest(firmware)];
    case 'rtl': return [rtlRequest()];
    case 'land': return [landRequest()];
    case 'goto': return [gotoRequest(a.lat, a.lon, a.altitude, ctx)];
    case 'speed': return [speedRequest(a.speed)];
    case 'terminate': return [terminateRequest()];
    default: {
      const never: never = a;
      throw new ActionError(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

function checkAltitude(altitude: number, ctx: ActionContext): void {
  if (typeof altitude !== 'number' || !Number.isFinite(altitude) || altitude <= 0) throw new ActionError(`altitude must be above 0 m, got ${String(altitude)}`);
  if (ctx.maxAltitude !== undefined && altitude > ctx.maxAltitude) {
    throw new ActionError(`altitude ${altitude} m is above this site's ceiling of ${ctx.maxAltitude} m`);
  }
}
