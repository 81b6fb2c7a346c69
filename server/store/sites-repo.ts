/** Inspection sites: area, altitude limit and geofences. */
import { randomUUID } from 'node:crypto';
import type { Geometry, Feature } from 'geojson';
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError } from './errors.js';
import type { Schema, SitesTable } from './schema.js';

/** A site as the rest of the server sees it. */
export interface Site {
  id: string;
  name: string;
  /** Site area (normally a Polygon or MultiPolygon). */
  area: Geometry;
  altitudeLimitM: number;
  /** Inclusion or exclusion zones; their properties say which. */
  geofences: Feature[];
  createdAt: number;
  updatedAt: number;
}

/** Fields given when creating a site. */
export interface NewSite {
  name: string;
  area: Geometry;
  altitudeLimitM: number;
  geofences?: Feature[];
}

/** Reads and writes sites. */
export class SitesRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Stores a new site created at `now` (ms). */
  async create(input: NewSite, now: number): Promise<Site> {
    const row = {
      id: randomUUID(),
      name: input.name,
      area: JSON.stringify(input.area),
      altitude_limit_m: input.altitudeLimitM,
      geofences: JSON.stringify(input.geofences ?? []),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('sites').values(row).execute();
    return toSite(row);
  }

  /** The site with this id, if any. */
  async get(id: string): Promise<Site | undefined> {
    const row = await this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSite(row);
  }

  /** All sites, by name. */
  async list(): Promise<Site[]> {
    const rows = await this.db.selectFrom('sites').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toSite);
  }

  /** Changes the given fields; throws {@link NotFoundError} when the site is gone. */
  async update(id: string, patch: Partial<NewSite>, now: number): Promise<Site> {
    const row = await this.db
      .updateTable('sites')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.area !== undefined && { area: JSON.stringify(patch.area) }),
        ...(patch.altitudeLimitM !== undefined && { altitude_limit_m: patch.altitudeLimitM }),
        ...(patch.geofences !== undefined && { geofences: JSON.stringify(patch.geofences) }),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`site ${id} not found`);
    return toSite(row);
  }

  /** Deletes the site (its plans keep existing, unattached); true when it existed. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sites').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    name: row.name,
    area: JSON.parse(row.area) as Geometry,
    altitudeLimitM: Number(row.altitude_limit_m),
    geofences: JSON.parse(row.geofences) as Feature[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
