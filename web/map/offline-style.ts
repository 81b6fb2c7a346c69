/**
 * The map style: a land-coloured background plus every layer module's sources and layers.
 * It names no glyphs, sprite or remote source, so the map draws with no network; the only
 * remote source is the optional tile module the server configures.
 */
import type { MapLayerModule } from './layer-module.js';
import type { StyleSpecification } from './style-types.js';

/** Colour of land on the offline map. */
export const LAND_COLOR = '#e4e8dc';

/** Builds the style from modules listed bottom to top. */
export function buildStyle(modules: readonly MapLayerModule[]): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    name: 'fleet-offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': LAND_COLOR } }],
  };
  const layerIds = new Set(['background']);
  for (const module of modules) {
    for (const [id, source] of Object.entries(module.sources)) {
      if (id in style.sources) throw new Error(`map source "${id}" is defined twice (module ${module.name})`);
      style.sources[id] = source;
    }
    for (const layer of module.layers) {
      if (layerIds.has(layer.id)) throw new Error(`map layer "${layer.id}" is defined twice (module ${module.name})`);
      layerIds.add(layer.id);
      style.layers.push(layer);
    }
  }
  return style;
}
