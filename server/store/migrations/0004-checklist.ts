/** Pre-flight checklists: a template per site and each vehicle's ticks and override. */
import type { Kysely } from 'kysely';

/** Creates the checklist tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checklist_templates')
    .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('vehicle_checklists')
    .addColumn('vehicle_id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('ticks', 'text', (c) => c.notNull())
    .addColumn('override', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the checklist tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vehicle_checklists').execute();
  await db.schema.dropTable('checklist_templates').execute();
}
