import { describe, expect, it } from 'vitest';
import type { TileCatalogDTO, TilesetDTO } from '../../../../server/protocol-tiles.js';
import { BASEMAP_PREFIX, basemapChoices, basemapDrawing, initialChoice } from '../../../../web/map/layers/basemap.js';
import { styleDrawing } from '../../../../web/map/layers/basemap-style.js';
import { colorForLayer, vectorTilesetLayers } from '../../../../web/map/layers/basemap-vector.js';
import type { StyleSpecification } from '../../../../web/map/style-types.js';

const tileset = (over: Partial<TilesetDTO>): TilesetDTO => ({
  name: 'valley', title: 'Valley', kind: 'mbtiles', format: 'png', tiles: '/api/tiles/valley/{z}/{x}/{y}?v=1', minzoom: 2, maxzoom: 16,
  bounds: [106, 26, 107, 27], attribution: '© Survey', vectorLayers: [], ...over,
});
const catalog: TileCatalogDTO = {
  tilesets: [tileset({}), tileset({ name: 'roads', title: 'Roads', format: 'pbf', tiles: '/api/tiles/roads/{z}/{x}/{y}?v=2', vectorLayers: ['water', 'roads'] })],
  online: [
    { name: 'osm', title: 'OpenStreetMap', type: 'raster', url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© OSM', tileSize: 256, maxzoom: 19 },
    { name: 'liberty', title: 'Liberty', type: 'style', url: 'https://styles.example/liberty/style.json', attribution: null, tileSize: 256, maxzoom: 19 },
  ],
};

describe('base maps', () => {
  it('offers the offline map, then each served file, then each online source', () => {
    expect(basemapChoices(catalog, 'Offline map').map((c) => [c.id, c.title])).toEqual([
      ['offline', 'Offline map'], ['served:valley', 'Valley'], ['served:roads', 'Roads'], ['online:osm', 'OpenStreetMap'], ['online:liberty', 'Liberty'],
    ]);
  });

  it('opens on the remembered map while it is on offer, else a served file, else online, else offline', () => {
    const all = basemapChoices(catalog, 'Offline');
    expect(initialChoice(all, 'online:osm').id).toBe('online:osm');
    expect(initialChoice(all, 'served:gone').id).toBe('served:valley');
    expect(initialChoice(basemapChoices({ tilesets: [], online: catalog.online }, 'Offline'), null).id).toBe('online:osm');
    expect(initialChoice(basemapChoices({ tilesets: [], online: [] }, 'Offline'), 'online:osm').id).toBe('offline');
  });

  it('draws a served raster file from this origin with its zooms, bounds and attribution, all ids prefixed', () => {
    const d = basemapDrawing(basemapChoices(catalog, '')[1], 'http://127.0.0.1:8080');
    expect(d.sources).toEqual({
      'basemap-served-valley': { type: 'raster', tiles: ['http://127.0.0.1:8080/api/tiles/valley/{z}/{x}/{y}?v=1'], tileSize: 256, minzoom: 2, maxzoom: 16, bounds: [106, 26, 107, 27], attribution: '© Survey' },
    });
    expect(d.layers).toEqual([{ id: 'basemap-served-valley-raster', type: 'raster', source: 'basemap-served-valley' }]);
  });

  it('draws a served vector file without a style: fills, lines and points per source layer, roads on top', () => {
    const d = basemapDrawing(basemapChoices(catalog, '')[2], 'http://h');
    expect(d.sources['basemap-served-roads']).toMatchObject({ type: 'vector', tiles: ['http://h/api/tiles/roads/{z}/{x}/{y}?v=2'] });
    const ids = d.layers.map((l) => l.id);
    expect(ids).toHaveLength(6);
    expect(ids.every((id) => id.startsWith(BASEMAP_PREFIX))).toBe(true);
    expect(ids.indexOf('basemap-served-roads-water-fill')).toBeLessThan(ids.indexOf('basemap-served-roads-roads-line'));
    expect(colorForLayer('waterway')).not.toBe(colorForLayer('landcover'));
    expect(vectorTilesetLayers('s', [])).toEqual([]);
  });

  it('draws nothing for the offline map and an online raster from its template', () => {
    const [offline, , , osm] = basemapChoices(catalog, '');
    expect(basemapDrawing(offline, 'http://h')).toEqual({ sources: {}, layers: [] });
    expect(basemapDrawing(osm, 'http://h').sources['basemap-online-osm']).toMatchObject({ tiles: ['https://tile.example/{z}/{x}/{y}.png'], attribution: '© OSM', maxzoom: 19 });
  });

  it('renames an online style\'s sources and layers under the prefix and resolves its relative URLs', () => {
    const style: StyleSpecification = {
      version: 8,
      glyphs: '/fonts/{fontstack}/{range}.pbf',
      sprite: 'sprites/liberty',
      sources: { omt: { type: 'vector', url: 'https://tiles.example/planet' }, hills: { type: 'raster', tiles: ['../hills/{z}/{x}/{y}.png'] } },
      layers: [{ id: 'bg', type: 'background' }, { id: 'water', type: 'fill', source: 'omt', 'source-layer': 'water' }],
    };
    const d = styleDrawing('liberty', style, 'https://styles.example/liberty/style.json');
    expect(Object.keys(d.sources)).toEqual(['basemap-liberty-omt', 'basemap-liberty-hills']);
    expect(d.sources['basemap-liberty-hills']).toMatchObject({ tiles: ['https://styles.example/liberty/../hills/{z}/{x}/{y}.png'] });
    expect(d.layers).toEqual([{ id: 'basemap-liberty-bg', type: 'background' }, { id: 'basemap-liberty-water', type: 'fill', source: 'basemap-liberty-omt', 'source-layer': 'water' }]);
    expect(d.glyphs).toBe('https://styles.example/fonts/{fontstack}/{range}.pbf');
    expect(d.sprite).toBe('https://styles.example/liberty/sprites/liberty');
    expect(() => styleDrawing('x', { version: 7 } as unknown as StyleSpecification, 'https://s.example/x')).toThrow(/not a MapLibre style/);
  });
});
