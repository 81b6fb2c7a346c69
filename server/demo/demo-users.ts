/**
 * Demo accounts, one per role, so `npm run demo` can be tried at once: created when missing, with
 * `DEMO_PASSWORD` or else a random one-time password printed loudly (it is stored only as a hash).
 */
import { randomInt } from 'node:crypto';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { ROLES, type Role } from '../protocol-auth.js';
import type { Repositories } from '../store/repositories.js';

/** The demo accounts: each named for the one role it holds. */
export const DEMO_USERS: readonly Role[] = ROLES;

export interface DemoUsersOptions {
  /** Password for new demo accounts (`DEMO_PASSWORD`); a random one when absent. */
  password?: string;
  /** Wall-clock ms for stored timestamps. */
  now: number;
  /** Prints one line (the box is several). */
  log(line: string): void;
}

export interface DemoUsersResult {
  created: string[];
  existing: string[];
  /** The random password given to the created accounts; null when none was made or one was given. */
  oneTimePassword: string | null;
}

/** A random password of 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
export function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** Lines framed in a box of `#`, so they stand out in a scrolling log. */
function box(lines: string[]): string[] {
  const width = Math.max(...lines.map((l) => l.length));
  const edge = '#'.repeat(width + 4);
  return [edge, ...lines.map((l) => `# ${l.padEnd(width)} #`), edge];
}

/**
 * Creates the missing demo accounts (admin, operator, annotator, reviewer, viewer). Throws a
 * RangeError when the given password is unacceptable.
 */
export async function ensureDemoUsers(repos: Repositories, opts: DemoUsersOptions): Promise<DemoUsersResult> {
  if (opts.password !== undefined) {
    const problem = passwordProblem(opts.password);
    if (problem) throw new RangeError(`DEMO_PASSWORD: ${problem}`);
  }
  const existing: string[] = [];
  const missing: Role[] = [];
  for (const role of DEMO_USERS) ((await repos.users.getByUsername(role)) ? existing : missing).push(role);
  const oneTimePassword = missing.length > 0 && opts.password === undefined ? randomPassword() : null;
  // One hash for all: they share the password anyway, and scrypt is deliberately slow.
  const passwordHash = missing.length > 0 ? await hashPassword(opts.password ?? oneTimePassword ?? '') : '';
  for (const role of missing) {
    const user = await repos.users.create({ username: role, passwordHash, roles: [role] }, opts.now);
    await repos.audit.append({ action: 'user.create', target: user.id, detail: { via: 'demo', username: user.username, roles: user.roles }, outcome: 'ok' }, opts.now);
  }

  if (missing.length > 0) {
    const secret = oneTimePassword ? `password: ${oneTimePassword}   (shown once; change it with npm run user -- passwd NAME)` : 'password: the one in DEMO_PASSWORD';
    for (const line of box(['Demo accounts created, one per role:', `  ${missing.join(', ')}`, secret])) opts.log(line);
  }
  if (existing.length > 0) {
    opts.log(`Demo accounts ${existing.join(', ')} already exist; reset a password with: npm run user -- passwd NAME`);
  }
  return { created: missing, existing, oneTimePassword };
}
