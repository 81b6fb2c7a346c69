import { describe, expect, it } from 'vitest';
import { isJpeg, jpegSize } from '../../../../server/imagery/jpeg-info.js';
import { exifSegment, makeJpeg } from './fixtures.js';

describe('JPEG header checks', () => {
  it('knows a JPEG by its start marker', () => {
    expect(isJpeg(makeJpeg(8, 8))).toBe(true);
    expect(isJpeg(Buffer.from('\x89PNG\r\n'))).toBe(false);
    expect(isJpeg(Buffer.from([0xff, 0xd8]))).toBe(false);
  });

  it('reads width and height from the frame header, past an EXIF block', () => {
    const photo = makeJpeg(123, 45);
    const withExif = Buffer.concat([photo.subarray(0, 2), exifSegment({ lat: 1, lon: 2 }), photo.subarray(2)]);
    expect(jpegSize(photo)).toEqual({ width: 123, height: 45 });
    expect(jpegSize(withExif)).toEqual({ width: 123, height: 45 });
  });

  it('a file cut before its frame header, or with a broken segment, has no size', () => {
    const photo = makeJpeg(64, 64);
    expect(jpegSize(photo.subarray(0, 30))).toBeNull();
    const broken = Buffer.from(photo);
    broken[2] = 0x00;
    expect(jpegSize(broken)).toBeNull();
  });
});
