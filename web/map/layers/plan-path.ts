/**
 * The planned flight: path, home, photo points and the ground each photo covers. Footprints are
 * thinned beyond a few thousand (a large survey takes tens of thousands of photos; drawing them
 * all would only paint the area solid).
 */
import type { Feature, FeatureCollection } from 'geojson';
import { exportPlanGeoJson } from '../../../missions/formats/plan-geojson.js';
import { emptyGeoJsonSource } from '../layer-module.js';
import type { PlanLayerModule } from './plan-layer.js';

/** Most footprints drawn; beyond this every n-th is. */
export const MAX_FOOTPRINTS = 2000;
export const PATH_COLOR = '#6741d9';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export const planPathLayer: PlanLayerModule = {
  name: 'plan-path',
  sources: { 'plan-path': emptyGeoJsonSource() },
  layers: [
    { id: 'plan-footprints', type: 'fill', source: 'plan-path', filter: ['==', ['get', 'kind'], 'footprint'], paint: { 'fill-color': '#be4bdb', 'fill-opacity': 0.07, 'fill-outline-color': 'rgba(174, 62, 201, 0.35)' } },
    {
      id: 'plan-path-line',
      type: 'line',
      source: 'plan-path',
      filter: ['==', ['get', 'kind'], 'path'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': PATH_COLOR, 'line-width': 2.5, 'line-opacity': 0.9 },
    },
    { id: 'plan-photos', type: 'circle', source: 'plan-path', filter: ['==', ['get', 'kind'], 'photo'], paint: { 'circle-radius': 2.5, 'circle-color': '#ae3ec9' } },
    {
      id: 'plan-home',
      type: 'circle',
      source: 'plan-path',
      filter: ['==', ['get', 'kind'], 'home'],
      paint: { 'circle-radius': 7, 'circle-color': '#2b8a3e', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
  ],
  dependsOn: [],
  draw({ preview }) {
    if (!preview) return { 'plan-path': EMPTY };
    const all = exportPlanGeoJson(preview.plan, preview.camera ? { camera: preview.camera } : {}).features;
    const footprints = all.filter((f) => f.properties?.kind === 'footprint');
    const every = Math.ceil(footprints.length / MAX_FOOTPRINTS);
    const features: Feature[] = all.filter((f) => f.properties?.kind !== 'footprint');
    for (let i = 0; i < footprints.length; i += every) features.push(footprints[i]);
    return { 'plan-path': { type: 'FeatureCollection', features } };
  },
};
