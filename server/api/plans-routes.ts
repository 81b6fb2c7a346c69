/** Saved plans: list, read, create, change, delete, export as a file, upload to a vehicle. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { answer } from '../plans/api-error.js';
import { attachmentHeader } from '../plans/plan-export.js';
import { PlanService, type PlanServiceOptions } from '../plans/plan-service.js';
import type { PlanExportFormat } from '../protocol-plans.js';
import { errorJson } from './schemas.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const anyBody = { type: 'object', additionalProperties: true } as const;
const tags = ['plans'];

type ById = { Params: { id: string } };

/** Registers `/api/plans…`; reading needs `plans:read`, changes `plans:write`, upload `mission:write`. */
export async function registerPlansRoutes(app: FastifyInstance, ctx: AppContext, opts: PlanServiceOptions = {}): Promise<void> {
  const plans = new PlanService(ctx, opts);

  app.get<{ Querystring: { site?: string } }>('/api/plans', {
    config: { permission: 'plans:read' },
    schema: {
      summary: 'Saved plans, newest change first (summaries without items)',
      description: '`?site=ID` lists one site\'s plans, `?site=none` those attached to no site.',
      tags,
      querystring: { type: 'object', properties: { site: { type: 'string' } } },
    },
  }, answer<{ Querystring: { site?: string } }>(async (req) => plans.list(req.query.site)));

  app.get<ById>('/api/plans/:id', {
    config: { permission: 'plans:read' },
    schema: { summary: 'One plan with its mission items and current validation findings', tags, params: idParams, response: { 404: errorJson } },
  }, answer<ById>(async (req) => plans.get(req.params.id)));

  app.post('/api/plans', {
    config: { permission: 'plans:write' },
    schema: {
      summary: 'Save a new plan: `{ name, siteId?, plan }`',
      description: 'Validated against the site (altitude limit, geofences): errors refuse it with 400 and `findings`; warnings come back with the saved plan.',
      tags,
      body: anyBody,
    },
  }, answer(async (req, reply) => reply.code(201).send(await plans.create(req.body, req.auth))));

  app.put<ById>('/api/plans/:id', {
    config: { permission: 'plans:write' },
    schema: {
      summary: 'Change a plan: `{ version, name?, siteId?, plan? }`',
      description: 'Answers 409 with `currentVersion` when someone saved since `version` was read.',
      tags,
      params: idParams,
      body: anyBody,
    },
  }, answer<ById>(async (req) => plans.update(req.params.id, req.body, req.auth)));

  app.delete<ById & { Querystring: { version?: string } }>('/api/plans/:id', {
    config: { permission: 'plans:write' },
    schema: {
      summary: 'Delete a plan at the version read (`?version=`)',
      tags,
      params: idParams,
      querystring: { type: 'object', properties: { version: { type: 'string' } } },
    },
  }, answer<ById & { Querystring: { version?: string } }>(async (req, reply) => {
    await plans.remove(req.params.id, req.query.version, req.auth);
    return reply.code(204).send();
  }));

  app.get<ById & { Querystring: { format?: string } }>('/api/plans/:id/export', {
    config: { permission: 'plans:read' },
    schema: {
      summary: 'Download the plan as a QGroundControl .plan, a .waypoints or a GeoJSON file',
      tags,
      params: idParams,
      querystring: { type: 'object', properties: { format: { type: 'string', description: 'plan (default), waypoints or geojson' } } },
    },
  }, answer<ById & { Querystring: { format?: string } }>(async (req, reply) => {
    const file = await plans.exportFile(req.params.id, req.query.format);
    return reply
      .header('content-disposition', attachmentHeader(file.name, (req.query.format ?? 'plan') as PlanExportFormat))
      .type(file.contentType)
      .send(file.body);
  }));

  app.post<ById>('/api/plans/:id/upload', {
    config: { permission: 'mission:write' },
    schema: {
      summary: 'Upload the plan to a vehicle as its mission: `{ vehicleId }`',
      description: 'Progress goes to the vehicle\'s room as `vehicle:transfer`; answers `{ count }` once the vehicle has acknowledged the whole list.',
      tags,
      params: idParams,
      body: anyBody,
      response: { 404: errorJson, 409: errorJson, 504: errorJson },
    },
  }, answer<ById>(async (req) => plans.upload(req.params.id, req.body, req.auth)));
}
