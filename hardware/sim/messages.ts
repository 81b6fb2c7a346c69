/**
 * Outgoing MAVLink built from the simulator's state, the way ArduPilot Copter fills them.
 * One message object per kind is reused for every send (the generated constructors are costly),
 * and every enum field is set to a number (their defaults are strings that serialise as 0).
 */
import type { MavLinkData } from 'node-mavlink';
import { common, minimal, standard } from 'node-mavlink';
import type { BatteryModel } from './battery.js';
import type { GpsModel } from './gps.js';
import type { MulticopterState } from './multicopter.js';
import { MSG } from './streams.js';
import type { Home, LocalFrame } from './world.js';

/** The read-only view of a drone that messages are built from. */
export interface TelemetrySource {
  /** Simulated milliseconds since boot. */
  bootMs: number;
  armed: boolean;
  /** ArduPilot Copter custom mode. */
  mode: number;
  /** True while guidance is steering the horizontal position (GUIDED, AUTO, LOITER, RTL, …). */
  positionControl: boolean;
  body: Readonly<MulticopterState>;
  frame: LocalFrame;
  home: Home;
  battery: BatteryModel;
  gps: GpsModel;
  uid: bigint;
}

const DEG = 180 / Math.PI;
const MODE_FLAG = minimal.MavModeFlag;
const SENSOR = common.MavSysStatusSensor;
const CAP = standard.MavProtocolCapability;

/** Capabilities an ArduPilot 4.x Copter advertises, plus what the brief requires (MAVLINK2, MISSION_INT). */
export const CAPABILITIES =
  CAP.MISSION_FLOAT | CAP.PARAM_FLOAT | CAP.MISSION_INT | CAP.COMMAND_INT | CAP.PARAM_ENCODE_C_CAST | CAP.FTP |
  CAP.SET_POSITION_TARGET_LOCAL_NED | CAP.SET_POSITION_TARGET_GLOBAL_INT | CAP.TERRAIN | CAP.FLIGHT_TERMINATION |
  CAP.COMPASS_CALIBRATION | CAP.MAVLINK2 | CAP.MISSION_FENCE | CAP.MISSION_RALLY;

/** ArduPilot 4.5.7, official: major << 24 | minor << 16 | patch << 8 | FIRMWARE_VERSION_TYPE. */
const FLIGHT_SW_VERSION = (4 << 24) | (5 << 16) | (7 << 8) | standard.FirmwareVersionType.OFFICIAL;
/** The 8-byte git hash slot, as ASCII. */
const GIT_HASH = [...Buffer.from('51m00001')];

const SENSORS =
  SENSOR.SENSOR_3D_GYRO | SENSOR.SENSOR_3D_ACCEL | SENSOR.SENSOR_3D_MAG | SENSOR.SENSOR_ABSOLUTE_PRESSURE |
  SENSOR.SENSOR_GPS | SENSOR.SENSOR_ANGULAR_RATE_CONTROL | SENSOR.SENSOR_ATTITUDE_STABILIZATION |
  SENSOR.SENSOR_YAW_POSITION | SENSOR.SENSOR_Z_ALTITUDE_CONTROL | SENSOR.SENSOR_XY_POSITION_CONTROL |
  SENSOR.SENSOR_MOTOR_OUTPUTS | SENSOR.AHRS | SENSOR.SENSOR_BATTERY | SENSOR.PREARM_CHECK;

/** Reusable builders for one drone's outgoing messages. */
export class MessageBuilder {
  private readonly heartbeat = new minimal.Heartbeat();
  private readonly sysStatus = new common.SysStatus();
  private readonly gpsRaw = new common.GpsRawInt();
  private readonly attitude = new common.Attitude();
  private readonly globalPos = new common.GlobalPositionInt();
  private readonly vfrHud = new common.VfrHud();
  private readonly batteryStatus = new common.BatteryStatus();
  private readonly home = new common.HomePosition();
  private readonly version = new standard.AutopilotVersion();

