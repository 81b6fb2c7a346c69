/**
 * Account management for admins: create, change roles, disable, reset a password. Never leaves the
 * platform without an enabled admin, and ends the sessions of an account that loses access.
 */
import { z } from 'zod';
import { ROLES, type Role, type UserDTO } from '../protocol-auth.js';
import { DuplicateError, NotFoundError } from '../store/errors.js';
import type { Repositories } from '../store/repositories.js';
import type { User } from '../store/users-repo.js';
import type { AuditLog } from './audit-log.js';
import { AuthError } from './auth-error.js';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem } from './passwords.js';
import type { AuthContext } from './request-auth.js';

const RolesSchema = z.array(z.enum(ROLES)).min(1, 'at least one role');

/** `POST /api/users` body. */
export const NewUserSchema = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit'),
  password: z.string().max(MAX_PASSWORD_LENGTH),
  roles: RolesSchema,
}).strict();

/** `PATCH /api/users/:id` body. */
export const UserPatchSchema = z.object({
  roles: RolesSchema.optional(),
  disabled: z.boolean().optional(),
  password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
}).strict();

export type NewUserInput = z.infer<typeof NewUserSchema>;
export type UserPatch = z.infer<typeof UserPatchSchema>;

export interface UserAdminOptions {
  repos: Repositories;
  audit: AuditLog;
  now: () => number;
  /** Disconnects the live connections of these sessions. */
  disconnectSessions: (sessionIds: string[]) => void;
}

export class UserAdmin {
  constructor(private readonly o: UserAdminOptions) {}

  /** Every account, by username. */
  async list(): Promise<UserDTO[]> {
    return (await this.o.repos.users.list()).map(toUserDTO);
  }

  /** Creates an account; a taken username is 409. */
  async create(actor: AuthContext, input: NewUserInput): Promise<UserDTO> {
    const problem = passwordProblem(input.password);
    if (problem) throw new AuthError(400, 'invalid', `password: ${problem}`);
    try {
      const user = await this.o.repos.users.create({ username: input.username, passwordHash: await hashPassword(input.password), roles: input.roles }, this.o.now());
      await this.o.audit.record({ actor, action: 'user.create', target: user.id, detail: { created: user.username, roles: user.roles }, outcome: 'ok' });
      return toUserDTO(user);
    } catch (err) {
      if (err instanceof DuplicateError) throw new AuthError(409, 'duplicate', `username: ${err.message}`);
      throw err;
    }
  }

  /**
   * Changes roles, enables or disables, or resets the password. Disabling or a password reset ends
   * the account's sessions; a role change disconnects its sockets so they reconnect with the new roles.
   */
  async update(actor: AuthContext, id: string, patch: UserPatch): Promise<UserDTO> {
    const before = await this.o.repos.users.get(id);
    if (!before) throw new AuthError(404, 'not_found', `no user with id '${id}'`);
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password);
      if (problem) throw new AuthError(400, 'invalid', `password: ${problem}`);
    }
    await this.keepAnAdmin(before, patch);
    const now = this.o.now();
    const users = this.o.repos.users;
    let user = before;
    try {
      if (patch.roles) user = await users.setRoles(id, patch.roles, now);
      if (patch.disabled !== undefined) user = await users.setDisabled(id, patch.disabled, now);
      if (patch.password !== undefined) user = await users.setPasswordHash(id, await hashPassword(patch.password), now);
    } catch (err) {
      if (err instanceof NotFoundError) throw new AuthError(404, 'not_found', `no user with id '${id}'`);
      throw err;
    }
    const sessions = await this.o.repos.sessions.listValidForUser(id, now);
    if (patch.disabled === true || patch.password !== undefined) await this.o.repos.sessions.revokeAllForUser(id, now);
    if (patch.disabled === true || patch.password !== undefined || patch.roles) this.o.disconnectSessions(sessions.map((s) => s.id));
    const detail = { username: before.username, roles: patch.roles, disabled: patch.disabled, passwordReset: patch.password !== undefined || undefined };
    await this.o.audit.record({ actor, action: 'user.update', target: id, detail, outcome: 'ok' });
    return toUserDTO(user);
  }

  /** Refuses a change that would leave no enabled admin (409). */
  private async keepAnAdmin(target: User, patch: UserPatch): Promise<void> {
    const adminAfter = (patch.roles ?? target.roles).includes('admin') && !(patch.disabled ?? target.disabled);
    if (adminAfter) return;
    const others = (await this.o.repos.users.list()).filter((u) => u.id !== target.id && !u.disabled && u.roles.includes('admin'));
    if (others.length === 0) throw new AuthError(409, 'last_admin', `${target.username} is the last enabled admin; make another admin first`);
  }
}

/** An account without its password hash. */
export function toUserDTO(u: User): UserDTO {
  return { id: u.id, username: u.username, roles: u.roles as Role[], disabled: u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
}
