/**
 * An MBTiles file (SQLite: `metadata` and `tiles` tables), opened read-only. MBTiles rows count
 * from the south (TMS), so XYZ `y` is flipped: `tile_row = 2^z − 1 − y`.
 */
import Database from 'better-sqlite3';
import { stat } from 'node:fs/promises';
import { formatFromName, isGzip, sniffFormat } from './tile-format.js';
import { parseBounds, tilesetInfo, vectorLayerIds, zoomOr, type Tile, type TileSource, type TilesetInfo } from './tile-source.js';

/** The TMS row of XYZ tile row `y` at zoom `z`. */
export function tmsRow(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

/** Opens `file` as tileset `name`; throws when it is not a readable MBTiles file. */
export async function openMbtiles(file: string, name: string): Promise<TileSource> {
  const { size, mtimeMs } = await stat(file);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map<string, string>();
    for (const row of db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[]) meta.set(row.name, row.value);
    const get = db.prepare<[number, number, number], { tile_data: Buffer }>('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    const zooms = db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get() as { min: number | null; max: number | null };
    const first = db.prepare('SELECT tile_data FROM tiles LIMIT 1').get() as { tile_data: Buffer } | undefined;
    const format = formatFromName(meta.get('format')) ?? (first ? sniffFormat(first.tile_data) : null);
    if (!format) throw new Error(`${file}: no format in metadata and no tiles to tell it from`);
    const info: TilesetInfo = tilesetInfo({
      name,
      kind: 'mbtiles',
      format,
      title: meta.get('name'),
      minzoom: zoomOr(meta.get('minzoom'), zooms.min ?? 0),
      maxzoom: zoomOr(meta.get('maxzoom'), zooms.max ?? 22),
      bounds: parseBounds(meta.get('bounds')),
      attribution: meta.get('attribution'),
      vectorLayers: format === 'pbf' ? vectorLayerIds(parseJson(meta.get('json'))?.vector_layers) : [],
    });
    return {
      info,
      version: `${size.toString(36)}-${Math.round(mtimeMs).toString(36)}`,
      async getTile(z, x, y) {
        const row = get.get(z, x, tmsRow(z, y));
        if (!row) return null;
        const tile: Tile = { data: row.tile_data, encoding: format === 'pbf' && isGzip(row.tile_data) ? 'gzip' : null };
        return tile;
      },
      async close() {
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function parseJson(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
