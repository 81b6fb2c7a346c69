/**
 * Imagery REST: the photo list and records, their files and thumbnails, the coverage of a plan,
 * retries of failed fetches, and uploads after the flight (a zip of the SD card, or one JPEG, as
 * the raw request body) with progress on Socket.IO.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { ControlError } from '../control/control-errors.js';
import { sessionRoom } from '../gateway/socket-auth.js';
import type { ContentStore } from '../imagery/content-store.js';
import { toImageDTO } from '../imagery/image-dto.js';
import type { ImageIngest } from '../imagery/image-ingest.js';
import { MAX_IMAGE_BYTES } from '../imagery/fetch-image.js';
import { UploadJobs } from '../imagery/upload-jobs.js';
import { IMAGE_STATUSES, PATROLS, type ImagePageDTO } from '../protocol-imagery.js';
import { parseOr400 } from './schemas.js';

/** Largest upload body (a zip of a whole SD card). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;

export interface ImageryRouteOptions {
  maxUploadBytes?: number;
  maxFileBytes?: number;
}

/** What the routes hand back for tests and the composition root: the upload jobs. */
export interface ImageryRoutes {
  uploads: UploadJobs;
}

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

const number = (what: string) => z.coerce.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a finite number`);

const ListQuery = z.object({
  vehicle: z.string().min(1).optional(),
  plan: z.string().min(1).optional(),
  patrol: z.enum(PATROLS).optional(),
  status: z.enum(IMAGE_STATUSES).optional(),
  bbox: z
    .string()
    .transform((s, c) => {
      const parts = s.split(',').map(Number);
      const [w, so, e, n] = parts;
      if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p)) || w > e || so > n || Math.abs(so) > 90 || Math.abs(n) > 90 || Math.abs(w) > 180 || Math.abs(e) > 180) {
        c.addIssue({ code: 'custom', message: 'bbox must be west,south,east,north in degrees, west ≤ east and south ≤ north' });
        return z.NEVER;
      }
      return [w, so, e, n] as [number, number, number, number];
    })
    .optional(),
  since: z
    .string()
    .transform((s, c) => {
      const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (!Number.isFinite(t)) {
        c.addIssue({ code: 'custom', message: 'since must be ms since the epoch or an ISO 8601 time' });
        return z.NEVER;
      }
      return t;
    })
    .optional(),
  limit: number('limit').pipe(z.number().int().min(1).max(500)).optional(),
  offset: number('offset').pipe(z.number().int().min(0)).optional(),
}).strict();

const UploadQuery = z.object({
  vehicle: z.string().min(1).max(200).optional(),
  plan: z.string().min(1).max(200).optional(),
  patrol: z.enum(PATROLS).optional(),
  /** The file's name when the body is one JPEG (its number is matched to the capture index). */
  name: z.string().min(1).max(255).optional(),
  /** Minutes east of UTC of the camera's clock. */
  tz: number('tz').pipe(z.number().int().min(-14 * 60).max(14 * 60)).optional(),
  /** Seconds between EXIF and capture event times still matched when a file has no index. */
  tolerance: number('tolerance').pipe(z.number().min(0).max(3600)).optional(),
  /** Answer when the job has finished rather than at once. */
  wait: z.enum(['true', 'false', '1', '0']).optional(),
}).strict();

/** Registers the imagery routes; uploads spool to `${ctx.dataDir}/uploads`. */
export async function registerImageryRoutes(app: FastifyInstance, ctx: AppContext, ingest: ImageIngest, opts: ImageryRouteOptions = {}): Promise<ImageryRoutes> {
  const uploads = new UploadJobs({
    ingest,
    now: ctx.now,
    maxFileBytes: opts.maxFileBytes ?? MAX_IMAGE_BYTES,
    onProgress: (p, sessionId) => {
      if (sessionId) ctx.io()?.to(sessionRoom(sessionId)).emit('imagery:progress', p);
    },
    log: (m) => app.log.warn(m),
  });
  const spoolDir = join(ctx.dataDir, 'uploads');
  const maxUpload = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;

  app.get('/api/images', {
    config: { permission: 'images:read' },
    schema: {
      summary: 'Photos, newest capture first; filters vehicle (id or name), plan, patrol, status, bbox=w,s,e,n, since; limit (≤500) and offset',
      tags: ['images'],
    },
  }, async (req): Promise<ImagePageDTO> => {
    const q = parseOr400(ListQuery, req.query, 'query');
    const { rows, total } = await ingest.repo.list(q);
    return { images: rows.map(toImageDTO), total, limit: q.limit ?? 100, offset: q.offset ?? 0 };
  });

  app.get('/api/images/coverage', {
    config: { permission: 'images:read' },
    schema: { summary: "GeoJSON footprints of a plan's photos (the patrol's coverage); each feature's id is the photo's", tags: ['images'] },
  }, async (req): Promise<FeatureCollection<Polygon>> => {
    const { plan } = parseOr400(z.object({ plan: z.string().min(1, 'plan is required') }).strict(), req.query, 'query');
    const rows = await ingest.repo.footprints(plan);
    const features: Feature<Polygon>[] = rows.map((r) => {
      const dto = toImageDTO(r);
      return {
        type: 'Feature',
        id: r.id,
        geometry: dto.footprint!,
        properties: { status: dto.status, capturedAt: dto.capturedAt, vehicleName: dto.vehicleName, thumbnailUrl: dto.thumbnailUrl },
      };
    });
    return { type: 'FeatureCollection', features };
  });

  app.get<{ Params: { id: string } }>('/api/images/jobs/:id', {
    config: { permission: 'images:upload' },
    schema: { summary: 'An upload job: progress and what became of each file', tags: ['images'], params: idParams },
  }, async (req) => {
    const job = uploads.get(req.params.id);
    if (!job) throw new ControlError(404, 'not_found', `no upload job with id '${req.params.id}'`);
    return job;
  });

  app.get<{ Params: { id: string } }>('/api/images/:id', {
    config: { permission: 'images:read' },
    schema: { summary: 'One photo: where, when, how, and its state', tags: ['images'], params: idParams },
  }, async (req) => toImageDTO(await rowOr404(ingest, req.params.id)));

  const sendFile = (store: ContentStore, what: string) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const row = await rowOr404(ingest, req.params.id);
    if (row.status !== 'stored' || row.sha256 === null) throw new ControlError(404, 'not_stored', `image ${row.id} has no file yet (status ${row.status})`);
    // The path comes from the stored hash only, never from the request.
    const path = store.pathOf(row.sha256);
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) throw new ControlError(404, 'file_missing', `the ${what} of image ${row.id} is missing from the store`);
    const etag = `"${row.sha256}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable').header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/jpeg').header('content-length', size).send(createReadStream(path));
  };
  app.get<{ Params: { id: string } }>('/api/images/:id/file', {
    config: { permission: 'images:read' },
    schema: { summary: 'The photo (JPEG); cacheable forever, as its content never changes', tags: ['images'], params: idParams },
  }, sendFile(ingest.files.originals, 'file'));
  app.get<{ Params: { id: string } }>('/api/images/:id/thumbnail', {
    config: { permission: 'images:read' },
    schema: { summary: 'A 320 px wide thumbnail (JPEG)', tags: ['images'], params: idParams },
  }, sendFile(ingest.files.thumbnails, 'thumbnail'));

  app.post<{ Params: { id: string } }>('/api/images/:id/retry', {
    config: { permission: 'images:upload' },
    schema: { summary: 'Fetch a failed photo again from the drone, with a fresh set of attempts', tags: ['images'], params: idParams },
  }, async (req) => {
    const row = await rowOr404(ingest, req.params.id);
    const reset = await ingest.retry(row.id);
    const outcome = reset ? 'ok' : 'error';
    await ctx.audit.record({ actor: req.auth, action: 'image.retry', target: row.id, outcome });
    if (!reset) {
      const why = row.status === 'stored' ? 'is already stored' : row.url === null ? 'has no URL to fetch from (upload its file instead)' : `cannot be retried in status ${row.status}`;
      throw new ControlError(409, 'not_retriable', `image ${row.id} ${why}`);
    }
    return toImageDTO(reset);
  });

  // Uploads take the raw body as a stream, whatever its type says; the handler checks what it is.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.post('/api/images/upload', {
      config: { permission: 'images:upload' },
      schema: {
        summary: 'Upload photos after the flight: a zip (application/zip) of JPEGs, or one JPEG (image/jpeg) as the body',
        description: 'Query: vehicle (id or name, to match its capture events), plan, patrol, name (of a single JPEG), tz (camera clock, minutes east of UTC), tolerance (s), wait. Answers 202 with the job at once (200 with the finished job when wait=true); progress goes to the uploader as imagery:progress.',
        tags: ['images'],
      },
    }, async (req, reply) => {
      const q = parseOr400(UploadQuery, req.query, 'query');
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type.startsWith('multipart/') || type === 'application/json' || type.startsWith('text/')) {
        throw new ControlError(415, 'unsupported_media_type', `send a zip (application/zip) or one JPEG (image/jpeg) as the request body, not ${type}`);
      }
      await mkdir(spoolDir, { recursive: true });
      const path = join(spoolDir, `${randomUUID()}.upload`);
      const kind = await spool(req, path, maxUpload).catch(async (err: unknown) => {
        await unlink(path).catch(() => {});
        throw err;
      });
      const job = await uploads.start({ path, kind, fileName: q.name ?? (kind === 'jpeg' ? 'upload.jpg' : 'upload.zip') }, {
        vehicle: q.vehicle ?? null,
        planId: q.plan ?? null,
        patrol: q.patrol ?? null,
        utcOffsetMin: q.tz ?? 0,
        matchToleranceMs: (q.tolerance ?? 5) * 1000,
      }, req.auth?.sessionId ?? null);
      await ctx.audit.record({ actor: req.auth, action: 'image.upload', target: job.id, detail: { kind, vehicle: q.vehicle ?? null, total: job.total }, outcome: 'ok' });
      if (q.wait === 'true' || q.wait === '1') return reply.code(200).send(await uploads.wait(job.id));
      return reply.code(202).send(job);
    });
  });

  return { uploads };
}

async function rowOr404(ingest: ImageIngest, id: string) {
  const row = await ingest.repo.get(id);
  if (!row) throw new ControlError(404, 'not_found', `no image with id '${id}'`);
  return row;
}

/** Writes the body to `path` within `max` bytes; returns what it is by its first bytes. */
async function spool(req: FastifyRequest, path: string, max: number): Promise<'zip' | 'jpeg'> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) done(new ControlError(413, 'too_large', `upload is over the ${max}-byte limit`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req.raw, limit, createWriteStream(path));
  } catch (err) {
    if (err instanceof ControlError) throw err;
    throw new ControlError(400, 'upload_broken', `the upload broke off after ${size} bytes`);
  }
  if (size === 0) throw new ControlError(400, 'empty', 'the request body is empty: send a zip or a JPEG');
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  throw new ControlError(415, 'unsupported_media_type', 'the body is neither a zip nor a JPEG');
}
