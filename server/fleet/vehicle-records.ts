/**
 * Keeps the vehicles repository in step with the live fleet: a vehicle that reports its autopilot
 * uid is stored (system id, name, profile), and a name an admin gave it is put back on the live
 * vehicle whenever it comes back, on whatever path and after a restart.
 */
import type { Vehicle, VehiclesRepo } from '../store/vehicles-repo.js';
import type { FleetRegistry } from './fleet-registry.js';
import type { FleetVehicle } from './fleet-vehicle.js';

/** Longest vehicle name accepted. */
export const MAX_VEHICLE_NAME = 64;

/** Why a vehicle name is unacceptable, or null. */
export function vehicleNameProblem(name: string): string | null {
  if (name.trim() === '') return 'name must not be empty';
  if (name.length > MAX_VEHICLE_NAME) return `name must be at most ${MAX_VEHICLE_NAME} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'name must not contain control characters';
  return null;
}

export interface VehicleRecordsOptions {
  fleet: FleetRegistry;
  repo: VehiclesRepo;
  /** Wall-clock ms for stored timestamps. */
  now: () => number;
  /** A store failure is reported here; the live fleet carries on without it. */
  onError?: (err: Error) => void;
}

/** What the live vehicle's name came from, kept in the stored profile. */
interface StoredProfile {
  firmware?: string;
  vehicleType?: number;
  compid?: number;
  /** True once an admin named the vehicle: its name then wins over the default one. */
  customName?: boolean;
}

interface Tracked {
  vehicle: FleetVehicle;
  connection: FleetVehicle['connection'];
  unsubscribe: () => void;
  /** The uid last written for this vehicle. */
  storedUid: string | null;
}

export class VehicleRecords {
  private readonly tracked = new Map<string, Tracked>();
  /** Names given to vehicles whose uid is not known yet; stored once it is. */
  private readonly pendingNames = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;
  /** Writes run one after another, so a rename never races the record it renames. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: VehicleRecordsOptions) {}

  start(): void {
    for (const v of this.o.fleet.vehicles()) this.track(v);
    this.unsubscribe = this.o.fleet.subscribe((e) => {
      if (e.kind === 'added' || e.kind === 'restored') this.track(e.vehicle);
      else if (e.kind === 'removed') this.untrack(e.id);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const id of [...this.tracked.keys()]) this.untrack(id);
  }

  /** Resolves once every write started so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /**
   * Renames the live vehicle and its stored record (or, before its uid is known, stores the name
   * once it is). Undefined for an unknown vehicle id; throws RangeError for a bad name.
   */
  async rename(vehicleId: string, name: string): Promise<{ vehicle: FleetVehicle; stored: Vehicle | null } | undefined> {
    const problem = vehicleNameProblem(name);
    if (problem) throw new RangeError(problem);
    const vehicle = this.o.fleet.get(vehicleId);
    if (!vehicle) return undefined;
    const clean = name.trim();
    this.o.fleet.rename(vehicleId, clean);
    const uid = vehicle.telemetry.uid;
    if (uid === null) {
      this.pendingNames.set(vehicleId, clean);
      return { vehicle, stored: null };
    }
    const stored = await this.enqueue(() => this.save(vehicle, uid, clean));
    return { vehicle, stored };
  }

  private track(vehicle: FleetVehicle): void {
    const known = this.tracked.get(vehicle.id);
    if (known?.connection === vehicle.connection) return;
    known?.unsubscribe();
    const connection = vehicle.connection;
    const entry: Tracked = {
      vehicle, connection, storedUid: known?.storedUid ?? null,
      unsubscribe: connection.subscribe((e) => {
        // The registry hears 'identified' first and may have merged this vehicle into a known one.
        if (e.kind === 'identified' && this.o.fleet.get(vehicle.id) === vehicle) this.identified(vehicle, e.uid);
      }),
    };
    this.tracked.set(vehicle.id, entry);
    if (vehicle.telemetry.uid !== null) this.identified(vehicle, vehicle.telemetry.uid);
  }

  private untrack(id: string): void {
    this.tracked.get(id)?.unsubscribe();
    this.tracked.delete(id);
    this.pendingNames.delete(id);
  }

  private identified(vehicle: FleetVehicle, uid: string): void {
    const entry = this.tracked.get(vehicle.id);
    if (!entry || entry.storedUid === uid) return;
    entry.storedUid = uid;
    void this.enqueue(async () => {
      const pending = this.pendingNames.get(vehicle.id);
      this.pendingNames.delete(vehicle.id);
      const stored = await this.o.repo.getByUid(uid);
      const adminName = pending ?? ((stored?.profile as StoredProfile | undefined)?.customName ? stored?.name : undefined);
      if (adminName !== undefined && vehicle.name !== adminName) this.o.fleet.rename(vehicle.id, adminName);
      return this.save(vehicle, uid, adminName, stored);
    });
  }

  /** Upserts the record; `adminName` marks the name as given by an admin. */
  private async save(vehicle: FleetVehicle, uid: string, adminName: string | undefined, known?: Vehicle): Promise<Vehicle> {
    const before = known ?? (await this.o.repo.getByUid(uid));
    const t = vehicle.telemetry;
    const profile: StoredProfile = {
      ...(before?.profile as StoredProfile | undefined),
      firmware: t.firmware,
      vehicleType: t.vehicleType,
      compid: t.compid,
      ...(adminName !== undefined && { customName: true }),
    };
    return this.o.repo.upsertByUid({ uid, name: adminName ?? vehicle.name, sysid: t.sysid, profile: { ...profile } }, this.o.now());
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch((err: Error) => this.o.onError?.(err));
    return run;
  }
}
