/** Tile formats: their HTTP content types, and recognising them from metadata or from the bytes. */
import type { TileFormat } from '../protocol-tiles.js';

export const CONTENT_TYPES: Readonly<Record<TileFormat, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/x-protobuf',
};

/** The format a metadata value or file extension names (`jpeg`, `mvt` and `image/png` too), or null. */
export function formatFromName(value: string | null | undefined): TileFormat | null {
  switch (value?.trim().toLowerCase().replace(/^\.|^image\//, '')) {
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpg';
    case 'webp':
      return 'webp';
    case 'pbf':
    case 'mvt':
    case 'application/x-protobuf':
    case 'application/vnd.mapbox-vector-tile':
      return 'pbf';
    default:
      return null;
  }
}

/** True for gzip data (vector tiles are usually stored gzipped). */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** The format of one tile's bytes by its magic number; gzip (or anything else) is taken for vector data. */
export function sniffFormat(data: Uint8Array): TileFormat {
  if (data.length >= 4 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.length >= 12 && Buffer.from(data.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(data.subarray(8, 12)).toString('latin1') === 'WEBP') return 'webp';
  return 'pbf';
}
