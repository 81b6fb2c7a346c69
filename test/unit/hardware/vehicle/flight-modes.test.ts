import { ardupilotmega } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import {
  classifyFirmware,
  customModeFor,
  modeName,
  modeNames,
  px4CustomMode,
  setModeParams,
} from '../../../../hardware/vehicle/flight-modes.js';

const COPTER: [string, number][] = [
  ['STABILIZE', 0], ['ACRO', 1], ['ALT_HOLD', 2], ['AUTO', 3], ['GUIDED', 4], ['LOITER', 5], ['RTL', 6],
  ['CIRCLE', 7], ['LAND', 9], ['DRIFT', 11], ['SPORT', 13], ['FLIP', 14], ['AUTOTUNE', 15], ['POSHOLD', 16],
  ['BRAKE', 17], ['THROW', 18], ['AVOID_ADSB', 19], ['GUIDED_NOGPS', 20], ['SMART_RTL', 21], ['FLOWHOLD', 22],
  ['FOLLOW', 23], ['ZIGZAG', 24], ['SYSTEMID', 25], ['AUTOROTATE', 26], ['AUTO_RTL', 27],
];

const PLANE: [string, number][] = [
  ['MANUAL', 0], ['CIRCLE', 1], ['STABILIZE', 2], ['TRAINING', 3], ['ACRO', 4], ['FBWA', 5], ['FBWB', 6],
  ['CRUISE', 7], ['AUTOTUNE', 8], ['AUTO', 10], ['RTL', 11], ['LOITER', 12], ['TAKEOFF', 13], ['AVOID_ADSB', 14],
  ['GUIDED', 15], ['QSTABILIZE', 17], ['QHOVER', 18], ['QLOITER', 19], ['QLAND', 20], ['QRTL', 21],
  ['QAUTOTUNE', 22], ['QACRO', 23], ['THERMAL', 24],
];

const ROVER: [string, number][] = [
  ['MANUAL', 0], ['ACRO', 1], ['STEERING', 3], ['HOLD', 4], ['LOITER', 5], ['AUTO', 10], ['RTL', 11],
  ['SMART_RTL', 12], ['GUIDED', 15],
];

/** PX4 custom_mode = main << 16 | sub << 24. */
const PX4: [string, number, number][] = [
  ['MANUAL', 1, 0], ['ALTCTL', 2, 0], ['POSCTL', 3, 0], ['POSCTL.ORBIT', 3, 1],
  ['AUTO.READY', 4, 1], ['AUTO.TAKEOFF', 4, 2], ['AUTO.LOITER', 4, 3], ['AUTO.MISSION', 4, 4], ['AUTO.RTL', 4, 5],
  ['AUTO.LAND', 4, 6], ['AUTO.RTGS', 4, 7], ['AUTO.FOLLOW_TARGET', 4, 8], ['AUTO.PRECLAND', 4, 9],
  ['ACRO', 5, 0], ['OFFBOARD', 6, 0], ['STABILIZED', 7, 0], ['RATTITUDE', 8, 0],
];

describe('flight modes', () => {
  describe.each([
    ['ardupilot-copter', COPTER],
    ['ardupilot-plane', PLANE],
    ['ardupilot-rover', ROVER],
  ] as const)('%s', (firmware, table) => {
    it.each(table)('%s is custom_mode %i both ways', (name, n) => {
      expect(modeName(firmware, n)).toBe(name);
      expect(customModeFor(firmware, name)).toBe(n);
    });
  });

  it.each(PX4)('PX4 %s decodes from main mode %i, sub mode %i and encodes back', (name, main, sub) => {
    const cm = px4CustomMode(main, sub);
    expect(cm).toBe(((main << 16) + sub * 2 ** 24));
    expect(modeName('px4', cm)).toBe(name);
    expect(customModeFor('px4', name)).toBe(cm);
    expect(setModeParams('px4', cm)).toEqual({ param2: main, param3: sub });
  });

  it('PX4 AUTO.MISSION as a real PX4 heartbeat carries it (0x04040000)', () => {
    expect(modeName('px4', 0x04040000)).toBe('AUTO.MISSION');
    expect(modeName('px4', 0x00030000)).toBe('POSCTL');
  });

  it('PX4 modes decode even when the low 16 bits carry noise', () => {
    expect(modeName('px4', 0x05040007)).toBe('AUTO.RTL');
  });

  it.each([
    ['ardupilot-copter', 8],
    ['ardupilot-copter', 99],
    ['ardupilot-plane', 9],
    ['px4', 0],
    ['px4', px4CustomMode(4, 42)],
    ['generic', 3],
  ])('%s custom_mode %i has no name and shows as MODE(n)', (firmware, n) => {
    expect(modeName(firmware, n)).toBe(`MODE(${n})`);
  });

  it('name lookup is case-insensitive and null for modes the firmware lacks', () => {
    expect(customModeFor('ardupilot-copter', 'guided')).toBe(4);
    expect(customModeFor('ardupilot-copter', 'FBWA')).toBeNull();
    expect(customModeFor('px4', 'auto.mission')).toBe(px4CustomMode(4, 4));
    expect(customModeFor('generic', 'AUTO')).toBeNull();
  });

  it('ArduPilot set-mode parameters carry the mode number in param2', () => {
    expect(setModeParams('ardupilot-copter', 4)).toEqual({ param2: 4, param3: 0 });
  });

  it('copter mode numbers agree with the mavlink-mappings CopterMode enum', () => {
    for (const [name, n] of COPTER) expect(ardupilotmega.CopterMode[name as keyof typeof ardupilotmega.CopterMode]).toBe(n);
  });

  it('plane and rover mode numbers agree with the mavlink-mappings enums where the names match', () => {
    for (const [name, n] of PLANE) {
      const lib = name === 'FBWA' ? 'FLY_BY_WIRE_A' : name === 'FBWB' ? 'FLY_BY_WIRE_B' : name;
      expect(ardupilotmega.PlaneMode[lib as keyof typeof ardupilotmega.PlaneMode]).toBe(n);
    }
    for (const [name, n] of ROVER) expect(ardupilotmega.RoverMode[name as keyof typeof ardupilotmega.RoverMode]).toBe(n);
  });

  it('mode names lists every mode of a firmware in number order', () => {
    expect(modeNames('ardupilot-copter')).toEqual(COPTER.map(([name]) => name));
    expect(modeNames('px4')).toContain('AUTO.MISSION');
    expect(modeNames('generic')).toEqual([]);
  });
});

describe('firmware classification', () => {
  it.each([
    [3, 2, 'ardupilot-copter'],
    [3, 13, 'ardupilot-copter'],
    [3, 14, 'ardupilot-copter'],
    [3, 15, 'ardupilot-copter'],
    [3, 4, 'ardupilot-copter'],
    [3, 1, 'ardupilot-plane'],
    [3, 21, 'ardupilot-plane'],
    [3, 10, 'ardupilot-rover'],
    [3, 11, 'ardupilot-rover'],
    [3, 12, 'ardupilot-sub'],
    [3, 5, 'ardupilot'],
    [12, 2, 'px4'],
    [12, 1, 'px4'],
    [0, 2, 'generic'],
    [8, 6, 'generic'],
  ])('autopilot %i with type %i is %s', (autopilot, type, firmware) => {
    expect(classifyFirmware(autopilot, type)).toBe(firmware);
  });
});
