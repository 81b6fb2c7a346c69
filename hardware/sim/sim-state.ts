/** A plain snapshot of a simulated drone, for tests, tools and the demo. */
import type { MissionRun } from './mission-executor.js';
import type { SimDrone } from './sim-drone.js';

/** A snapshot for tests and tools. Angles in degrees, speeds in m/s. */
export interface SimState {
  sysid: number;
  compid: number;
  bootMs: number;
  armed: boolean;
  /** ArduPilot Copter custom mode. */
  mode: number;
  /** Off the ground. */
  airborne: boolean;
  lat: number;
  lon: number;
  altMsl: number;
  altRel: number;
  /** Metres from home in the local frame. */
  east: number;
  north: number;
  groundSpeed: number;
  climbRate: number;
  course: number;
  heading: number;
  roll: number;
  pitch: number;
  battery: { percent: number; voltage: number; current: number };
  gps: { fixType: number; satellites: number; hdop: number };
  /** The stored mission (items after home), the current item and where the run stands. */
  mission: { current: number; total: number; run: MissionRun };
  /** Photos taken since boot. */
  photos: number;
  /** Exceptions caught in the step loop (a bug, not a flight event). */
  errors: number;
}

const DEG = 180 / Math.PI;

/** The state of `drone` now. */
export function simState(drone: SimDrone): SimState {
  const v = drone.vehicle;
  const b = v.body;
  const p = v.frame.toGeo(b.east, b.north);
  const ap = drone.autopilot;
  return {
    sysid: drone.sysid,
    compid: drone.compid,
    bootMs: v.bootMs,
    armed: v.armed,
    mode: v.mode,
    airborne: v.airborne,
    lat: p.lat,
    lon: p.lon,
    altMsl: v.home.altMsl + b.up,
    altRel: b.up,
    east: b.east,
    north: b.north,
    groundSpeed: b.speed,
    climbRate: b.climb,
    course: deg360(b.course),
    heading: deg360(b.yaw),
    roll: b.roll * DEG,
    pitch: b.pitch * DEG,
    battery: { percent: v.battery.percent, voltage: v.battery.voltage, current: v.battery.current },
    gps: { fixType: v.gps.fixType, satellites: v.gps.satellites, hdop: v.gps.hdop },
    mission: { current: ap.executor.current, total: drone.missions.missionLength, run: ap.executor.run },
    photos: ap.camera.photos,
    errors: drone.errors,
  };
}

function deg360(rad: number): number {
  const d = (rad * DEG) % 360;
  return d < 0 ? d + 360 : d;
}
