/**
 * Imagery benchmark: photos ingested per second through the whole live path (fetch from a camera's
 * HTTP server, hash, keep content-addressed, thumbnail, footprint, row and annotation task), beside a
 * baseline of plain fetch-and-write of the same bytes in the same run, so the figure reads as the
 * cost of everything the ingest adds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { RealClock } from '../../hardware/clock.js';
import { ImageIngest } from '../../server/imagery/image-ingest.js';
import { openStore } from '../../server/store/database.js';

export interface ImageryBenchOptions {
  /** Photos per pass (default 60). */
  photos?: number;
  /** Photo size in px (default 1920×1080, a mid-size camera frame). */
  width?: number;
  height?: number;
  /** Fetches at once, in both passes (default 4, the ingest's default). */
  concurrency?: number;
}

/** A photo with a texture that compresses like a real scene, not like a flat colour. */
function scene(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const p = i / 4, x = p % width, y = Math.floor(p / width);
    const n = s & 31;
    data[i] = (x / 8 + n) & 0xff;
    data[i + 1] = (y / 6 + n * 2 + seed * 40) & 0xff;
    data[i + 2] = ((x + y) / 10 + n) & 0xff;
    data[i + 3] = 255;
  }
  return jpeg.encode({ width, height, data }, 85).data;
}

/** The same picture with a comment segment that makes its bytes (and hash) unique. */
function variant(base: Buffer, n: number): Buffer {
  const text = Buffer.from(`photo ${n}`);
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([base.subarray(0, 2), com, text, base.subarray(2)]);
}

async function inParallel(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await work(next++);
  }));
}

export async function benchImagery(opts: ImageryBenchOptions = {}): Promise<{ lines: string[] }> {
  const n = opts.photos ?? 60, width = opts.width ?? 1920, height = opts.height ?? 1080, concurrency = opts.concurrency ?? 4;
  const dir = await mkdtemp(join(tmpdir(), 'bench-imagery-'));
  const bases = [1, 2, 3, 4].map((seed) => scene(width, height, seed));
  const photos = Array.from({ length: n }, (_, i) => variant(bases[i % bases.length], i));
  const server = createServer((req, res) => {
    const i = Number(/^\/photos\/(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? -1);
    const body = photos[i];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const store = await openStore({ file: join(dir, 'bench.sqlite') });
  try {
    // Baseline: the bytes fetched and written, nothing else.
    const t0 = performance.now();
    await inParallel(n, concurrency, async (i) => {
      const res = await fetch(`${url}/photos/${i}.jpg`);
      await writeFile(join(dir, `plain-${i}.jpg`), Buffer.from(await res.arrayBuffer()));
    });
    const plainS = (performance.now() - t0) / 1000;

    // The ingest: rows as the drone's announcements leave them, fetched on start as after a restart.
    const clock = new RealClock();
    const ingest = new ImageIngest({ ctx: { store, clock, now: () => Date.now(), dataDir: dir }, fleet: { vehicles: () => [], subscribe: () => () => {} }, concurrency });
    const now = Date.now();
    for (let i = 0; i < n; i++) {
      await ingest.repo.announce({
        vehicle_id: 'v1', vehicle_name: 'Forest survey', patrol: 'forest', source: 'live', status: 'announced',
        url: `${url}/photos/${i}.jpg`, image_index: i, capture_ms: i * 1000, captured_at: now + i,
        lat: 26.6 + i * 1e-4, lon: 106.64, rel_alt: 60, yaw: 0, pitch: -90, roll: 0,
      }, now);
    }
    const t1 = performance.now();
    await ingest.start();
    await ingest.idle();
    const ingestS = (performance.now() - t1) / 1000;
    const { total } = await ingest.repo.list({ status: 'stored' });
    await ingest.stop();
    const tasks = await store.db.selectFrom('annotation_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const mb = photos.reduce((s, p) => s + p.length, 0) / n / 1e6;
    return {
      lines: [
        `imagery: ${n} photos of ${width}×${height} (${mb.toFixed(2)} MB each), ${concurrency} fetches at once, thumbnails with libvips (sharp)`,
        `  plain fetch + write   ${(n / plainS).toFixed(1).padStart(7)} photos/s`,
        `  ingest (fetch, hash, store, thumbnail, footprint, row, task) ${(n / ingestS).toFixed(1).padStart(7)} photos/s  (${((plainS / ingestS) * 100).toFixed(0)} % of plain)`,
        `  stored ${total}/${n}, tasks ${Number(tasks.n)}`,
      ],
    };
  } finally {
    await store.close();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  }
}
