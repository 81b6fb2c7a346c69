/**
 * Base maps: the offline map (land colour and grid, no network), each tile file the server serves,
 * and each online source it was configured with. Every base map is drawn by sources and layers whose
 * ids start with {@link BASEMAP_PREFIX}, kept under every overlay.
 */
import type { OnlineTileSourceDTO, TileCatalogDTO, TilesetDTO } from '../../../server/protocol-tiles.js';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from '../style-types.js';
import { vectorTilesetLayers } from './basemap-vector.js';

/** Ids of base-map sources and layers start with this. */
export const BASEMAP_PREFIX = 'basemap-';

export type BasemapChoice =
  | { id: 'offline'; kind: 'offline'; title: string }
  | { id: string; kind: 'served'; title: string; tileset: TilesetDTO }
  | { id: string; kind: 'online'; title: string; source: OnlineTileSourceDTO };

/** What draws one base map. */
export interface BasemapDrawing {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  /** A style's glyphs and sprite (online styles only). */
  glyphs?: string;
  sprite?: StyleSpecification['sprite'];
}

/** Every base map on offer: offline first, then served files, then online sources. */
export function basemapChoices(catalog: TileCatalogDTO, offlineTitle: string): BasemapChoice[] {
  return [
    { id: 'offline', kind: 'offline', title: offlineTitle },
    ...catalog.tilesets.map((tileset): BasemapChoice => ({ id: `served:${tileset.name}`, kind: 'served', title: tileset.title, tileset })),
    ...catalog.online.map((source): BasemapChoice => ({ id: `online:${source.name}`, kind: 'online', title: source.title, source })),
  ];
}

/**
 * The choice to show first: the remembered one while it is still on offer, else a served file
 * (fully offline), else the first online source, else the offline map.
 */
export function initialChoice(choices: readonly BasemapChoice[], remembered: string | null): BasemapChoice {
  return choices.find((c) => c.id === remembered) ?? choices.find((c) => c.kind === 'served') ?? choices.find((c) => c.kind === 'online') ?? choices[0];
}

/** Tile URLs must be absolute for the map's worker; `{z}` must not be percent-encoded, so no URL(). */
function absolute(template: string, origin: string): string {
  return /^https?:\/\//i.test(template) ? template : `${origin}${template.startsWith('/') ? '' : '/'}${template}`;
}

/** A raster base map from a tile URL template. */
function rasterDrawing(id: string, tiles: string, o: { tileSize: number; minzoom?: number; maxzoom: number; attribution: string | null; bounds?: [number, number, number, number] | null }): BasemapDrawing {
  const source = `${BASEMAP_PREFIX}${id}`;
  return {
    sources: {
      [source]: {
        type: 'raster',
        tiles: [tiles],
        tileSize: o.tileSize,
        minzoom: o.minzoom ?? 0,
        maxzoom: o.maxzoom,
        ...(o.bounds ? { bounds: o.bounds } : {}),
        ...(o.attribution ? { attribution: o.attribution } : {}),
      },
    },
    layers: [{ id: `${source}-raster`, type: 'raster', source }],
  };
}

/**
 * Sources and layers for a choice. Online styles are drawn from their fetched style document
 * (see basemap-style.ts); the offline map draws nothing of its own.
 */
export function basemapDrawing(choice: BasemapChoice, origin: string): BasemapDrawing {
  switch (choice.kind) {
    case 'offline':
      return { sources: {}, layers: [] };
    case 'served': {
      const t = choice.tileset;
      const tiles = absolute(t.tiles, origin);
      if (t.format !== 'pbf') return rasterDrawing(`served-${t.name}`, tiles, { tileSize: 256, minzoom: t.minzoom, maxzoom: t.maxzoom, attribution: t.attribution, bounds: t.bounds });
      const source = `${BASEMAP_PREFIX}served-${t.name}`;
      return {
        sources: {
          [source]: { type: 'vector', tiles: [tiles], minzoom: t.minzoom, maxzoom: t.maxzoom, ...(t.bounds ? { bounds: t.bounds } : {}), ...(t.attribution ? { attribution: t.attribution } : {}) },
        },
        layers: vectorTilesetLayers(source, t.vectorLayers),
      };
    }
    case 'online': {
      const s = choice.source;
      if (s.type === 'style') throw new Error(`online style '${s.name}' is drawn from its style document`);
      return rasterDrawing(`online-${s.name}`, s.url, { tileSize: s.tileSize, maxzoom: s.maxzoom, attribution: s.attribution });
    }
    default: {
      const never: never = choice;
      return never;
    }
  }
}
