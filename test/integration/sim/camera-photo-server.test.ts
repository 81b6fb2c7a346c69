import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../hardware/clock.js';
import { startPhotoServer, type PhotoServer, type PhotoServerOptions, type PhotoSource } from '../../../hardware/sim/camera/photo-server.js';
import { waitFor } from '../../support/wait.js';

/** A camera holding photos 0 and 1. */
const source: PhotoSource = {
  jpeg: (i) => (i < 2 ? Buffer.from([0xff, 0xd8, i, 0xff, 0xd9]) : undefined),
  truth: (i) => (i < 2 ? { index: i, objects: [] } : undefined),
};
const servers: PhotoServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function serve(opts: PhotoServerOptions = {}): Promise<PhotoServer> {
  const s = await startPhotoServer(opts);
  servers.push(s);
  s.mount('', source);
  s.mount('d2', { jpeg: () => Buffer.from([0xff, 0xd8, 0x22, 0xff, 0xd9]), truth: () => ({ d2: true }) });
  return s;
}

/** A raw GET, so paths reach the server exactly as written (fetch would normalise `..`). */
function get(s: PhotoServer, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('photo server', () => {
  it('serves photos and truth by index, under each camera prefix', async () => {
    const s = await serve();
    const photo = await get(s, '/photos/1.jpg');
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect([...photo.body]).toEqual([0xff, 0xd8, 1, 0xff, 0xd9]);
    expect(JSON.parse((await get(s, '/truth/0.json')).body.toString())).toEqual({ index: 0, objects: [] });
    expect([...(await get(s, '/d2/photos/7.jpg')).body]).toEqual([0xff, 0xd8, 0x22, 0xff, 0xd9]);
    expect(s.baseUrl('d2')).toBe(`http://127.0.0.1:${s.port}/d2`);
    const head = await get(s, '/photos/0.jpg', 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, '5', 0]);
  });

  it('answers 404 with a reason for unknown photos, cameras and paths, never reaching outside', async () => {
    const s = await serve();
    for (const path of ['/photos/2.jpg', '/truth/9.json', '/d3/photos/0.jpg', '/photos/../package.json', '/../../etc/passwd', '/%2e%2e/photos/0.jpg', '/photos/0.jpg/..', '/photos/-1.jpg', '/photos/0.png', '/']) {
      const r = await get(s, path);
      expect(r.status, path).toBe(404);
      expect(JSON.parse(r.body.toString()).error).toBe('not_found');
    }
    const post = await get(s, '/photos/0.jpg', 'POST');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect(() => s.mount('../x', source)).toThrow(/prefix/);
  });

  it('fails photo requests at the seeded rate with 503 and a retry hint, the same way each run', async () => {
    const run = async (): Promise<number[]> => {
      const s = await serve({ failRate: 0.5, seed: 9 });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push((await get(s, '/photos/0.jpg')).status);
      expect(s.stats).toEqual({ photos: 20, failed: codes.filter((c) => c === 503).length });
      return codes;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
    const s = await serve({ failRate: 1 });
    const r = await get(s, '/photos/0.jpg');
    expect([r.status, r.headers['retry-after'], JSON.parse(r.body.toString()).error]).toEqual([503, '1', 'unavailable']);
    // Truth is for tests and never fails.
    expect((await get(s, '/truth/0.json')).status).toBe(200);
  });

  it('holds each photo back by the delay on its clock', async () => {
    const clock = new ManualClock();
    const s = await serve({ delayMs: 2000, clock });
    let answered = false;
    const pending = get(s, '/photos/0.jpg').then((r) => {
      answered = true;
      return r;
    });
    await waitFor('the request to arrive', () => s.stats.photos === 1);
    clock.advance(1999);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    expect(clock.pending).toBe(0);
    expect((await pending).status).toBe(200);
    expect(answered).toBe(true);
  });

  it('refuses bad options and a port in use', async () => {
    await expect(startPhotoServer({ failRate: 2 })).rejects.toThrow(/fail rate must be between 0 and 1/);
    await expect(startPhotoServer({ delayMs: -1 })).rejects.toThrow(/delay/);
    const s = await serve();
    await expect(startPhotoServer({ port: s.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
