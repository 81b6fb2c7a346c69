import { randomBytes } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJobDTO, ExportProgressDTO } from '../../../server/protocol-annotation.js';
import { waitFor } from '../../support/wait.js';
import { text, unzipAnswer } from './support/export-checks.js';
import { startExportsApp, type ExportEvents, type ExportsApp } from './support/exports-app.js';
import { makeQueue } from './support/fixtures.js';

type Err = { error: string; message: string };

describe('background exports', () => {
  let app: ExportsApp;
  let socket: Socket<ExportEvents>;
  const progress: ExportProgressDTO[] = [];

  beforeAll(async () => {
    app = await startExportsApp();
    socket = connect(app.url, { transports: ['websocket'], auth: { token: app.tokens.reviewer } });
    socket.on('exports:progress', (p) => progress.push(p));
    await waitFor('socket connected', () => socket.connected);
  });
  afterAll(async () => {
    socket?.close();
    await app?.stop();
  });

  async function finished(id: string, who: 'reviewer' | 'admin' = 'reviewer'): Promise<ExportJobDTO> {
    let job: ExportJobDTO | undefined;
    await waitFor(`export ${id} finished`, async () => {
      job = (await app.api<ExportJobDTO>(who, 'GET', `/api/exports/${id}`)).body;
      return job.state !== 'running';
    });
    return job!;
  }

  it('makes the zip in the background, tells the session how far it is, and hands it to its owner only', async () => {
    const queue = await makeQueue(app.store.db);
    const photos = [];
    for (let i = 0; i < 12; i++) photos.push(await app.photo(queue, { width: 64, height: 48 }));
    const started = await app.api<ExportJobDTO>('reviewer', 'POST', '/api/exports', { format: 'labelstudio', queue, state: 'all' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ format: 'labelstudio', state: 'running', total: 12, downloadUrl: null });
    const id = started.body.id;

    const job = await finished(id);
    expect(job).toMatchObject({ state: 'done', done: 12, total: 12, missing: 0, error: null, downloadUrl: `/api/exports/${id}/download` });
    expect(job.bytes).toBeGreaterThan(0);
    await waitFor('last progress event', () => progress.some((p) => p.jobId === id && p.state === 'done'));
    const mine = progress.filter((p) => p.jobId === id);
    expect(mine[0]).toEqual({ jobId: id, state: 'running', done: 0, total: 12 });
    expect(mine.at(-1)).toEqual({ jobId: id, state: 'done', done: 12, total: 12 });
    const counts = mine.map((p) => p.done);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(mine.length).toBeGreaterThan(3);

    const res = await app.raw('reviewer', 'GET', job.downloadUrl!);
    expect(Number(res.headers.get('content-length'))).toBe(job.bytes);
    const files = await unzipAnswer(res);
    const tasks = JSON.parse(text(files['tasks.json'])) as { data: { image: string; image_id: string } }[];
    expect(tasks.map((t) => t.data.image_id).sort()).toEqual(photos.map((p) => p.imageId).sort());
    for (const t of tasks) expect(files[t.data.image]).toBeDefined();

    // Someone else's job is no one's business.
    expect((await app.api<Err>('admin', 'GET', `/api/exports/${id}`)).body).toEqual({ error: 'not_found', message: `no export with id '${id}'` });
    expect((await app.api('admin', 'GET', `/api/exports/${id}/download`)).status).toBe(404);
    expect((await app.api('reviewer', 'GET', '/api/exports/nope')).status).toBe(404);
    expect((await app.api('annotator', 'GET', `/api/exports/${id}`)).status).toBe(403);
  });

  it('refuses a background export with a bad body, naming the field', async () => {
    const r = await app.api<Err>('reviewer', 'POST', '/api/exports', { format: 'coco', state: 'maybe' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^state: /);
  });

  it('leaves out a photo whose file is gone, and says so', async () => {
    const queue = await makeQueue(app.store.db);
    const kept = await app.photo(queue, { width: 64, height: 48 });
    const lost = await app.photo(queue, { width: 64, height: 48 });
    await unlink(app.originals.pathOf(lost.sha256));
    const started = await app.api<ExportJobDTO>('admin', 'POST', '/api/exports', { format: 'yolo', queue, state: 'all' });
    const job = await finished(started.body.id, 'admin');
    expect(job).toMatchObject({ state: 'done', done: 2, missing: 1 });
    const files = await unzipAnswer(await app.raw('admin', 'GET', job.downloadUrl!));
    expect(Object.keys(files).filter((f) => f.startsWith('images/'))).toEqual([`images/${await nameOf(kept.imageId)}`]);
    expect(text(files['missing.txt'])).toContain(`image ${lost.imageId} (task ${lost.taskId}`);
  });

  it('stops and cleans up when the client goes away mid-download', async () => {
    const queue = await makeQueue(app.store.db);
    // Big enough that the download cannot sit in socket buffers: 24 photos of 2 MB.
    const blob = randomBytes(2 * 1024 * 1024);
    for (let i = 0; i < 24; i++) await app.photo(queue, { width: 64, height: 48, bytes: blob });
    const spool = join(app.dataDir, 'exports', 'spool');
    const res = await app.raw('reviewer', 'GET', `/api/exports?format=coco&queue=${queue}&state=all`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(await readdir(spool)).toHaveLength(2);
    await reader.cancel();
    await waitFor('spool files removed', async () => (await readdir(spool)).length === 0);
    // The server carries on.
    const next = await app.raw('reviewer', 'GET', `/api/exports?format=yolo&queue=${queue}&state=all`);
    expect(next.status).toBe(200);
    await next.body?.cancel();
  });

  async function nameOf(imageId: string): Promise<string> {
    const row = await app.store.db.selectFrom('images').select('file_name').where('id', '=', imageId).executeTakeFirstOrThrow();
    return row.file_name!;
  }
});
