/** Why a mission, geofence or rally transfer did not succeed, worded for the operator. */
import type { MissionType } from '../../../missions/mission-item.js';

/** The three transfers the protocol defines. */
export type TransferOperation = 'upload' | 'download' | 'clear';

/** MAV_MISSION_RESULT errors (1–15), named as `common.MavMissionResult` names them, in lower case. */
export type MissionResultCode =
  | 'error'
  | 'unsupported_frame'
  | 'unsupported'
  | 'no_space'
  | 'invalid'
  | 'invalid_param1'
  | 'invalid_param2'
  | 'invalid_param3'
  | 'invalid_param4'
  | 'invalid_param5_x'
  | 'invalid_param6_y'
  | 'invalid_param7'
  | 'invalid_sequence'
  | 'denied'
  | 'operation_cancelled';

/**
 * A vehicle's MISSION_ACK error, or one of ours:
 * `timeout` (the vehicle fell silent, or made no progress while talking), `cancelled` (we cancelled),
 * `busy` (another transfer runs on this vehicle), `invalid_items` (nothing was sent),
 * `stopped` (the connection closed), `unknown_result` (an ACK code this dialect does not name),
 * `unconfirmed` (the vehicle's acceptance of an upload may have been lost: see {@link unconfirmedError}).
 */
export type MissionErrorCode = MissionResultCode | 'timeout' | 'cancelled' | 'busy' | 'invalid_items' | 'stopped' | 'unknown_result' | 'unconfirmed';

const MISSION_RESULT_ERROR = 1;

/** MAV_MISSION_RESULT value → code; index 0 (ACCEPTED) is not an error. */
export const MISSION_RESULT_CODES: readonly (MissionResultCode | null)[] = [
  null,
  'error',
  'unsupported_frame',
  'unsupported',
  'no_space',
  'invalid',
  'invalid_param1',
  'invalid_param2',
  'invalid_param3',
  'invalid_param4',
  'invalid_param5_x',
  'invalid_param6_y',
  'invalid_param7',
  'invalid_sequence',
  'denied',
  'operation_cancelled',
];

const RESULT_WORDS: Record<MissionResultCode, string> = {
  error: 'error (not accepting mission commands right now)',
  unsupported_frame: 'coordinate frame not supported',
  unsupported: 'command not supported',
  no_space: 'not enough space for that many items',
  invalid: 'a parameter has an invalid value',
  invalid_param1: 'invalid param 1',
  invalid_param2: 'invalid param 2',
  invalid_param3: 'invalid param 3',
  invalid_param4: 'invalid param 4',
  invalid_param5_x: 'invalid param 5 (latitude / x)',
  invalid_param6_y: 'invalid param 6 (longitude / y)',
  invalid_param7: 'invalid param 7 (altitude)',
  invalid_sequence: 'item received out of sequence',
  denied: 'not accepting mission commands from this ground station',
  operation_cancelled: 'the vehicle cancelled the transfer',
};

/** The MAV_MISSION_RESULT code for an ACK value, or null for ACCEPTED and for values we do not know. */
export function missionResultCode(result: number): MissionResultCode | null {
  return MISSION_RESULT_CODES[result] ?? null;
}

/** "the mission", "the geofence", "the rally points". */
export function missionTypeWords(type: MissionType): string {
  return type === 'mission' ? 'the mission' : type === 'fence' ? 'the geofence' : 'the rally points';
}

/** "mission upload", "geofence download", "rally points clear". */
export function transferWords(operation: TransferOperation, type: MissionType): string {
  const noun = type === 'mission' ? 'mission' : type === 'fence' ? 'geofence' : 'rally points';
  return `${noun} ${operation}`;
}

export interface MissionTransferErrorInit {
  code: MissionErrorCode;
  vehicle: string;
  operation: TransferOperation;
  missionType: MissionType;
  /** The item the error concerns, when known. */
  seq?: number | null;
  /** The raw MAV_MISSION_RESULT, when the error came from the vehicle's MISSION_ACK. */
  result?: number | null;
}

/** A transfer the vehicle refused, that went unanswered, was cancelled, or was never started. */
export class MissionTransferError extends Error {
  override readonly name = 'MissionTransferError';
  readonly code: MissionErrorCode;
  readonly vehicle: string;
  readonly operation: TransferOperation;
  readonly missionType: MissionType;
  readonly seq: number | null;
  readonly result: number | null;

  constructor(message: string, init: MissionTransferErrorInit) {
    super(message);
    this.code = init.code;
    this.vehicle = init.vehicle;
    this.operation = init.operation;
    this.missionType = init.missionType;
    this.seq = init.seq ?? null;
    this.result = init.result ?? null;
  }
}

/**
 * The error for a MISSION_ACK `result` other than ACCEPTED, e.g.
 * "Forest survey rejected the mission at item 12: invalid param 7 (altitude)".
 */
export function ackError(vehicle: string, operation: TransferOperation, type: MissionType, result: number, seq: number | null): MissionTransferError {
  const code = missionResultCode(result);
  const words = code === null ? `unknown result ${result}` : RESULT_WORDS[code];
  const what = missionTypeWords(type);
  const head = operation === 'upload'
    ? `${vehicle} rejected ${what}${seq === null ? '' : ` at item ${seq}`}`
    : operation === 'download'
      ? `${vehicle} refused to send ${what}${seq === null ? '' : ` (at item ${seq})`}`
      : `${vehicle} refused to clear ${what}`;
  return new MissionTransferError(`${head}: ${words}`, { code: code ?? 'unknown_result', vehicle, operation, missionType: type, seq, result });
}

/**
 * The last item of an upload went out more than once and the vehicle answered MAV_MISSION_ERROR.
 * ArduPilot answers an item that arrives after an upload has ended with ERROR, so this is what a
 * lost final ACCEPTED (or a lost final rejection) looks like: the outcome is unknown, not failed.
 */
export function unconfirmedError(vehicle: string, type: MissionType, seq: number): MissionTransferError {
  const what = missionTypeWords(type);
  return new MissionTransferError(
    `${vehicle} did not confirm ${what}: it answered "error" after item ${seq}, the last, which is also how it answers a repeated last item once its acceptance was lost; download ${what} to check whether it took`,
    { code: 'unconfirmed', vehicle, operation: 'upload', missionType: type, seq, result: MISSION_RESULT_ERROR },
  );
}
