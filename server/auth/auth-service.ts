/**
 * Sign-in and sessions: login with rate limiting and no user enumeration, token authentication,
 * logout, password change and the user's own sessions. A session's live connections are ended
 * through `disconnectSessions` whenever the session ends early.
 */
import { randomBytes } from 'node:crypto';
import { permissionsOf, type MeDTO, type SessionDTO } from '../protocol-auth.js';
import type { Repositories } from '../store/repositories.js';
import { sessionIdForToken } from '../store/sessions-repo.js';
import type { User } from '../store/users-repo.js';
import type { AuditLog } from './audit-log.js';
import { AuthError } from './auth-error.js';
import { csrfTokenFor } from './csrf.js';
import { LoginLimiter } from './login-limiter.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { AuthContext } from './request-auth.js';

/** 12 hours: one working day in the field. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;

export interface AuthServiceOptions {
  repos: Repositories;
  audit: AuditLog;
  /** Wall clock for session expiry and the login limiter. */
  now: () => number;
  sessionTtlMs?: number;
  limiter?: LoginLimiter;
  /** Disconnects whatever is still connected on these sessions (sockets). */
  disconnectSessions: (sessionIds: string[]) => void;
}

/** Where a login comes from, for the limiter and the audit log. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** A new session: the bearer token (shown once) and the principal it stands for. */
export interface NewSessionResult {
  token: string;
  auth: AuthContext;
}

export class AuthService {
  readonly sessionTtlMs: number;
  private readonly limiter: LoginLimiter;

  constructor(private readonly o: AuthServiceOptions) {
    this.sessionTtlMs = o.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.limiter = o.limiter ?? new LoginLimiter(o.now);
  }

  /** Checks the password and opens a session; refuses with 401, or 429 when rate-limited. */
  async login(username: string, password: string, client: ClientInfo): Promise<NewSessionResult> {
    const verdict = this.limiter.check(username, client.ip);
    if (!verdict.allowed) {
      await this.o.audit.record({ actor: null, action: 'auth.login', target: username, detail: { ip: client.ip, reason: 'rate_limited' }, outcome: 'denied' });
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      throw new AuthError(429, 'rate_limited', `too many failed sign-ins; try again in ${seconds} s`, { 'retry-after': String(seconds) });
    }
    const user = await this.o.repos.users.getByUsername(username);
    const usable = user !== undefined && !user.disabled;
    // Unknown and disabled accounts cost the same hashing as real ones: timing reveals nothing.
    const matches = await verifyPassword(password, usable ? user.passwordHash : DUMMY_HASH);
    if (!usable || !matches) {
      this.limiter.fail(username, client.ip);
      await this.o.audit.record({ actor: null, action: 'auth.login', target: username, detail: { ip: client.ip }, outcome: 'denied' });
      throw new AuthError(401, 'invalid_credentials', 'wrong username or password');
    }
    this.limiter.succeed(username, client.ip);
    const session = await this.openSession(user, client.userAgent);
    await this.o.audit.record({ actor: session.auth, action: 'auth.login', target: user.id, detail: { ip: client.ip }, outcome: 'ok' });
    return session;
  }

  /** Opens a session for `user` without a password check (after login, and for test fixtures). */
  async openSession(user: User, userAgent: string | null): Promise<NewSessionResult> {
    const token = randomBytes(32).toString('base64url');
    const session = await this.o.repos.sessions.create(
      { id: sessionIdForToken(token), userId: user.id, expiresAt: this.o.now() + this.sessionTtlMs, userAgent: userAgent?.slice(0, 512) ?? null },
      this.o.now(),
    );
    return { token, auth: contextOf(user, session.id, session.expiresAt, 'bearer') };
  }

  /** The principal behind `token` when its session is live and its account enabled; else null. */
  async authenticate(token: string, via: AuthContext['via']): Promise<AuthContext | null> {
    return this.resume(sessionIdForToken(token), via);
  }

  /** The principal of a session id (sockets re-check theirs); null when it has ended. */
  async resume(sessionId: string, via: AuthContext['via']): Promise<AuthContext | null> {
    const session = await this.o.repos.sessions.findValid(sessionId, this.o.now());
    if (!session) return null;
    const user = await this.o.repos.users.get(session.userId);
    if (!user || user.disabled) return null;
    return contextOf(user, session.id, session.expiresAt, via);
  }

  /** Ends the caller's session. */
  async logout(auth: AuthContext): Promise<void> {
    await this.o.repos.sessions.revoke(auth.sessionId, this.o.now());
    this.o.disconnectSessions([auth.sessionId]);
    await this.o.audit.record({ actor: auth, action: 'auth.logout', target: auth.userId, outcome: 'ok' });
  }

  /** What the dashboard needs to know about the signed-in user. */
  me(auth: AuthContext): MeDTO {
    return {
      id: auth.userId,
      username: auth.username,
      roles: auth.roles,
      permissions: permissionsOf(auth.roles),
      csrfToken: csrfTokenFor(auth.sessionId),
      expiresAt: auth.expiresAt,
    };
  }

  /** Changes the caller's password after checking the current one; ends every other session of theirs. */
  async changePassword(auth: AuthContext, current: string, next: string): Promise<void> {
    const user = await this.o.repos.users.get(auth.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) {
      await this.o.audit.record({ actor: auth, action: 'auth.password', target: auth.userId, detail: { reason: 'wrong current password' }, outcome: 'denied' });
      throw new AuthError(403, 'invalid_credentials', 'currentPassword: wrong password');
    }
    const problem = passwordProblem(next);
    if (problem) throw new AuthError(400, 'invalid', `newPassword: ${problem}`);
    await this.o.repos.users.setPasswordHash(user.id, await hashPassword(next), this.o.now());
    const others = (await this.o.repos.sessions.listValidForUser(user.id, this.o.now())).filter((s) => s.id !== auth.sessionId).map((s) => s.id);
    for (const id of others) await this.o.repos.sessions.revoke(id, this.o.now());
    this.o.disconnectSessions(others);
    await this.o.audit.record({ actor: auth, action: 'auth.password', target: auth.userId, detail: { sessionsEnded: others.length }, outcome: 'ok' });
  }

  /** The caller's live sessions, newest first. */
  async sessions(auth: AuthContext): Promise<SessionDTO[]> {
    const list = await this.o.repos.sessions.listValidForUser(auth.userId, this.o.now());
    return list.map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt, userAgent: s.userAgent, current: s.id === auth.sessionId }));
  }

  /** Ends one of the caller's own sessions; another user's (or an unknown) id is 404. */
  async revokeSession(auth: AuthContext, sessionId: string): Promise<void> {
    const own = (await this.o.repos.sessions.listValidForUser(auth.userId, this.o.now())).some((s) => s.id === sessionId);
    if (!own) throw new AuthError(404, 'not_found', `no session '${sessionId}' of yours`);
    await this.o.repos.sessions.revoke(sessionId, this.o.now());
    this.o.disconnectSessions([sessionId]);
    await this.o.audit.record({ actor: auth, action: 'auth.session.revoke', target: sessionId, outcome: 'ok' });
  }
}

function contextOf(user: User, sessionId: string, expiresAt: number, via: AuthContext['via']): AuthContext {
  return { userId: user.id, username: user.username, roles: user.roles, sessionId, expiresAt, via };
}
