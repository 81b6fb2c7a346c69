/**
 * The browser's session: the cookie is HttpOnly, so the page learns who is signed in from
 * `GET /api/auth/me`, and keeps the CSRF token and permissions from it.
 */
import type { LoginDTO, MeDTO } from '../../server/protocol-auth.js';
import { ApiError, apiJson, setCsrfToken } from './api-fetch.js';
import { grantPermissions } from './permissions.js';

export class Session {
  private current: MeDTO | null = null;

  /** The signed-in user, or null. */
  get me(): MeDTO | null {
    return this.current;
  }

  /** Asks the server who the cookie belongs to; null when nobody is signed in. */
  async restore(): Promise<MeDTO | null> {
    try {
      this.set(await apiJson<MeDTO>('/api/auth/me', { expectUnauthenticated: true }));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      this.set(null);
    }
    return this.current;
  }

  /** Signs in; the server sets the cookie. Throws ApiError (401 wrong name or password, 429 too many tries). */
  async login(username: string, password: string): Promise<MeDTO> {
    const me = await apiJson<LoginDTO>('/api/auth/login', { method: 'POST', json: { username, password }, expectUnauthenticated: true });
    // The bearer token is for scripts; the page keeps to its cookie.
    const { token: _token, ...rest } = me;
    this.set(rest);
    return rest;
  }

  /** Signs out here and on the server (the server also closes this session's live connections). */
  async logout(): Promise<void> {
    try {
      await apiJson('/api/auth/logout', { method: 'POST', expectUnauthenticated: true });
    } finally {
      this.set(null);
    }
  }

  /** Changes the password; the server ends this user's other sessions. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await apiJson('/api/auth/password', { method: 'POST', json: { currentPassword, newPassword } });
  }

  private set(me: MeDTO | null): void {
    this.current = me;
    setCsrfToken(me?.csrfToken ?? null);
    grantPermissions(me?.permissions ?? []);
  }
}
