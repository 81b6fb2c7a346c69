import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { BadImageError, jpegSize } from '../../../../server/imagery/jpeg-info.js';
import { boxDownscale, makeThumbnail } from '../../../../server/imagery/thumbnail.js';
import { ThumbnailPool } from '../../../../server/imagery/thumbnail-pool.js';
import { makeJpeg } from './fixtures.js';

describe('thumbnails', () => {
  it('shrinks a photo to 320 px wide, keeping its aspect ratio, as a JPEG', () => {
    const t = makeThumbnail(makeJpeg(960, 540, 3));
    expect([t.width, t.height, t.sourceWidth, t.sourceHeight]).toEqual([320, 180, 960, 540]);
    expect(jpegSize(t.bytes)).toEqual({ width: 320, height: 180 });
    expect(jpeg.decode(t.bytes).width).toBe(320);
  });

  it('never enlarges a photo narrower than the thumbnail', () => {
    const t = makeThumbnail(makeJpeg(200, 100, 1));
    expect([t.width, t.height]).toEqual([200, 100]);
  });

  it('a box filter averages every source pixel it covers', () => {
    // Two by two of black and white becomes one mid-grey pixel.
    const src = new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    expect([...boxDownscale(src, 2, 2, 1, 1)]).toEqual([128, 128, 128, 255]);
    // Three to two: the middle source pixel is split between both outputs.
    const row = new Uint8Array([30, 0, 0, 255, 90, 0, 0, 255, 150, 0, 0, 255]);
    expect([...boxDownscale(row, 3, 1, 2, 1)].filter((_, i) => i % 4 === 0)).toEqual([50, 130]);
  });

  it('a file that does not decode is refused with the reason', () => {
    const photo = makeJpeg(64, 64, 2);
    const garbage = Buffer.concat([photo.subarray(0, 200), Buffer.alloc(50, 0x13)]);
    expect(() => makeThumbnail(garbage)).toThrow(BadImageError);
    expect(() => makeThumbnail(Buffer.from('GIF89a not a jpeg'))).toThrow(/not a decodable JPEG/);
  });
});

describe('thumbnail worker pool', () => {
  const pool = new ThumbnailPool(1);
  afterAll(() => pool.close());

  it('makes the same thumbnail on a worker thread as on the calling thread', async () => {
    const photo = makeJpeg(640, 480, 5);
    const [onWorker, here] = [await pool.thumbnail(photo, 320), makeThumbnail(photo, 320)];
    expect([onWorker.width, onWorker.height]).toEqual([320, 240]);
    expect(Buffer.from(onWorker.bytes).equals(here.bytes)).toBe(true);
  });

  it('answers requests queued at once, and a bad file fails only its own request', async () => {
    const results = await Promise.allSettled([
      pool.thumbnail(makeJpeg(400, 300, 1), 100),
      pool.thumbnail(Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]), 100),
      pool.thumbnail(makeJpeg(300, 300, 2), 100),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(BadImageError);
    expect((results[2] as PromiseFulfilledResult<{ height: number }>).value.height).toBe(100);
  });
});
