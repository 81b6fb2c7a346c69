/**
 * Pre-flight checklists: each vehicle's items evaluated against its site's template, ticks and
 * overrides stored and audited, and the gate the arm command passes through.
 */
import type { z } from 'zod';
import type { FleetView } from '../api/fleet-view.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { AuthContext } from '../auth/request-auth.js';
import { ControlError } from '../control/control-errors.js';
import type { FleetControl } from '../control/fleet-control.js';
import {
  ChecklistOverrideSchema,
  ChecklistTemplateSchema,
  ChecklistTickSchema,
  DEFAULT_CHECKLIST_TEMPLATE,
  type ChecklistDTO,
  type ChecklistTemplate,
} from '../protocol-checklist.js';
import type { VehicleDTO } from '../protocol.js';
import type { Store } from '../store/database.js';
import type { SitesRepo } from '../store/sites-repo.js';
import { ChecklistRepo, type Tick, type VehicleChecklistRecord } from './checklist-repo.js';
import { blockingSummary, evaluateChecklist, type FenceCheck } from './evaluate.js';

/** What the arm command path needs: a refusal (409 `checklist_incomplete`) unless the vehicle may arm. */
export interface ChecklistGate {
  assertCanArm(vehicleId: string, actor: AuthContext | null): Promise<void>;
}

/** The parts of the application context the checklist uses. */
export interface ChecklistDeps {
  store: Pick<Store, 'db'>;
  repos: { sites: Pick<SitesRepo, 'get'> };
  audit: Pick<AuditLog, 'record'>;
  fleet: Pick<FleetView, 'get'>;
  control: Pick<FleetControl, 'download'>;
  /** Wall-clock ms. */
  now(): number;
}

export interface ChecklistOptions {
  /** How long a ticked item counts (default 2 h: a checklist is done for a flight, not for the day). */
  tickValidMs?: number;
  /** How long an admin's override lets the vehicle arm (default 15 min). */
  overrideValidMs?: number;
  /** An arm re-checks the geofence when the last check is older than this (default 60 s). */
  fenceFreshMs?: number;
  /** Hold arming back until the checklist is complete (default true; test servers may run without). */
  required?: boolean;
}

