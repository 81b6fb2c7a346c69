/**
 * Photos made in the test: JPEGs of a given size and pattern (jpeg-js), EXIF blocks with GPS, time
 * and image number written byte by byte (TIFF little-endian), and zips of them (fflate).
 */
import jpeg from 'jpeg-js';
import { zipSync } from 'fflate';

/** A `width`×`height` JPEG whose pixels depend on `seed`, so different seeds give different bytes. */
export function makeJpeg(width: number, height: number, seed = 0, quality = 85): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data[o] = (x * 7 + seed * 31) & 0xff;
      data[o + 1] = (y * 5 + seed * 17) & 0xff;
      data[o + 2] = ((x ^ y) + seed * 11) & 0xff;
      data[o + 3] = 255;
    }
  }
  return jpeg.encode({ width, height, data }, quality).data;
}

/** What to write into the EXIF block. */
export interface ExifFields {
  lat?: number;
  lon?: number;
  altMsl?: number;
  /** "YYYY:MM:DD HH:MM:SS". */
  dateTimeOriginal?: string;
  /** "+08:00". */
  offsetTimeOriginal?: string;
  imageNumber?: number;
}

type Entry = { tag: number; type: number; count: number; value: Buffer };
const ASCII = 2, SHORT = 3, LONG = 4, RATIONAL = 5, BYTE = 1;

function ascii(tag: number, text: string): Entry {
  const value = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: ASCII, count: value.length, value };
}

function rationals(tag: number, values: number[]): Entry {
  const value = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => {
    // Six decimal places are plenty for a test; exact for whole numbers.
    const den = 1_000_000;
    value.writeUInt32LE(Math.round(v * den), i * 8);
    value.writeUInt32LE(den, i * 8 + 4);
  });
  return { tag, type: RATIONAL, count: values.length, value };
}

function long(tag: number, v: number): Entry {
  const value = Buffer.alloc(4);
  value.writeUInt32LE(v);
  return { tag, type: LONG, count: 1, value };
}

function dms(deg: number): number[] {
  const a = Math.abs(deg);
  const d = Math.floor(a), m = Math.floor((a - d) * 60);
  return [d, m, (a - d - m / 60) * 3600];
}

/** Lays out one IFD at `offset`: entries, next-IFD pointer, then the values that do not fit inline. */
function ifd(entries: Entry[], offset: number): Buffer {
  entries.sort((a, b) => a.tag - b.tag);
  const head = 2 + entries.length * 12 + 4;
  const table = Buffer.alloc(head);
  const extra: Buffer[] = [];
  let extraAt = offset + head;
  table.writeUInt16LE(entries.length, 0);
  entries.forEach((e, i) => {
    const p = 2 + i * 12;
    table.writeUInt16LE(e.tag, p);
    table.writeUInt16LE(e.type, p + 2);
    table.writeUInt32LE(e.count, p + 4);
    if (e.value.length <= 4) e.value.copy(table, p + 8);
    else {
      table.writeUInt32LE(extraAt, p + 8);
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  return Buffer.concat([table, ...extra]);
}

/** The APP1 "Exif" segment for `f`. */
export function exifSegment(f: ExifFields): Buffer {
  const gps: Entry[] = [];
  if (f.lat !== undefined && f.lon !== undefined) {
    gps.push({ tag: 0x0000, type: BYTE, count: 4, value: Buffer.from([2, 3, 0, 0]) });
    gps.push(ascii(0x0001, f.lat < 0 ? 'S' : 'N'), rationals(0x0002, dms(f.lat)));
    gps.push(ascii(0x0003, f.lon < 0 ? 'W' : 'E'), rationals(0x0004, dms(f.lon)));
    if (f.altMsl !== undefined) {
      gps.push({ tag: 0x0005, type: BYTE, count: 1, value: Buffer.from([f.altMsl < 0 ? 1 : 0]) });
      gps.push(rationals(0x0006, [Math.abs(f.altMsl)]));
    }
  }
  const exif: Entry[] = [];
  if (f.dateTimeOriginal) exif.push(ascii(0x9003, f.dateTimeOriginal));
  if (f.offsetTimeOriginal) exif.push(ascii(0x9011, f.offsetTimeOriginal));
  if (f.imageNumber !== undefined) exif.push(long(0x9211, f.imageNumber));

  // IFD0 holds the pointers; its size is known before the offsets it points at.
  const ifd0Entries: Entry[] = [{ tag: 0x0112, type: SHORT, count: 1, value: Buffer.from([1, 0]) }];
  const pointers = (exif.length ? 1 : 0) + (gps.length ? 1 : 0);
  const ifd0Size = 2 + (ifd0Entries.length + pointers) * 12 + 4;
  let at = 8 + ifd0Size;
  const blocks: Buffer[] = [];
  if (exif.length) {
    ifd0Entries.push(long(0x8769, at));
    const b = ifd(exif, at);
    blocks.push(b);
    at += b.length;
  }
  if (gps.length) {
    ifd0Entries.push(long(0x8825, at));
    blocks.push(ifd(gps, at));
  }
  const tiffHeader = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  const tiff = Buffer.concat([tiffHeader, ifd(ifd0Entries, 8), ...blocks]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The JPEG with an EXIF block inserted right after its start marker. */
export function withExif(jpegBytes: Buffer, f: ExifFields): Buffer {
  return Buffer.concat([jpegBytes.subarray(0, 2), exifSegment(f), jpegBytes.subarray(2)]);
}

/** A zip of the named files (deflated, as an SD card zipped by a desktop would be). */
export function makeZip(files: Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(files, { level: 6 }));
}
