import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import type { FleetControl } from '../control/fleet-control.js';
import { registerControlRoutes } from './control-routes.js';
import { registerRoutes, type RouteDeps } from './routes.js';

export interface AppOptions extends RouteDeps {
  webRoot: string | null;
  logLevel: string;
  control: FleetControl;
}

/** The HTTP application: REST, OpenAPI at /api/docs, and the built dashboard. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel },
    bodyLimit: 1024 * 1024,
    // Socket.IO attaches to the same server; keep-alive sockets must not hold shutdown open.
    forceCloseConnections: true,
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Drone fleet inspection API', version: '0.1.0' },
      tags: [{ name: 'vehicles' }, { name: 'control' }, { name: 'links' }, { name: 'server' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerRoutes(app, opts);
  await registerControlRoutes(app, opts.control);

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
    if (req.url.startsWith('/api/') || !opts.webRoot || req.method !== 'GET') {
      return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    }
    // Client-side routes of the dashboard fall back to its entry page.
    return reply.sendFile('index.html');
  });
  return app;
}