/** The first problems of a zod error as `field: problem` lines joined by "; ". */
function problems(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${[...i.path, k].join('.')}: unknown field`).join('; ');
      return `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`;
    })
    .join('; ');
}

function invalid(message: string): ControlError {
  return new ControlError(400, 'invalid', message);
}

export class ChecklistService implements ChecklistGate {
  private readonly repo: ChecklistRepo;
  private readonly fences = new Map<string, FenceCheck>();
  private readonly fenceChecks = new Map<string, Promise<FenceCheck>>();
  /** Writes per vehicle run one after another, so two operators' ticks never overwrite each other. */
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly tickValidMs: number;
  private readonly overrideValidMs: number;
  private readonly fenceFreshMs: number;
  private readonly required: boolean;

  constructor(
    private readonly deps: ChecklistDeps,
    opts: ChecklistOptions = {},
  ) {
    this.repo = new ChecklistRepo(deps.store.db);
    this.tickValidMs = opts.tickValidMs ?? 2 * 3600_000;
    this.overrideValidMs = opts.overrideValidMs ?? 15 * 60_000;
    this.fenceFreshMs = opts.fenceFreshMs ?? 60_000;
    this.required = opts.required ?? true;
  }

  /** The vehicle's checklist now. */
  async get(vehicleId: string): Promise<ChecklistDTO> {
    const vehicle = this.vehicle(vehicleId);
    return this.evaluate(vehicle, await this.record(vehicleId));
  }

  /** Ticks or unticks manual items (and may set the site), as `actor`. */
  async tick(vehicleId: string, input: unknown, actor: AuthContext | null): Promise<ChecklistDTO> {
    const vehicle = this.vehicle(vehicleId);
    const parsed = ChecklistTickSchema.safeParse(input);
    if (!parsed.success) throw invalid(problems(parsed.error));
    const body = parsed.data;
    return this.serial(vehicleId, async () => {
      const record = await this.record(vehicleId);
      if (body.siteId !== undefined) {
        if (body.siteId !== null && !(await this.deps.repos.sites.get(body.siteId))) throw invalid(`siteId: no site with id '${body.siteId}'`);
        record.siteId = body.siteId;
      }
      const template = await this.templateFor(record.siteId);
      const now = this.deps.now();
      const ticks: Record<string, Tick> = { ...record.ticks };
      body.items.forEach((item, i) => {
        const spec = template.manual.find((m) => m.id === item.id);
        if (!spec) {
          throw invalid(`items.${i}.id: '${item.id}' is not a manual item of this checklist (${template.manual.map((m) => m.id).join(', ') || 'none'})`);
        }
        if (!item.done) {
          delete ticks[item.id];
          return;
        }
        if (spec.requiresNote && !item.note) throw invalid(`items.${i}.note: ${item.id} needs a note of what was checked`);
        ticks[item.id] = { by: actor?.username ?? 'unknown', userId: actor?.userId ?? null, at: now, note: item.note || null };
      });
      const next: VehicleChecklistRecord = { ...record, ticks, updatedAt: now };
      await this.repo.saveVehicle(next);
      await this.deps.audit.record({
        actor,
        action: 'checklist.tick',
        target: vehicleId,
        detail: { siteId: next.siteId, items: body.items.map((i) => ({ id: i.id, done: i.done })) },
        outcome: 'ok',
      });
      return this.evaluate(vehicle, next);
    });
  }

  /** Lets the vehicle arm without a complete checklist for a while; audited with the reason. */
  async override(vehicleId: string, input: unknown, actor: AuthContext | null): Promise<ChecklistDTO> {
    const vehicle = this.vehicle(vehicleId);
    const parsed = ChecklistOverrideSchema.safeParse(input);
    if (!parsed.success) throw invalid(problems(parsed.error));
    return this.serial(vehicleId, async () => {
      const record = await this.record(vehicleId);
      const now = this.deps.now();
      const before = await this.evaluate(vehicle, record);
      const override = { by: actor?.username ?? 'unknown', userId: actor?.userId ?? null, at: now, reason: parsed.data.reason, until: now + this.overrideValidMs };
      const next: VehicleChecklistRecord = { ...record, override, updatedAt: now };
      await this.repo.saveVehicle(next);
      await this.deps.audit.record({
        actor,
        action: 'checklist.override',
        target: vehicleId,
        detail: { reason: override.reason, until: override.until, incomplete: before.items.filter((i) => i.state !== 'pass').map((i) => i.id) },
        outcome: 'ok',
      });
      return this.evaluate(vehicle, next);
    });
  }

  /** Asks the vehicle which geofence it holds (a fence download) and re-evaluates. */
  async checkGeofence(vehicleId: string): Promise<ChecklistDTO> {
    const vehicle = this.vehicle(vehicleId);
    await this.fenceCheck(vehicleId);
    return this.evaluate(vehicle, await this.record(vehicleId));
  }

  /** The site's template, or the default one when it has none. */
  async template(siteId: string): Promise<ChecklistTemplate> {
    if (!(await this.deps.repos.sites.get(siteId))) throw new ControlError(404, 'not_found', `no site with id '${siteId}'`);
    return (await this.repo.template(siteId)) ?? DEFAULT_CHECKLIST_TEMPLATE;
  }

  /** Replaces the site's template; audited. */
  async setTemplate(siteId: string, input: unknown, actor: AuthContext | null): Promise<ChecklistTemplate> {
    const parsed = ChecklistTemplateSchema.safeParse(input);
    if (!parsed.success) throw invalid(problems(parsed.error));
    if (!(await this.deps.repos.sites.get(siteId))) throw new ControlError(404, 'not_found', `no site with id '${siteId}'`);
    await this.repo.setTemplate(siteId, parsed.data, actor?.userId ?? null, this.deps.now());
    await this.deps.audit.record({ actor, action: 'checklist.template', target: siteId, detail: parsed.data, outcome: 'ok' });
    return parsed.data;
  }

  /**
   * Refuses (409 `checklist_incomplete`, naming what is missing) to let a disarmed vehicle arm
   * unless its checklist is complete now or an admin's override is in force. A geofence check
   * older than a minute is made again first. Without the requirement it lets everything through.
   */
  async assertCanArm(vehicleId: string, actor: AuthContext | null): Promise<void> {
    if (!this.required) return;
    const vehicle = this.vehicle(vehicleId);
    if (vehicle.armed) return;
    const record = await this.record(vehicleId);
    let checklist = await this.evaluate(vehicle, record);
    if (!checklist.override && checklist.items.some((i) => i.id === 'geofence')) {
      const fence = this.fences.get(vehicleId);
      if (!fence || this.deps.now() - fence.at > this.fenceFreshMs) {
        await this.fenceCheck(vehicleId);
        checklist = await this.evaluate(vehicle, record);
      }
    }
    if (checklist.complete) return;
    if (checklist.override) {
      await this.deps.audit.record({
        actor,
        action: 'checklist.override_used',
        target: vehicleId,
        detail: { overrideBy: checklist.override.by, reason: checklist.override.reason, incomplete: blockingSummary(checklist) },
        outcome: 'ok',
      });
      return;
    }
    throw new ControlError(409, 'checklist_incomplete', `pre-flight checklist of ${vehicle.name} is not complete: ${blockingSummary(checklist)}`);
  }

  private vehicle(vehicleId: string): VehicleDTO {
    const v = this.deps.fleet.get(vehicleId);
    if (!v) throw new ControlError(404, 'not_found', `no vehicle with id '${vehicleId}'`);
    return v;
  }

  private async record(vehicleId: string): Promise<VehicleChecklistRecord> {
    return (await this.repo.vehicle(vehicleId)) ?? { vehicleId, siteId: null, ticks: {}, override: null, updatedAt: 0 };
  }

  private async templateFor(siteId: string | null): Promise<ChecklistTemplate> {
    return (siteId === null ? undefined : await this.repo.template(siteId)) ?? DEFAULT_CHECKLIST_TEMPLATE;
  }

  private async evaluate(vehicle: VehicleDTO, record: VehicleChecklistRecord): Promise<ChecklistDTO> {
    return evaluateChecklist({
      vehicle,
      siteId: record.siteId,
      template: await this.templateFor(record.siteId),
      ticks: record.ticks,
      override: record.override,
      fence: this.fences.get(vehicle.id) ?? null,
      now: this.deps.now(),
      tickValidMs: this.tickValidMs,
      required: this.required,
    });
  }

  /** One fence download per vehicle at a time; callers arriving meanwhile share its answer. */
  private fenceCheck(vehicleId: string): Promise<FenceCheck> {
    const running = this.fenceChecks.get(vehicleId);
    if (running) return running;
    const check = this.deps.control
      .download(vehicleId, 'fence')
      .then(
        (items): FenceCheck => ({ count: items.length, at: this.deps.now(), error: null }),
        (err: unknown): FenceCheck => {
          if (err instanceof ControlError && err.status === 404) throw err;
          return { count: null, at: this.deps.now(), error: (err as Error).message };
        },
      )
      .then((result) => {
        this.fences.set(vehicleId, result);
        return result;
      })
      .finally(() => this.fenceChecks.delete(vehicleId));
    this.fenceChecks.set(vehicleId, check);
    return check;
  }

  private serial<T>(vehicleId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(vehicleId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.writes.set(vehicleId, next);
    void next.catch(() => {}).finally(() => {
      if (this.writes.get(vehicleId) === next) this.writes.delete(vehicleId);
    });
    return next;
  }
}
