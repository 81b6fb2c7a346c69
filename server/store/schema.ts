/**
 * Table types for the store, shared by SQLite and PostgreSQL.
 *
 * Portable column choices: text ids (UUIDs), integer milliseconds since the epoch for times
 * (`bigint` on PostgreSQL, read back as numbers), JSON held in text columns, and 0/1 integers
 * for flags, so the same queries and row shapes work on both engines.
 */
import type { Generated } from 'kysely';
import type { AnnotationSchema } from './schema-annotation.js';
import type { ChecklistTemplatesTable, VehicleChecklistsTable } from './schema-checklist.js';
import type { ImagesTable } from './schema-imagery.js';

/** An inspection site: its area, altitude limit and geofences. */
export interface SitesTable {
  id: string;
  name: string;
  /** GeoJSON geometry of the site area, as JSON text. */
  area: string;
  altitude_limit_m: number;
  /** JSON array of geofences. */
  geofences: string;
  created_at: number;
  updated_at: number;
}

/** A vehicle the fleet has met or been told about. */
export interface VehiclesTable {
  id: string;
  name: string;
  /** Autopilot unique id (AUTOPILOT_VERSION.uid), when known. */
  uid: string | null;
  sysid: number;
  /** JSON object describing the airframe and payload. */
  profile: string;
  /** MAVLink 2 signing key, 32 bytes as lowercase hex. */
  signing_key: string | null;
  created_at: number;
  updated_at: number;
}

/** A saved flight plan; `version` grows by one on every update (optimistic concurrency). */
export interface PlansTable {
  id: string;
  site_id: string | null;
  name: string;
  pattern: string;
  /** JSON of the plan inputs. */
  plan: string;
  /** JSON array of generated mission items. */
  items: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

/** An account. */
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  /** JSON array of role names. */
  roles: string;
  /** 1 when the account may no longer sign in. */
  disabled: number;
  created_at: number;
  updated_at: number;
}

/** A sign-in session; the id is a hash of the bearer token, never the token itself. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string | null;
}

/** One audited action; the auto-increment id keeps the order of entries written in the same millisecond. */
export interface AuditLogTable {
  id: Generated<number>;
  time: number;
  user_id: string | null;
  action: string;
  target: string | null;
  /** JSON detail of the action. */
  detail: string;
  outcome: string;
}

/** The whole database, as Kysely sees it. */
export interface Schema extends AnnotationSchema {
  sites: SitesTable;
  vehicles: VehiclesTable;
  plans: PlansTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  checklist_templates: ChecklistTemplatesTable;
  vehicle_checklists: VehicleChecklistsTable;
  images: ImagesTable;
}
