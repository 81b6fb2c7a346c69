/**
 * Who is asking: the authenticated principal on a request or socket, and how routes declare what
 * they need. Every `/api` route must declare either `config.permission` or `config.public`; the
 * auth plugin refuses to register one that declares neither.
 */
import type { Permission, Role } from '../protocol-auth.js';

/** The signed-in user behind a request or socket. */
export interface AuthContext {
  userId: string;
  username: string;
  roles: Role[];
  /** Session id (hash of the token), for logout and revocation. */
  sessionId: string;
  expiresAt: number;
  /** How the token came: bearer header (scripts) or cookie (browser; needs CSRF on writes). */
  via: 'bearer' | 'cookie';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller must hold. */
    permission?: Permission;
    /** True for routes open without sign-in (login, health, the dashboard's files). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth plugin before the handler runs; null only on public routes. */
    auth: AuthContext | null;
  }
}
