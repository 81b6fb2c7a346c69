/**
 * Saved plans: validated where they will be flown before they are stored, turned into mission items,
 * kept with optimistic versions, exported as files and uploaded to a vehicle. Every change is
 * audited and announced to the fleet room, so a second operator's dashboard reloads it.
 */
import type { MissionItem } from '../../missions/mission-item.js';
import type { Plan } from '../../missions/plan.js';
import { planToItems } from '../../missions/plan-to-items.js';
import type { Finding } from '../../missions/validate.js';
import type { AppContext } from '../app-context.js';
import type { AuthContext } from '../auth/request-auth.js';
import type { VehiclePlan } from '../imagery/image-ingest.js';
import { FLEET_ROOM } from '../protocol.js';
import {
  PlanCreateSchema, PlanExportFormatSchema, PlanUpdateSchema, PlanUploadSchema,
  type PlanDTO, type PlanSummaryDTO,
} from '../protocol-plans.js';
import type { StoredPlan } from '../store/plans-repo.js';
import type { Site } from '../store/sites-repo.js';
import { ApiError, parseOr400 } from './api-error.js';
import { checkPlan } from './plan-check.js';
import { exportPlan, type ExportedFile } from './plan-export.js';
import { patrolOfPlan } from './plan-patrol.js';

/** The parts of the application the plan service uses. */
export type PlanServiceContext = Pick<AppContext, 'repos' | 'audit' | 'now' | 'io' | 'control'>;

export interface PlanServiceOptions {
  /** Told of each plan a vehicle has acknowledged as its mission, so its photos are filed under the plan and its patrol. */
  onUploaded?(vehicleId: string, plan: VehiclePlan): void;
}

const NUMBER_FIELDS = ['param1', 'param2', 'param3', 'param4', 'x', 'y', 'z'] as const;

/** Stored items with NaN brought back: JSON keeps MAVLink's "leave unchanged" NaN as null. */
export function reviveItems(items: readonly unknown[]): MissionItem[] {
  return items.map((raw) => {
    const item = { ...(raw as MissionItem) };
    for (const k of NUMBER_FIELDS) if ((item[k] as number | null) === null) item[k] = NaN;
    return item;
  });
}

function summary(p: StoredPlan): PlanSummaryDTO {
  return {
    id: p.id, siteId: p.siteId, name: p.name, pattern: (p.plan as Plan).pattern, itemCount: p.items.length,
    createdBy: p.createdBy, createdAt: p.createdAt, updatedAt: p.updatedAt, version: p.version,
  };
}

function toDTO(p: StoredPlan, findings: Finding[]): PlanDTO {
  const { itemCount: _count, ...rest } = summary(p);
  return { ...rest, plan: p.plan as Plan, items: reviveItems(p.items), findings };
}

/** The 400 for a plan with errors: every error in the message, and the findings for the planner to show. */
function refused(errors: Finding[]): ApiError {
  const list = errors.map((f) => f.message).join('; ');
  return new ApiError(400, 'invalid_plan', `plan: ${errors.length} error(s): ${list}`, { findings: errors });
}

export class PlanService {
  constructor(
    private readonly ctx: PlanServiceContext,
    private readonly opts: PlanServiceOptions = {},
  ) {}

  /** Every plan, or one site's (`siteId` "none": plans attached to no site), newest change first. */
  async list(siteId?: string): Promise<PlanSummaryDTO[]> {
    const repo = this.ctx.repos.plans;
    const rows = siteId === undefined ? await repo.list() : await repo.listBySite(siteId === 'none' ? null : siteId);
    return rows.map(summary);
  }

  /** One plan with its items and what validation finds now (the site may have changed since). */
  async get(id: string): Promise<PlanDTO> {
    const stored = await this.stored(id);
    const site = stored.siteId ? await this.ctx.repos.sites.get(stored.siteId) : undefined;
    return toDTO(stored, checkPlan(stored.plan as Plan, site).findings);
  }

  async create(body: unknown, actor: AuthContext | null): Promise<PlanDTO> {
    const input = parseOr400(PlanCreateSchema, body);
    const siteId = input.siteId ?? null;
    const { findings, errors } = checkPlan(input.plan, await this.site(siteId));
    if (errors.length > 0) throw refused(errors);
    const items = planToItems(input.plan);
    const stored = await this.ctx.repos.plans.create(
      { siteId, name: input.name, pattern: input.plan.pattern, plan: input.plan, items, createdBy: actor?.userId ?? null },
      this.ctx.now(),
    );
    await this.ctx.audit.record({ actor, action: 'plan.create', target: stored.id, detail: { name: stored.name, siteId, items: items.length }, outcome: 'ok' });
    this.announce(stored.id, stored.version);
    return toDTO(stored, findings);
  }

