/**
 * REST of annotation: queues, claiming and working tasks, review, honeypots, annotator tiers,
 * findings (GeoJSON) with re-inspection plans, and statistics. Bodies are checked with the zod
 * schemas of protocol-annotation.ts; refusals are `{ error, message }` naming the field or reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AnnotationError } from '../annotation/annotation-error.js';
import { toTaskDTO } from '../annotation/annotation-rows.js';
import { annotatorStats, queueStats } from '../annotation/annotation-stats.js';
import { AnnotationService, type AnnotationServiceOptions } from '../annotation/annotation-service.js';
import { getFinding, listFindings } from '../annotation/findings.js';
import { getTaskDetail, listTasks } from '../annotation/task-queries.js';
import type { AppContext } from '../app-context.js';
import type { AuthContext } from '../auth/request-auth.js';
import {
  AnnotatorTierSchema,
  HoneypotSchema,
  QueueUpdateSchema,
  ReinspectSchema,
  ReviewSchema,
  SkipSchema,
  SubmitSchema,
  TASK_STATES,
  TaskPatchSchema,
} from '../protocol-annotation.js';
import { can, type Permission } from '../protocol-auth.js';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const tags = ['annotation'];
type WithId = { Params: { id: string } };

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const path = i.path.map(String).join('.');
  throw new AnnotationError(400, 'invalid', `${path || where}: ${i.message}`);
}

function me(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new AnnotationError(403, 'forbidden', 'no signed-in user on this request');
  return req.auth;
}

/** A handler whose AnnotationErrors become their status and `{ error, message }`. */
function answer<R extends WithId | object>(work: (req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest<R>, reply: FastifyReply): Promise<unknown> => {
    try {
      return await work(req, reply);
    } catch (err) {
      if (err instanceof AnnotationError) return reply.code(err.status).send({ error: err.code, message: err.message });
      throw err;
    }
  };
}

const page = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };
const TaskQuery = z.object({ queue: z.string().optional(), state: z.enum(TASK_STATES).optional(), assignee: z.string().optional(), ...page }).strict();
/** A time as ms since the epoch or an ISO 8601 date. */
const time = z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const FindingQuery = z.object({
  queue: z.string().optional(),
  label: z.string().optional(),
  severity: z.string().optional(),
  since: time.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
}).strict();
const StatsQuery = z.object({ since: time.optional() }).strict();

/**
 * Registers the annotation routes and starts the service behind them (stopped when the app
 * closes); the service, for intake notifications and tests.
 */
