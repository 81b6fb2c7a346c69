/**
 * Flies the demo's drones as an operator would, through the same control service as the API:
 * upload the patrol, arm, take off, start the mission; and again whenever a drone is back on the ground.
 */
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { PatrolOptions } from '../../hardware/sim/patrol.js';
import type { FleetControl } from '../control/fleet-control.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { patrolMission } from './demo-missions.js';

export interface DemoFlightsOptions {
  fleet: FleetRegistry;
  control: FleetControl;
  clock: Clock;
  /** Patrol of each demo drone, by the peer it speaks from. */
  patrols: Map<string, PatrolOptions>;
  log: (message: string) => void;
}

const CHECK_EVERY_MS = 3000;

export class DemoFlights {
  private timer: TimerHandle | null = null;
  private readonly busy = new Set<string>();

  constructor(private readonly o: DemoFlightsOptions) {}

  start(): void {
    this.timer = this.o.clock.setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    if (this.timer) this.o.clock.clear(this.timer);
    this.timer = null;
  }

  /** Launches every demo drone that is connected, on the ground, disarmed and has a 3D fix. */
  private check(): void {
    for (const v of this.o.fleet.vehicles()) {
      const patrol = this.o.patrols.get(v.peer);
      const t = v.telemetry;
      if (!patrol || this.busy.has(v.id) || v.linkState !== 'connected' || t.armed || t.gps.fixType < 3 || !t.home) continue;
      this.busy.add(v.id);
      void this.launch(v.id, t.home, patrol).finally(() => this.busy.delete(v.id));
    }
  }

  private async launch(id: string, home: { lat: number; lon: number; altMsl: number }, patrol: PatrolOptions): Promise<void> {
    const c = this.o.control;
    try {
      await c.upload(id, 'mission', patrolMission(home, patrol));
      await c.command(id, { type: 'arm' });
      await c.command(id, { type: 'takeoff', altitude: Math.min(20, patrol.altitude) });
      await c.command(id, { type: 'mission_start' });
    } catch (err) {
      this.o.log(`demo: launching ${id} failed, will retry: ${(err as Error).message}`);
    }
  }
}
