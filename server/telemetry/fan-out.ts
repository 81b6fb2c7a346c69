import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { toVehicleDTO } from '../fleet/vehicle-dto.js';
import type { FleetIo } from '../gateway/socket-gateway.js';
import { FLEET_ROOM, vehicleRoom } from '../protocol.js';

/** Fan-out period: browsers get at most one batch per tick, whatever the vehicles' message rates. */
export const FAN_OUT_MS = 100;

/**
 * Coalesces vehicle changes and broadcasts them once per tick to the fleet room; sends link and
 * status-text events as they happen. Only room broadcasts, so a Socket.IO adapter can scale it out.
 */
export class TelemetryFanOut {
  private timer: TimerHandle | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly src = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly io: FleetIo,
    private readonly clock: Clock,
    private readonly periodMs = FAN_OUT_MS,
  ) {}

  start(): void {
    this.unsubscribe = this.fleet.subscribe((e) => {
      switch (e.kind) {
        case 'statustext': {
          const dto = { vehicleId: e.vehicle.id, time: e.time, severity: e.severity, text: e.text };
          this.io.to([FLEET_ROOM, vehicleRoom(e.vehicle.id)]).emit('vehicle:statustext', dto);
          return;
        }
        case 'lost':
        case 'restored': {
          const state = e.kind === 'lost' ? 'lost' : 'connected';
          this.io.to([FLEET_ROOM, vehicleRoom(e.vehicle.id)]).emit('vehicle:link', { vehicleId: e.vehicle.id, state, time: this.clock.now() });
          return;
        }
        case 'removed':
          this.io.to(FLEET_ROOM).emit('vehicle:removed', e.id);
          return;
        case 'added':
        case 'changed':
        case 'link-error':
          return;
        default: {
          const never: never = e;
          return never;
        }
      }
    });
    this.timer = this.clock.setInterval(() => this.flush(), this.periodMs);
  }

  stop(): void {
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Sends one batch with every vehicle that changed since the last one; nothing when none did. */
  flush(): void {
    const changed = this.fleet.drainChanged();
    if (changed.length === 0) return;
    // Volatile: a client whose connection is still busy with earlier batches skips this one rather
    // than queueing it; the gap in `seq` makes it resynchronise from a snapshot.
    this.io.to(FLEET_ROOM).volatile.emit('fleet:update', { t: this.clock.now(), src: this.src, seq: ++this.seq, vehicles: changed.map(toVehicleDTO) });
  }
}
