import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import type { DestinationStream } from 'pino';
import type { AppContext } from '../app-context.js';
import { AuthError } from '../auth/auth-error.js';
import type { AuthService } from '../auth/auth-service.js';
import type { ControlAudit } from '../auth/control-audit.js';
import { installHttpAuth, type RouteRule } from '../auth/http-auth.js';
import { installSecurityHeaders } from '../auth/security-headers.js';
import type { UserAdmin } from '../auth/user-admin.js';
import { ControlError } from '../control/control-errors.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerRoutes, type RouteDeps } from './routes.js';
import { registerUsersRoutes } from './users-routes.js';

/** Default request body cap; routes that take uploads set their own `bodyLimit`. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface AppOptions extends RouteDeps {
  ctx: AppContext;
  auth: AuthService;
  users: UserAdmin;
  actions: ControlAudit;
  webRoot: string | null;
  logLevel: string;
  /** Where logs go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** Trust X-Forwarded-* from a reverse proxy (client address, and https for Secure cookies and HSTS). */
  trustProxy?: boolean;
  bodyLimit?: number;
  /** Origins of online map sources the dashboard may fetch from. */
  sourceOrigins: readonly string[];
}

/** The HTTP application and the table of its routes with what each requires. */
export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteRule[];
}

/** The HTTP application: authorised REST, OpenAPI at /api/docs, and the built dashboard. */
export async function buildApp(opts: AppOptions): Promise<BuiltApp> {
  const app = Fastify({
    logger: {
      level: opts.logLevel,
      // Fastify logs no headers or bodies by default; this keeps credentials out should that change.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body', 'password', '*.password'], censor: '[redacted]' },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    // Socket.IO attaches to the same server; keep-alive sockets must not hold shutdown open.
    forceCloseConnections: true,
  });

  installSecurityHeaders(app, { sourceOrigins: opts.sourceOrigins });
  const routes = installHttpAuth(app, { auth: opts.auth, audit: opts.ctx.audit, publicPrefixes: ['/api/docs'] });
  // Paths that climb out of a directory are refused outright, whatever route they would match.
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (climbs(path)) return reply.code(404).send({ error: 'not_found', message: 'no such path' });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AuthError) return reply.code(err.status).headers(err.headers).send({ error: err.code, message: err.message });
    if (err instanceof ControlError) return reply.code(err.status).send({ error: err.code, message: err.message });
    if (err.validation) return reply.code(400).send({ error: 'invalid', message: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: clientErrorCode(status), message: err.message });
    req.log.error(err);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Drone fleet inspection API', version: '0.1.0' },
      tags: [{ name: 'auth' }, { name: 'users' }, { name: 'audit' }, { name: 'vehicles' }, { name: 'control' }, { name: 'links' }, { name: 'server' }, { name: 'plans' }, { name: 'sites' }, { name: 'images' }, { name: 'annotation' }, { name: 'exports' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'fleet_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await registerAuthRoutes(app, opts.auth);
  await registerUsersRoutes(app, opts.users);
  await registerAuditRoutes(app, opts.ctx.repos);
  await registerRoutes(app, opts);
  await registerControlRoutes(app, opts.ctx.control, opts.actions);

  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      setHeaders(reply, path) {
        // The map worker is an ES module; browsers refuse it under any other type.
        if (path.endsWith('.mjs')) reply.header('content-type', 'text/javascript; charset=utf-8');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || !opts.webRoot || req.method !== 'GET' || !isPageRoute(path)) {
      return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${path}` });
    }
    // Client-side routes of the dashboard fall back to its entry page.
    return reply.sendFile('index.html');
  });
  return { app, routes };
}

/** The path decoded once, or null when it does not decode. */
function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** True for a path with a `..` segment, raw or percent-encoded, with either slash; or one that does not decode. */
function climbs(path: string): boolean {
  const d = decoded(path);
  return d === null || d.split(/[/\\]/).includes('..');
}

/** A path the dashboard could route itself: no file extension, no hidden or dot segments. */
function isPageRoute(path: string): boolean {
  const d = decoded(path);
  return d !== null && !d.split(/[/\\]/).some((segment) => segment.startsWith('.')) && !/\.[a-z0-9]+$/i.test(d);
}

function clientErrorCode(status: number): string {
  switch (status) {
    case 404: return 'not_found';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    default: return 'invalid';
  }
}
