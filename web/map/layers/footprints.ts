/**
 * Photo footprints (the ground each photo covers): the patrol's coverage, hidden until turned on
 * in the layer switch. Data is pushed by the findings panel for the photos in view.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { ImageDTO } from '../../../server/protocol-imagery.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const FOOTPRINTS_SOURCE = 'photo-footprints';
export const FOOTPRINT_LAYERS = ['footprints-fill', 'footprints-line'];
/** Layers a click can hit. */
export const FOOTPRINT_HIT_LAYERS = ['footprints-fill'];
const COLOR = '#1971c2';

/** Footprint polygons of the photos that have one; each feature's id is the photo's. */
export function footprintFeatures(images: readonly ImageDTO[]): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (const image of images) {
    if (!image.footprint) continue;
    features.push({ type: 'Feature', id: image.id, geometry: image.footprint, properties: { id: image.id, capturedAt: image.capturedAt ?? 0 } });
  }
  return { type: 'FeatureCollection', features };
}

export const footprintsLayer: MapLayerModule = {
  name: 'footprints',
  sources: { [FOOTPRINTS_SOURCE]: emptyGeoJsonSource() },
  layers: [
    {
      id: 'footprints-fill',
      type: 'fill',
      source: FOOTPRINTS_SOURCE,
      layout: { visibility: 'none' },
      paint: { 'fill-color': COLOR, 'fill-opacity': 0.08 },
    },
    {
      id: 'footprints-line',
      type: 'line',
      source: FOOTPRINTS_SOURCE,
      layout: { visibility: 'none' },
      paint: { 'line-color': COLOR, 'line-width': 1, 'line-opacity': 0.6 },
    },
  ],
  dependsOn: [],
};
