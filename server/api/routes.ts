import type { FastifyInstance } from 'fastify';
import type { ServerConfigDTO } from '../protocol.js';
import type { FleetView } from './fleet-view.js';
import { errorJson, healthJson, linkListJson, vehicleJson, vehicleListJson } from './schemas.js';

export interface RouteDeps {
  fleet: FleetView;
  config: ServerConfigDTO;
  /** Connected Socket.IO clients, for health. */
  clientCount(): number;
  startedAt: number;
}

/** REST routes of the live fleet. */
export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/api/health', {
    config: { public: true },
    schema: { summary: 'Liveness and load of this server', tags: ['server'], response: { 200: healthJson } },
  }, async () => {
    const vehicles = deps.fleet.list();
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      status: 'ok' as const,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      vehicles: vehicles.length,
      vehiclesConnected: vehicles.filter((v) => v.linkState === 'connected').length,
      links: deps.fleet.links().length,
      clients: deps.clientCount(),
      memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      cpu: { user: cpu.user, system: cpu.system },
    };
  });

  app.get('/api/config', {
    config: { permission: 'fleet:view' },
    schema: { summary: 'Dashboard settings: tile source and map centre', tags: ['server'] },
  }, async () => deps.config);

  app.get('/api/vehicles', {
    config: { permission: 'fleet:view' },
    schema: { summary: 'Every vehicle heard on any link', tags: ['vehicles'], response: { 200: vehicleListJson } },
  }, async () => deps.fleet.list());

  app.get<{ Params: { id: string } }>('/api/vehicles/:id', {
    config: { permission: 'fleet:view' },
    schema: {
      summary: 'One vehicle',
      tags: ['vehicles'],
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      response: { 200: vehicleJson, 404: errorJson },
    },
  }, async (req, reply) => {
    const v = deps.fleet.get(req.params.id);
    if (!v) return reply.code(404).send({ error: 'not_found', message: `no vehicle with id '${req.params.id}'` });
    return v;
  });

  app.get('/api/links', {
    config: { permission: 'fleet:view' },
    schema: { summary: 'Per-link traffic and bad-input counters', tags: ['links'], response: { 200: linkListJson } },
  }, async () => deps.fleet.links());
}
