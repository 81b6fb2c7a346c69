import exifr from 'exifr';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { PhotoStore } from '../../../../../hardware/sim/camera/photo-store.js';
import { simCamera } from '../../../../../hardware/sim/camera/sim-camera-model.js';
import { buildWorld } from '../../../../../hardware/sim/world/build-world.js';

describe('photo metadata', () => {
  it('geotags every photo in EXIF and DJI-style XMP, as a drone camera does', async () => {
    const store = new PhotoStore(buildWorld({ seed: 2, center: { lat: -33.9, lon: 151.2 } }), simCamera(640, 480));
    const pose = { lat: -33.8987654, lon: 151.2012345, altitudeAgl: 60.5, yawDeg: 250, pitchDeg: -90, rollDeg: 0 };
    store.add({ bootMs: 0, timeMs: 0, altMsl: 100, pose: { ...pose, lat: -33.9 } });
    const rec = store.add({ bootMs: 5000, timeMs: Date.UTC(2025, 4, 6, 7, 8, 9, 123), altMsl: 1130.5, pose });
    const bytes = store.jpeg(rec.index)!;
    const tags = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, mergeOutput: true, reviveValues: false })) as Record<string, unknown>;
    expect(tags).toMatchObject({
      Make: 'Simulated',
      Model: 'Sim 640x480',
      DateTimeOriginal: '2025:05:06 07:08:09',
      OffsetTimeOriginal: '+00:00',
      SubSecTimeOriginal: '123',
      ImageNumber: 1,
      FocalLength: 8.8,
      GPSLatitudeRef: 'S',
      GPSLongitudeRef: 'E',
      GPSAltitude: 1130.5,
      GPSImgDirection: 250,
      RelativeAltitude: 60.5,
      GimbalYawDegree: -110,
      GimbalPitchDegree: -90,
    });
    const [d, m, s] = tags.GPSLatitude as number[];
    expect(d + m / 60 + s / 3600).toBeCloseTo(33.8987654, 7);
    const [ld, lm, ls] = tags.GPSLongitude as number[];
    expect(ld + lm / 60 + ls / 3600).toBeCloseTo(151.2012345, 7);
    // The pixels still decode with the metadata in front of them.
    expect(jpeg.decode(bytes, { useTArray: true }).width).toBe(640);
  });
});