  /** Applies the change at the version the caller read; a stale version is 409 with the current one. */
  async update(id: string, body: unknown, actor: AuthContext | null): Promise<PlanDTO> {
    const input = parseOr400(PlanUpdateSchema, body);
    const before = await this.stored(id);
    const siteId = input.siteId !== undefined ? input.siteId : before.siteId;
    const plan = input.plan ?? (before.plan as Plan);
    const { findings, errors } = checkPlan(plan, await this.site(siteId));
    // Only a new plan or a new site can make a stored plan invalid; a rename never fails on it.
    if (errors.length > 0 && (input.plan !== undefined || input.siteId !== undefined)) throw refused(errors);
    const stored = await this.ctx.repos.plans.update(id, input.version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.siteId !== undefined && { siteId: input.siteId }),
      ...(input.plan !== undefined && { plan: input.plan, pattern: input.plan.pattern, items: planToItems(input.plan) }),
    }, this.ctx.now());
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await this.ctx.audit.record({ actor, action: 'plan.update', target: id, detail: { name: stored.name, version: stored.version, changed }, outcome: 'ok' });
    this.announce(id, stored.version);
    return toDTO(stored, findings);
  }

  /** Deletes the plan at the version the caller read. */
  async remove(id: string, version: unknown, actor: AuthContext | null): Promise<void> {
    const expected = Number(version);
    if (version === undefined || version === '' || !Number.isInteger(expected) || expected < 1) {
      throw new ApiError(400, 'invalid', 'version: give the version you read, e.g. ?version=3');
    }
    const before = await this.stored(id);
    if (!(await this.ctx.repos.plans.delete(id, expected))) throw new ApiError(404, 'not_found', `no plan with id '${id}'`);
    await this.ctx.audit.record({ actor, action: 'plan.delete', target: id, detail: { name: before.name, version: expected }, outcome: 'ok' });
    this.announce(id, expected, true);
  }

  async exportFile(id: string, format: unknown): Promise<ExportedFile & { name: string }> {
    const f = parseOr400(PlanExportFormatSchema, format ?? 'plan', 'format');
    const stored = await this.stored(id);
    return { ...exportPlan({ name: stored.name, plan: stored.plan as Plan, items: reviveItems(stored.items) }, f), name: stored.name };
  }

  /**
   * Uploads the plan's items as the vehicle's mission; progress goes out as `vehicle:transfer`.
   * Answers when the vehicle has acknowledged the whole list.
   */
  async upload(id: string, body: unknown, actor: AuthContext | null): Promise<{ count: number }> {
    const { vehicleId } = parseOr400(PlanUploadSchema, body);
    const stored = await this.stored(id);
    const detail = { planId: id, plan: stored.name, version: stored.version, items: stored.items.length };
    try {
      const result = await this.ctx.control.upload(vehicleId, 'mission', reviveItems(stored.items));
      this.opts.onUploaded?.(vehicleId, { planId: id, patrol: patrolOfPlan(stored.plan as Plan) });
      await this.ctx.audit.record({ actor, action: 'mission.upload', target: vehicleId, detail, outcome: 'ok' });
      return result;
    } catch (err) {
      await this.ctx.audit.record({ actor, action: 'mission.upload', target: vehicleId, detail: { ...detail, error: (err as Error).message }, outcome: 'error' });
      throw err;
    }
  }

  private async stored(id: string): Promise<StoredPlan> {
    const p = await this.ctx.repos.plans.get(id);
    if (!p) throw new ApiError(404, 'not_found', `no plan with id '${id}'`);
    return p;
  }

  private async site(siteId: string | null): Promise<Site | undefined> {
    if (siteId === null) return undefined;
    const site = await this.ctx.repos.sites.get(siteId);
    if (!site) throw new ApiError(400, 'invalid', `siteId: no site with id '${siteId}'`);
    return site;
  }

  private announce(id: string, version: number, deleted = false): void {
    this.ctx.io()?.to(FLEET_ROOM).emit('plans:changed', { id, version, ...(deleted && { deleted: true as const }) });
  }
}
