/** REST routes of the pre-flight checklist: per vehicle, and the template per site. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/request-auth.js';
import { ControlError } from '../control/control-errors.js';
import type { ChecklistService } from './checklist-service.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const anyBody = { type: 'object', additionalProperties: true } as const;
const errorJson = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;
const errors = { 400: errorJson, 404: errorJson, 409: errorJson } as const;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** Runs `work`; a failure becomes `{ error, message }` with the status it carries. */
function answer(work: (req: IdRequest, actor: AuthContext | null) => Promise<unknown>) {
  return async (req: IdRequest, reply: FastifyReply): Promise<unknown> => {
    try {
      return await work(req, req.auth ?? null);
    } catch (err) {
      const e = err instanceof ControlError ? err : new ControlError(500, 'internal', (err as Error).message);
      return reply.code(e.status).send({ error: e.code, message: e.message });
    }
  };
}

/** Registers the checklist routes; each declares the permission it needs. */
export async function registerChecklistRoutes(app: FastifyInstance, checklist: ChecklistService): Promise<void> {
  app.get('/api/vehicles/:id/checklist', {
    config: { permission: 'fleet:view' },
    schema: { summary: "The vehicle's pre-flight checklist: automatic checks, ticked items and any override", tags: ['checklist'], params: idParams, response: { 404: errorJson } },
  }, answer((req) => checklist.get(req.params.id)));

  app.put('/api/vehicles/:id/checklist', {
    config: { permission: 'checklist:complete' },
    schema: {
      summary: 'Tick or untick manual items (`{ items: [{ id, done, note? }], siteId? }`)',
      description: 'Items needing a note (weather) are refused without one. Answers the checklist as it now stands.',
      tags: ['checklist'],
      params: idParams,
      body: anyBody,
      response: errors,
    },
  }, answer((req, actor) => checklist.tick(req.params.id, req.body, actor)));

  app.post('/api/vehicles/:id/checklist/override', {
    config: { permission: 'checklist:override' },
    schema: {
      summary: 'Let the vehicle arm without a complete checklist for 15 minutes (`{ reason }`); audited',
      tags: ['checklist'],
      params: idParams,
      body: anyBody,
      response: errors,
    },
  }, answer((req, actor) => checklist.override(req.params.id, req.body, actor)));

  app.post('/api/vehicles/:id/checklist/geofence', {
    config: { permission: 'checklist:complete' },
    schema: { summary: 'Ask the vehicle which geofence it holds, then answer the checklist', tags: ['checklist'], params: idParams, response: errors },
  }, answer((req) => checklist.checkGeofence(req.params.id)));

  app.get('/api/sites/:id/checklist', {
    config: { permission: 'sites:read' },
    schema: { summary: "The site's checklist template (the default one when it has none)", tags: ['checklist'], params: idParams, response: { 404: errorJson } },
  }, answer((req) => checklist.template(req.params.id)));

  app.put('/api/sites/:id/checklist', {
    config: { permission: 'sites:write' },
    schema: {
      summary: "Replace the site's checklist template (`{ minBatteryPercent, minSatellites, requireGeofence, manual: [{ id, label, requiresNote }] }`)",
      tags: ['checklist'],
      params: idParams,
      body: anyBody,
      response: errors,
    },
  }, answer((req, actor) => checklist.setTemplate(req.params.id, req.body, actor)));
}
