/** Errors the plans and sites API answers with a status, a code and a message naming the field. */
import type { FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { z } from 'zod';
import { ControlError } from '../control/control-errors.js';
import { ConflictError, NotFoundError } from '../store/errors.js';

/** A refusal the API sends as `{ error: code, message, ...extra }` with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More fields of the answer (e.g. the findings of a refused plan, the current version). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Every zod issue as `field: problem`, joined; the field path in dots (`plan.steps.3.altitude`). */
export function zodMessage(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.');
      return `${path || 'body'}: ${i.message}`;
    })
    .join('; ');
}

/** The parsed value, or an {@link ApiError} 400 naming the bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, 'invalid', zodMessage(r.error, prefix));
  return r.data;
}

/** Sends `err` as the API answer: known errors with their status, anything else as a 500 without a stack. */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof ApiError) return reply.code(err.status).send({ ...err.extra, error: err.code, message: err.message });
  if (err instanceof ControlError) return reply.code(err.status).send({ error: err.code, message: err.message });
  if (err instanceof ConflictError) return reply.code(409).send({ error: 'conflict', message: err.message, currentVersion: err.currentVersion });
  if (err instanceof NotFoundError) return reply.code(404).send({ error: 'not_found', message: err.message });
  reply.log.error(err);
  return reply.code(500).send({ error: 'internal', message: 'internal error' });
}

/** A route handler whose failures are answered by {@link sendError}. */
export function answer<R extends RouteGenericInterface>(work: (req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest<R>, reply: FastifyReply): Promise<unknown> => {
    try {
      return await work(req, reply);
    } catch (err) {
      return sendError(reply, err);
    }
  };
}
