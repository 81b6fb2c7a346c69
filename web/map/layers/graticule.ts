/** The lat/lon grid of the offline map, regenerated for the visible area. */
import { graticule } from '../graticule.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const graticuleLayer: MapLayerModule = {
  name: 'graticule',
  sources: { graticule: emptyGeoJsonSource() },
  layers: [
    {
      id: 'graticule-minor',
      type: 'line',
      source: 'graticule',
      filter: ['!', ['get', 'major']],
      paint: { 'line-color': '#9aa58c', 'line-opacity': 0.45, 'line-width': 0.8 },
    },
    {
      id: 'graticule-major',
      type: 'line',
      source: 'graticule',
      filter: ['get', 'major'],
      paint: { 'line-color': '#7d8a6e', 'line-opacity': 0.6, 'line-width': 1.3 },
    },
  ],
  dependsOn: ['view'],
  update({ view }) {
    // Cover a margin around the view so panning shows lines before the next update.
    const { west, south, east, north } = view.bounds;
    const dx = (east - west) / 2;
    const dy = (north - south) / 2;
    return { graticule: graticule({ west: west - dx, south: south - dy, east: east + dx, north: north + dy }, view.zoom) };
  },
};
