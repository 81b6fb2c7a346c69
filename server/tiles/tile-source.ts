/** What every kind of served tileset (MBTiles, PMTiles, a directory of files) offers the routes. */
import type { TilesetDTO } from '../protocol-tiles.js';

/** A tileset's description, less the URL the catalog gives it. */
export type TilesetInfo = Omit<TilesetDTO, 'tiles'>;

/** One tile as stored: its bytes and, for vector tiles, whether they are gzipped. */
export interface Tile {
  data: Buffer;
  encoding: 'gzip' | null;
}

export interface TileSource {
  readonly info: TilesetInfo;
  /** Changes when the file does; goes into tile URLs so browsers may cache tiles for good. */
  readonly version: string;
  /** The tile at XYZ (y down from the north), or null when the tileset has none there. */
  getTile(z: number, x: number, y: number): Promise<Tile | null>;
  close(): Promise<void>;
}

/** Defaults a tileset takes for what its metadata leaves out. */
export function tilesetInfo(partial: Partial<TilesetInfo> & Pick<TilesetInfo, 'name' | 'kind' | 'format'>): TilesetInfo {
  return {
    title: partial.title || partial.name,
    minzoom: 0,
    maxzoom: 22,
    bounds: null,
    attribution: null,
    vectorLayers: [],
    ...stripUndefined(partial),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

/** `"w,s,e,n"` (MBTiles metadata) as numbers, or null unless four finite values in range. */
export function parseBounds(text: string | null | undefined): [number, number, number, number] | null {
  if (!text) return null;
  const parts = text.split(',').map((p) => Number(p.trim()));
  return validBounds(parts) ? (parts as [number, number, number, number]) : null;
}

/** True for `[w, s, e, n]` within the world. */
export function validBounds(b: number[]): boolean {
  return b.length === 4 && b.every(Number.isFinite) && Math.abs(b[0]) <= 180 && Math.abs(b[2]) <= 180 && Math.abs(b[1]) <= 90 && Math.abs(b[3]) <= 90 && b[1] <= b[3];
}

/** Zoom levels outside 0–30 are not tiles. */
export function zoomOr(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 30 ? n : fallback;
}

/** Source-layer ids from a TileJSON-style `vector_layers` list. */
export function vectorLayerIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((l) => (l && typeof l === 'object' ? (l as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string');
}
