/** Which heartbeats stand for a vehicle, and what to call one. */
import { MAV_AUTOPILOT_INVALID } from './flight-modes.js';

/**
 * MAV_TYPEs that are components or ground equipment, not vehicles, even when they report an
 * autopilot: antenna tracker, GCS, onboard controller, gimbal, ADS-B, camera, charging station,
 * FLARM, servo, OpenDroneID, battery, parachute, log, OSD, IMU, GPS, winch, illuminator.
 */
const NOT_VEHICLES = new Set([5, 6, 18, 26, 27, 30, 31, 32, 33, 34, 36, 37, 38, 39, 40, 41, 42, 44]);

/** True for a HEARTBEAT from a flight controller of a vehicle (not a GCS, camera, gimbal, companion…). */
export function isVehicleHeartbeat(autopilot: number, vehicleType: number): boolean {
  return autopilot !== MAV_AUTOPILOT_INVALID && !NOT_VEHICLES.has(vehicleType);
}

/** A short word for the vehicle in default names: Copter, Plane, Rover, Boat, Sub or Vehicle. */
export function vehicleLabel(firmware: string, vehicleType: number): string {
  if (firmware === 'ardupilot-copter') return 'Copter';
  if (firmware === 'ardupilot-plane') return 'Plane';
  if (firmware === 'ardupilot-rover') return vehicleType === 11 ? 'Boat' : 'Rover';
  if (firmware === 'ardupilot-sub') return 'Sub';
  switch (vehicleType) {
    case 2: case 3: case 4: case 13: case 14: case 15: case 29: case 35: case 43: return 'Copter';
    case 1: case 19: case 20: case 21: case 22: case 23: case 24: case 25: return 'Plane';
    case 10: return 'Rover';
    case 11: return 'Boat';
    case 12: return 'Sub';
    default: return 'Vehicle';
  }
}
