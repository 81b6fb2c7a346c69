/**
 * Alert badges: a small dot at the upper right of each vehicle with an active, unseen alert,
 * red for critical and amber for warnings. Data comes from the alert tracker through `badges`,
 * which returns null when nothing changed, so a quiet fleet costs no redraw.
 */
import type { FeatureCollection, Point } from 'geojson';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const ALERT_BADGE_COLORS = { critical: '#e03131', warning: '#f08c00' } as const;

/** The alert badges layer; `badges` gives new data, or null to keep what is drawn. */
export function alertsLayer(badges: () => FeatureCollection<Point> | null): MapLayerModule {
  return {
    name: 'alerts',
    sources: { 'alert-badges': emptyGeoJsonSource() },
    layers: [
      {
        id: 'alert-badges',
        type: 'circle',
        source: 'alert-badges',
        paint: {
          'circle-radius': 5,
          'circle-translate': [11, -11],
          'circle-color': ['match', ['get', 'level'], 'critical', ALERT_BADGE_COLORS.critical, ALERT_BADGE_COLORS.warning],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
    dependsOn: ['fleet', 'selection'],
    update(): Record<string, FeatureCollection> {
      const data = badges();
      return data ? { 'alert-badges': data } : {};
    },
  };
}
