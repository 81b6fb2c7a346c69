/** Validation findings as rings on the items they concern: red for errors, amber for warnings. */
import type { Feature, Point } from 'geojson';
import { findingPosition } from '../../plan/plan-preview.js';
import { emptyGeoJsonSource } from '../layer-module.js';
import type { PlanLayerModule } from './plan-layer.js';

export const FINDING_COLORS = { error: '#e03131', warning: '#f08c00' } as const;

export const planFindingsLayer: PlanLayerModule = {
  name: 'plan-findings',
  sources: { 'plan-findings': emptyGeoJsonSource() },
  layers: [
    {
      id: 'plan-findings-ring',
      type: 'circle',
      source: 'plan-findings',
      layout: { 'circle-sort-key': ['case', ['==', ['get', 'severity'], 'error'], 1, 0] },
      paint: {
        'circle-radius': 11,
        'circle-color': ['match', ['get', 'severity'], 'error', FINDING_COLORS.error, FINDING_COLORS.warning],
        'circle-opacity': 0.2,
        'circle-stroke-color': ['match', ['get', 'severity'], 'error', FINDING_COLORS.error, FINDING_COLORS.warning],
        'circle-stroke-width': 2.5,
      },
    },
  ],
  dependsOn: [],
  draw({ preview }) {
    const features: Feature<Point>[] = (preview?.findings ?? []).map((f, index) => {
      const at = findingPosition(preview!.plan, f.step);
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
        properties: { index, severity: f.severity, code: f.code, step: f.step ?? -1 },
      };
    });
    return { 'plan-findings': { type: 'FeatureCollection', features } };
  },
};
