/** A vehicle of the fleet: a stable id and name over whichever path it is currently heard on. */
import type { VehicleConnection, VehicleLinkState } from '../../hardware/vehicle/vehicle-connection.js';
import type { VehicleTelemetry } from '../../hardware/vehicle/telemetry.js';
import { vehicleKey } from './vehicle-key.js';

export class FleetVehicle {
  constructor(
    /** Short and stable for the life of the server (`v1`, `v2`, …), kept when the vehicle reconnects on another path. */
    readonly id: string,
    public name: string,
    /** The current path; replaced when a vehicle known by its uid comes back on a new one. */
    public connection: VehicleConnection,
  ) {}

  get telemetry(): VehicleTelemetry {
    return this.connection.telemetry;
  }

  get linkState(): VehicleLinkState {
    return this.connection.linkState;
  }

  get linkId(): string {
    return this.connection.linkId;
  }

  get peer(): string {
    return this.connection.peer;
  }

  /** `link|peer|sysid|compid` of the current path. */
  get key(): string {
    return vehicleKey(this.connection);
  }
}
