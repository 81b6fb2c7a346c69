/** The images table: photos announced, fetched, uploaded; the API's filters and the ingest's state changes. */
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { isUniqueViolation } from '../store/errors.js';
import type { Schema } from '../store/schema.js';
import type { ImagesTable } from '../store/schema-imagery.js';
import type { ImageStatus, Patrol } from '../protocol-imagery.js';

/** One stored row. */
export type ImageRow = Selectable<ImagesTable>;

/** Fields of a new row; the repository fills id, attempts and times. */
export type NewImage = Omit<Insertable<ImagesTable>, 'id' | 'attempts' | 'created_at' | 'updated_at'>;

/** Fields set when a file is stored into a row. */
export type StoredFile = Pick<ImagesTable, 'sha256' | 'bytes' | 'width' | 'height' | 'mime'> &
  Partial<Pick<ImagesTable, 'footprint' | 'camera' | 'patrol' | 'plan_id' | 'lat' | 'lon' | 'alt_msl' | 'yaw' | 'file_name' | 'captured_at'>>;

/** Filters and page of {@link ImagesRepo.list}. */
export interface ImageQuery {
  /** Vehicle id or name. */
  vehicle?: string;
  plan?: string;
  patrol?: Patrol;
  status?: ImageStatus;
  /** West, south, east, north (degrees): photos whose position is inside. */
  bbox?: [number, number, number, number];
  /** Photos captured (or, when the capture time is unknown, recorded) at or after this ms time. */
  since?: number;
  limit?: number;
  offset?: number;
}

/** Largest page {@link ImagesRepo.list} returns. */
export const MAX_IMAGE_PAGE = 500;

