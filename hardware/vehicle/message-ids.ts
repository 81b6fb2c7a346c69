/** MAVLink message ids the vehicle layer switches on (stable across dialect versions). */
export const MSG = {
  HEARTBEAT: 0,
  SYS_STATUS: 1,
  GPS_RAW_INT: 24,
  ATTITUDE: 30,
  GLOBAL_POSITION_INT: 33,
  REQUEST_DATA_STREAM: 66,
  VFR_HUD: 74,
  COMMAND_LONG: 76,
  COMMAND_ACK: 77,
  BATTERY_STATUS: 147,
  AUTOPILOT_VERSION: 148,
  HOME_POSITION: 242,
  STATUSTEXT: 253,
} as const;

/** MAV_CMD values the vehicle layer sends. */
export const CMD = {
  SET_MESSAGE_INTERVAL: 511,
  REQUEST_MESSAGE: 512,
  REQUEST_AUTOPILOT_CAPABILITIES: 520,
} as const;

/** MAV_RESULT values. */
export const RESULT = {
  ACCEPTED: 0,
  TEMPORARILY_REJECTED: 1,
  DENIED: 2,
  UNSUPPORTED: 3,
  FAILED: 4,
  IN_PROGRESS: 5,
} as const;