  constructor() {
    const hb = this.heartbeat;
    hb.type = minimal.MavType.QUADROTOR;
    hb.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
    hb.mavlinkVersion = 3;
    const st = this.sysStatus;
    st.onboardControlSensorsPresent = SENSORS;
    st.onboardControlSensorsEnabled = SENSORS;
    const none = 0 as common.MavSysStatusSensorExtended;
    st.onboardControlSensorsPresentExtended = none;
    st.onboardControlSensorsEnabledExtended = none;
    st.onboardControlSensorsHealthExtended = none;
    const bs = this.batteryStatus;
    bs.id = 0;
    bs.batteryFunction = common.MavBatteryFunction.ALL;
    bs.type = common.MavBatteryType.LIPO;
    bs.temperature = 32767; // unknown
    bs.voltagesExt = [0, 0, 0, 0];
    bs.mode = common.MavBatteryMode.UNKNOWN;
    bs.faultBitmask = 0 as common.MavBatteryFault;
    const v = this.version;
    // A uint64 field: node-mavlink wants a bigint here although the enum type says number.
    v.capabilities = BigInt(CAPABILITIES) as unknown as standard.MavProtocolCapability;
    v.flightSwVersion = FLIGHT_SW_VERSION;
    v.middlewareSwVersion = 0;
    v.osSwVersion = 0;
    v.boardVersion = 0;
    v.flightCustomVersion = GIT_HASH;
    v.middlewareCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
    v.osCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
    v.vendorId = 0;
    v.productId = 0;
    v.uid2 = new Array<number>(18).fill(0);
    this.home.q = [1, 0, 0, 0];
  }

  /** The message `msgid` filled from `s`, or null when this simulator cannot send it (or not yet). */
  build(msgid: number, s: TelemetrySource): MavLinkData | null {
    switch (msgid) {
      case MSG.HEARTBEAT: return this.buildHeartbeat(s);
      case MSG.SYS_STATUS: return this.buildSysStatus(s);
      case MSG.GPS_RAW_INT: return this.buildGpsRaw(s);
      case MSG.ATTITUDE: return this.buildAttitude(s);
      case MSG.GLOBAL_POSITION_INT: return this.buildGlobalPosition(s);
      case MSG.VFR_HUD: return this.buildVfrHud(s);
      case MSG.BATTERY_STATUS: return this.buildBatteryStatus(s);
      case MSG.HOME_POSITION: return this.buildHome(s);
      case MSG.AUTOPILOT_VERSION: return this.buildVersion(s);
      default: return null;
    }
  }

  private buildHeartbeat(s: TelemetrySource): MavLinkData {
    // ArduCopter's base_mode: stabilised always, guided while position control runs, custom mode set.
    let mode = MODE_FLAG.CUSTOM_MODE_ENABLED | MODE_FLAG.STABILIZE_ENABLED | MODE_FLAG.MANUAL_INPUT_ENABLED;
    if (s.positionControl) mode |= MODE_FLAG.GUIDED_ENABLED;
    if (s.armed) mode |= MODE_FLAG.SAFETY_ARMED;
    const hb = this.heartbeat;
    hb.baseMode = mode;
    hb.customMode = s.mode;
    hb.systemStatus = s.armed ? minimal.MavState.ACTIVE : minimal.MavState.STANDBY;
    return hb;
  }

  private buildSysStatus(s: TelemetrySource): MavLinkData {
    const st = this.sysStatus;
    st.onboardControlSensorsHealth = s.gps.has3dFix ? SENSORS : SENSORS & ~SENSOR.SENSOR_GPS & ~SENSOR.PREARM_CHECK;
    st.load = 180;
    st.voltageBattery = Math.round(s.battery.voltage * 1000);
    st.currentBattery = Math.round(s.battery.current * 100);
    st.batteryRemaining = Math.round(s.battery.percent);
    st.dropRateComm = 0;
    st.errorsComm = 0;
    return st;
  }

  private buildGpsRaw(s: TelemetrySource): MavLinkData {
    const g = this.gpsRaw;
    const fix = s.gps.fixType >= 2;
    const p = s.frame.toGeo(s.body.east, s.body.north);
    g.timeUsec = BigInt(Math.round(s.bootMs * 1000));
    g.fixType = s.gps.fixType;
    g.lat = fix ? Math.round(p.lat * 1e7) : 0;
    g.lon = fix ? Math.round(p.lon * 1e7) : 0;
    g.alt = fix ? Math.round((s.home.altMsl + s.body.up) * 1000) : 0;
    g.eph = Math.min(65535, Math.round(s.gps.hdop * 100));
    g.epv = Math.min(65535, Math.round(s.gps.vdop * 100));
    g.vel = fix ? Math.round(s.body.speed * 100) : 0;
    g.cog = fix ? Math.round(heading360(s.body.course) * 100) % 36000 : 0;
    g.satellitesVisible = s.gps.satellites;
    g.altEllipsoid = g.alt;
    g.hAcc = Math.round(s.gps.hdop * 1500); // mm: ~1.5 m per unit of HDOP
    g.vAcc = Math.round(s.gps.vdop * 1500);
    g.velAcc = 300;
    g.hdgAcc = 0;
    g.yaw = 0;
    return g;
  }

