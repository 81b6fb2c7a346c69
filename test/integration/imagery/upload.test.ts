import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImageryRoutes, type ImageryRoutes } from '../../../server/api/imagery-routes.js';
import type { AppContext } from '../../../server/app-context.js';
import { AuditLog } from '../../../server/auth/audit-log.js';
import { ControlError } from '../../../server/control/control-errors.js';
import { sessionRoom } from '../../../server/gateway/socket-auth.js';
import type { ImageIngest } from '../../../server/imagery/image-ingest.js';
import type { ImageDTO, ImagePageDTO, ImageryProgressDTO, UploadJobDTO } from '../../../server/protocol-imagery.js';
import { createRepositories } from '../../../server/store/repositories.js';
import { waitFor } from '../../support/wait.js';
import { makeJpeg, makeZip, withExif } from '../../unit/server/imagery/fixtures.js';
import { startRig, type Rig } from './support.js';

const SESSION = 'session-of-the-uploader';
let rig: Rig;
let ingest: ImageIngest;
let app: FastifyInstance;
let io: Server;
let client: Socket;
let routes: ImageryRoutes;
let base: string;
const progress: ImageryProgressDTO[] = [];

beforeAll(async () => {
  rig = await startRig('Hex 7');
  ingest = await rig.startIngest();
  const repos = createRepositories(rig.store.db);
  app = Fastify();
  // Stands in for the auth plugin: every request is the operator's session.
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    req.auth = { userId: 'u1', username: 'operator', roles: ['operator'], sessionId: SESSION, expiresAt: Date.now() + 3_600_000, via: 'bearer' };
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ControlError) return reply.code(err.status).send({ error: err.code, message: err.message });
    return reply.code(500).send({ error: 'internal', message: String(err) });
  });
  const ctx = {
    store: rig.store, repos, audit: new AuditLog(repos.audit, Date.now), clock: undefined, now: Date.now,
    io: () => io, dataDir: rig.dir,
  } as unknown as AppContext;
  routes = await registerImageryRoutes(app, ctx, ingest, { maxFileBytes: 2_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  io = new Server(app.server);
  io.on('connection', (s) => void s.join(sessionRoom(SESSION)));
  client = connect(base, { transports: ['websocket'] });
  client.on('imagery:progress', (p: ImageryProgressDTO) => progress.push(p));
  await waitFor('the socket to connect', () => client.connected);
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((r) => (io ? io.close(() => r()) : r()));
  await app?.close();
  await rig?.stop();
});

async function api<T>(method: string, path: string, body?: Buffer, type = 'application/zip'): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { method, body: body && new Uint8Array(body), headers: body ? { 'content-type': type } : {} });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: (json ? JSON.parse(text) : text) as T, headers: res.headers };
}

/** Capture events of Hex 7 (CAMERA_FEEDBACK) for photos 1–3, waiting for the SD card. */
async function recordCaptures(): Promise<void> {
  for (const i of [1, 2, 3]) {
    await ingest.repo.announce({
      vehicle_id: 'v1', vehicle_name: 'Hex 7', source: 'live', status: 'announced', url: null, image_index: i, capture_ms: i * 1000,
      captured_at: Date.UTC(2026, 4, 1, 2, 0, i), lat: 26.6 + i * 0.001, lon: 106.64, rel_alt: 40, yaw: 0, pitch: -90, roll: 0, plan_id: 'plan-1',
    }, Date.now());
  }
}

