/**
 * The selected vehicle's stored mission as a dashed line with its waypoints, drawn under the flown
 * trail so the two can be compared. `path` returns null when nothing changed.
 */
import type { FeatureCollection } from 'geojson';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const PLANNED_PATH_COLOR = '#7048e8';

/** The planned-path layer; `path` gives new data, or null to keep what is drawn. */
export function plannedPathLayer(path: () => FeatureCollection | null): MapLayerModule {
  return {
    name: 'planned-path',
    sources: { 'planned-path': emptyGeoJsonSource() },
    layers: [
      {
        id: 'planned-path-line',
        type: 'line',
        source: 'planned-path',
        filter: ['==', ['geometry-type'], 'LineString'],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': PLANNED_PATH_COLOR, 'line-width': 2, 'line-opacity': 0.8, 'line-dasharray': [2, 1.5] },
      },
      {
        id: 'planned-path-points',
        type: 'circle',
        source: 'planned-path',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 3.5,
          'circle-color': '#ffffff',
          'circle-stroke-color': PLANNED_PATH_COLOR,
          'circle-stroke-width': 1.5,
        },
      },
    ],
    dependsOn: ['fleet', 'selection'],
    update(): Record<string, FeatureCollection> {
      const data = path();
      return data ? { 'planned-path': data } : {};
    },
  };
}
