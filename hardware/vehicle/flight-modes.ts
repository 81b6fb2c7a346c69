/**
 * Flight modes by firmware: HEARTBEAT `custom_mode` → mode name and back, and the firmware
 * family a heartbeat's MAV_AUTOPILOT + MAV_TYPE stand for.
 */

/** Firmware families we decode modes for; anything else is `generic`. */
export type Firmware =
  | 'ardupilot-copter'
  | 'ardupilot-plane'
  | 'ardupilot-rover'
  | 'ardupilot-sub'
  | 'ardupilot'
  | 'px4'
  | 'generic';

/** MAV_AUTOPILOT values that matter here. */
export const MAV_AUTOPILOT_ARDUPILOTMEGA = 3;
export const MAV_AUTOPILOT_INVALID = 8;
export const MAV_AUTOPILOT_PX4 = 12;

/** MAV_TYPE values ArduPilot Copter reports: multirotors, helicopters, coaxial. */
const COPTER_TYPES = new Set([2, 3, 4, 13, 14, 15, 29, 35, 43]);
/** Fixed wing and the VTOL types ArduPlane's QuadPlane reports. */
const PLANE_TYPES = new Set([1, 19, 20, 21, 22, 23, 24, 25]);
/** Ground rover and surface boat both run ArduPilot Rover. */
const ROVER_TYPES = new Set([10, 11]);
const SUB_TYPES = new Set([12]);

/** Which firmware family, and so which mode table, a heartbeat's `autopilot` and `type` stand for. */
export function classifyFirmware(autopilot: number, vehicleType: number): Firmware {
  if (autopilot === MAV_AUTOPILOT_PX4) return 'px4';
  if (autopilot !== MAV_AUTOPILOT_ARDUPILOTMEGA) return 'generic';
  if (COPTER_TYPES.has(vehicleType)) return 'ardupilot-copter';
  if (PLANE_TYPES.has(vehicleType)) return 'ardupilot-plane';
  if (ROVER_TYPES.has(vehicleType)) return 'ardupilot-rover';
  if (SUB_TYPES.has(vehicleType)) return 'ardupilot-sub';
  return 'ardupilot';
}

/** Builds a number → name lookup (array indexed by custom_mode) and its reverse. */
function table(entries: Record<string, number>): { names: (string | undefined)[]; numbers: Map<string, number> } {
  const names: (string | undefined)[] = [];
  const numbers = new Map<string, number>();
  for (const [name, n] of Object.entries(entries)) {
    names[n] = name;
    numbers.set(name, n);
  }
  return { names, numbers };
}

/** ArduCopter `Mode::Number`. */
const COPTER_MODES = table({
  STABILIZE: 0, ACRO: 1, ALT_HOLD: 2, AUTO: 3, GUIDED: 4, LOITER: 5, RTL: 6, CIRCLE: 7, LAND: 9,
  DRIFT: 11, SPORT: 13, FLIP: 14, AUTOTUNE: 15, POSHOLD: 16, BRAKE: 17, THROW: 18, AVOID_ADSB: 19,
  GUIDED_NOGPS: 20, SMART_RTL: 21, FLOWHOLD: 22, FOLLOW: 23, ZIGZAG: 24, SYSTEMID: 25, AUTOROTATE: 26,
  AUTO_RTL: 27,
});

/** ArduPlane `Mode::Number`; the short FBWA/FBWB names are the ones pilots and ground stations use. */
const PLANE_MODES = table({
  MANUAL: 0, CIRCLE: 1, STABILIZE: 2, TRAINING: 3, ACRO: 4, FBWA: 5, FBWB: 6, CRUISE: 7, AUTOTUNE: 8,
  AUTO: 10, RTL: 11, LOITER: 12, TAKEOFF: 13, AVOID_ADSB: 14, GUIDED: 15, INITIALISING: 16,
  QSTABILIZE: 17, QHOVER: 18, QLOITER: 19, QLAND: 20, QRTL: 21, QAUTOTUNE: 22, QACRO: 23, THERMAL: 24,
  LOITER_ALT_QLAND: 25,
});

/** ArduRover `Mode::Number`. */
const ROVER_MODES = table({
  MANUAL: 0, ACRO: 1, STEERING: 3, HOLD: 4, LOITER: 5, FOLLOW: 6, SIMPLE: 7, DOCK: 8, CIRCLE: 9,
  AUTO: 10, RTL: 11, SMART_RTL: 12, GUIDED: 15, INITIALISING: 16,
});

/** ArduSub `Mode::Number`. */
const SUB_MODES = table({
  STABILIZE: 0, ACRO: 1, ALT_HOLD: 2, AUTO: 3, GUIDED: 4, CIRCLE: 7, SURFACE: 9, POSHOLD: 16,
  MANUAL: 19, MOTORDETECT: 20, SURFTRAK: 21,
});

