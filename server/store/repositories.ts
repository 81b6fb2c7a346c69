/** All repositories over one open store, for wiring into the server. */
import type { Kysely } from 'kysely';
import { AuditRepo } from './audit-repo.js';
import { PlansRepo } from './plans-repo.js';
import type { Schema } from './schema.js';
import { SessionsRepo } from './sessions-repo.js';
import { SitesRepo } from './sites-repo.js';
import { UsersRepo } from './users-repo.js';
import { VehiclesRepo } from './vehicles-repo.js';

/** One instance of each repository. */
export interface Repositories {
  sites: SitesRepo;
  vehicles: VehiclesRepo;
  plans: PlansRepo;
  users: UsersRepo;
  sessions: SessionsRepo;
  audit: AuditRepo;
}

/** Creates every repository over `db`. */
export function createRepositories(db: Kysely<Schema>): Repositories {
  return {
    sites: new SitesRepo(db),
    vehicles: new VehiclesRepo(db),
    plans: new PlansRepo(db),
    users: new UsersRepo(db),
    sessions: new SessionsRepo(db),
    audit: new AuditRepo(db),
  };
}
