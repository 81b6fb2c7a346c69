/**
 * The microservices of one fleet vehicle (commands, mission transfer, parameters), bound to whichever
 * path the vehicle is heard on now: when a drone comes back on a new path, they follow it.
 */
import type { MavLinkData } from 'node-mavlink';
import type { Clock } from '../../hardware/clock.js';
import { CommandSender } from '../../hardware/vehicle/command/index.js';
import { MissionTransfer } from '../../hardware/vehicle/mission-transfer/index.js';
import { ParamClient } from '../../hardware/vehicle/params/index.js';
import type { VehicleConnection } from '../../hardware/vehicle/vehicle-connection.js';
import type { FleetVehicle } from '../fleet/fleet-vehicle.js';

export interface OurIdentity {
  sysid: number;
  compid: number;
}

export class VehicleServices {
  readonly commands: CommandSender;
  readonly missions: MissionTransfer;
  readonly params: ParamClient;
  private bound: VehicleConnection | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(readonly vehicle: FleetVehicle, clock: Clock, us: OurIdentity) {
    const c = vehicle.connection;
    // Always the current path, even after a rebind.
    const send = (data: MavLinkData): void => this.vehicle.connection.send(data);
    const common = { clock, send, targetSystem: c.sysid, targetComponent: c.compid, vehicleName: vehicle.name };
    this.commands = new CommandSender({ ...common, ownSystem: us.sysid, ownComponent: us.compid });
    this.missions = new MissionTransfer({ ...common, ourSysid: us.sysid, ourCompid: us.compid });
    this.params = new ParamClient(common);
    this.follow();
  }

  /** Re-subscribes when the vehicle's path changed; keeps error messages naming it as the operator does. */
  follow(): void {
    const c = this.vehicle.connection;
    this.commands.vehicleName = this.params.vehicleName = this.vehicle.name;
    if (this.bound === c) return;
    this.unsubscribe?.();
    this.bound = c;
    this.unsubscribe = c.subscribeMessages((msg) => {
      this.commands.handle(msg);
      this.missions.handle(msg);
      this.params.handle(msg);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.commands.stop('vehicle removed');
    this.missions.stop();
    this.params.stop('vehicle removed');
  }
}