/** PX4 main modes (byte 2 of custom_mode). */
const PX4_MAIN: Record<string, number> = {
  MANUAL: 1, ALTCTL: 2, POSCTL: 3, AUTO: 4, ACRO: 5, OFFBOARD: 6, STABILIZED: 7, RATTITUDE: 8,
};
/** PX4 AUTO sub modes (byte 3 of custom_mode). */
const PX4_AUTO_SUB: Record<string, number> = {
  READY: 1, TAKEOFF: 2, LOITER: 3, MISSION: 4, RTL: 5, LAND: 6, RTGS: 7, FOLLOW_TARGET: 8,
  PRECLAND: 9, VTOL_TAKEOFF: 10,
};
/** PX4 POSCTL sub modes; 0 is plain POSCTL. */
const PX4_POSCTL_SUB: Record<string, number> = { ORBIT: 1, SLOW: 2 };

/** PX4 custom_mode from main and sub mode: main in bits 16–23, sub in bits 24–31. */
export function px4CustomMode(main: number, sub = 0): number {
  return ((main & 0xff) << 16 | (sub & 0xff) << 24) >>> 0;
}

/** PX4 names, as `MAIN` or `MAIN.SUB` (the MAVROS convention), keyed by custom_mode. */
const PX4_MODES = ((): { byNumber: Map<number, string>; numbers: Map<string, number> } => {
  const byNumber = new Map<number, string>();
  const numbers = new Map<string, number>();
  const add = (name: string, cm: number): void => {
    byNumber.set(cm, name);
    numbers.set(name, cm);
  };
  for (const [name, main] of Object.entries(PX4_MAIN)) if (name !== 'AUTO') add(name, px4CustomMode(main));
  for (const [name, sub] of Object.entries(PX4_AUTO_SUB)) add(`AUTO.${name}`, px4CustomMode(PX4_MAIN.AUTO, sub));
  for (const [name, sub] of Object.entries(PX4_POSCTL_SUB)) add(`POSCTL.${name}`, px4CustomMode(PX4_MAIN.POSCTL, sub));
  return { byNumber, numbers };
})();

function ardupilotTable(firmware: Firmware): { names: (string | undefined)[]; numbers: Map<string, number> } | null {
  switch (firmware) {
    case 'ardupilot-copter': return COPTER_MODES;
    case 'ardupilot-plane': return PLANE_MODES;
    case 'ardupilot-rover': return ROVER_MODES;
    case 'ardupilot-sub': return SUB_MODES;
    default: return null;
  }
}

/** Fallback name for a custom_mode we cannot decode. */
export function unknownModeName(customMode: number): string {
  return `MODE(${customMode})`;
}

/** Mode name for a heartbeat's custom_mode, or `MODE(<n>)` when the firmware or number is unknown. */
export function modeName(firmware: string, customMode: number): string {
  if (firmware === 'px4') {
    const exact = PX4_MODES.byNumber.get(customMode >>> 0);
    if (exact !== undefined) return exact;
    // PX4 leaves the low 16 bits zero, but be lenient: decode by the two mode bytes alone.
    const masked = PX4_MODES.byNumber.get((customMode & 0xffff0000) >>> 0);
    return masked ?? unknownModeName(customMode);
  }
  const t = ardupilotTable(firmware as Firmware);
  return t?.names[customMode] ?? unknownModeName(customMode);
}

/** custom_mode for a mode name (case-insensitive), for MAV_CMD_DO_SET_MODE / SET_MODE; null when the firmware has no such mode. */
export function customModeFor(firmware: string, name: string): number | null {
  const upper = name.trim().toUpperCase();
  if (firmware === 'px4') return PX4_MODES.numbers.get(upper) ?? null;
  const t = ardupilotTable(firmware as Firmware);
  return t?.numbers.get(upper) ?? null;
}

/**
 * MAV_CMD_DO_SET_MODE param2/param3 for a custom_mode: ArduPilot takes the mode number in param2;
 * PX4 takes the main mode in param2 and the sub mode in param3.
 */
export function setModeParams(firmware: string, customMode: number): { param2: number; param3: number } {
  if (firmware === 'px4') return { param2: (customMode >>> 16) & 0xff, param3: (customMode >>> 24) & 0xff };
  return { param2: customMode, param3: 0 };
}

/** Mode names a firmware knows, in custom_mode order (for a mode picker). */
export function modeNames(firmware: string): string[] {
  if (firmware === 'px4') return [...PX4_MODES.numbers.keys()];
  const t = ardupilotTable(firmware as Firmware);
  return t ? t.names.filter((n): n is string => n !== undefined) : [];
}
