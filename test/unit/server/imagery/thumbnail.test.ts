import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { BadImageError, jpegSize } from '../../../../server/imagery/jpeg-info.js';
import { makeThumbnail, type Thumbnail } from '../../../../server/imagery/thumbnail.js';
import { ThumbnailPool } from '../../../../server/imagery/thumbnail-pool.js';
import { makeJpeg } from './fixtures.js';

/** Mean of one channel over a decoded JPEG. */
function meanChannel(bytes: Uint8Array, channel: number): number {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  let sum = 0;
  for (let i = channel; i < img.data.length; i += 4) sum += img.data[i];
  return sum / (img.width * img.height);
}

/** A flat-colour JPEG, whose thumbnail must keep the colour. */
function flat(width: number, height: number, rgb: [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return jpeg.encode({ width, height, data }, 90).data;
}

describe('thumbnails', () => {
  it('shrinks a photo to 320 px wide, keeping its aspect ratio, as a JPEG', async () => {
    const t = await makeThumbnail(makeJpeg(960, 540, 3));
    expect([t.width, t.height]).toEqual([320, 180]);
    expect(jpegSize(t.bytes)).toEqual({ width: 320, height: 180 });
    expect(jpeg.decode(t.bytes).width).toBe(320);
  });

  it('keeps the colours of the photo', async () => {
    const t = await makeThumbnail(flat(800, 600, [200, 40, 90]), 100);
    expect([t.width, t.height]).toEqual([100, 75]);
    expect(meanChannel(t.bytes, 0)).toBeCloseTo(200, -1);
    expect(meanChannel(t.bytes, 1)).toBeCloseTo(40, -1);
    expect(meanChannel(t.bytes, 2)).toBeCloseTo(90, -1);
  });

  it('never enlarges a photo narrower than the thumbnail', async () => {
    const t = await makeThumbnail(makeJpeg(200, 100, 1));
    expect([t.width, t.height]).toEqual([200, 100]);
  });

  it('a truncated or corrupt file is refused with the reason', async () => {
    const photo = makeJpeg(64, 64, 2);
    const garbage = Buffer.concat([photo.subarray(0, 200), Buffer.alloc(50, 0x13)]);
    await expect(makeThumbnail(garbage)).rejects.toThrow(BadImageError);
    await expect(makeThumbnail(photo.subarray(0, photo.length - 100))).rejects.toThrow(/^not a decodable JPEG: [^\n]*premature end/);
  });

  it('a file that is not a JPEG is refused, even an image libvips could read', async () => {
    await expect(makeThumbnail(Buffer.from('GIF89a not a jpeg'))).rejects.toThrow(/not a decodable JPEG/);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await expect(makeThumbnail(png)).rejects.toThrow(BadImageError);
  });
});

describe('thumbnail pool', () => {
  const pool = new ThumbnailPool(1);
  afterAll(() => pool.close());

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

  it('makes at most its size at once, in the order asked', async () => {
    const started: number[] = [];
    let running = 0, most = 0;
    const bounded = new ThumbnailPool(2, async (_bytes, width) => {
      started.push(width);
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
      return { bytes: Buffer.alloc(0), width, height: 1 };
    });
    const done = await Promise.all([1, 2, 3, 4, 5].map((w) => bounded.thumbnail(Buffer.alloc(0), w)));
    expect(done.map((t) => t.width)).toEqual([1, 2, 3, 4, 5]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('once closed, rejects what is queued and refuses new requests', async () => {
    const finish: Array<() => void> = [];
    const slow = new ThumbnailPool(1, (_bytes, width) => new Promise<Thumbnail>((resolve) => {
      finish.push(() => resolve({ bytes: Buffer.alloc(0), width, height: 1 }));
    }));
    const first = slow.thumbnail(Buffer.alloc(0), 1);
    const queued = slow.thumbnail(Buffer.alloc(0), 2);
    const closing = slow.close();
    await expect(queued).rejects.toThrow('thumbnail pool closed');
    await expect(slow.thumbnail(Buffer.alloc(0), 3)).rejects.toThrow('thumbnail pool closed');
    finish.shift()!();
    await expect(first).resolves.toMatchObject({ width: 1 });
    await closing;
  });
});
