/** Imagery: the images table with the indexes that the API filters and the live ingest's dedupe use. */
import { sql, type Kysely } from 'kysely';

/** Creates the images table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text')
    .addColumn('bytes', 'bigint')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('mime', 'text')
    .addColumn('vehicle_id', 'text')
    .addColumn('vehicle_name', 'text')
    // No foreign key: a photo outlives the plan it was taken for.
    .addColumn('plan_id', 'text')
    .addColumn('patrol', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('image_index', 'bigint')
    .addColumn('capture_ms', 'bigint')
    .addColumn('captured_at', 'bigint')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('alt_msl', 'double precision')
    .addColumn('rel_alt', 'double precision')
    .addColumn('yaw', 'double precision')
    .addColumn('pitch', 'double precision')
    .addColumn('roll', 'double precision')
    .addColumn('camera', 'text')
    .addColumn('footprint', 'text')
    .addColumn('file_name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One row per announced photo, however often the drone re-sends the announcement.
  await db.schema
    .createIndex('images_live_capture')
    .on('images')
    .columns(['vehicle_id', 'image_index', 'capture_ms'])
    .unique()
    .where(sql.ref('source'), '=', 'live')
    .execute();
  await db.schema.createIndex('images_sha256').on('images').column('sha256').execute();
  await db.schema.createIndex('images_status').on('images').column('status').execute();
  await db.schema.createIndex('images_plan_id').on('images').column('plan_id').execute();
  await db.schema.createIndex('images_captured_at').on('images').column('captured_at').execute();
}

/** Drops the images table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('images').execute();
}
