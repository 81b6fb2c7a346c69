import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../hardware/clock.js';
import { ImageIngest } from '../../server/imagery/image-ingest.js';
import { openStore, type Store } from '../../server/store/database.js';
import { makeJpeg } from '../unit/server/imagery/fixtures.js';
import { scratchPostgres } from '../support/scratch-postgres.js';

const { url } = scratchPostgres('fleet_ingest');

let store: Store;
let dir: string;
let camera: Server;
let base: string;
const photos = [0, 1, 2].map((i) => makeJpeg(160, 120, i));

beforeAll(async () => {
  store = await openStore({ url });
  dir = await mkdtemp(join(tmpdir(), 'imagery-pg-'));
  camera = createServer((req, res) => {
    const body = photos[Number(/(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? -1)];
    if (body) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => camera.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(camera.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => camera?.close(r));
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('image ingest on PostgreSQL', () => {
  it('stores pending photos with their annotation tasks, one task each even when stored twice over', async () => {
    const ingest = new ImageIngest({
      ctx: { store, clock: new RealClock(), now: () => Date.now(), dataDir: dir },
      fleet: { vehicles: () => [], subscribe: () => () => {} },
      thumbnails: 0,
      maxAttempts: 2,
      backoff: { initialMs: 10, maxMs: 10, factor: 1 },
    });
    const now = Date.now();
    for (const i of [0, 1, 2, 3]) {
      await ingest.repo.announce({
        vehicle_id: 'v1', vehicle_name: 'Power line patrol', patrol: 'powerline', source: 'live', status: 'announced',
        url: `${base}/photos/${i}.jpg`, image_index: i, capture_ms: i, captured_at: now,
      }, now);
    }
    await ingest.start();
    await ingest.idle();
    const { rows } = await ingest.repo.list({ vehicle: 'v1' });
    expect(rows.filter((r) => r.status === 'stored')).toHaveLength(3);
    expect(rows.find((r) => Number(r.image_index) === 3)).toMatchObject({ status: 'failed', attempts: 2, last_error: expect.stringMatching(/^HTTP 404/) });
    const stored = rows.find((r) => r.status === 'stored')!;
    expect(await ingest.storeInto(stored, { sha256: stored.sha256!, bytes: 1, width: 1, height: 1, mime: 'image/jpeg' })).toBe(false);
    const tasks = await store.db.selectFrom('annotation_tasks').select('image_id').where('image_id', 'in', rows.map((r) => r.id)).execute();
    expect(tasks).toHaveLength(3);
    await ingest.stop();
  });
});
