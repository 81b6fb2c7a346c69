/** `GET /api/world`: the simulated world the demo's drones photograph, as GeoJSON for the map. */
import type { FastifyInstance } from 'fastify';
import type { FeatureCollection } from 'geojson';
import type { World } from '../../hardware/sim/world/build-world.js';
import { errorJson } from './schemas.js';

/**
 * Registers `GET /api/world` (`fleet:view`). `world` is asked on each request, since the demo's
 * drones start after the routes are registered; null answers 404.
 */
export function registerWorldRoutes(app: FastifyInstance, world: () => World | null): void {
  // The world never changes once built, and its GeoJSON runs to hundreds of features.
  let cached: { world: World; geojson: FeatureCollection } | null = null;

  app.get('/api/world', {
    config: { permission: 'fleet:view' },
    schema: {
      summary: 'The simulated world as GeoJSON: forest stands, river, power line and towers, rescue area and the objects patrols look for',
      description: 'Each feature has a `layer` property (forest, clearing, river, power-line, tower, rescue-area, object). 404 when the server runs no simulated drones.',
      tags: ['world'],
      response: { 404: errorJson },
    },
  }, async (_req, reply) => {
    const current = world();
    if (!current) return reply.code(404).send({ error: 'not_found', message: 'no simulated world: this server runs no simulated drones (start it with npm run demo)' });
    if (cached?.world !== current) cached = { world: current, geojson: current.toGeoJSON() };
    return cached.geojson;
  });
}