export function registerAnnotationRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, 'store' | 'repos' | 'audit' | 'clock' | 'now' | 'io'>,
  opts: AnnotationServiceOptions = {},
): AnnotationService {
  const service = new AnnotationService(ctx, { onError: (err) => app.log.error(err), ...opts });
  service.start();
  app.addHook('onClose', async () => service.stop());
  const db = ctx.store.db;
  const admin = (req: FastifyRequest) => can(me(req).roles, 'queues:manage');
  const route = (permission: Permission, summary: string, withId = true) => ({
    config: { permission },
    schema: { summary, tags, ...(withId && { params: idParams }) },
  });
  const audit = (req: FastifyRequest, action: string, target: string, detail?: unknown) =>
    ctx.audit.record({ actor: me(req), action, target, detail, outcome: 'ok' });

  app.get('/api/queues', route('queues:read', 'Every queue with its label set, settings and depth by state', false), answer(async () => service.listQueues()));

  app.get<WithId>('/api/queues/:id', route('queues:read', 'One queue'), answer<WithId>(async (req) => service.getQueue(req.params.id)));

  app.put<WithId>('/api/queues/:id', route('queues:manage', 'Edit a queue: name, labels, attributes, consensus, honeypot share'), answer<WithId>(async (req) => {
    const patch = parse(QueueUpdateSchema, req.body, 'body');
    const queue = await service.updateQueue(req.params.id, patch);
    await audit(req, 'queue.update', req.params.id, patch);
    return queue;
  }));

  app.post<WithId>('/api/queues/:id/claim', route('tasks:label', 'Claim the next task under a lease (204 when none is left for you)'), answer<WithId>(async (req, reply) => {
    const claim = await service.claim(req.params.id, me(req).userId);
    return claim ?? reply.code(204).send();
  }));

  app.post<WithId>('/api/tasks/:id/heartbeat', route('tasks:label', 'Renew your lease on a task'), answer<WithId>(async (req) => service.heartbeat(req.params.id, me(req).userId)));

  app.post<WithId>('/api/tasks/:id/submit', route('tasks:label', 'Submit boxes and polygons, or nothingFound'), answer<WithId>(async (req) =>
    service.submit(req.params.id, me(req).userId, parse(SubmitSchema, req.body, 'body'))));

  app.post<WithId>('/api/tasks/:id/skip', route('tasks:label', 'Hand a task back, with a reason'), answer<WithId>(async (req) =>
    service.skip(req.params.id, me(req).userId, parse(SkipSchema, req.body, 'body').reason)));

  app.post<WithId>('/api/tasks/:id/review', route('tasks:review', 'Accept (labels become findings) or reject (back to the annotator) a submitted task'), answer<WithId>(async (req) => {
    const r = parse(ReviewSchema, req.body, 'body');
    const result = await service.review(req.params.id, me(req).userId, r);
    await audit(req, `task.${r.decision}`, req.params.id, { comment: r.comment ?? null, findings: result.findingIds.length });
    return result;
  }));

  app.post<WithId>('/api/tasks/:id/honeypot', route('queues:manage', 'Make a task a honeypot with its known answer'), answer<WithId>(async (req) => {
    const { answer: known } = parse(HoneypotSchema, req.body, 'body');
    const task = await service.markHoneypot(req.params.id, known);
    await audit(req, 'task.honeypot', req.params.id, { shapes: known.shapes?.length ?? 0 });
    return task;
  }));

  app.patch<WithId>('/api/tasks/:id', route('queues:manage', 'Raise a task or set its difficulty'), answer<WithId>(async (req) => {
    const patch = parse(TaskPatchSchema, req.body, 'body');
    const task = await service.patchTask(req.params.id, patch);
    await audit(req, 'task.update', req.params.id, patch);
    return task;
  }));

  app.get('/api/tasks', route('queues:read', 'Tasks by queue, state and assignee, in serving order', false), answer(async (req) => {
    const q = parse(TaskQuery, req.query, 'query');
    const { rows, total } = await listTasks(db, q);
    const isAdmin = admin(req);
    return { rows: rows.map((t) => toTaskDTO(t, { admin: isAdmin })), total };
  }));

  app.get<WithId>('/api/tasks/:id', route('queues:read', 'One task with its annotations'), answer<WithId>(async (req) => {
    const { task, annotations } = await getTaskDetail(db, req.params.id);
    return toTaskDTO(task, { admin: admin(req), annotations });
  }));

  app.put<WithId>('/api/annotators/:id', route('queues:manage', "Set an annotator's tier (junior or intermediate); the id is the user's"), answer<WithId>(async (req) => {
    const { tier } = parse(AnnotatorTierSchema, req.body, 'body');
    await service.setTier(req.params.id, tier);
    await audit(req, 'annotator.tier', req.params.id, { tier });
    return { userId: req.params.id, tier };
  }));

  app.get('/api/findings', route('findings:read', 'Findings as a GeoJSON FeatureCollection (filters: queue, label, severity, since)', false), answer(async (req) =>
    listFindings(db, parse(FindingQuery, req.query, 'query'))));

  app.get<WithId>('/api/findings/:id', route('findings:read', 'One finding as a GeoJSON Feature'), answer<WithId>(async (req) => getFinding(db, req.params.id)));

  app.post<WithId>('/api/findings/:id/reinspect', route('plans:write', 'Make and save an orbit plan round the finding; answers the plan id'), answer<WithId>(async (req, reply) => {
    const options = parse(ReinspectSchema, req.body, 'body');
    const result = await service.reinspect(req.params.id, me(req).userId, options);
    await audit(req, 'finding.reinspect', req.params.id, result);
    return reply.code(201).send(result);
  }));

  app.get('/api/stats/annotators', route('queues:manage', 'Per annotator: tasks done, acceptance rate, honeypot accuracy, median time per task', false), answer(async (req) =>
    annotatorStats(db, parse(StatsQuery, req.query, 'query'))));

  app.get('/api/stats/queues', route('queues:read', 'Per queue: depth by state, oldest waiting task, throughput in the last hour', false), answer(async () =>
    queueStats(db, ctx.now())));

  return service;
}
