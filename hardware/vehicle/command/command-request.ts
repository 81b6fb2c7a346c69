/** What a caller asks a vehicle to do, checked and turned into COMMAND_LONG or COMMAND_INT. */
import { common } from 'node-mavlink';
import { message } from '../../mavlink/messages.js';
import { commandLong } from '../stream-request.js';

/** Position part of a COMMAND_INT: `x`/`y` are integers (degE7 for latitude/longitude), `z` is param7. */
export interface CommandIntPosition {
  /** MAV_FRAME, e.g. 6 = GLOBAL_RELATIVE_ALT_INT. */
  frame: number;
  x: number;
  y: number;
  z: number;
}

/** One command for one vehicle. Plain data, so it can be built ahead (see `actions.ts`) and logged. */
export interface CommandRequest {
  /** MAV_CMD number. */
  command: number;
  /** param1…param7 (missing ones are 0; NaN is allowed and means "unchanged" to most commands). With `int`, at most 4. */
  params?: readonly number[];
  /** Send COMMAND_INT with these instead of COMMAND_LONG: params 1–4 plus x, y, z. */
  int?: CommandIntPosition;
  /** Wait for an acknowledgement this long per try. */
  timeoutMs?: number;
  /** Resends after the first try when no acknowledgement comes (COMMAND_LONG's `confirmation` counts them). */
  retries?: number;
  /** After IN_PROGRESS, how long to wait for the next report or the final result. */
  inProgressTimeoutMs?: number;
  /** Human words for logs and errors, e.g. "take off to 30 m". */
  label?: string;
}

/** A request with every timing filled in. */
export interface ResolvedRequest extends CommandRequest {
  params: readonly number[];
  timeoutMs: number;
  retries: number;
  inProgressTimeoutMs: number;
}

/** Timing defaults: 4 tries 750 ms apart make about 3 s of patience, as ground stations use. */
export const COMMAND_DEFAULTS = {
  timeoutMs: 750,
  retries: 3,
  inProgressTimeoutMs: 5000,
} as const;

export type CommandTiming = { -readonly [K in keyof typeof COMMAND_DEFAULTS]: number };

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** Infinity is no float a vehicle can use; NaN is a legitimate "no value". */
function isParam(v: unknown): boolean {
  return typeof v === 'number' && (Number.isNaN(v) || Number.isFinite(v));
}

function isPositive(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** Why `req` cannot be sent, or null when it can. */
export function requestProblem(req: CommandRequest): string | null {
  if (!isInt(req.command, 0, 0xffff)) return `command must be a MAV_CMD number 0–65535, got ${String(req.command)}`;
  const params = req.params ?? [];
  const max = req.int ? 4 : 7;
  if (!Array.isArray(params) || params.length > max) return `params must be at most ${max} numbers${req.int ? ' with COMMAND_INT' : ''}`;
  const bad = params.findIndex((p) => !isParam(p));
  if (bad >= 0) return `param${bad + 1} must be a finite number or NaN, got ${String(params[bad])}`;
  if (req.int) {
    const { frame, x, y, z } = req.int;
    if (!isInt(frame, 0, 0xff)) return `int.frame must be a MAV_FRAME number 0–255, got ${String(frame)}`;
    if (!isInt(x, INT32_MIN, INT32_MAX)) return `int.x must be a 32-bit integer (degE7 for latitude), got ${String(x)}`;
    if (!isInt(y, INT32_MIN, INT32_MAX)) return `int.y must be a 32-bit integer (degE7 for longitude), got ${String(y)}`;
    if (!isParam(z)) return `int.z must be a finite number or NaN, got ${String(z)}`;
  }
  if (req.timeoutMs !== undefined && !isPositive(req.timeoutMs)) return `timeoutMs must be a positive number, got ${String(req.timeoutMs)}`;
  if (req.inProgressTimeoutMs !== undefined && !isPositive(req.inProgressTimeoutMs)) {
    return `inProgressTimeoutMs must be a positive number, got ${String(req.inProgressTimeoutMs)}`;
  }
  if (req.retries !== undefined && !isInt(req.retries, 0, 20)) return `retries must be a whole number 0–20, got ${String(req.retries)}`;
  return null;
}

/** `req` with the defaults applied (call after `requestProblem` says it is fine). */
export function resolveRequest(req: CommandRequest, defaults: CommandTiming = COMMAND_DEFAULTS): ResolvedRequest {
  return {
    ...req,
    params: req.params ?? [],
    timeoutMs: req.timeoutMs ?? defaults.timeoutMs,
    retries: req.retries ?? defaults.retries,
    inProgressTimeoutMs: req.inProgressTimeoutMs ?? defaults.inProgressTimeoutMs,
  };
}

/**
 * The message for try number `tries` (0 for the first). COMMAND_LONG carries the try in
 * `confirmation` so the vehicle can tell a resend from a new command; COMMAND_INT has no such field.
 */
export function commandMessage(req: ResolvedRequest, targetSystem: number, targetComponent: number, tries: number): common.CommandLong | common.CommandInt {
  const p = req.params;
  if (!req.int) return commandLong(targetSystem, targetComponent, req.command, p, Math.min(tries, 0xff));
  return message(common.CommandInt, {
    targetSystem,
    targetComponent,
    command: req.command,
    frame: req.int.frame,
    current: 0,
    autocontinue: 0,
    _param1: p[0] ?? 0,
    _param2: p[1] ?? 0,
    _param3: p[2] ?? 0,
    _param4: p[3] ?? 0,
    _param5: req.int.x,
    _param6: req.int.y,
    _param7: req.int.z,
  });
}