/** Reads and writes photo rows. */
export class ImagesRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /**
   * Records a live announcement once: a repeat of the same photo (same vehicle, index and capture
   * time) returns the existing row with `created` false, adding the URL if the first one had none
   * (`urlAdded`).
   */
  async announce(values: NewImage, now: number): Promise<{ row: ImageRow; created: boolean; urlAdded: boolean }> {
    const row = this.newRow({ ...values, source: 'live' }, now);
    try {
      await this.db.insertInto('images').values(row).execute();
      return { row: row as ImageRow, created: true, urlAdded: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const existing = await this.db
      .selectFrom('images')
      .selectAll()
      .where('source', '=', 'live')
      .where('vehicle_id', '=', values.vehicle_id ?? null)
      .where('image_index', '=', values.image_index ?? null)
      .where('capture_ms', '=', values.capture_ms ?? null)
      .executeTakeFirstOrThrow();
    if (existing.url === null && values.url) {
      const updated = await this.update(existing.id, { url: values.url }, now);
      return { row: updated ?? existing, created: false, urlAdded: updated !== undefined };
    }
    return { row: existing, created: false, urlAdded: false };
  }

  /** Inserts a row as given (uploads). */
  async insert(values: NewImage, now: number): Promise<ImageRow> {
    const row = this.newRow(values, now);
    await this.db.insertInto('images').values(row).execute();
    return row as ImageRow;
  }

  async get(id: string): Promise<ImageRow | undefined> {
    return this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Matching rows, newest capture first, with the total count of matches. */
  async list(q: ImageQuery = {}): Promise<{ rows: ImageRow[]; total: number }> {
    const limit = Math.min(MAX_IMAGE_PAGE, Math.max(1, Math.floor(q.limit ?? 100)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    let base = this.db.selectFrom('images');
    if (q.vehicle !== undefined) {
      const v = q.vehicle;
      base = base.where((eb) => eb.or([eb('vehicle_id', '=', v), eb('vehicle_name', '=', v)]));
    }
    if (q.plan !== undefined) base = base.where('plan_id', '=', q.plan);
    if (q.patrol !== undefined) base = base.where('patrol', '=', q.patrol);
    if (q.status !== undefined) base = base.where('status', '=', q.status);
    if (q.bbox !== undefined) {
      const [w, s, e, n] = q.bbox;
      base = base.where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
    }
    const when = sql<number>`coalesce(captured_at, created_at)`;
    if (q.since !== undefined) base = base.where(when, '>=', q.since);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy(when, 'desc').orderBy('id').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** Live rows whose file is still to be fetched (after a restart: the fetches to resume). */
  async pendingFetches(): Promise<ImageRow[]> {
    return this.db
      .selectFrom('images')
      .selectAll()
      .where('source', '=', 'live')
      .where('url', 'is not', null)
      .where('status', 'in', ['announced', 'fetching'])
      .orderBy('created_at')
      .execute();
  }

  /** Marks a fetch attempt as started; returns the attempt number, or null when the row is gone or already stored. */
  async startAttempt(id: string, now: number): Promise<number | null> {
    const row = await this.db
      .updateTable('images')
      .set((eb) => ({ status: 'fetching', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('status', '!=', 'stored')
      .returning('attempts')
      .executeTakeFirst();
    return row ? Number(row.attempts) : null;
  }

  /** Records a failed attempt: back to announced (a retry is scheduled) or, when `final`, failed. */
  async attemptFailed(id: string, error: string, final: boolean, now: number): Promise<void> {
    await this.db
      .updateTable('images')
      .set({ status: final ? 'failed' : 'announced', last_error: error.slice(0, 1000), updated_at: now })
      .where('id', '=', id)
      .where('status', '!=', 'stored')
      .execute();
  }

  /** Stores a file into a row that has none yet; false when it already had one. */
  async markStored(id: string, file: StoredFile, now: number, db: Kysely<Schema> = this.db): Promise<boolean> {
    const result = await db
      .updateTable('images')
      .set({ ...file, status: 'stored', last_error: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '!=', 'stored')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Puts a failed (or waiting) live row back to a fresh start; undefined when it is stored or has no URL. */
  async resetForRetry(id: string, now: number): Promise<ImageRow | undefined> {
    return this.db
      .updateTable('images')
      .set({ status: 'announced', attempts: 0, last_error: null, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'announced'])
      .where('url', 'is not', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** A stored row holding these bytes, if any. */
  async findBySha(sha256: string): Promise<ImageRow | undefined> {
    return this.db.selectFrom('images').selectAll().where('sha256', '=', sha256).where('status', '=', 'stored').orderBy('created_at').executeTakeFirst();
  }

  /**
   * A capture event of the vehicle (id or name) still waiting for its file: the one with this
   * index, or with no index the one captured nearest `at` within `toleranceMs`.
   */
  async findCapture(vehicle: string, index: number | null, at: number | null, toleranceMs: number): Promise<ImageRow | undefined> {
    let q = this.db
      .selectFrom('images')
      .selectAll()
      .where('source', '=', 'live')
      .where('status', 'in', ['announced', 'failed'])
      .where('sha256', 'is', null)
      .where((eb) => eb.or([eb('vehicle_id', '=', vehicle), eb('vehicle_name', '=', vehicle)]));
    if (index !== null) {
      const rows = await q.where('image_index', '=', index).orderBy('created_at', 'desc').execute();
      // The same index in several flights: the time decides when there is one.
      if (rows.length <= 1 || at === null) return rows[0];
      return nearest(rows, at, Infinity);
    }
    if (at === null) return undefined;
    q = q.where('captured_at', '>=', at - toleranceMs).where('captured_at', '<=', at + toleranceMs);
    return nearest(await q.execute(), at, toleranceMs);
  }

  /** Stored rows of a plan that have a footprint (the patrol's coverage). */
  async footprints(planId: string): Promise<ImageRow[]> {
    return this.db
      .selectFrom('images')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('footprint', 'is not', null)
      .orderBy('captured_at')
      .orderBy('id')
      .execute();
  }

  private async update(id: string, patch: Updateable<ImagesTable>, now: number): Promise<ImageRow | undefined> {
    return this.db.updateTable('images').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  private newRow(values: NewImage, now: number): Insertable<ImagesTable> {
    return {
      sha256: null, bytes: null, width: null, height: null, mime: null,
      vehicle_id: null, vehicle_name: null, plan_id: null, patrol: null,
      url: null, last_error: null, image_index: null, capture_ms: null, captured_at: null,
      lat: null, lon: null, alt_msl: null, rel_alt: null, yaw: null, pitch: null, roll: null,
      camera: null, footprint: null, file_name: null,
      ...values,
      id: randomUUID(),
      attempts: 0,
      created_at: now,
      updated_at: now,
    };
  }
}

function nearest(rows: ImageRow[], at: number, toleranceMs: number): ImageRow | undefined {
  let best: ImageRow | undefined;
  let bestGap = Infinity;
  for (const r of rows) {
    if (r.captured_at === null) continue;
    const gap = Math.abs(Number(r.captured_at) - at);
    if (gap <= toleranceMs && gap < bestGap) {
      best = r;
      bestGap = gap;
    }
  }
  return best ?? (toleranceMs === Infinity ? rows[0] : undefined);
}
