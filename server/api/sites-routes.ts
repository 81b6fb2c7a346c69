/** Inspection sites: area, altitude limit and geofences that plans are validated against. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { answer } from '../plans/api-error.js';
import { SiteService } from '../plans/site-service.js';
import { errorJson } from './schemas.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const anyBody = { type: 'object', additionalProperties: true } as const;
const tags = ['sites'];

type ById = { Params: { id: string } };

/** Registers `/api/sites…`; reading needs `sites:read`, changes `sites:write`. */
export async function registerSitesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const sites = new SiteService(ctx);

  app.get('/api/sites', {
    config: { permission: 'sites:read' },
    schema: { summary: 'Every site, by name', tags },
  }, answer(async () => sites.list()));

  app.get<ById>('/api/sites/:id', {
    config: { permission: 'sites:read' },
    schema: { summary: 'One site', tags, params: idParams, response: { 404: errorJson } },
  }, answer<ById>(async (req) => sites.get(req.params.id)));

  app.post('/api/sites', {
    config: { permission: 'sites:write' },
    schema: {
      summary: 'Create a site: `{ name, area, altitudeLimitM?, geofences? }`',
      description: 'area: a GeoJSON Polygon or MultiPolygon; altitudeLimitM: metres above take-off (default 120); geofences: Polygon Features with `properties.kind` inclusion or exclusion.',
      tags,
      body: anyBody,
    },
  }, answer(async (req, reply) => reply.code(201).send(await sites.create(req.body, req.auth))));

  app.put<ById>('/api/sites/:id', {
    config: { permission: 'sites:write' },
    schema: { summary: 'Change a site: any of `{ name, area, altitudeLimitM, geofences }`', tags, params: idParams, body: anyBody },
  }, answer<ById>(async (req) => sites.update(req.params.id, req.body, req.auth)));

  app.delete<ById>('/api/sites/:id', {
    config: { permission: 'sites:write' },
    schema: { summary: 'Delete a site (its plans stay, attached to no site)', tags, params: idParams },
  }, answer<ById>(async (req, reply) => {
    await sites.remove(req.params.id, req.auth);
    return reply.code(204).send();
  }));
}
