/** Each vehicle's recent track as a line, coloured like the vehicle; the selected one stronger. */
import type { Feature, LineString } from 'geojson';
import { STATUS_COLORS, vehicleStatus } from '../../fleet/vehicle-status.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const trailsLayer: MapLayerModule = {
  name: 'trails',
  sources: { trails: emptyGeoJsonSource() },
  layers: [
    {
      id: 'trails-line',
      type: 'line',
      source: 'trails',
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['case', ['get', 'selected'], 1, 0] },
      paint: {
        'line-color': ['match', ['get', 'status'], 'armed', STATUS_COLORS.armed, 'lost', STATUS_COLORS.lost, STATUS_COLORS.disarmed],
        'line-width': ['case', ['get', 'selected'], 3, 2],
        'line-opacity': ['case', ['get', 'selected'], 0.9, 0.5],
      },
    },
  ],
  dependsOn: ['fleet', 'trails', 'selection'],
  update({ fleet, selectedId }) {
    const features: Feature<LineString>[] = [];
    for (const [id, points] of fleet.allTrails()) {
      const v = fleet.get(id);
      if (!v || points.length < 2) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) },
        properties: { id, status: vehicleStatus(v), selected: id === selectedId },
      });
    }
    return { trails: { type: 'FeatureCollection', features } };
  },
};
