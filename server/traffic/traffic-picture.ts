/**
 * The fleet's traffic picture: ADS-B reports from every vehicle's messages, merged by aircraft,
 * expired after 30 s, and checked against every drone's position once a second. Broadcasts
 * `traffic:update` (aircraft and active warnings) to the fleet room at 1 Hz while there is traffic,
 * and `traffic:alert` when an aircraft comes within warning distance of a drone.
 */
import type { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { InboundMessage } from '../../hardware/mavlink/frame.js';
import { ADSB_VEHICLE_ID, aircraftFromReport, TrafficTable, type Aircraft } from '../../hardware/vehicle/traffic-reducer.js';
import type { VehicleConnection } from '../../hardware/vehicle/vehicle-connection.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import type { FleetVehicle } from '../fleet/fleet-vehicle.js';
import type { FleetIo } from '../gateway/socket-gateway.js';
import { FLEET_ROOM } from '../protocol.js';
import type { AircraftDTO, TrafficAlertDTO, TrafficUpdateDTO } from '../protocol-traffic.js';
import { CLEAR_FACTOR, mayBeNear, separation, within, type Position3d } from './proximity.js';

/** Picture and warnings are recomputed and sent this often. */
export const TRAFFIC_PERIOD_MS = 1000;

export interface TrafficPictureOptions {
  fleet: FleetRegistry;
  /** The Socket.IO server once attached (room broadcasts only, so an adapter can scale it out). */
  io: () => FleetIo | null;
  clock: Clock;
  /** This instance's name, sent with its picture (instances sharing a fan-out each send one). */
  source?: string;
  periodMs?: number;
}

interface Listening {
  connection: VehicleConnection;
  stop: () => void;
}

export class TrafficPicture {
  private readonly table = new TrafficTable();
  private readonly listening = new Map<string, Listening>();
  /** Active warnings by `vehicleId|icao`. */
  private alerts = new Map<string, TrafficAlertDTO>();
  private timer: TimerHandle | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Whether the last update carried anything, so one empty update clears the browsers' maps. */
  private lastSent = false;

  constructor(private readonly o: TrafficPictureOptions) {}

  start(): void {
    this.unsubscribe = this.o.fleet.subscribe((e) => {
      // A vehicle that comes back on a new path has a new connection to listen to.
      if (e.kind === 'added' || e.kind === 'restored') this.listen(e.vehicle);
      else if (e.kind === 'removed') this.forget(e.id);
    });
    for (const v of this.o.fleet.vehicles()) this.listen(v);
    this.timer = this.o.clock.setInterval(() => this.tick(), this.o.periodMs ?? TRAFFIC_PERIOD_MS);
  }

  stop(): void {
    if (this.timer) this.o.clock.clear(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const id of [...this.listening.keys()]) this.forget(id);
  }

  /** The picture as it stands (expiring stale aircraft first). */
  private snapshot(): TrafficUpdateDTO {
    const now = this.o.clock.now();
    this.table.expire(now);
    return { source: this.o.source ?? '', t: now, aircraft: this.table.list().map(toDTO), alerts: [...this.alerts.values()] };
  }

  /** One period: expire, re-check proximity, announce new warnings, send the picture. */
  tick(): void {
    const update = this.snapshot();
    const fresh = this.checkProximity(update.t);
    update.alerts = [...this.alerts.values()];
    const io = this.o.io();
    if (!io) return;
    for (const alert of fresh) io.to(FLEET_ROOM).emit('traffic:alert', alert);
    const any = update.aircraft.length > 0;
    if (any || this.lastSent) io.to(FLEET_ROOM).emit('traffic:update', update);
    this.lastSent = any;
  }

  private listen(v: FleetVehicle): void {
    const known = this.listening.get(v.id);
    if (known?.connection === v.connection) return;
    known?.stop();
    const onMessage = (msg: InboundMessage): void => {
      if (msg.msgid === ADSB_VEHICLE_ID) this.table.apply(aircraftFromReport(msg.data as common.AdsbVehicle, this.o.clock.now(), v.id));
    };
    this.listening.set(v.id, { connection: v.connection, stop: v.connection.subscribeMessages(onMessage) });
  }

  private forget(id: string): void {
    this.listening.get(id)?.stop();
    this.listening.delete(id);
  }

  /** Recomputes the warnings; returns those that were not active before. */
  private checkProximity(now: number): TrafficAlertDTO[] {
    const next = new Map<string, TrafficAlertDTO>();
    const fresh: TrafficAlertDTO[] = [];
    const aircraft = this.table.list();
    if (aircraft.length > 0) {
      for (const v of this.o.fleet.vehicles()) {
        const p = v.telemetry.position;
        if (!p || v.linkState === 'lost') continue;
        const drone: Position3d = { lat: p.lat, lon: p.lon, altMsl: p.altMsl };
        for (const a of aircraft) {
          const plane: Position3d = { lat: a.lat, lon: a.lon, altMsl: a.altitude };
          if (!mayBeNear(plane, drone)) continue;
          const key = `${v.id}|${a.icao}`;
          const wasActive = this.alerts.has(key);
          const s = separation(plane, drone);
          if (!within(s, wasActive ? CLEAR_FACTOR : 1)) continue;
          const alert: TrafficAlertDTO = {
            vehicleId: v.id,
            vehicleName: v.name,
            icao: a.icao,
            callsign: a.callsign,
            distanceM: Math.round(s.horizontalM),
            verticalM: s.verticalM === null ? null : Math.round(s.verticalM),
            time: now,
          };
          next.set(key, alert);
          if (!wasActive) fresh.push(alert);
        }
      }
    }
    this.alerts = next;
    return fresh;
  }
}

function toDTO(a: Aircraft): AircraftDTO {
  return { ...a };
}
