/** Stored checklist templates (per site) and vehicle checklists (ticks and override). */
import type { Kysely } from 'kysely';
import type { ChecklistTemplate } from '../protocol-checklist.js';
import type { Schema } from '../store/schema.js';

/** A ticked manual item. */
export interface Tick {
  /** Username, as shown to other operators. */
  by: string;
  userId: string | null;
  at: number;
  note: string | null;
}

/** An admin's permission to arm without a complete checklist. */
export interface Override {
  by: string;
  userId: string | null;
  at: number;
  reason: string;
  until: number;
}

/** One vehicle's stored checklist state. */
export interface VehicleChecklistRecord {
  vehicleId: string;
  siteId: string | null;
  ticks: Record<string, Tick>;
  override: Override | null;
  updatedAt: number;
}

/** Reads and writes checklist rows. */
export class ChecklistRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The site's own template, if it has one. */
  async template(siteId: string): Promise<ChecklistTemplate | undefined> {
    const row = await this.db.selectFrom('checklist_templates').select('template').where('site_id', '=', siteId).executeTakeFirst();
    return row && (JSON.parse(row.template) as ChecklistTemplate);
  }

  /** Stores the site's template, replacing any earlier one. */
  async setTemplate(siteId: string, template: ChecklistTemplate, userId: string | null, now: number): Promise<void> {
    const row = { site_id: siteId, template: JSON.stringify(template), updated_at: now, updated_by: userId };
    await this.db
      .insertInto('checklist_templates')
      .values(row)
      .onConflict((oc) => oc.column('site_id').doUpdateSet({ template: row.template, updated_at: now, updated_by: userId }))
      .execute();
  }

  /** The vehicle's checklist state, if anything was ever ticked for it. */
  async vehicle(vehicleId: string): Promise<VehicleChecklistRecord | undefined> {
    const row = await this.db.selectFrom('vehicle_checklists').selectAll().where('vehicle_id', '=', vehicleId).executeTakeFirst();
    if (!row) return undefined;
    return {
      vehicleId: row.vehicle_id,
      siteId: row.site_id,
      ticks: JSON.parse(row.ticks) as Record<string, Tick>,
      override: row.override === null ? null : (JSON.parse(row.override) as Override),
      updatedAt: Number(row.updated_at),
    };
  }

  /** Stores the vehicle's checklist state, replacing the earlier one. */
  async saveVehicle(record: VehicleChecklistRecord): Promise<void> {
    const row = {
      vehicle_id: record.vehicleId,
      site_id: record.siteId,
      ticks: JSON.stringify(record.ticks),
      override: record.override === null ? null : JSON.stringify(record.override),
      updated_at: record.updatedAt,
    };
    await this.db
      .insertInto('vehicle_checklists')
      .values(row)
      .onConflict((oc) => oc.column('vehicle_id').doUpdateSet({ site_id: row.site_id, ticks: row.ticks, override: row.override, updated_at: row.updated_at }))
      .execute();
  }
}
