/** Mission, geofence and rally transfer: the shell most callers want, and the pieces it is built from. */
export { MissionTransfer } from './mission-transfer.js';
export type { MissionTransferOptions, RunningTransfer, TransferOptions } from './mission-transfer.js';
export { MISSION_TIMING, TransferMachine } from './transfer-machine.js';
export type { MachineInit, MachinePorts, MissionTiming, TimerKind, TransferProgress, TransferRequest, TransferResult, TransferStep } from './transfer-machine.js';
export { MISSION_RESULT_CODES, MissionTransferError, missionResultCode } from './mission-transfer-error.js';
export type { MissionErrorCode, MissionResultCode, TransferOperation } from './mission-transfer-error.js';
export { checkMissionItems } from './check-items.js';
export type { ItemProblem } from './check-items.js';
