/**
 * The simulator's side of the MAVLink command protocol: COMMAND_LONG and COMMAND_INT go through
 * one table of handlers keyed by MAV_CMD, and every command gets exactly one COMMAND_ACK
 * (UNSUPPORTED when nobody handles it). Later layers (arming, take-off, mission start) register
 * their handlers here with `on`.
 */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import type { StreamScheduler } from './streams.js';
import { MSG } from './streams.js';

/** A command addressed to this vehicle, from either COMMAND_LONG or COMMAND_INT. */
export interface CommandRequest {
  command: number;
  /** param1…param7; for COMMAND_INT, params 5 and 6 are the raw integers (degE7 for positions). */
  params: readonly number[];
  /** Who sent it: the ACK goes back addressed to them. */
  from: { sysid: number; compid: number };
  viaInt: boolean;
  /** COMMAND_INT's MAV_FRAME (the frame of params 5–7); absent for COMMAND_LONG. */
  frame?: number;
}

/** What a handler decides: the MAV_RESULT, and messages to send right after the ACK. */
export interface CommandOutcome {
  result: number;
  then?: MavLinkData[];
}

export type CommandHandler = (req: CommandRequest) => CommandOutcome;

const R = common.MavResult;
const CMD = {
  GET_MESSAGE_INTERVAL: 510,
  SET_MESSAGE_INTERVAL: 511,
  REQUEST_MESSAGE: 512,
  REQUEST_AUTOPILOT_CAPABILITIES: 520,
} as const;

export class CommandTable {
  private readonly handlers = new Map<number, CommandHandler>();

  /** Registers (or replaces) the handler for MAV_CMD `command`. */
  on(command: number, handler: CommandHandler): void {
    this.handlers.set(command, handler);
  }

  /** Runs the handler for `req`; commands nobody handles are UNSUPPORTED. */
  handle(req: CommandRequest): CommandOutcome {
    const h = this.handlers.get(req.command);
    return h ? h(req) : { result: R.UNSUPPORTED };
  }
}

/** What the stream commands need from the drone. */
export interface StreamCommandDeps {
  scheduler: StreamScheduler;
  /** The message `msgid` as it stands now, or null when it cannot be sent (yet). */
  build: (msgid: number) => MavLinkData | null;
  /** Clock time used to schedule. */
  now: () => number;
}

/** Registers SET/GET_MESSAGE_INTERVAL, REQUEST_MESSAGE and REQUEST_AUTOPILOT_CAPABILITIES. */
export function registerStreamCommands(table: CommandTable, d: StreamCommandDeps): void {
  table.on(CMD.SET_MESSAGE_INTERVAL, (req) => {
    const ok = d.scheduler.setIntervalUs(Math.round(req.params[0]), req.params[1], d.now());
    return { result: ok ? R.ACCEPTED : R.FAILED };
  });

  table.on(CMD.GET_MESSAGE_INTERVAL, (req) => {
    const msg = new common.MessageInterval();
    msg.messageId = Math.round(req.params[0]);
    msg.intervalUs = d.scheduler.intervalUs(msg.messageId);
    return { result: R.ACCEPTED, then: [msg] };
  });

  table.on(CMD.REQUEST_MESSAGE, (req) => {
    const msgid = Math.round(req.params[0]);
    const msg = d.scheduler.knows(msgid) ? d.build(msgid) : null;
    // Not sendable now (e.g. a position before the GPS fix) fails rather than lying with zeros.
    return msg ? { result: R.ACCEPTED, then: [msg] } : { result: R.FAILED };
  });

  table.on(CMD.REQUEST_AUTOPILOT_CAPABILITIES, (req) => {
    if (Math.round(req.params[0]) !== 1) return { result: R.ACCEPTED };
    const msg = d.build(MSG.AUTOPILOT_VERSION);
    return { result: R.ACCEPTED, then: msg ? [msg] : [] };
  });
}