describe('uploading photos after the flight', () => {
  const card: Record<string, Buffer> = {};
  let job: UploadJobDTO;

  beforeAll(async () => {
    await recordCaptures();
    for (const i of [1, 2, 3]) card[`DCIM/100MEDIA/DSC0000${i}.JPG`] = makeJpeg(400, 300, 100 + i);
    card['DCIM/100MEDIA/GPS00101.JPG'] = withExif(makeJpeg(400, 300, 201), { lat: 26.61, lon: 106.65, altMsl: 1150, dateTimeOriginal: '2026:05:01 10:05:00', offsetTimeOriginal: '+08:00' });
    card['DCIM/100MEDIA/BROKEN.JPG'] = Buffer.concat([makeJpeg(400, 300, 301).subarray(0, 400), Buffer.alloc(200, 0x55)]);
    card['DCIM/100MEDIA/notes.txt'] = Buffer.from('flight log');
    card['__MACOSX/DCIM/._DSC00001.JPG'] = Buffer.from([0, 5, 22, 7, 0, 2]);
    const res = await api<UploadJobDTO>('POST', '/api/images/upload?vehicle=Hex%207&patrol=forest', makeZip(card));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ state: 'running', total: 7 });
    job = await waitFor('the upload job to finish', async () => {
      const j = await api<UploadJobDTO>('GET', `/api/images/jobs/${res.body.id}`);
      return j.body.state === 'running' ? null : j.body;
    });
  });

  it('keeps the good photos and reports each bad or foreign file with its reason', () => {
    expect(job).toMatchObject({ state: 'done', done: 7, total: 7, matched: 3, stored: 1, failed: 1, skipped: 2, duplicates: 0 });
    const byName = new Map(job.files.map((f) => [f.name, f]));
    expect(byName.get('DCIM/100MEDIA/BROKEN.JPG')).toMatchObject({ outcome: 'failed', imageId: null });
    expect(byName.get('DCIM/100MEDIA/BROKEN.JPG')!.message).toMatch(/JPEG/);
    expect(byName.get('DCIM/100MEDIA/notes.txt')!.outcome).toBe('skipped');
    expect(byName.get('__MACOSX/DCIM/._DSC00001.JPG')!.outcome).toBe('skipped');
  });

  it('photos without EXIF are matched to the drone capture events by their index and take their pose', async () => {
    const matched = job.files.filter((f) => f.outcome === 'matched');
    expect(matched.map((f) => f.geotag)).toEqual(['capture', 'capture', 'capture']);
    for (const f of matched) {
      const img = (await api<ImageDTO>('GET', `/api/images/${f.imageId}`)).body;
      const index = Number(/DSC0000(\d)/.exec(f.name)![1]);
      expect(img).toMatchObject({ status: 'stored', source: 'live', imageIndex: index, vehicleName: 'Hex 7', patrol: 'forest', planId: 'plan-1', fileName: f.name });
      expect(img.position!.lat).toBeCloseTo(26.6 + index * 0.001, 9);
      expect(img.footprint?.type).toBe('Polygon');
    }
  });

  it('a photo with EXIF GPS is geotagged from it', async () => {
    const f = job.files.find((x) => x.name.endsWith('GPS00101.JPG'))!;
    expect(f).toMatchObject({ outcome: 'stored', geotag: 'exif' });
    const img = (await api<ImageDTO>('GET', `/api/images/${f.imageId}`)).body;
    expect(img).toMatchObject({ source: 'upload', imageIndex: 101, capturedAt: Date.UTC(2026, 4, 1, 2, 5, 0), patrol: 'forest' });
    expect(img.position!.lat).toBeCloseTo(26.61, 6);
    expect(img.position!.altMsl).toBeCloseTo(1150, 3);
  });

  it('every stored photo has one annotation task', async () => {
    const ids = job.files.filter((f) => f.imageId).map((f) => f.imageId!);
    expect(await rig.tasksFor(ids)).toBe(4);
  });

  it('the uploader saw progress climb to the total', async () => {
    const mine = await waitFor('the last progress event', () => {
      const m = progress.filter((p) => p.jobId === job.id);
      return m.length > 0 && m[m.length - 1].done === 7 ? m : null;
    });
    expect(mine[0]).toEqual({ jobId: job.id, done: 0, total: 7 });
    expect(mine.map((p) => p.done)).toEqual([...mine.map((p) => p.done)].sort((a, b) => a - b));
    expect(mine.every((p) => p.total === 7)).toBe(true);
  });

  it('the same card uploaded again stores nothing new', async () => {
    const again = await api<UploadJobDTO>('POST', '/api/images/upload?vehicle=Hex%207&wait=true', makeZip(card));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'done', duplicates: 4, stored: 0, matched: 0, failed: 1, skipped: 2 });
  });

  it('serves the photo as uploaded, cacheable forever, and a 320 px thumbnail', async () => {
    const f = job.files.find((x) => x.name.endsWith('DSC00002.JPG'))!;
    const res = await fetch(`${base}/api/images/${f.imageId}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(card['DCIM/100MEDIA/DSC00002.JPG'])).toBe(true);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${base}/api/images/${f.imageId}/file`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const thumb = await fetch(`${base}/api/images/${f.imageId}/thumbnail`);
    expect(jpeg.decode(Buffer.from(await thumb.arrayBuffer())).width).toBe(320);
  });

  it('one JPEG can be uploaded as the body, named in the query', async () => {
    const photo = makeJpeg(200, 100, 555);
    const res = await api<UploadJobDTO>('POST', '/api/images/upload?name=DSC00777.JPG&wait=1', photo, 'image/jpeg');
    expect(res.body).toMatchObject({ state: 'done', total: 1, stored: 1 });
    expect(res.body.files[0]).toMatchObject({ name: 'DSC00777.JPG', geotag: 'none' });
  });
});

