/** `POST /api/vehicles/:id/signing`: MAVLink signing on or off for one vehicle (admins), audited. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { SigningError, type VehicleSigningService } from '../fleet/vehicle-signing.js';
import { errorJson } from './schemas.js';

const SigningBodySchema = z.object({ enabled: z.boolean() }).strict();

const enabledJson = { type: 'object', properties: { enabled: { type: 'boolean' } }, required: ['enabled'] } as const;

/** Registers the signing route; `signing` is the fleet's signing service. */
export async function registerSigningRoutes(app: FastifyInstance, ctx: AppContext, signing: VehicleSigningService): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/vehicles/:id/signing', {
    config: { permission: 'vehicles:manage' },
    schema: {
      summary: 'Turn MAVLink 2 signing on (a fresh 32-byte key) or off for one vehicle',
      description:
        'Sends SETUP_SIGNING over the link the vehicle is heard on now, which carries the key in clear: do this only while that ' +
        'link is trusted (a USB or serial cable, or a bench link). Answers once the vehicle is seen signing with the new key ' +
        '(or, turning off, sending unsigned); 409 when it cannot be done now, 504 when the vehicle does not show the change.',
      tags: ['vehicles'],
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      body: { type: 'object', additionalProperties: true },
      response: { 200: enabledJson, 400: errorJson, 404: errorJson, 409: errorJson, 504: errorJson },
    },
  }, async (req, reply) => {
    const body = SigningBodySchema.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      return reply.code(400).send({ error: 'invalid', message: `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}` });
    }
    const { enabled } = body.data;
    const id = req.params.id;
    try {
      const result = await signing.set(id, enabled);
      await ctx.audit.record({ actor: req.auth, action: 'vehicle.signing', target: id, detail: { enabled }, outcome: 'ok' });
      return result;
    } catch (err) {
      await ctx.audit.record({ actor: req.auth, action: 'vehicle.signing', target: id, detail: { enabled, error: (err as Error).message }, outcome: 'error' });
      if (err instanceof SigningError) return reply.code(err.status).send({ error: err.code, message: err.message });
      throw err;
    }
  });
}
