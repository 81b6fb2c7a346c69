/**
 * The fleet: every vehicle heard on every link, keyed by where it speaks from (link, peer, system,
 * component). Owns the links, one reader and one writer per link, and the VehicleConnections.
 */
import type { minimal } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { RealClock } from '../../hardware/clock.js';
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import type { Link, LinkEvent } from '../../hardware/link/link.js';
import type { Frame, InboundMessage } from '../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../hardware/mavlink/writer.js';
import { classifyFirmware } from '../../hardware/vehicle/flight-modes.js';
import { MSG } from '../../hardware/vehicle/message-ids.js';
import type { SigningGate } from '../../hardware/vehicle/signing-gate.js';
import { VehicleConnection } from '../../hardware/vehicle/vehicle-connection.js';
import type { VehicleConnectionOptions, VehicleEvent } from '../../hardware/vehicle/vehicle-connection.js';
import { isVehicleHeartbeat, vehicleLabel } from '../../hardware/vehicle/vehicle-kind.js';
import type { LinkInfoDTO } from '../protocol.js';
import { FleetVehicle } from './fleet-vehicle.js';
import { GcsHeartbeat, HEARTBEAT_SLICES } from './gcs-heartbeat.js';
import { LinkSigning } from './link-signing.js';

export type FleetEvent =
  | { kind: 'added'; vehicle: FleetVehicle }
  /** At most once per vehicle between two {@link FleetRegistry.drainChanged} calls. */
  | { kind: 'changed'; vehicle: FleetVehicle }
  | { kind: 'lost'; vehicle: FleetVehicle }
  | { kind: 'restored'; vehicle: FleetVehicle }
  | { kind: 'statustext'; vehicle: FleetVehicle; time: number; severity: number; text: string }
  | { kind: 'removed'; id: string }
  | { kind: 'link-error'; linkId: string; error: Error };

/** What a default vehicle name is made from. */
export interface VehicleNameInput {
  sysid: number;
  compid: number;
  linkId: string;
  peer: string;
  firmware: string;
  vehicleType: number;
}

export interface FleetRegistryOptions {
  links: Link[];
  clock?: Clock;
  /** Our MAVLink identity on every link (default 255/190). */
  sysid?: number;
  compid?: number;
  /** Heartbeat silence after which a vehicle is lost (default 3500 ms). */
  lostAfterMs?: number;
  /** Our own GCS HEARTBEAT to every link; 0 turns it off (default 1000 ms). */
  heartbeatIntervalMs?: number;
  /** Options for each vehicle's stream requests; `requestStreams: false` turns them off. */
  requestStreams?: boolean;
  streams?: VehicleConnectionOptions['streams'];
  nameFor?: (input: VehicleNameInput) => string;
  /** Prefix of vehicle ids, so instances sharing one Socket.IO fan-out never hand out the same id. */
  idPrefix?: string;
  /**
   * The stored signing key a signed frame verifies with, if any (see `signingKeyFinder`). A vehicle
   * heard signing on a new path is then signed to again, and held to signing, without a new SETUP_SIGNING.
   */
  findSigningKey?: (frame: Frame) => Promise<Buffer | null>;
}

/**
 * A peer's partial frame is given up after this long without bytes from it. A stray start byte can
 * announce a long frame that never comes; without this, a vehicle sending only 1 Hz heartbeats
 * would look lost until enough bytes had arrived to reject it.
 */
export const QUIET_FLUSH_MS = 250;

/** Default name: `Copter 1 @ 10.0.0.7:14550`, the kind of vehicle, its system id and where it speaks from. */
export function defaultVehicleName(v: VehicleNameInput): string {
  return `${vehicleLabel(v.firmware, v.vehicleType)} ${v.sysid} @ ${v.peer}`;
}

interface LinkEntry {
  link: Link;
  reader: MavlinkReader;
  writer: MavlinkWriter;
  /** peer → system id → the autopilots of that system on that peer (almost always one). */
  systems: Map<string, Map<number, FleetVehicle[]>>;
  onMessage: (msg: InboundMessage) => void;
  unsubscribe: (() => void) | null;
  /** Peers heard since the last quiet-line sweep, with when they were last heard. */
  recent: Map<string, number>;
  /** Timestamps, refused totals and signed peers; the link's place in the list is its signature link id. */
  signing: LinkSigning;
}

