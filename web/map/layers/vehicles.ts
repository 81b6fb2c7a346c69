/**
 * Vehicles as arrows rotated by heading and coloured by status, with a red ring for link loss
 * and a highlight ring for the selected one. No text here: the selected vehicle's label is HTML.
 */
import type { Feature, Point } from 'geojson';
import { LOST_RING_COLOR, SELECTED_RING_COLOR, STATUS_COLORS, vehicleStatus } from '../../fleet/vehicle-status.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';
import { ARROW_ICON, DOT_ICON } from '../vehicle-icons.js';

/** Layers a click can hit. */
export const VEHICLE_HIT_LAYERS = ['vehicles-icon', 'vehicles-lost'];

export const vehiclesLayer: MapLayerModule = {
  name: 'vehicles',
  sources: { vehicles: emptyGeoJsonSource() },
  layers: [
    {
      id: 'vehicles-selected',
      type: 'circle',
      source: 'vehicles',
      filter: ['get', 'selected'],
      paint: {
        'circle-radius': 19,
        'circle-color': SELECTED_RING_COLOR,
        'circle-opacity': 0.18,
        'circle-stroke-color': SELECTED_RING_COLOR,
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'vehicles-lost',
      type: 'circle',
      source: 'vehicles',
      filter: ['==', ['get', 'status'], 'lost'],
      paint: {
        'circle-radius': 14,
        'circle-color': LOST_RING_COLOR,
        'circle-opacity': 0.12,
        'circle-stroke-color': LOST_RING_COLOR,
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'vehicles-icon',
      type: 'symbol',
      source: 'vehicles',
      layout: {
        'icon-image': ['case', ['get', 'hasHeading'], ARROW_ICON, DOT_ICON],
        'icon-rotate': ['get', 'heading'],
        'icon-rotation-alignment': 'map',
        'icon-pitch-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['case', ['get', 'selected'], 2, ['==', ['get', 'status'], 'lost'], 0, 1],
      },
      paint: {
        'icon-color': ['match', ['get', 'status'], 'armed', STATUS_COLORS.armed, 'lost', STATUS_COLORS.lost, STATUS_COLORS.disarmed],
        'icon-halo-color': '#ffffff',
        'icon-halo-width': 2,
      },
    },
  ],
  dependsOn: ['fleet', 'selection'],
  update({ fleet, selectedId }) {
    const features: Feature<Point>[] = [];
    for (const v of fleet.values()) {
      if (!v.position) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [v.position.lon, v.position.lat] },
        properties: {
          id: v.id,
          status: vehicleStatus(v),
          heading: v.heading ?? 0,
          hasHeading: v.heading !== null,
          selected: v.id === selectedId,
        },
      });
    }
    return { vehicles: { type: 'FeatureCollection', features } };
  },
};
