/**
 * Base maps the server offers the dashboard: tile files it serves itself (fully offline) and online
 * sources the operator configured. Plain types; the web imports them.
 */

/** Image or vector tile formats a served tileset may hold. */
export type TileFormat = 'png' | 'jpg' | 'webp' | 'pbf';

/** One tile file (or directory of tiles) under the tiles directory, served at `tiles`. */
export interface TilesetDTO {
  /** URL-safe name: the file name without its extension. */
  name: string;
  /** Human title from the file's metadata, else the name. */
  title: string;
  kind: 'mbtiles' | 'pmtiles' | 'directory';
  format: TileFormat;
  /** Tile URL template for MapLibre (`{z}/{x}/{y}`), versioned by the file so tiles can be cached for good. */
  tiles: string;
  minzoom: number;
  maxzoom: number;
  /** West, south, east, north in degrees, when the file says. */
  bounds: [number, number, number, number] | null;
  attribution: string | null;
  /** Vector tilesets: the source layers in the tiles (from metadata), for drawing without a style. */
  vectorLayers: string[];
}

/** An online source: a raster URL template, or a MapLibre style document for vector tiles. */
export interface OnlineTileSourceDTO {
  name: string;
  title: string;
  type: 'raster' | 'style';
  /** `{z}/{x}/{y}` template (raster) or the style JSON URL (style). */
  url: string;
  attribution: string | null;
  /** Raster only. */
  tileSize: number;
  maxzoom: number;
}

/** `GET /api/tiles`. */
export interface TileCatalogDTO {
  tilesets: TilesetDTO[];
  online: OnlineTileSourceDTO[];
}
