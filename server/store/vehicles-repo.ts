/** Vehicles the fleet knows: system id, name, profile and MAVLink signing key. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError, uniqueOr } from './errors.js';
import type { Schema, VehiclesTable } from './schema.js';

/** MAVLink 2 signing keys are exactly this many bytes. */
export const SIGNING_KEY_BYTES = 32;

/** A vehicle as the rest of the server sees it. */
export interface Vehicle {
  id: string;
  name: string;
  /** Autopilot unique id, when the vehicle reported one. */
  uid: string | null;
  sysid: number;
  profile: Record<string, unknown>;
  signingKey: Buffer | null;
  createdAt: number;
  updatedAt: number;
}

/** Fields given when creating a vehicle. */
export interface NewVehicle {
  name: string;
  sysid: number;
  uid?: string | null;
  profile?: Record<string, unknown>;
}

/** Reads and writes vehicles. */
export class VehiclesRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Stores a new vehicle; a taken uid raises DuplicateError. */
  async create(input: NewVehicle, now: number): Promise<Vehicle> {
    const row = {
      id: randomUUID(),
      name: input.name,
      uid: input.uid ?? null,
      sysid: input.sysid,
      profile: JSON.stringify(input.profile ?? {}),
      signing_key: null,
      created_at: now,
      updated_at: now,
    };
    await uniqueOr(() => this.db.insertInto('vehicles').values(row).execute(), `vehicle uid "${input.uid}" is already registered`);
    return toVehicle(row);
  }

  /**
   * Creates the vehicle with this uid, or updates its name, system id (and profile, when given)
   * if it is already known. The id and signing key of a known vehicle are kept.
   */
  async upsertByUid(input: NewVehicle & { uid: string }, now: number): Promise<Vehicle> {
    const row = await this.db
      .insertInto('vehicles')
      .values({
        id: randomUUID(),
        name: input.name,
        uid: input.uid,
        sysid: input.sysid,
        profile: JSON.stringify(input.profile ?? {}),
        signing_key: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('uid').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          sysid: eb.ref('excluded.sysid'),
          ...(input.profile !== undefined && { profile: eb.ref('excluded.profile') }),
          updated_at: now,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVehicle(row);
  }

  /** The vehicle with this id, if any. */
  async get(id: string): Promise<Vehicle | undefined> {
    const row = await this.db.selectFrom('vehicles').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toVehicle(row);
  }

  /** The vehicle with this autopilot uid, if any. */
  async getByUid(uid: string): Promise<Vehicle | undefined> {
    const row = await this.db.selectFrom('vehicles').selectAll().where('uid', '=', uid).executeTakeFirst();
    return row && toVehicle(row);
  }

  /** All vehicles, by system id then name. */
  async list(): Promise<Vehicle[]> {
    const rows = await this.db.selectFrom('vehicles').selectAll().orderBy('sysid').orderBy('name').orderBy('id').execute();
    return rows.map(toVehicle);
  }

  /** Sets (or with null, clears) the 32-byte signing key; throws NotFoundError or RangeError. */
  async setSigningKey(id: string, key: Uint8Array | null, now: number): Promise<Vehicle> {
    if (key && key.length !== SIGNING_KEY_BYTES) {
      throw new RangeError(`signing key must be ${SIGNING_KEY_BYTES} bytes, got ${key.length}`);
    }
    const row = await this.db
      .updateTable('vehicles')
      .set({ signing_key: key ? Buffer.from(key).toString('hex') : null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`vehicle ${id} not found`);
    return toVehicle(row);
  }

  /** Deletes the vehicle; true when it existed. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('vehicles').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toVehicle(row: Selectable<VehiclesTable>): Vehicle {
  return {
    id: row.id,
    name: row.name,
    uid: row.uid,
    sysid: Number(row.sysid),
    profile: JSON.parse(row.profile) as Record<string, unknown>,
    signingKey: row.signing_key === null ? null : Buffer.from(row.signing_key, 'hex'),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
