import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseQgcPlan } from '../../missions/formats/qgc-plan.js';
import type { MissionItem, MissionType } from '../../missions/mission-item.js';
import type { ControlAudit } from '../auth/control-audit.js';
import { ControlError } from '../control/control-errors.js';
import type { FleetControl } from '../control/fleet-control.js';
import { MissionUploadSchema } from '../protocol.js';
import { errorJson, parseOr400 } from './schemas.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const anyBody = { type: 'object', additionalProperties: true } as const;

function send(reply: FastifyReply, err: unknown): FastifyReply {
  const e = err instanceof ControlError ? err : new ControlError(500, 'internal', (err as Error).message);
  return reply.code(e.status).send({ error: e.code, message: e.message });
}

/** A handler whose failures become `{ error, message }` with the status the control layer chose. */
function answer<R extends { Params: Record<string, string> }>(work: (req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest<R>, reply: FastifyReply): Promise<unknown> => {
    try {
      return await work(req, reply);
    } catch (err) {
      return send(reply, err);
    }
  };
}

/** Items from a body that is either `{ items: [...] }` or a QGroundControl `.plan` document. */
export function missionItemsFromBody(body: unknown, type: MissionType): MissionItem[] {
  if (body && typeof body === 'object' && (body as { fileType?: unknown }).fileType !== undefined) {
    const r = parseQgcPlan(body);
    if (!r.ok) throw new ControlError(400, 'invalid_plan', `.plan ${r.error.where}: ${r.error.message}`);
    return r.value[type];
  }
  return parseOr400(MissionUploadSchema, body).items;
}

/**
 * Commands, mission / fence / rally transfer and parameters of one vehicle. Reads go to `control`;
 * everything that acts on a vehicle goes through `actions`, which audits it under the caller.
 */
export async function registerControlRoutes(app: FastifyInstance, control: FleetControl, actions: ControlAudit): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/vehicles/:id/commands', {
    config: { permission: 'vehicle:command' },
    schema: {
      summary: 'Send an action: arm, disarm, takeoff, mode, mission_start, pause, continue, rtl, land, goto, speed, terminate',
      description: 'Answers when the vehicle has acknowledged, with its refusal and reason, or with a timeout.',
      tags: ['control'],
      params: idParams,
      body: anyBody,
      response: { 400: errorJson, 404: errorJson, 409: errorJson, 504: errorJson },
    },
  }, answer<{ Params: { id: string } }>((req) => actions.command(req.auth, req.params.id, req.body)));

  app.get<{ Params: { id: string } }>('/api/vehicles/:id/commands', {
    config: { permission: 'mission:read' },
    schema: { summary: 'Recent commands sent to this vehicle with their outcomes', tags: ['control'], params: idParams },
  }, async (req) => ({ commands: control.commandLog(req.params.id) }));

  for (const type of ['mission', 'fence', 'rally'] as const) {
    app.put<{ Params: { id: string } }>(`/api/vehicles/:id/${type}`, {
      config: { permission: 'mission:write' },
      schema: {
        summary: `Upload the vehicle's ${type} (items, or a QGroundControl .plan document)`,
        description: 'Answers when the vehicle has acknowledged the whole list.',
        tags: ['control'],
        params: idParams,
        body: anyBody,
        response: { 400: errorJson, 404: errorJson, 409: errorJson, 504: errorJson },
      },
    }, answer<{ Params: { id: string } }>((req) => actions.upload(req.auth, req.params.id, type, () => missionItemsFromBody(req.body, type))));

    app.get<{ Params: { id: string } }>(`/api/vehicles/:id/${type}`, {
      config: { permission: 'mission:read' },
      schema: { summary: `Download the ${type} the vehicle holds`, tags: ['control'], params: idParams },
    }, answer<{ Params: { id: string } }>(async (req) => ({ items: await control.download(req.params.id, type) })));

    app.delete<{ Params: { id: string } }>(`/api/vehicles/:id/${type}`, {
      config: { permission: 'mission:write' },
      schema: { summary: `Clear the vehicle's ${type}`, tags: ['control'], params: idParams },
    }, answer<{ Params: { id: string } }>(async (req, reply) => {
      await actions.clear(req.auth, req.params.id, type);
      return reply.code(204).send();
    }));
  }

  app.post<{ Params: { id: string } }>('/api/vehicles/:id/transfer/cancel', {
    config: { permission: 'mission:write' },
    schema: { summary: 'Cancel the running mission, fence or rally transfer (the waiting upload or download fails with "cancelled")', tags: ['control'], params: idParams },
  }, answer<{ Params: { id: string } }>(async (req) => actions.cancelTransfer(req.auth, req.params.id)));

  app.get<{ Params: { id: string } }>('/api/vehicles/:id/params', {
    config: { permission: 'mission:read' },
    schema: { summary: "Every parameter of the vehicle's autopilot", tags: ['control'], params: idParams },
  }, answer<{ Params: { id: string } }>(async (req) => ({ params: await control.params(req.params.id) })));

  const SetParamSchema = z.object({ value: z.number().finite() }).strict();
  app.put<{ Params: { id: string; name: string } }>('/api/vehicles/:id/params/:name', {
    config: { permission: 'vehicle:command' },
    schema: {
      summary: 'Set one parameter; answers with the value the vehicle confirmed',
      tags: ['control'],
      params: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] },
      body: anyBody,
    },
  }, answer<{ Params: { id: string; name: string } }>(async (req) =>
    actions.setParam(req.auth, req.params.id, req.params.name, parseOr400(SetParamSchema, req.body).value)));
}
