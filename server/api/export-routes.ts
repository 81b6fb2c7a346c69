/**
 * REST of exports and imports: `GET /api/exports` streams a zip of labels (COCO, YOLO or Label
 * Studio) with the photos; `POST /api/exports` makes the same zip in the background with progress
 * on Socket.IO, fetched from `/api/exports/:id/download`; `POST /api/imports/labelstudio` takes a
 * Label Studio JSON export as predictions or annotations. Refusals are `{ error, message }`.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AnnotationError, notFound } from '../annotation/annotation-error.js';
import { ExportJobs } from '../annotation/exports/export-jobs.js';
import { MAX_EXPORT_BYTES, planExport, writeExport } from '../annotation/exports/export-run.js';
import { ExportAborted } from '../annotation/exports/zip-writer.js';
import { importLabelStudio } from '../annotation/imports/labelstudio-import.js';
import type { AppContext } from '../app-context.js';
import type { AuthContext } from '../auth/request-auth.js';
import { ContentStore } from '../imagery/content-store.js';
import { ExportQuerySchema, ImportQuerySchema, type ExportProgressDTO, type ExportQuery } from '../protocol-annotation.js';

/** Largest Label Studio file an import takes. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface ExportRouteOptions {
  /** The photo files; default `${dataDir}/images`, where the imagery ingest keeps them. */
  originals?: ContentStore;
  /** Sends a background export's progress to the session that started it (Socket.IO `exports:progress`). */
  emitProgress?: (progress: ExportProgressDTO, sessionId: string) => void;
  /** Largest export (photo bytes and overhead). */
  maxExportBytes?: number;
  maxImportBytes?: number;
}

const tags = ['exports'];
type WithId = { Params: { id: string } };
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new AnnotationError(400, 'invalid', `${i.path.map(String).join('.') || where}: ${i.message}`);
}

function me(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new AnnotationError(403, 'forbidden', 'no signed-in user on this request');
  return req.auth;
}

/** A handler whose AnnotationErrors become their status and `{ error, message }`. */
function answer<R extends object>(work: (req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest<R>, reply: FastifyReply): Promise<unknown> => {
    try {
      return await work(req, reply);
    } catch (err) {
      if (err instanceof AnnotationError) return reply.code(err.status).send({ error: err.code, message: err.message });
      throw err;
    }
  };
}

