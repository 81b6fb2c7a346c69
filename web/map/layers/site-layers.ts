/**
 * A site's own layers under the live fleet: each site's area (dashed outline), its geofences
 * (inclusion green, exclusion red), and the GeoJSON layers imported for it (forest compartments,
 * power lines …), styled by their simplestyle properties (`stroke`, `fill`, `stroke-width`,
 * `fill-opacity`) where they have them.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { SiteLayersDTO } from '../../../server/protocol-site-layers.js';
import type { SiteDTO } from '../../../server/protocol-plans.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';

export const SITE_COLORS = { area: '#2b8a3e', inclusion: '#37b24d', exclusion: '#e03131', imported: '#1971c2' } as const;

export const siteLayers: MapLayerModule = {
  name: 'site-layers',
  sources: { 'site-areas': emptyGeoJsonSource(), 'site-imports': emptyGeoJsonSource() },
  layers: [
    { id: 'site-import-fill', type: 'fill', source: 'site-imports', filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false], paint: { 'fill-color': ['coalesce', ['get', 'fill'], SITE_COLORS.imported], 'fill-opacity': ['coalesce', ['get', 'fill-opacity'], 0.12] } },
    { id: 'site-import-line', type: 'line', source: 'site-imports', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': ['coalesce', ['get', 'stroke'], SITE_COLORS.imported], 'line-width': ['coalesce', ['get', 'stroke-width'], 1.5] } },
    { id: 'site-import-point', type: 'circle', source: 'site-imports', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': ['coalesce', ['get', 'marker-color'], SITE_COLORS.imported], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } },
    { id: 'site-area-line', type: 'line', source: 'site-areas', filter: ['==', ['get', 'role'], 'area'], paint: { 'line-color': SITE_COLORS.area, 'line-width': 2, 'line-dasharray': [3, 2] } },
    { id: 'site-exclusion-fill', type: 'fill', source: 'site-areas', filter: ['==', ['get', 'role'], 'exclusion'], paint: { 'fill-color': SITE_COLORS.exclusion, 'fill-opacity': 0.15 } },
    { id: 'site-fence-line', type: 'line', source: 'site-areas', filter: ['!=', ['get', 'role'], 'area'], paint: { 'line-color': ['match', ['get', 'role'], 'exclusion', SITE_COLORS.exclusion, SITE_COLORS.inclusion], 'line-width': 2 } },
  ],
  dependsOn: [],
};

/** Features for the two sources from the sites and their imported layers. */
export function siteFeatures(sites: readonly SiteDTO[], imports: readonly SiteLayersDTO[]): { 'site-areas': FeatureCollection; 'site-imports': FeatureCollection } {
  const areas: Feature[] = [];
  for (const site of sites) {
    areas.push({ type: 'Feature', geometry: site.area as Geometry, properties: { role: 'area', siteId: site.id, name: site.name } });
    for (const fence of site.geofences) {
      areas.push({ type: 'Feature', geometry: fence.geometry as Geometry, properties: { role: fence.properties.kind, siteId: site.id, name: fence.properties.name ?? null } });
    }
  }
  const imported: Feature[] = [];
  for (const { siteId, layers } of imports) {
    for (const layer of layers) {
      for (const f of layer.data.features) {
        if (f.geometry) imported.push({ ...f, properties: { ...f.properties, siteId, layer: layer.name } });
      }
    }
  }
  return { 'site-areas': { type: 'FeatureCollection', features: areas }, 'site-imports': { type: 'FeatureCollection', features: imported } };
}
