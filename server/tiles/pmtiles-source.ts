/**
 * A PMTiles v3 archive read from a local file through the `pmtiles` reader: header, directories
 * and metadata come through a file-range source; tiles come out decompressed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { TileFormat } from '../protocol-tiles.js';
import { tilesetInfo, validBounds, vectorLayerIds, type TileSource } from './tile-source.js';

const gunzipAsync = promisify(gunzip);
const brotliAsync = promisify(brotliDecompress);

/** Byte ranges of a local file, as the reader asks for them. */
export class FileRangeSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const bytes = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(bytes, 0, length, offset);
    return { data: bytesRead === length ? bytes.buffer : bytes.buffer.slice(0, bytesRead) };
  }
}

async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  switch (compression) {
    case Compression.None:
    case Compression.Unknown:
      return buf;
    case Compression.Gzip:
      return toArrayBuffer(await gunzipAsync(new Uint8Array(buf)));
    case Compression.Brotli:
      return toArrayBuffer(await brotliAsync(new Uint8Array(buf)));
    default:
      throw new Error(`unsupported PMTiles compression ${Compression[compression] ?? compression}`);
  }
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

/** Opens `file` as tileset `name`; throws when it is not a PMTiles v3 archive of a format we serve. */
export async function openPmtiles(file: string, name: string): Promise<TileSource> {
  const handle = await open(file, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const archive = new PMTiles(new FileRangeSource(handle, file), undefined, decompress);
    const header = await archive.getHeader();
    const format = FORMATS[header.tileType];
    if (!format) throw new Error(`${file}: tile type ${TileType[header.tileType] ?? header.tileType} is not served (png, jpg, webp or vector)`);
    const meta = ((await archive.getMetadata()) ?? {}) as Record<string, unknown>;
    const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat];
    const info = tilesetInfo({
      name,
      kind: 'pmtiles',
      format,
      title: typeof meta.name === 'string' ? meta.name : undefined,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: validBounds(bounds) ? (bounds as [number, number, number, number]) : null,
      attribution: typeof meta.attribution === 'string' ? meta.attribution : undefined,
      vectorLayers: format === 'pbf' ? vectorLayerIds(meta.vector_layers) : [],
    });
    return {
      info,
      version: header.etag ?? `${size.toString(36)}-${Math.round(mtimeMs).toString(36)}`,
      async getTile(z, x, y) {
        if (z < header.minZoom || z > header.maxZoom) return null;
        const r = await archive.getZxy(z, x, y);
        return r ? { data: Buffer.from(r.data), encoding: null } : null;
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
