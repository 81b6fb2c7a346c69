/**
 * The dashboard's copy of the fleet: vehicles from snapshots and update batches, their
 * trails and recent status texts, and what changed since the view last drew.
 * Pure data, no DOM: time is passed in.
 */
import type { FleetUpdate, LinkState, StatusTextDTO, VehicleDTO } from '../../server/protocol.js';
import { DEFAULT_TRAIL_OPTIONS, pushTrailPoint, trimTrail, type TrailOptions, type TrailPoint } from './trail.js';

/** A status text as kept per vehicle. */
export type StatusTextEntry = Omit<StatusTextDTO, 'vehicleId'>;

/** What changed since the last `takeChanges()`. */
export interface FleetChanges {
  /** Vehicles whose data changed (including added ones; removed ones are not listed). */
  changed: ReadonlySet<string>;
  /** A vehicle was added, removed or renamed: list order must be recomputed. */
  membership: boolean;
  /** Some trail changed. */
  trails: boolean;
  /** Vehicles that got a new status text. */
  statusTexts: ReadonlySet<string>;
}

export interface FleetStoreOptions {
  trail?: TrailOptions;
  /** Status texts kept per vehicle. */
  maxStatusTexts?: number;
}

export class FleetStore {
  private readonly vehicles = new Map<string, VehicleDTO>();
  private readonly trails = new Map<string, TrailPoint[]>();
  private readonly texts = new Map<string, StatusTextEntry[]>();
  private readonly trailOptions: TrailOptions;
  private readonly maxStatusTexts: number;
  private changed = new Set<string>();
  private textChanged = new Set<string>();
  private membership = false;
  private trailsChanged = false;
  /** Server wall clock minus the `now` values passed in, in ms, learned from update batches; null until one arrives. */
  serverClockOffset: number | null = null;

  constructor(opts: FleetStoreOptions = {}) {
    this.trailOptions = opts.trail ?? DEFAULT_TRAIL_OPTIONS;
    this.maxStatusTexts = opts.maxStatusTexts ?? 20;
  }

  /** Number of vehicles. */
  get size(): number {
    return this.vehicles.size;
  }

  get(id: string): VehicleDTO | undefined {
    return this.vehicles.get(id);
  }

  /** All vehicles, in insertion order. */
  values(): IterableIterator<VehicleDTO> {
    return this.vehicles.values();
  }

  /** The vehicle's trail, oldest point first (empty when none). */
  trail(id: string): readonly TrailPoint[] {
    return this.trails.get(id) ?? [];
  }

  /** Trails of all vehicles that have one. */
  allTrails(): IterableIterator<[string, readonly TrailPoint[]]> {
    return this.trails.entries();
  }

  /** Recent status texts, oldest first. */
  statusTexts(id: string): readonly StatusTextEntry[] {
    return this.texts.get(id) ?? [];
  }

  /**
   * Replaces the whole fleet with a snapshot. Vehicles absent from it are dropped with their
   * trails and texts; trails of vehicles still present carry on.
   */
  replaceAll(vehicles: readonly VehicleDTO[], now: number): void {
    const keep = new Set(vehicles.map((v) => v.id));
    for (const id of this.vehicles.keys()) if (!keep.has(id)) this.remove(id);
    for (const v of vehicles) this.upsert(v, now);
  }

  /** Applies one fan-out batch received at `now`. */
  apply(update: FleetUpdate, now: number): void {
    this.serverClockOffset = update.t - now;
    for (const v of update.vehicles) this.upsert(v, now);
  }

  /** Adds or replaces one vehicle and extends its trail. */
  upsert(v: VehicleDTO, now: number): void {
    const previous = this.vehicles.get(v.id);
    if (!previous || previous.name !== v.name) this.membership = true;
    this.vehicles.set(v.id, v);
    this.changed.add(v.id);
    if (v.position) {
      let points = this.trails.get(v.id);
      if (!points) this.trails.set(v.id, (points = []));
      if (pushTrailPoint(points, { t: now, lon: v.position.lon, lat: v.position.lat }, this.trailOptions)) this.trailsChanged = true;
    }
  }

  /** Forgets a vehicle. */
  remove(id: string): void {
    if (!this.vehicles.delete(id)) return;
    if (this.trails.delete(id)) this.trailsChanged = true;
    this.texts.delete(id);
    this.changed.delete(id);
    this.textChanged.delete(id);
    this.membership = true;
  }

  /** Applies a link event ahead of the next batch, so loss shows at once. */
  setLinkState(id: string, state: LinkState): void {
    const v = this.vehicles.get(id);
    if (!v || v.linkState === state) return;
    this.vehicles.set(id, { ...v, linkState: state });
    this.changed.add(id);
  }

  /** Keeps a status text; the same text delivered twice (fleet and vehicle room) is kept once. */
  addStatusText(text: StatusTextDTO): void {
    if (!this.vehicles.has(text.vehicleId)) return;
    let list = this.texts.get(text.vehicleId);
    if (!list) this.texts.set(text.vehicleId, (list = []));
    const entry: StatusTextEntry = { time: text.time, severity: text.severity, text: text.text };
    if (list.some((e) => e.time === entry.time && e.text === entry.text && e.severity === entry.severity)) return;
    list.push(entry);
    list.sort((a, b) => a.time - b.time);
    if (list.length > this.maxStatusTexts) list.splice(0, list.length - this.maxStatusTexts);
    this.textChanged.add(text.vehicleId);
  }

  /** Drops trail points older than the window, for vehicles that went quiet. */
  pruneTrails(now: number): void {
    for (const [id, points] of this.trails) {
      if (!trimTrail(points, now, this.trailOptions)) continue;
      this.trailsChanged = true;
      if (points.length === 0) this.trails.delete(id);
    }
  }

  /** Returns and resets what changed since the previous call. */
  takeChanges(): FleetChanges {
    const changes: FleetChanges = {
      changed: this.changed,
      membership: this.membership,
      trails: this.trailsChanged,
      statusTexts: this.textChanged,
    };
    this.changed = new Set();
    this.textChanged = new Set();
    this.membership = false;
    this.trailsChanged = false;
    return changes;
  }

  /** True when something is waiting for `takeChanges()`. */
  hasChanges(): boolean {
    return this.membership || this.trailsChanged || this.changed.size > 0 || this.textChanged.size > 0;
  }
}
