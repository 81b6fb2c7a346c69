import { ardupilotmega, common, standard } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { degE7, heartbeat, message } from '../../../../hardware/mavlink/messages.js';

/** One golden case: a message as a vehicle or ground station would send it. */
export interface Case {
  name: string;
  data: MavLinkData;
}

// Float fields hold float32-exact values so a round trip compares equal.
export const CASES: Case[] = [
  { name: 'heartbeat', data: heartbeat({ type: 2, autopilot: 3, baseMode: 0x51 | 0x80, customMode: 5, systemStatus: 4 }) },
  {
    name: 'global_position_int',
    data: message(common.GlobalPositionInt, {
      timeBootMs: 123_456, lat: degE7(30.2741), lon: degE7(120.1551), alt: 45_120, relativeAlt: 30_000, vx: -120, vy: 340, vz: -5, hdg: 27_015,
    }),
  },
  {
    name: 'attitude',
    data: message(common.Attitude, { timeBootMs: 99, roll: 0.125, pitch: -0.0625, yaw: 3.140625, rollspeed: 0, pitchspeed: -0.5, yawspeed: 1.5 }),
  },
  {
    name: 'sys_status',
    data: message(common.SysStatus, {
      onboardControlSensorsPresent: 0x1234_5678, onboardControlSensorsEnabled: 0xffff_ffff, onboardControlSensorsHealth: 0x8000_0001,
      load: 512, voltageBattery: 12_600, currentBattery: -1, dropRateComm: 3, errorsComm: 7, batteryRemaining: 87,
      onboardControlSensorsPresentExtended: 1,
    }),
  },
  {
    name: 'gps_raw_int',
    data: message(common.GpsRawInt, {
      timeUsec: 1_700_000_000_123_456n, lat: degE7(-33.8568), lon: degE7(151.2153), alt: 58_000, eph: 90, epv: 140, vel: 1_250, cog: 35_999,
      fixType: 3, satellitesVisible: 14, altEllipsoid: 80_000, hAcc: 1_500, yaw: 0,
    }),
  },
  { name: 'vfr_hud', data: message(common.VfrHud, { airspeed: 12.5, groundspeed: 11.75, alt: 120.25, climb: -0.5, heading: 359, throttle: 42 }) },
  {
    name: 'battery_status',
    data: message(common.BatteryStatus, {
      currentConsumed: 1_234, energyConsumed: -1, temperature: 2_512, voltages: [4_200, 4_190, 4_180, 4_170, 65_535, 65_535, 65_535, 65_535, 65_535, 65_535],
      currentBattery: 1_530, id: 0, batteryFunction: 1, type: 1, batteryRemaining: 76, timeRemaining: 1_800, chargeState: 1, voltagesExt: [0, 0, 0, 0], mode: 0, faultBitmask: 0,
    }),
  },
  {
    name: 'home_position',
    data: message(common.HomePosition, {
      latitude: degE7(22.5431), longitude: degE7(114.0579), altitude: 12_000, x: 0, y: 0, z: 0, q: [1, 0, 0, 0], approachX: 0, approachY: 0, approachZ: 0, timeUsec: 42n,
    }),
  },
  { name: 'statustext', data: message(common.StatusText, { severity: 6, text: 'Arm: Need Position Estimate', id: 0, chunkSeq: 0 }) },
  { name: 'statustext filling the whole field', data: message(common.StatusText, { severity: 2, text: 'x'.repeat(50) }) },
  {
    name: 'command_long',
    data: message(common.CommandLong, {
      targetSystem: 1, targetComponent: 1, command: 400, confirmation: 0, _param1: 1, _param2: 21_196, _param3: 0, _param4: 0, _param5: 0, _param6: 0, _param7: Number.NaN,
    }),
  },
  { name: 'command_ack', data: message(common.CommandAck, { command: 400, result: 4, progress: 0, resultParam2: 0, targetSystem: 255, targetComponent: 190 }) },
  {
    name: 'autopilot_version',
    data: message(standard.AutopilotVersion, {
      capabilities: 0xffffn as unknown as number, uid: 0x0123_4567_89ab_cdefn, flightSwVersion: 0x0407_00ff, middlewareSwVersion: 0, osSwVersion: 0, boardVersion: 0x0032_0000,
      flightCustomVersion: [0x61, 0x62, 0, 0, 0, 0, 0, 0], middlewareCustomVersion: [0, 0, 0, 0, 0, 0, 0, 0], osCustomVersion: [1, 2, 3, 4, 5, 6, 7, 8],
      vendorId: 0x1209, productId: 0x5741, uid2: new Array<number>(18).fill(0),
    }),
  },
  {
    name: 'mission_item_int',
    data: message(common.MissionItemInt, {
      targetSystem: 1, targetComponent: 1, seq: 3, frame: 6, command: 16, current: 0, autocontinue: 1, param1: 0, param2: 2, param3: 0, param4: Number.NaN,
      x: degE7(30.2741), y: degE7(120.1551), z: 50, missionType: 0,
    }),
  },
  { name: 'all-zero timesync (MAVLink 2 trims it to nothing)', data: message(common.TimeSync, { tc1: 0n, ts1: 0n, targetSystem: 0, targetComponent: 0 }) },
  { name: 'ardupilot ahrs2', data: message(ardupilotmega.Ahrs2, { roll: 0.25, pitch: 0, yaw: -1, altitude: 100.5, lat: degE7(1.5), lng: degE7(-2.25) }) },
];