export class FleetRegistry {
  private readonly clock: Clock;
  private readonly opts: FleetRegistryOptions;
  private readonly links = new Map<string, LinkEntry>();
  private readonly byId = new Map<string, FleetVehicle>();
  private readonly byUid = new Map<string, FleetVehicle>();
  private readonly unbind = new Map<VehicleConnection, () => void>();
  private dirty = new Set<FleetVehicle>();
  private listeners: ((event: FleetEvent) => void)[] = [];
  private nextId = 1;
  private heartbeatTimer: TimerHandle | null = null;
  private sweepTimer: TimerHandle | null = null;
  private readonly gcsHeartbeat = new GcsHeartbeat();
  private running = false;

  constructor(opts: FleetRegistryOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? new RealClock();
    for (const link of opts.links) {
      if (this.links.has(link.id)) throw new Error(`duplicate link ${link.id}`);
      const entry: LinkEntry = {
        link,
        reader: new MavlinkReader(link.id),
        writer: new MavlinkWriter(opts.sysid ?? 255, opts.compid ?? 190),
        systems: new Map(),
        onMessage: (msg) => this.route(entry, msg),
        unsubscribe: null,
        recent: new Map(),
        signing: new LinkSigning(this.clock, this.links.size & 0xff),
      };
      this.links.set(link.id, entry);
    }
  }

  /** Starts every link; if one fails, stops them all and rethrows. Aborting `signal` stops the registry. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const entry of this.links.values()) {
      entry.unsubscribe = entry.link.subscribe((event) => this.onLinkEvent(entry, event));
    }
    try {
      await Promise.all([...this.links.values()].map((e) => e.link.start()));
    } catch (err) {
      await this.stop();
      throw err;
    }
    if (!this.running) return; // stopped while starting
    this.sweepTimer = this.clock.setInterval(() => this.flushQuietPeers(), QUIET_FLUSH_MS);
    const every = this.opts.heartbeatIntervalMs ?? 1000;
    if (every > 0) {
      const send = () => this.gcsHeartbeat.sendSlice(this.links.values());
      send();
      this.heartbeatTimer = this.clock.setInterval(send, every / HEARTBEAT_SLICES);
    }
    if (signal?.aborted) await this.stop();
    else signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** Stops vehicles' timers and every link. Vehicles stay listed; a stopped registry is not started again. Idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.heartbeatTimer !== null) this.clock.clear(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.sweepTimer !== null) this.clock.clear(this.sweepTimer);
    this.sweepTimer = null;
    for (const entry of this.links.values()) {
      entry.unsubscribe?.();
      entry.unsubscribe = null;
    }
    for (const v of this.byId.values()) v.connection.stop();
    await Promise.allSettled([...this.links.values()].map((e) => e.link.stop()));
  }

  /** Every vehicle, lost ones included, in the order they were first heard. */
  vehicles(): FleetVehicle[] {
    return [...this.byId.values()];
  }

  get(id: string): FleetVehicle | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Renames a vehicle; false for an unknown id. */
  rename(id: string, name: string): boolean {
    const v = this.byId.get(id);
    if (!v) return false;
    v.name = name;
    this.markDirty(v);
    return true;
  }

  /**
   * Sends one message to one vehicle: encoded by its link's writer and written to its peer only.
   * False for an unknown id or a stopped registry.
   */
  send(vehicleId: string, data: MavLinkData): boolean {
    const v = this.byId.get(vehicleId);
    if (!v || !this.running || !v.connection.isRunning) return false;
    v.connection.send(data);
    return true;
  }

  /** Vehicles whose dashboard fields changed since the last call; clears the set. */
  drainChanged(): FleetVehicle[] {
    if (this.dirty.size === 0) return [];
    const changed = [...this.dirty];
    this.dirty = new Set();
    return changed;
  }

