/**
 * What `npm run user` does to accounts, over the store's repositories: add, list, set a password,
 * set roles, disable and enable. Refuses to leave the platform without an enabled admin; every
 * change is audited with no actor and `via: "cli"`.
 */
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { NewUserSchema } from '../auth/user-admin.js';
import { isRole, ROLES, type Role } from '../protocol-auth.js';
import { DuplicateError } from '../store/errors.js';
import type { Repositories } from '../store/repositories.js';
import type { User } from '../store/users-repo.js';

/** Bad input or a refused change: printed as one line, exit code 2. */
export class UserCliError extends Error {}

export interface UserCommandContext {
  repos: Repositories;
  now: () => number;
}

/** Checks role names given on the command line. */
export function parseRoles(names: readonly string[]): Role[] {
  if (names.length === 0) throw new UserCliError(`give at least one --role (${ROLES.join(', ')})`);
  const bad = names.find((n) => !isRole(n));
  if (bad !== undefined) throw new UserCliError(`unknown role '${bad}'; roles are ${ROLES.join(', ')}`);
  return names as Role[];
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new UserCliError(problem);
}

async function find(ctx: UserCommandContext, username: string): Promise<User> {
  const user = await ctx.repos.users.getByUsername(username);
  if (!user) throw new UserCliError(`no user named '${username}' (npm run user -- list)`);
  return user;
}

async function audit(ctx: UserCommandContext, action: string, user: User, detail: Record<string, unknown>): Promise<void> {
  await ctx.repos.audit.append({ userId: null, action, target: user.id, detail: { via: 'cli', username: user.username, ...detail }, outcome: 'ok' }, ctx.now());
}

/** Refuses a change after which no enabled account would hold admin. */
async function keepAnAdmin(ctx: UserCommandContext, target: User, after: { roles: Role[]; disabled: boolean }): Promise<void> {
  if (after.roles.includes('admin') && !after.disabled) return;
  if (!target.roles.includes('admin') || target.disabled) return;
  const others = (await ctx.repos.users.list()).some((u) => u.id !== target.id && !u.disabled && u.roles.includes('admin'));
  if (!others) throw new UserCliError(`${target.username} is the last enabled admin; add or enable another admin first`);
}

/** Creates an account. */
export async function addUser(ctx: UserCommandContext, username: string, roles: Role[], password: string): Promise<User> {
  const name = NewUserSchema.shape.username.safeParse(username);
  if (!name.success) throw new UserCliError(`username '${username}': ${name.error.issues[0].message}`);
  checkPassword(password);
  try {
    const user = await ctx.repos.users.create({ username: name.data, passwordHash: await hashPassword(password), roles }, ctx.now());
    await audit(ctx, 'user.create', user, { roles: user.roles });
    return user;
  } catch (err) {
    if (err instanceof DuplicateError) throw new UserCliError(err.message);
    throw err;
  }
}

/** Every account, by username. */
export async function listUsers(ctx: UserCommandContext): Promise<User[]> {
  return ctx.repos.users.list();
}

/** Sets a new password and ends the account's sessions. */
export async function setPassword(ctx: UserCommandContext, username: string, password: string): Promise<User> {
  checkPassword(password);
  const user = await find(ctx, username);
  const updated = await ctx.repos.users.setPasswordHash(user.id, await hashPassword(password), ctx.now());
  const ended = await ctx.repos.sessions.revokeAllForUser(user.id, ctx.now());
  await audit(ctx, 'user.update', updated, { passwordReset: true, sessionsEnded: ended });
  return updated;
}

/** Replaces the account's roles. */
export async function setRoles(ctx: UserCommandContext, username: string, roles: Role[]): Promise<User> {
  const user = await find(ctx, username);
  await keepAnAdmin(ctx, user, { roles, disabled: user.disabled });
  const updated = await ctx.repos.users.setRoles(user.id, roles, ctx.now());
  await audit(ctx, 'user.update', updated, { roles: updated.roles });
  return updated;
}

/** Disables (ending its sessions) or enables the account. */
export async function setDisabled(ctx: UserCommandContext, username: string, disabled: boolean): Promise<User> {
  const user = await find(ctx, username);
  await keepAnAdmin(ctx, user, { roles: user.roles, disabled });
  const updated = await ctx.repos.users.setDisabled(user.id, disabled, ctx.now());
  const ended = disabled ? await ctx.repos.sessions.revokeAllForUser(user.id, ctx.now()) : 0;
  await audit(ctx, 'user.update', updated, { disabled, ...(disabled && { sessionsEnded: ended }) });
  return updated;
}

/** `list` as a table: username, roles, enabled or disabled, creation date. */
export function formatUsers(users: readonly User[]): string {
  if (users.length === 0) return 'no users yet: npm run user -- add NAME --role admin\n';
  const rows = [['USERNAME', 'ROLES', 'STATUS', 'CREATED'], ...users.map((u) => [u.username, u.roles.join(',') || '-', u.disabled ? 'disabled' : 'enabled', new Date(u.createdAt).toISOString().slice(0, 10)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
}
