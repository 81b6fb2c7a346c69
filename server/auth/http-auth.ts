/**
 * Authorisation of every HTTP route. At registration, an `/api` route that declares neither
 * `config.permission` nor `config.public` is refused (the server does not start). On each request
 * the bearer header or session cookie becomes `req.auth`; a missing sign-in is 401, a missing
 * permission 403, and a cookie-authenticated write without its CSRF token 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { can, CSRF_HEADER, type Permission } from '../protocol-auth.js';
import type { AuditLog } from './audit-log.js';
import type { AuthService } from './auth-service.js';
import { credentialsFrom } from './credentials.js';
import { csrfMatches } from './csrf.js';

/** One registered route and what it requires, for the authorisation test and reviews. */
export interface RouteRule {
  method: string;
  url: string;
  /** Null on public routes. */
  permission: Permission | null;
}

export interface HttpAuthOptions {
  auth: AuthService;
  audit: AuditLog;
  /**
   * `/api` prefixes whose routes third-party plugins register (the OpenAPI viewer's files):
   * they are public by policy, as they cannot declare it themselves.
   */
  publicPrefixes?: string[];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for methods that change something (CSRF-checked, and audited when denied). */
export const isWrite = (method: string): boolean => WRITES.has(method);

/**
 * Installs the hooks on the root instance, before any route is registered; returns the live route
 * table it fills as routes are added.
 */
export function installHttpAuth(app: FastifyInstance, o: HttpAuthOptions): RouteRule[] {
  const table: RouteRule[] = [];
  const prefixes = o.publicPrefixes ?? [];
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    const config = route.config ?? {};
    // The dashboard's files and the docs viewer are open by policy; every other API route says what it needs.
    const open = !(url === '/api' || url.startsWith('/api/')) || prefixes.some((p) => url === p || url.startsWith(`${p}/`));
    if (open && !config.permission) route.config = { ...config, public: true };
    else if (!config.permission && !config.public) throw new Error(`route ${String(route.method)} ${url} declares neither config.permission nor config.public`);
    else if (config.permission && config.public) throw new Error(`route ${String(route.method)} ${url} declares both config.permission and config.public`);
    for (const method of [route.method].flat()) table.push({ method, url, permission: route.config?.public ? null : (route.config?.permission ?? null) });
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const config = req.routeOptions.config;
    // Public routes and unknown paths (answered 404) never touch the session store.
    if (config.public || req.is404) return;
    const creds = credentialsFrom(req.headers);
    req.auth = creds ? await o.auth.authenticate(creds.token, creds.via) : null;
    const auth = req.auth;
    if (!auth) return reply.code(401).send({ error: 'unauthenticated', message: 'sign in first (POST /api/auth/login)' });
    const target = `${req.method} ${req.url.split('?')[0]}`;
    if (auth.via === 'cookie' && isWrite(req.method) && !csrfMatches(req.headers[CSRF_HEADER], auth.sessionId)) {
      await o.audit.record({ actor: auth, action: 'http.denied', target, detail: { reason: 'csrf' }, outcome: 'denied' });
      return reply.code(403).send({ error: 'csrf', message: `missing or wrong ${CSRF_HEADER} header` });
    }
    const permission = config.permission;
    // Fail closed should a route ever reach here undeclared.
    if (!permission) return reply.code(403).send({ error: 'forbidden', message: 'route declares no permission' });
    if (!can(auth.roles, permission)) {
      if (isWrite(req.method)) await o.audit.record({ actor: auth, action: 'http.denied', target, detail: { permission }, outcome: 'denied' });
      return reply.code(403).send({ error: 'forbidden', message: `requires ${permission}` });
    }
  });
  return table;
}
