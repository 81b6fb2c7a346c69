/**
 * Flies the demo's drones as an operator would, through the same control service as the API: make
 * the patrol with the planning generators, validate it, upload it, tell the image ingest which patrol
 * it is (so its photos fill that patrol's queue), arm, take off, start the mission; and again
 * whenever a drone is back on the ground.
 */
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import { planToItems } from '../../missions/plan-to-items.js';
import { validatePlan } from '../../missions/validate.js';
import { DEFAULT_MULTICOPTER } from '../../missions/vehicle-profile.js';
import type { FleetControl } from '../control/fleet-control.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import type { ImageIngest } from '../imagery/image-ingest.js';
import { patrolOfPlan } from '../plans/plan-patrol.js';
import type { DemoDrone } from './demo-site.js';

export interface DemoFlightsOptions {
  fleet: FleetRegistry;
  control: FleetControl;
  clock: Clock;
  imagery: Pick<ImageIngest, 'setVehiclePlan'>;
  /** Each demo drone, by the peer it speaks from. */
  drones: Map<string, DemoDrone>;
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
      const demo = this.o.drones.get(v.peer);
      const t = v.telemetry;
      if (!demo || this.busy.has(v.id) || v.linkState !== 'connected' || t.armed || t.gps.fixType < 3 || !t.home) continue;
      this.busy.add(v.id);
      void this.launch(v.id, demo, t.home).finally(() => this.busy.delete(v.id));
    }
  }

  private async launch(id: string, demo: DemoDrone, home: { lat: number; lon: number; altMsl: number }): Promise<void> {
    const plan = demo.plan(home);
    const errors = validatePlan(plan, { profile: DEFAULT_MULTICOPTER }).filter((f) => f.severity === 'error');
    if (errors.length) {
      this.o.log(`demo: ${demo.name}'s patrol is not flown: ${errors.map((e) => e.message).join('; ')}`);
      return;
    }
    const c = this.o.control;
    const takeoff = plan.steps.find((s) => s.kind === 'takeoff');
    try {
      await c.upload(id, 'mission', planToItems(plan));
      // Made on the fly, never saved: no plan id, but the patrol still picks the queue.
      this.o.imagery.setVehiclePlan(id, { planId: null, patrol: patrolOfPlan(plan) });
      await c.command(id, { type: 'arm' });
      await c.command(id, { type: 'takeoff', altitude: takeoff?.kind === 'takeoff' ? takeoff.altitude : 30 });
      await c.command(id, { type: 'mission_start' });
    } catch (err) {
      this.o.log(`demo: launching ${demo.name} failed, will retry: ${(err as Error).message}`);
    }
  }
}
