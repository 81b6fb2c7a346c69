/**
 * The simulated world the demo's drones photograph: forest stands, clearings, the river, the power
 * line and its towers, the rescue area, and (close up) the objects placed in it. Drawn under
 * everything else; the data is loaded once, when the server says it has a world.
 */
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { apiFetch } from '../../auth/api-fetch.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';
import type { FilterSpecification } from '../style-types.js';

export const WORLD_SOURCE = 'world';
const is = (layer: string): FilterSpecification => ['==', ['get', 'layer'], layer];

/** Objects are the answers annotators look for; show them only when zoomed right in. */
const OBJECTS_MIN_ZOOM = 16;

export const worldLayer: MapLayerModule = {
  name: 'world',
  sources: { [WORLD_SOURCE]: emptyGeoJsonSource() },
  layers: [
    { id: 'world-forest', type: 'fill', source: WORLD_SOURCE, filter: is('forest'), paint: { 'fill-color': '#3f7d3a', 'fill-opacity': 0.22 } },
    { id: 'world-clearing', type: 'fill', source: WORLD_SOURCE, filter: is('clearing'), paint: { 'fill-color': '#c9b98a', 'fill-opacity': 0.3 } },
    { id: 'world-rescue-area', type: 'line', source: WORLD_SOURCE, filter: is('rescue-area'), paint: { 'line-color': '#c2410c', 'line-width': 1.5, 'line-dasharray': [3, 2] } },
    { id: 'world-river', type: 'line', source: WORLD_SOURCE, filter: is('river'), paint: { 'line-color': '#3b82c4', 'line-width': 4, 'line-opacity': 0.7 } },
    { id: 'world-power-line', type: 'line', source: WORLD_SOURCE, filter: is('power-line'), paint: { 'line-color': '#374151', 'line-width': 1.5 } },
    { id: 'world-tower', type: 'circle', source: WORLD_SOURCE, filter: is('tower'), paint: { 'circle-radius': 3, 'circle-color': '#374151' } },
    {
      id: 'world-object', type: 'circle', source: WORLD_SOURCE, filter: is('object'), minzoom: OBJECTS_MIN_ZOOM,
      paint: { 'circle-radius': 4, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#6b7280', 'circle-stroke-width': 1.5 },
    },
  ],
  dependsOn: [],
};

/** Fetches the world; null when the server has none or cannot be asked. */
export async function fetchWorld(): Promise<FeatureCollection | null> {
  try {
    const response = await apiFetch('/api/world');
    return response.ok ? ((await response.json()) as FeatureCollection) : null;
  } catch {
    return null;
  }
}

/** Draws a fetched world on a loaded map. */
export function showWorld(map: MapLibreMap, world: FeatureCollection): void {
  (map.getSource(WORLD_SOURCE) as GeoJSONSource | undefined)?.setData(world);
}
