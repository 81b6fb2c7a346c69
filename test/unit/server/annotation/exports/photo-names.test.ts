import { describe, expect, it } from 'vitest';
import { PhotoNames, stemOf } from '../../../../../server/annotation/exports/photo-names.js';

const ID1 = '0a1b2c3d-0000-4000-8000-000000000001';
const ID2 = '9f8e7d6c-0000-4000-8000-000000000002';
const ID3 = '55aa55aa-0000-4000-8000-000000000003';

describe('photo names in an export', () => {
  it('keeps the uploaded file name', () => {
    expect(new PhotoNames().nameOf({ id: ID1, fileName: 'DJI_0042.JPG' })).toBe('DJI_0042.JPG');
  });

  it('names a photo without a file name after its id', () => {
    expect(new PhotoNames().nameOf({ id: ID1, fileName: null })).toBe(`${ID1}.jpg`);
  });

  it('gives a repeated stem, whatever its case or extension, the id as a suffix, so YOLO label files never collide', () => {
    const names = new PhotoNames();
    expect(names.nameOf({ id: ID1, fileName: 'IMG_0001.jpg' })).toBe('IMG_0001.jpg');
    expect(names.nameOf({ id: ID2, fileName: 'img_0001.JPEG' })).toBe('img_0001-9f8e7d6c.JPEG');
    expect(names.nameOf({ id: ID3, fileName: 'IMG_0001.jpg' })).toBe('IMG_0001-55aa55aa.jpg');
  });

  it('keeps only the base name, without path separators or control characters, and always a JPEG extension', () => {
    const names = new PhotoNames();
    expect(names.nameOf({ id: ID1, fileName: 'DCIM/100MEDIA/a:b*c.jpg' })).toBe('a_b_c.jpg');
    expect(names.nameOf({ id: ID2, fileName: 'C:\\card\\thermal\u0007.tif' })).toBe('thermal_.tif.jpg');
    expect(names.nameOf({ id: ID3, fileName: '..' })).toBe(`${ID3}.jpg`);
  });

  it('finds the stem a label file is named after', () => {
    expect(stemOf('IMG_0001.JPG')).toBe('IMG_0001');
    expect(stemOf('a.b.jpeg')).toBe('a.b');
  });
});
