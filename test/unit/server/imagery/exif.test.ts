import { describe, expect, it } from 'vitest';
import { readExif } from '../../../../server/imagery/exif.js';
import { makeJpeg, withExif } from './fixtures.js';

describe('reading EXIF geotags', () => {
  const photo = makeJpeg(64, 48, 1);

  it('reads GPS position, altitude, capture time with its zone and the image number', async () => {
    const bytes = withExif(photo, {
      lat: 26.5881, lon: 106.6552, altMsl: 1123.5,
      dateTimeOriginal: '2026:05:01 10:20:30', offsetTimeOriginal: '+08:00', imageNumber: 42,
    });
    const exif = await readExif(bytes);
    expect(exif.lat).toBeCloseTo(26.5881, 6);
    expect(exif.lon).toBeCloseTo(106.6552, 6);
    expect(exif.altMsl).toBeCloseTo(1123.5, 3);
    expect(exif.capturedAt).toBe(Date.UTC(2026, 4, 1, 2, 20, 30));
    expect(exif.imageNumber).toBe(42);
  });

  it('puts southern and western positions and altitudes below sea level on the negative side', async () => {
    const exif = await readExif(withExif(photo, { lat: -33.8568, lon: -70.6483, altMsl: -12 }));
    expect(exif.lat).toBeCloseTo(-33.8568, 6);
    expect(exif.lon).toBeCloseTo(-70.6483, 6);
    expect(exif.altMsl).toBeCloseTo(-12, 6);
  });

  it('reads a time without a zone as UTC, or shifted by the offset the uploader gives', async () => {
    const bytes = withExif(photo, { dateTimeOriginal: '2026:05:01 10:20:30' });
    expect((await readExif(bytes)).capturedAt).toBe(Date.UTC(2026, 4, 1, 10, 20, 30));
    expect((await readExif(bytes, 8 * 60)).capturedAt).toBe(Date.UTC(2026, 4, 1, 2, 20, 30));
  });

  it('a photo without EXIF, or with EXIF but no GPS, has no position', async () => {
    expect(await readExif(photo)).toMatchObject({ lat: null, lon: null, altMsl: null, capturedAt: null, imageNumber: null });
    expect(await readExif(withExif(photo, { imageNumber: 7 }))).toMatchObject({ lat: null, lon: null, imageNumber: 7 });
  });

  it('a position of exactly 0,0 (a camera without a fix) counts as none', async () => {
    expect((await readExif(withExif(photo, { lat: 0, lon: 0 }))).lat).toBeNull();
  });

  it('a broken EXIF block gives nulls, not an error', async () => {
    const bytes = withExif(photo, { lat: 10, lon: 20 });
    // Point the GPS IFD far outside the block.
    const broken = Buffer.from(bytes);
    broken.fill(0xff, 20, 60);
    await expect(readExif(broken)).resolves.toMatchObject({ lat: null, lon: null });
  });
});
