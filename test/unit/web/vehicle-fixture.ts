import type { VehicleDTO } from '../../../server/protocol.js';

/** A connected, disarmed vehicle with a position; override what a test cares about. */
export function vehicle(overrides: Partial<VehicleDTO> & { id: string }): VehicleDTO {
  return {
    name: overrides.id,
    sysid: 1,
    compid: 1,
    link: 'udp:0',
    peer: '127.0.0.1:14550',
    linkState: 'connected',
    firmware: 'ardupilot-copter',
    vehicleType: 2,
    mode: 'GUIDED',
    armed: false,
    systemStatus: 'standby',
    position: { lat: 22.5, lon: 113.9, altMsl: 60, altRel: 50 },
    heading: 90,
    groundSpeed: 0,
    climbRate: 0,
    attitude: null,
    battery: { percent: 90, voltage: 16.2, current: 1.5 },
    gps: { fixType: 3, satellites: 12, hdop: 0.8 },
    home: null,
    mission: { current: null, count: null, lastReached: null, state: null },
    packetLoss: 0,
    lastHeard: 0,
    uid: null,
    signing: { enabled: false, pending: false, rejected: { unsigned: 0, badSignature: 0, replay: 0 } },
    ...overrides,
  };
}

/** The same vehicle moved to a new position. */
export function at(v: VehicleDTO, lat: number, lon: number): VehicleDTO {
  return { ...v, position: { lat, lon, altMsl: 60, altRel: 50 } };
}
