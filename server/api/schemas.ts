import { z } from 'zod';
import { LinkInfoSchema, VehicleSchema } from '../protocol.js';

/** JSON Schema (for Fastify validation, serialisation and OpenAPI) generated from the zod contract. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return rest;
}

export const vehicleJson = jsonSchema(VehicleSchema);
export const vehicleListJson = jsonSchema(z.array(VehicleSchema));
export const linkListJson = jsonSchema(z.array(LinkInfoSchema));
export const errorJson = jsonSchema(z.object({ error: z.string(), message: z.string() }));
export const healthJson = jsonSchema(
  z.object({
    status: z.literal('ok'),
    uptimeSeconds: z.number(),
    vehicles: z.number(),
    vehiclesConnected: z.number(),
    links: z.number(),
    clients: z.number(),
    memory: z.object({ rss: z.number(), heapUsed: z.number() }),
    cpu: z.object({ user: z.number(), system: z.number() }),
  }),
);
