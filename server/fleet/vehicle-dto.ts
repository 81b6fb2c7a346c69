/** The dashboard's view of a fleet vehicle: fresh plain objects, safe to keep while telemetry mutates. */
import type { VehicleDTO } from '../protocol.js';
import type { FleetVehicle } from './fleet-vehicle.js';

/** Packet loss in percent (one decimal) from the vehicle's frames seen and missed. */
export function packetLossPercent(packets: { received: number; lost: number }): number {
  const total = packets.received + packets.lost;
  return total === 0 ? 0 : Math.round((packets.lost / total) * 1000) / 10;
}

/** Snapshot of one vehicle for `fleet:snapshot` and `fleet:update`. */
export function toVehicleDTO(v: FleetVehicle): VehicleDTO {
  const t = v.telemetry;
  const c = v.connection;
  return {
    id: v.id,
    name: v.name,
    sysid: t.sysid,
    compid: t.compid,
    link: c.linkId,
    peer: c.peer,
    linkState: c.linkState,
    firmware: t.firmware,
    vehicleType: t.vehicleType,
    mode: t.mode,
    armed: t.armed,
    systemStatus: t.systemStatus,
    position: t.position && { ...t.position },
    heading: t.heading,
    groundSpeed: t.groundSpeed,
    climbRate: t.climbRate,
    attitude: t.attitude && { ...t.attitude },
    battery: { ...t.battery },
    gps: { ...t.gps },
    home: t.home && { ...t.home },
    packetLoss: packetLossPercent(t.packets),
    lastHeard: t.lastHeard,
    mission: { ...t.mission },
    uid: t.uid,
    signing: {
      enabled: c.signing?.signing ?? false,
      pending: c.signing?.state === 'pending',
      rejected: c.signing?.stats() ?? { unsigned: 0, badSignature: 0, replay: 0 },
    },
  };
}
