/**
 * Accepted findings as circles: colour by type (the label's colour), size by severity, a white
 * ring so they stand out on any ground. Data is pushed by the findings panel when findings change
 * (they do not follow the fleet tick); `findingFeatures` makes it.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { FindingCollection } from '../../../server/protocol-annotation.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const FINDINGS_SOURCE = 'findings';
/** Layers a click can hit. */
export const FINDING_HIT_LAYERS = ['findings-circle'];

/** Circle radius (px) by severity; unknown or missing severities are drawn as medium. */
export const SEVERITY_RADIUS: Record<string, number> = { low: 5, medium: 7, high: 9, critical: 12 };

/** The map's features for a findings collection: those with a ground position, with colour and radius. */
export function findingFeatures(collection: FindingCollection, colorOf: (type: string) => string): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const f of collection.features) {
    if (!f.geometry) continue;
    const p = f.properties;
    features.push({
      type: 'Feature',
      id: f.id,
      geometry: { type: 'Point', coordinates: f.geometry.coordinates },
      properties: {
        id: f.id,
        type: p.type,
        severity: p.severity ?? 'medium',
        color: colorOf(p.type),
        radius: SEVERITY_RADIUS[p.severity ?? 'medium'] ?? SEVERITY_RADIUS.medium,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

export const findingsLayer: MapLayerModule = {
  name: 'findings',
  sources: { [FINDINGS_SOURCE]: emptyGeoJsonSource() },
  layers: [
    {
      id: 'findings-circle',
      type: 'circle',
      source: FINDINGS_SOURCE,
      // Severe findings drawn on top of mild ones.
      layout: { 'circle-sort-key': ['get', 'radius'] },
      paint: {
        'circle-radius': ['get', 'radius'],
        'circle-color': ['get', 'color'],
        'circle-opacity': 0.9,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ],
  dependsOn: [],
};
