/** Accounts: username, password hash, roles and whether the account is disabled. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError, uniqueOr } from './errors.js';
import type { Schema, UsersTable } from './schema.js';

import { ROLES, isRole, type Role } from '../protocol-auth.js';

export { ROLES, isRole, type Role };

/** An account as the rest of the server sees it. */
export interface User {
  id: string;
  /** Always lower case: usernames are compared without regard to case. */
  username: string;
  passwordHash: string;
  roles: Role[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Fields given when creating an account. */
export interface NewUser {
  username: string;
  passwordHash: string;
  roles: Role[];
}

/** Reads and writes accounts. */
export class UsersRepo {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Stores a new account; a taken username raises DuplicateError. */
  async create(input: NewUser, now: number): Promise<User> {
    const username = normalise(input.username);
    const row = {
      id: randomUUID(),
      username,
      password_hash: input.passwordHash,
      roles: JSON.stringify(uniqueRoles(input.roles)),
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await uniqueOr(() => this.db.insertInto('users').values(row).execute(), `username "${username}" is already taken`);
    return toUser(row);
  }

  /** The account with this id, if any. */
  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** The account with this username (any case), if any. */
  async getByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', normalise(username)).executeTakeFirst();
    return row && toUser(row);
  }

  /** All accounts, by username. */
  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  /** True when some enabled account holds `role` (the server refuses to start without an admin). */
  async anyEnabledWithRole(role: Role): Promise<boolean> {
    // Roles live in a JSON text column; the account count is small, so filter here.
    const rows = await this.db.selectFrom('users').select('roles').where('disabled', '=', 0).execute();
    return rows.some((r) => parseRoles(r.roles).includes(role));
  }

  /** Replaces the account's roles. */
  async setRoles(id: string, roles: Role[], now: number): Promise<User> {
    return this.change(id, { roles: JSON.stringify(uniqueRoles(roles)), updated_at: now });
  }

  /** Replaces the account's password hash. */
  async setPasswordHash(id: string, passwordHash: string, now: number): Promise<User> {
    return this.change(id, { password_hash: passwordHash, updated_at: now });
  }

  /** Disables (or re-enables) the account; sessions are revoked separately. */
  async setDisabled(id: string, disabled: boolean, now: number): Promise<User> {
    return this.change(id, { disabled: disabled ? 1 : 0, updated_at: now });
  }

  private async change(id: string, set: Partial<Omit<UsersTable, 'id'>>): Promise<User> {
    const row = await this.db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError(`user ${id} not found`);
    return toUser(row);
  }
}

function normalise(username: string): string {
  return username.trim().toLowerCase();
}

function uniqueRoles(roles: Role[]): Role[] {
  for (const role of roles) if (!isRole(role)) throw new RangeError(`unknown role "${String(role)}"`);
  return ROLES.filter((r) => roles.includes(r));
}

// Unknown names are dropped so a role removed in a later version grants nothing.
function parseRoles(text: string): Role[] {
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? value.filter(isRole) : [];
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    roles: parseRoles(row.roles),
    disabled: Number(row.disabled) !== 0,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