describe('the imagery API', () => {
  it('lists photos with filters, and says which filter is wrong', async () => {
    const page = await api<ImagePageDTO>('GET', '/api/images?vehicle=Hex%207&status=stored&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.images).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(4);
    const boxed = await api<ImagePageDTO>('GET', '/api/images?bbox=106.649,26.609,106.651,26.611');
    expect(boxed.body.images.map((i) => i.imageIndex)).toEqual([101]);
    for (const [query, field] of [['status=lost', 'query.status'], ['bbox=1,2,3', 'query.bbox'], ['limit=0', 'query.limit'], ['colour=red', 'query']]) {
      const bad = await api<{ error: string; message: string }>('GET', `/api/images?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.message.startsWith(field)).toBe(true);
    }
  });

  it("gives a plan's coverage as GeoJSON footprints", async () => {
    const res = await api<GeoJSON.FeatureCollection>('GET', '/api/images/coverage?plan=plan-1');
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(3);
    expect(res.body.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
    expect((await api('GET', '/api/images/coverage')).status).toBe(400);
  });

  it('answers 404 for an unknown photo or job and for a file not yet here, 409 for a retry that cannot be', async () => {
    expect((await api('GET', `/api/images/${randomUUID()}`)).status).toBe(404);
    expect((await api('GET', `/api/images/jobs/${randomUUID()}`)).status).toBe(404);
    const { row } = await ingest.repo.announce({ vehicle_id: 'v9', source: 'live', status: 'announced', url: null, image_index: 1, capture_ms: 1 }, Date.now());
    const file = await api<{ error: string }>('GET', `/api/images/${row.id}/file`);
    expect(file).toMatchObject({ status: 404, body: { error: 'not_stored' } });
    const retry = await api<{ error: string; message: string }>('POST', `/api/images/${row.id}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.message).toMatch(/no URL/);
  });

  it('refuses an upload that is not a zip or a JPEG, or over the size limit', async () => {
    const text = await api<{ error: string }>('POST', '/api/images/upload', Buffer.from('hello'), 'application/octet-stream');
    expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    const multipart = await api<{ error: string }>('POST', '/api/images/upload', Buffer.from('--x'), 'multipart/form-data; boundary=x');
    expect(multipart.status).toBe(415);
    const big = await api<{ message: string }>('POST', '/api/images/upload?wait=true', makeZip({ 'huge.jpg': Buffer.alloc(3_000_000, 1) }));
    expect(big.status).toBe(200);
    expect((big.body as unknown as UploadJobDTO).files[0]).toMatchObject({ outcome: 'failed', message: 'file of 3000000 bytes is over the 2000000-byte limit' });
    expect(routes.uploads.get('nope')).toBeUndefined();
  });
});
