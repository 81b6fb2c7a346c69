/**
 * Commands, mission transfers and parameters for every vehicle of the fleet: validation, the
 * vehicle's own reason on refusal, progress events and a log of every command with its outcome.
 */
import type { Clock } from '../../hardware/clock.js';
import { actionToRequests, parseAction, type Action } from '../../hardware/vehicle/actions.js';
import { CommandError } from '../../hardware/vehicle/command/index.js';
import type { ParamEntry } from '../../hardware/vehicle/params/index.js';
import type { MissionItem, MissionType } from '../../missions/mission-item.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { ControlError, toControlError } from './control-errors.js';
import { VehicleServices, type OurIdentity } from './vehicle-services.js';

export interface CommandLogEntry {
  time: number;
  vehicleId: string;
  vehicleName: string;
  action: Action | unknown;
  outcome: string;
  message: string | null;
  durationMs: number;
}

export interface TransferEvent {
  vehicleId: string;
  missionType: MissionType;
  operation: 'upload' | 'download';
  done: number;
  total: number;
}

export interface ParamDTO {
  name: string;
  value: number;
  type: number;
  index: number;
}

export interface FleetControlOptions {
  fleet: FleetRegistry;
  clock: Clock;
  us: OurIdentity;
  /** Every command with its outcome, as it finishes. */
  onCommand?: (entry: CommandLogEntry) => void;
  onTransfer?: (event: TransferEvent) => void;
  logSize?: number;
}

const paramDTO = (name: string, p: ParamEntry): ParamDTO => ({ name, value: p.value, type: p.type, index: p.index });

export class FleetControl {
  private readonly services = new Map<string, VehicleServices>();
  private readonly log: CommandLogEntry[] = [];
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: FleetControlOptions) {}

  start(): void {
    for (const v of this.o.fleet.vehicles()) this.services.set(v.id, new VehicleServices(v, this.o.clock, this.o.us));
    this.unsubscribe = this.o.fleet.subscribe((e) => {
      if (e.kind === 'added') this.services.set(e.vehicle.id, new VehicleServices(e.vehicle, this.o.clock, this.o.us));
      else if (e.kind === 'restored') this.services.get(e.vehicle.id)?.follow();
      else if (e.kind === 'removed') {
        this.services.get(e.id)?.stop();
        this.services.delete(e.id);
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const s of this.services.values()) s.stop();
    this.services.clear();
  }

  /** Runs one action (a sequence of commands, each after the previous is accepted). */
  async command(vehicleId: string, input: unknown, onProgress?: (percent: number | null) => void): Promise<{ result: 'accepted'; tries: number }> {
    const s = this.get(vehicleId);
    const parsed = parseAction(input);
    if (!parsed.ok) throw new ControlError(400, 'invalid', parsed.error);
    const started = this.o.clock.now();
    const t = s.vehicle.telemetry;
    let tries = 0;
    try {
      const requests = actionToRequests(parsed.action, t.firmware, { homeAltMsl: t.home?.altMsl });
      for (const req of requests) tries += (await s.commands.send(req, { onProgress })).tries;
      this.record(s, parsed.action, started, 'accepted', null);
      return { result: 'accepted', tries };
    } catch (err) {
      if (err instanceof CommandError && !err.detail) err.detail = this.reasonSince(s, started);
      const e = toControlError(err);
      this.record(s, parsed.action, started, e.code, e.message);
      throw e;
    }
  }

  async upload(vehicleId: string, type: MissionType, items: readonly MissionItem[]): Promise<{ count: number }> {
    const s = this.get(vehicleId);
    try {
      await s.missions.upload(type, items, { onProgress: (p) => this.o.onTransfer?.({ vehicleId, missionType: type, operation: 'upload', ...p }) });
      return { count: items.length };
    } catch (err) {
      throw toControlError(err);
    }
  }

  async download(vehicleId: string, type: MissionType): Promise<MissionItem[]> {
    const s = this.get(vehicleId);
    try {
      return await s.missions.download(type, { onProgress: (p) => this.o.onTransfer?.({ vehicleId, missionType: type, operation: 'download', ...p }) });
    } catch (err) {
      throw toControlError(err);
    }
  }

  async clear(vehicleId: string, type: MissionType): Promise<void> {
    try {
      await this.get(vehicleId).missions.clear(type);
    } catch (err) {
      throw toControlError(err);
    }
  }

  /** Cancels the vehicle's running mission, fence or rally transfer; false when none runs. */
  cancelTransfer(vehicleId: string): { cancelled: boolean } {
    return { cancelled: this.get(vehicleId).missions.cancel() };
  }

  async params(vehicleId: string): Promise<ParamDTO[]> {
    try {
      const all = await this.get(vehicleId).params.fetchAll();
      return [...all].map(([name, p]) => paramDTO(name, p));
    } catch (err) {
      throw toControlError(err);
    }
  }

  async setParam(vehicleId: string, name: string, value: number): Promise<ParamDTO> {
    try {
      return paramDTO(name, await this.get(vehicleId).params.set(name, value));
    } catch (err) {
      throw toControlError(err);
    }
  }

  /** Recent commands, newest last; one vehicle's when `vehicleId` is given. */
  commandLog(vehicleId?: string): CommandLogEntry[] {
    return vehicleId ? this.log.filter((e) => e.vehicleId === vehicleId) : [...this.log];
  }

  private get(vehicleId: string): VehicleServices {
    const s = this.services.get(vehicleId);
    if (!s) throw new ControlError(404, 'not_found', `no vehicle with id '${vehicleId}'`);
    s.follow();
    return s;
  }

  /** The vehicle's own words since the command started (ArduPilot explains refusals in STATUSTEXT). */
  private reasonSince(s: VehicleServices, since: number): string | undefined {
    const texts = s.vehicle.telemetry.statusTexts.filter((x) => x.time >= since);
    return texts.length ? texts.map((x) => x.text).join('; ') : undefined;
  }

  private record(s: VehicleServices, action: Action, started: number, outcome: string, message: string | null): void {
    const entry: CommandLogEntry = {
      time: started,
      vehicleId: s.vehicle.id,
      vehicleName: s.vehicle.name,
      action,
      outcome,
      message,
      durationMs: this.o.clock.now() - started,
    };
    this.log.push(entry);
    if (this.log.length > (this.o.logSize ?? 1000)) this.log.shift();
    this.o.onCommand?.(entry);
  }
}
