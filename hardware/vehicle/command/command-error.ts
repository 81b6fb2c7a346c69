/** Why a command did not succeed: the vehicle's answer, silence, or our own cancellation. */

/**
 * `timeout`: no acknowledgement after every try (or no progress report in time);
 * `cancelled`: stopped on our side, or MAV_RESULT_CANCELLED from the vehicle;
 * `invalid`: the request was malformed and nothing was sent;
 * the others are the MAV_RESULT the vehicle answered with, in lower case.
 */
export type CommandErrorCode =
  | 'temporarily_rejected'
  | 'denied'
  | 'unsupported'
  | 'failed'
  | 'cancelled'
  | 'command_long_only'
  | 'command_int_only'
  | 'command_unsupported_mav_frame'
  | 'unknown_result'
  | 'timeout'
  | 'invalid';

export interface CommandErrorInit {
  code: CommandErrorCode;
  command: number;
  commandName: string;
  vehicle: string;
  /** Sends made before the outcome (0 when nothing was sent). */
  tries: number;
  label?: string;
  resultParam2?: number;
}

/** A command that was refused, went unanswered or was cancelled. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly code: CommandErrorCode;
  readonly command: number;
  readonly commandName: string;
  readonly vehicle: string;
  readonly tries: number;
  readonly label?: string;
  /** MAV_RESULT's `result_param2`, when the vehicle gave a nonzero one (command-specific reason). */
  readonly resultParam2?: number;
  /**
   * Free slot for the caller: e.g. the vehicle's latest STATUSTEXT ("Arm: Need Position Estimate"),
   * which usually says why better than the result code. Not part of `message`.
   */
  detail?: string;

  constructor(message: string, init: CommandErrorInit) {
    super(message);
    this.code = init.code;
    this.command = init.command;
    this.commandName = init.commandName;
    this.vehicle = init.vehicle;
    this.tries = init.tries;
    if (init.label !== undefined) this.label = init.label;
    if (init.resultParam2 !== undefined) this.resultParam2 = init.resultParam2;
  }
}