  /** Per link: transport counters, reader counters and known peers. */
  linkStats(): LinkInfoDTO[] {
    return [...this.links.values()].map(({ link, reader, signing }) => ({
      id: link.id,
      kind: link.kind,
      peers: link.peers(),
      ...link.stats(),
      ...reader.stats(),
      signingRejected: { ...signing.rejects },
    }));
  }

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: (event: FleetEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private emit(event: FleetEvent): void {
    for (const l of this.listeners) l(event);
  }

  private onLinkEvent(entry: LinkEntry, event: LinkEvent): void {
    switch (event.kind) {
      case 'data':
        entry.reader.push(event.bytes, event.peer, entry.onMessage);
        entry.recent.set(event.peer, this.clock.now());
        return;
      case 'down':
        // A closed socket's half-received frame must not be glued to a new connection's bytes.
        entry.reader.forget(event.peer);
        entry.recent.delete(event.peer);
        return;
      case 'up':
        return;
      case 'error':
        this.emit({ kind: 'link-error', linkId: entry.link.id, error: event.error });
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  }

  /** Hot path: two map lookups and the vehicle's own reduce; a new vehicle only on an autopilot heartbeat. */
  private route(entry: LinkEntry, msg: InboundMessage): void {
    const list = entry.systems.get(msg.peer)?.get(msg.sysid);
    if (list !== undefined) {
      let target = list[0];
      if (target.connection.compid !== msg.compid) {
        for (let i = 1; i < list.length; i++) {
          if (list[i].connection.compid === msg.compid) {
            target = list[i];
            break;
          }
        }
        // A second flight controller in the same system is a vehicle of its own.
        if (target.connection.compid !== msg.compid && this.isVehicleHeartbeat(msg)) {
          this.addVehicle(entry, msg);
          return;
        }
      }
      target.connection.handle(msg);
      return;
    }
    if (this.isVehicleHeartbeat(msg)) this.addVehicle(entry, msg);
  }

  private isVehicleHeartbeat(msg: InboundMessage): boolean {
    if (msg.msgid !== MSG.HEARTBEAT) return false;
    const hb = msg.data as minimal.Heartbeat;
    return isVehicleHeartbeat(hb.autopilot as number, hb.type as number);
  }

  private addVehicle(entry: LinkEntry, msg: InboundMessage): void {
    const hb = msg.data as minimal.Heartbeat;
    const { peer, sysid, compid } = msg;
    const linkId = entry.link.id;
    const signing = entry.signing.gate({
      us: { sysid: entry.writer.sysid, compid: entry.writer.compid },
      target: { sysid, compid },
      connection: () => connection,
      onSignedWhileOff: (gate, frame) => this.resumeSigning(entry, gate, frame),
    });
    const connection = new VehicleConnection({
      linkId,
      peer,
      sysid,
      compid,
      clock: this.clock,
      signing,
      send: (data) => entry.link.send(signing.encode(data) ?? entry.writer.encode(data), peer),
      lostAfterMs: this.opts.lostAfterMs,
      requestStreams: this.opts.requestStreams,
      streams: this.opts.streams,
    });
    const input: VehicleNameInput = {
      sysid, compid, linkId, peer,
      firmware: classifyFirmware(hb.autopilot as number, hb.type as number),
      vehicleType: hb.type as number,
    };
    const vehicle = new FleetVehicle(`${this.opts.idPrefix ?? ''}v${this.nextId++}`, (this.opts.nameFor ?? defaultVehicleName)(input), connection);
    connection.start();
    connection.handle(msg);
    this.byId.set(vehicle.id, vehicle);
    this.addRoute(entry, vehicle);
    this.bind(vehicle, connection);
    this.emit({ kind: 'added', vehicle });
    this.markDirty(vehicle);
  }

  /** Gives up on partial frames of peers quiet for {@link QUIET_FLUSH_MS}, delivering any frames held behind them. */
  private flushQuietPeers(): void {
    const now = this.clock.now();
    for (const entry of this.links.values()) {
      for (const [peer, heard] of entry.recent) {
        if (now - heard < QUIET_FLUSH_MS) continue;
        entry.recent.delete(peer);
        entry.reader.flush(peer, entry.onMessage);
      }
    }
  }

  /** Looks up the stored key of a vehicle heard signing on a new path; signs to it again when one verifies. */
  private resumeSigning(entry: LinkEntry, gate: SigningGate, frame: Frame): void {
    const find = this.opts.findSigningKey;
    if (!find) return;
    find(frame).then(
      (key) => {
        if (key && this.running) gate.resume(key);
      },
      (err: Error) => this.emit({ kind: 'link-error', linkId: entry.link.id, error: new Error(`signing key lookup failed: ${err.message}`) }),
    );
  }

  private addRoute(entry: LinkEntry, vehicle: FleetVehicle): void {
    const { peer, sysid } = vehicle.connection;
    let systems = entry.systems.get(peer);
    if (systems === undefined) {
      systems = new Map();
      entry.systems.set(peer, systems);
    }
    const list = systems.get(sysid);
    if (list === undefined) systems.set(sysid, [vehicle]);
    else list.push(vehicle);
  }

  /** Replaces `from` by `to` on `from`'s current path (the path keeps its place in the table). */
  private reroute(from: FleetVehicle, to: FleetVehicle): void {
    const { linkId, peer, sysid } = from.connection;
    const list = this.links.get(linkId)?.systems.get(peer)?.get(sysid);
    const i = list ? list.indexOf(from) : -1;
    if (list && i >= 0) list[i] = to;
  }

  private removeRoute(connection: VehicleConnection): void {
    const entry = this.links.get(connection.linkId);
    entry?.signing.track(connection, false);
    const systems = entry?.systems.get(connection.peer);
    const list = systems?.get(connection.sysid);
    if (!systems || !list) return;
    const rest = list.filter((v) => v.connection !== connection);
    if (rest.length > 0) systems.set(connection.sysid, rest);
    else systems.delete(connection.sysid);
    if (systems.size === 0) this.links.get(connection.linkId)?.systems.delete(connection.peer);
  }

  private bind(vehicle: FleetVehicle, connection: VehicleConnection): void {
    this.unbind.set(connection, connection.subscribe((event) => this.onVehicleEvent(vehicle, event)));
  }

  private release(connection: VehicleConnection): void {
    this.unbind.get(connection)?.();
    this.unbind.delete(connection);
  }

  private markDirty(vehicle: FleetVehicle): void {
    if (this.dirty.has(vehicle)) return;
    this.dirty.add(vehicle);
    this.emit({ kind: 'changed', vehicle });
  }

  private onVehicleEvent(vehicle: FleetVehicle, event: VehicleEvent): void {
    switch (event.kind) {
      case 'changed':
        this.markDirty(vehicle);
        return;
      case 'lost':
      case 'restored':
        this.emit({ kind: event.kind, vehicle });
        this.markDirty(vehicle);
        return;
      case 'statustext':
        this.emit({ kind: 'statustext', vehicle, time: event.time, severity: event.severity, text: event.text });
        return;
      case 'identified':
        this.identify(vehicle, event.uid);
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  }

  /**
   * Binds a uid to a vehicle. When the uid belongs to another vehicle that is now lost, the drone
   * has come back on a new path (a new UDP port, another radio): the known vehicle takes over the
   * new path and keeps its id and name, and the provisional vehicle is removed. When both are
   * connected (one drone heard over two links) they stay two vehicles.
   */
  private identify(vehicle: FleetVehicle, uid: string): void {
    const known = this.byUid.get(uid);
    if (known === undefined || known === vehicle || !this.byId.has(known.id)) {
      this.byUid.set(uid, vehicle);
      return;
    }
    if (known.linkState !== 'lost') return;
    const stale = known.connection;
    const fresh = vehicle.connection;
    this.release(stale);
    stale.stop();
    this.removeRoute(stale);
    this.release(fresh);
    this.reroute(vehicle, known);
    known.connection = fresh;
    this.bind(known, fresh);
    this.byId.delete(vehicle.id);
    this.dirty.delete(vehicle);
    this.emit({ kind: 'removed', id: vehicle.id });
    this.emit({ kind: 'restored', vehicle: known });
    this.markDirty(known);
  }
}
