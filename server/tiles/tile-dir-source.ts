/**
 * A directory of tile files, `<z>/<x>/<y>.<ext>` (XYZ, as most tile dumps are), with an optional
 * TileJSON-like `metadata.json` (`name`, `attribution`, `bounds`, `minzoom`, `maxzoom`,
 * `vector_layers`, and `scheme: "tms"` for rows counted from the south).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TileFormat } from '../protocol-tiles.js';
import { tmsRow } from './mbtiles-source.js';
import { formatFromName, isGzip } from './tile-format.js';
import { tilesetInfo, validBounds, vectorLayerIds, zoomOr, type TileSource } from './tile-source.js';

const EXTENSIONS: Readonly<Record<TileFormat, string>> = { png: 'png', jpg: 'jpg', webp: 'webp', pbf: 'pbf' };

/** Zoom directories (names that are whole numbers), sorted. */
async function zoomLevels(dir: string): Promise<number[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && /^\d{1,2}$/.test(e.name)).map((e) => Number(e.name)).sort((a, b) => a - b);
}

/** The extension of the first tile file under zoom `z`, or null. */
async function firstExtension(dir: string, z: number): Promise<string | null> {
  for (const x of await readdir(join(dir, String(z)))) {
    const files = await readdir(join(dir, String(z), x)).catch(() => []);
    const file = files.find((f) => /^\d+\.[a-z]+$/i.test(f));
    if (file) return file.slice(file.indexOf('.') + 1);
  }
  return null;
}

async function readMetadata(dir: string): Promise<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${join(dir, 'metadata.json')}: ${(err as Error).message}`, { cause: err });
  }
}

/** Opens directory `dir` as tileset `name`; throws when it holds no tiles of a format we serve. */
export async function openTileDirectory(dir: string, name: string): Promise<TileSource> {
  const meta = await readMetadata(dir);
  const zooms = await zoomLevels(dir);
  if (zooms.length === 0) throw new Error(`${dir}: no zoom directories (expected <z>/<x>/<y>.<ext>)`);
  const found = await firstExtension(dir, zooms[0]);
  const named = typeof meta.format === 'string' ? meta.format : found;
  const format = formatFromName(named);
  if (!format) throw new Error(`${dir}: tiles of type '${named ?? 'none'}' are not served (png, jpg, webp or pbf)`);
  const ext = found ?? EXTENSIONS[format];
  const tms = meta.scheme === 'tms';
  const bounds = Array.isArray(meta.bounds) ? meta.bounds.map(Number) : [];
  const { mtimeMs } = await stat(dir);
  return {
    info: tilesetInfo({
      name,
      kind: 'directory',
      format,
      title: typeof meta.name === 'string' ? meta.name : undefined,
      minzoom: zoomOr(meta.minzoom, zooms[0]),
      maxzoom: zoomOr(meta.maxzoom, zooms[zooms.length - 1]),
      bounds: validBounds(bounds) ? (bounds as [number, number, number, number]) : null,
      attribution: typeof meta.attribution === 'string' ? meta.attribution : undefined,
      vectorLayers: format === 'pbf' ? vectorLayerIds(meta.vector_layers) : [],
    }),
    version: Math.round(mtimeMs).toString(36),
    async getTile(z, x, y) {
      // z, x and y are checked integers, so the path stays inside the directory.
      const file = join(dir, String(z), String(x), `${tms ? tmsRow(z, y) : y}.${ext}`);
      try {
        const data = await readFile(file);
        return { data, encoding: format === 'pbf' && isGzip(data) ? 'gzip' : null };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    close: async () => {},
  };
}
