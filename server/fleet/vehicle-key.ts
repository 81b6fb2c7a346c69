/** The path a vehicle speaks from: many drones share system id 1, so the link and peer are part of the key. */
export interface VehiclePath {
  linkId: string;
  peer: string;
  sysid: number;
  compid: number;
}

/** A printable, unique key for a path: `link|peer|sysid|compid` (for logs, diagnostics and tests). */
export function vehicleKey(path: VehiclePath): string {
  return `${path.linkId}|${path.peer}|${path.sysid}|${path.compid}`;
}
