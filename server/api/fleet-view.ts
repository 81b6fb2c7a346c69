import type { LinkInfoDTO, VehicleDTO } from '../protocol.js';

/** What the HTTP and Socket.IO layers may read of the fleet: DTOs only, never live objects. */
export interface FleetView {
  list(): VehicleDTO[];
  get(id: string): VehicleDTO | undefined;
  links(): LinkInfoDTO[];
}