  private buildAttitude(s: TelemetrySource): MavLinkData {
    const a = this.attitude;
    a.timeBootMs = bootMs32(s.bootMs);
    a.roll = s.body.roll;
    a.pitch = s.body.pitch;
    a.yaw = s.body.yaw;
    a.rollspeed = s.body.rollRate;
    a.pitchspeed = s.body.pitchRate;
    a.yawspeed = s.body.yawRate;
    return a;
  }

  private buildGlobalPosition(s: TelemetrySource): MavLinkData | null {
    // Like PX4 (and unlike ArduPilot's zeros), no position is reported before the GPS has a 3D fix.
    if (!s.gps.has3dFix) return null;
    const g = this.globalPos;
    const b = s.body;
    const p = s.frame.toGeo(b.east, b.north);
    g.timeBootMs = bootMs32(s.bootMs);
    g.lat = Math.round(p.lat * 1e7);
    g.lon = Math.round(p.lon * 1e7);
    g.alt = Math.round((s.home.altMsl + b.up) * 1000);
    g.relativeAlt = Math.round(b.up * 1000);
    g.vx = Math.round(b.speed * Math.cos(b.course) * 100); // north, cm/s
    g.vy = Math.round(b.speed * Math.sin(b.course) * 100); // east
    g.vz = Math.round(-b.climb * 100); // down
    g.hdg = Math.round(heading360(b.yaw) * 100) % 36000;
    return g;
  }

  private buildVfrHud(s: TelemetrySource): MavLinkData {
    const h = this.vfrHud;
    const b = s.body;
    h.airspeed = b.speed;
    h.groundspeed = b.speed;
    h.heading = Math.round(heading360(b.yaw)) % 360;
    h.throttle = s.armed ? Math.round(Math.min(100, Math.max(0, 42 + b.speed * 0.8 + b.climb * 6))) : 0;
    h.alt = s.home.altMsl + b.up;
    h.climb = b.climb;
    return h;
  }

  private buildBatteryStatus(s: TelemetrySource): MavLinkData {
    const bs = this.batteryStatus;
    const bat = s.battery;
    const cellMv = Math.round(bat.cellVoltage * 1000);
    bs.voltages = Array.from({ length: 10 }, (_, i) => (i < bat.cells ? cellMv : 65535));
    bs.currentBattery = Math.round(bat.current * 100);
    bs.currentConsumed = Math.round(bat.consumedMah);
    bs.energyConsumed = Math.round(bat.consumedJ / 100);
    bs.batteryRemaining = Math.round(bat.percent);
    bs.timeRemaining = Math.max(0, bat.secondsRemaining);
    const pct = bat.percent;
    const CS = common.MavBatteryChargeState;
    bs.chargeState = pct > 30 ? CS.OK : pct > 15 ? CS.LOW : pct > 5 ? CS.CRITICAL : CS.EMERGENCY;
    return bs;
  }

  private buildHome(s: TelemetrySource): MavLinkData {
    const h = this.home;
    h.latitude = Math.round(s.home.lat * 1e7);
    h.longitude = Math.round(s.home.lon * 1e7);
    h.altitude = Math.round(s.home.altMsl * 1000);
    h.timeUsec = BigInt(Math.round(s.bootMs * 1000));
    return h;
  }

  private buildVersion(s: TelemetrySource): MavLinkData {
    this.version.uid = s.uid;
    return this.version;
  }
}

/** Radians clockwise from north to degrees in [0, 360). */
function heading360(rad: number): number {
  const d = (rad * DEG) % 360;
  return d < 0 ? d + 360 : d;
}

function bootMs32(ms: number): number {
  return Math.floor(ms) % 4294967296;
}
