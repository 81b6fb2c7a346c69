/**
 * The flight commands the simulated Copter accepts, as ArduPilot answers them (one COMMAND_ACK
 * each, sent by the command table; a refusal's reason goes out first as STATUSTEXT):
 * COMPONENT_ARM_DISARM 400, DO_SET_MODE 176, NAV_TAKEOFF 22, MISSION_START 300, DO_PAUSE_CONTINUE 193,
 * NAV_RETURN_TO_LAUNCH 20, NAV_LAND 21, DO_REPOSITION 192, DO_CHANGE_SPEED 178,
 * DO_FLIGHTTERMINATION 185, DO_SET_MISSION_CURRENT 224, DO_SET_CAM_TRIGG_DIST 206, DO_DIGICAM_CONTROL 203.
 */
import { common, minimal } from 'node-mavlink';
import type { Autopilot } from './autopilot.js';
import { FORCE_ARM_MAGIC, MODE } from './autopilot.js';
import type { CommandRequest, CommandTable } from './command-handler.js';
import type { SimVehicle } from './vehicle.js';

const C = common.MavCmd;
const R = common.MavResult;
const FR = common.MavFrame;
const INT32_MAX = 2147483647;

/** Registers every flight command on `table`. */
export function registerFlightCommands(table: CommandTable, ap: Autopilot, vehicle: SimVehicle): void {
  const ok = (b: boolean): { result: number } => ({ result: b ? R.ACCEPTED : R.FAILED });

  table.on(C.COMPONENT_ARM_DISARM, (q) => {
    const force = Math.round(q.params[1]) === FORCE_ARM_MAGIC;
    return ok(q.params[0] >= 0.5 ? ap.arm(force) : ap.disarm(force));
  });

  table.on(C.DO_SET_MODE, (q) => ({ result: setModeResult(ap, q.params[0], q.params[1]) }));

  table.on(C.NAV_TAKEOFF, (q) => ok(ap.takeoff(q.params[6])));

  table.on(C.MISSION_START, (q) => ({ result: ap.startMission(Math.round(q.params[0])) }));

  table.on(C.DO_PAUSE_CONTINUE, (q) => ({ result: q.params[0] === 0 ? ap.pause() : q.params[0] === 1 ? ap.resume() : R.DENIED }));

  table.on(C.NAV_RETURN_TO_LAUNCH, () => ok(ap.setMode(MODE.RTL)));

  table.on(C.NAV_LAND, () => ok(ap.setMode(MODE.LAND)));

  table.on(C.DO_REPOSITION, (q) => {
    const dest = repositionTarget(q, vehicle);
    if (!dest) return { result: R.DENIED };
    const changeMode = (Math.round(q.params[1]) & common.MavDoRepositionFlags.CHANGE_MODE) !== 0;
    return { result: ap.goto(dest, q.params[0], changeMode) };
  });

  table.on(C.DO_CHANGE_SPEED, (q) => {
    const [type, speed] = q.params;
    if (speed > 0 && (type === 0 || type === 1)) ap.changeSpeed(speed);
    return { result: R.ACCEPTED };
  });

  table.on(C.DO_FLIGHTTERMINATION, (q) => {
    if (q.params[0] > 0.5) ap.terminate();
    return { result: R.ACCEPTED };
  });

  table.on(C.DO_SET_MISSION_CURRENT, (q) => {
    const seq = Math.round(q.params[0]);
    if (Math.round(q.params[1]) === 1) ap.executor.reset();
    return ok(seq === -1 || ap.setMissionCurrent(seq));
  });

  table.on(C.DO_SET_CAM_TRIGG_DIST, (q) => {
    ap.camera.setDistance(Math.max(0, q.params[0]), q.params[2] === 1);
    return { result: R.ACCEPTED };
  });

  table.on(C.DO_DIGICAM_CONTROL, (q) => {
    if (q.params[4] === 1) ap.camera.shoot();
    return { result: R.ACCEPTED };
  });
}

/**
 * DO_SET_MODE / SET_MODE as ArduPilot's _set_mode_common: a custom mode needs MAV_MODE_FLAG_CUSTOM_MODE_ENABLED
 * (else DENIED); a mode it cannot enter is FAILED.
 */
export function setModeResult(ap: Autopilot, baseMode: number, customMode: number): number {
  if ((Math.round(baseMode) & minimal.MavModeFlag.CUSTOM_MODE_ENABLED) === 0) return R.DENIED;
  return ap.setMode(Math.round(customMode)) ? R.ACCEPTED : R.FAILED;
}

/**
 * Where DO_REPOSITION asks to go, in local metres: COMMAND_INT carries degE7 in params 5/6 and the
 * altitude in its frame; COMMAND_LONG degrees and a relative altitude. NaN (or 0, 0) keeps the
 * present position, a NaN altitude the present height. Null for a frame it cannot use.
 */
function repositionTarget(q: CommandRequest, v: SimVehicle): { east: number; north: number; up: number } | null {
  const b = v.body;
  const frame = q.viaInt ? (q.frame ?? FR.GLOBAL_INT) : FR.GLOBAL_RELATIVE_ALT;
  const global = frame === FR.GLOBAL || frame === FR.GLOBAL_INT;
  const relative = frame === FR.GLOBAL_RELATIVE_ALT || frame === FR.GLOBAL_RELATIVE_ALT_INT || frame === FR.GLOBAL_TERRAIN_ALT || frame === FR.GLOBAL_TERRAIN_ALT_INT;
  if (!global && !relative) return null;
  const scale = q.viaInt ? 1e-7 : 1;
  // COMMAND_INT marks an unset coordinate with INT32_MAX, COMMAND_LONG with NaN.
  const unset = (x: number): boolean => !Number.isFinite(x) || (q.viaInt && x === INT32_MAX);
  const lat = q.params[4] * scale;
  const lon = q.params[5] * scale;
  const keep = unset(q.params[4]) || unset(q.params[5]) || (lat === 0 && lon === 0);
  if (!keep && (Math.abs(lat) > 90 || Math.abs(lon) > 180)) return null;
  const p = keep ? { east: b.east, north: b.north } : v.frame.toLocal({ lat, lon });
  const alt = q.params[6];
  const up = !Number.isFinite(alt) ? b.up : global ? alt - v.home.altMsl : alt;
  return { east: p.east, north: p.north, up: Math.max(1, up) };
}