/** `coco-forest-accepted-20260101-120000.zip` */
function zipName(q: ExportQuery, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${q.format}-${(q.queue ?? 'all').replace(/[^A-Za-z0-9_-]/g, '_')}-${q.state}-${stamp}.zip`;
}

/** Registers the routes; the background export jobs (stopped, their files removed, when the app closes). */
export async function registerExportRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, 'store' | 'audit' | 'now' | 'dataDir'>,
  opts: ExportRouteOptions = {},
): Promise<ExportJobs> {
  const db = ctx.store.db;
  const originals = opts.originals ?? new ContentStore(join(ctx.dataDir, 'images'));
  const spoolDir = join(ctx.dataDir, 'exports', 'spool');
  const maxBytes = opts.maxExportBytes ?? MAX_EXPORT_BYTES;
  const run = (query: ExportQuery, summary: Awaited<ReturnType<typeof planExport>>, createdAt: number) =>
    ({ db, originals, spoolDir, query, summary, createdAt });
  const jobs = new ExportJobs({
    dir: join(ctx.dataDir, 'exports', 'jobs'),
    now: ctx.now,
    run: (job, out, onItem, signal) => writeExport(out, { ...run(job.query, job.summary, job.createdAt), onItem, signal }),
    onProgress: (p, sessionId) => {
      if (sessionId) opts.emitProgress?.(p, sessionId);
    },
    log: (m) => app.log.warn(m),
  });
  // Spool files of exports cut short by a crash.
  await rm(spoolDir, { recursive: true, force: true });
  await jobs.init();
  app.addHook('onClose', async () => jobs.stop());
  const audit = (req: FastifyRequest, action: string, target: string, detail: unknown) =>
    ctx.audit.record({ actor: me(req), action, target, detail, outcome: 'ok' });

  app.get('/api/exports', {
    config: { permission: 'exports:read' },
    // A HEAD would make the whole export only to throw it away.
    exposeHeadRoute: false,
    schema: {
      summary: 'Download labels with their photos as a zip: COCO, YOLO or Label Studio JSON',
      description: 'Query: format (coco | yolo | labelstudio), queue, patrol, plan, from, to (ms or ISO 8601; to is exclusive), state (accepted, the default | submitted | all), seg (YOLO segmentation lines). The zip streams as it is made; POST /api/exports makes it in the background with progress instead.',
      tags,
    },
  }, answer(async (req, reply) => {
    const query = parse(ExportQuerySchema, req.query, 'query');
    const summary = await planExport(db, query, maxBytes);
    const createdAt = ctx.now();
    const body = new PassThrough();
    writeExport(body, run(query, summary, createdAt)).catch((err: Error) => {
      if (!(err instanceof ExportAborted)) req.log.error(err, 'export failed');
    });
    await audit(req, 'export.download', query.format, { ...query, photos: summary.total });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${zipName(query, createdAt)}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }));

  app.post('/api/exports', {
    config: { permission: 'exports:read' },
    schema: { summary: 'Make an export in the background (the body takes the GET query\'s fields); progress as exports:progress', tags },
  }, answer(async (req, reply) => {
    const query = parse(ExportQuerySchema, req.body, 'body');
    const summary = await planExport(db, query, maxBytes);
    const auth = me(req);
    const job = jobs.start(query, summary, { userId: auth.userId, sessionId: auth.sessionId });
    await audit(req, 'export.start', job.id, { ...query, photos: summary.total });
    return reply.code(202).send(job);
  }));

  app.get<WithId>('/api/exports/:id', {
    config: { permission: 'exports:read' },
    schema: { summary: 'A background export: its progress, and where to download it when done', tags, params: idParams },
  }, answer<WithId>(async (req) => {
    const job = jobs.get(req.params.id, me(req).userId);
    if (!job) throw notFound('export', req.params.id);
    return job;
  }));

  app.get<WithId>('/api/exports/:id/download', {
    config: { permission: 'exports:read' },
    exposeHeadRoute: false,
    schema: { summary: 'The zip of a finished background export', tags, params: idParams },
  }, answer<WithId>(async (req, reply) => {
    const userId = me(req).userId;
    const job = jobs.get(req.params.id, userId);
    if (!job) throw notFound('export', req.params.id);
    const path = jobs.fileOf(job.id, userId);
    if (!path) {
      const why = job.state === 'running' ? `is still running (${job.done} of ${job.total} photos)` : `failed: ${job.error}`;
      throw new AnnotationError(409, 'not_ready', `export ${job.id} ${why}`);
    }
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) throw notFound('export file', job.id);
    return reply
      .type('application/zip')
      .header('content-length', size)
      .header('content-disposition', `attachment; filename="${job.format}-export-${job.id.slice(0, 8)}.zip"`)
      .send(createReadStream(path));
  }));

  // The file comes as the raw body (any content type), so a malformed one gets a precise answer.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.maxImportBytes ?? MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/imports/labelstudio', {
      config: { permission: 'queues:manage' },
      schema: {
        summary: 'Import a Label Studio JSON export into a queue: predictions as suggestions, or annotations as submitted (or, with accept=true, accepted) labels',
        description: 'Query: queue, as (predictions | annotations), accept. Tasks are matched to photos by data.image_id or the file name in data.image. A file with any problem changes nothing; the answer names the JSON path of the first one.',
        tags,
      },
    }, answer(async (req) => {
      const query = parse(ImportQuerySchema, req.query, 'query');
      const text = typeof req.body === 'string' ? req.body : '';
      if (text.trim() === '') throw new AnnotationError(400, 'invalid', 'body: empty; send the Label Studio JSON export as the request body');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new AnnotationError(400, 'invalid', `body: not valid JSON (${(err as Error).message})`);
      }
      const result = await importLabelStudio(ctx.store, { query, body, userId: me(req).userId, now: ctx.now() });
      await audit(req, 'import.labelstudio', query.queue, result);
      return result;
    }));
  });

  return jobs;
}
