/** Saved flight plans, with optimistic concurrency through a version number. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ConflictError, NotFoundError } from './errors.js';
import type { PlansTable, Schema } from './schema.js';

/** A plan as stored: its inputs and the mission items generated from them. */
export interface StoredPlan {
  id: string;
  siteId: string | null;
  name: string;
  /** Pattern that generated the items (e.g. "lawnmower", "corridor"). */
  pattern: string;
  /** Plan inputs, as the planner produced them. */
  plan: unknown;
  /** Generated mission items. */
  items: unknown[];
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  /** 1 when created, one more on every update. */
  version: number;
}

/** Fields given when creating a plan. */
export interface NewPlan {
  siteId?: string | null;
  name: string;
  pattern: string;
  plan: unknown;
  items: unknown[];
  createdBy?: string | null;
}

/** Fields an update may change. */
export type PlanPatch = Partial<Pick<NewPlan, 'siteId' | 'name' | 'pattern' | 'plan' | 'items'>>;

/** Reads and writes plans. */
export class PlansRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Stores a new plan at version 1. */
  async create(input: NewPlan, now: number): Promise<StoredPlan> {
    const row = {
      id: randomUUID(),
      site_id: input.siteId ?? null,
      name: input.name,
      pattern: input.pattern,
      plan: JSON.stringify(input.plan ?? null),
      items: JSON.stringify(input.items),
      created_by: input.createdBy ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.db.insertInto('plans').values(row).execute();
    return toPlan(row);
  }

  /** The plan with this id, if any. */
  async get(id: string): Promise<StoredPlan | undefined> {
    const row = await this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPlan(row);
  }

  /** Plans of one site (or, with null, plans attached to no site), newest change first. */
  async listBySite(siteId: string | null): Promise<StoredPlan[]> {
    const rows = await this.db
      .selectFrom('plans')
      .selectAll()
      .where('site_id', siteId === null ? 'is' : '=', siteId)
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toPlan);
  }

  /** All plans, newest change first. */
  async list(): Promise<StoredPlan[]> {
    const rows = await this.db.selectFrom('plans').selectAll().orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map(toPlan);
  }

  /**
   * Applies `patch` if the stored version is still `expectedVersion`, bumping the version.
   * Throws {@link ConflictError} when someone saved in between, {@link NotFoundError} when the plan is gone.
   */
  async update(id: string, expectedVersion: number, patch: PlanPatch, now: number): Promise<StoredPlan> {
    const row = await this.db
      .updateTable('plans')
      .set((eb) => ({
        ...(patch.siteId !== undefined && { site_id: patch.siteId }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.pattern !== undefined && { pattern: patch.pattern }),
        ...(patch.plan !== undefined && { plan: JSON.stringify(patch.plan) }),
        ...(patch.items !== undefined && { items: JSON.stringify(patch.items) }),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (row) return toPlan(row);
    return this.throwMissingOrConflict(id, expectedVersion);
  }

  /** Deletes the plan (only at `expectedVersion`, when given); false when it did not exist. */
  async delete(id: string, expectedVersion?: number): Promise<boolean> {
    let query = this.db.deleteFrom('plans').where('id', '=', id);
    if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
    const result = await query.executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) return true;
    if (expectedVersion !== undefined && (await this.get(id))) await this.throwMissingOrConflict(id, expectedVersion);
    return false;
  }

  private async throwMissingOrConflict(id: string, expectedVersion: number): Promise<never> {
    const current = await this.db.selectFrom('plans').select('version').where('id', '=', id).executeTakeFirst();
    if (!current) throw new NotFoundError(`plan ${id} not found`);
    const version = Number(current.version);
    throw new ConflictError(`plan ${id} was changed by someone else (version ${version}, expected ${expectedVersion})`, version);
  }
}

function toPlan(row: Selectable<PlansTable>): StoredPlan {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    pattern: row.pattern,
    plan: JSON.parse(row.plan) as unknown,
    items: JSON.parse(row.items) as unknown[],
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    version: Number(row.version),
  };
}
