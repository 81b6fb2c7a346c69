import { z } from 'zod';
import { ControlError } from '../control/control-errors.js';
import { LinkInfoSchema, VehicleSchema } from '../protocol.js';

/** JSON Schema (for Fastify validation, serialisation and OpenAPI) generated from the zod contract. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
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

/** The first zod issue as `field: problem`; `root` names a value whose own type is wrong. */
export function zodMessage(error: z.ZodError, root = 'body'): string {
  const i = error.issues[0];
  const path = i.path.map(String).join('.');
  return `${root === 'body' ? path || root : [root, path].filter(Boolean).join('.')}: ${i.message}`;
}

/** Parses `value` with `schema` or throws a 400 naming the field. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, root = 'body'): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ControlError(400, 'invalid', zodMessage(r.error, root));
  return r.data;
}

/**
 * Route option for bodies validated with zod in the handler (precise field names, no type
 * coercion) while `schema.body` still documents them in OpenAPI.
 */
export const zodValidated = { validatorCompiler: () => (value: unknown) => ({ value }) };
