/** Online raster tiles from the server's configured template, drawn under every overlay. */
import type { MapLayerModule } from '../layer-module.js';

/** Id of the raster layer, toggled by the base-map switcher. */
export const BASEMAP_LAYER = 'basemap-raster';

/** A module for the tile URL template (`{z}/{x}/{y}`) and its attribution. */
export function basemapLayer(tileUrl: string, attribution: string | null): MapLayerModule {
  return {
    name: 'basemap',
    sources: {
      basemap: { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 19, ...(attribution ? { attribution } : {}) },
    },
    layers: [{ id: BASEMAP_LAYER, type: 'raster', source: 'basemap', layout: { visibility: 'visible' } }],
    dependsOn: [],
  };
}
