/**
 * The shape being planned on: an area (filled), a line of towers, or a point, with a handle on
 * every vertex to drag and, between vertices, a smaller handle that inserts one.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { LatLon } from '../../../missions/plan.js';
import { emptyGeoJsonSource } from '../layer-module.js';
import type { PlanLayerModule } from './plan-layer.js';

/** Layers a pointer can grab. */
export const PLAN_VERTEX_LAYER = 'plan-shape-vertex';
export const PLAN_MIDPOINT_LAYER = 'plan-shape-mid';

export const SHAPE_COLOR = '#0b7285';

const at = (p: LatLon): Position => [p.lon, p.lat];

export const planShapeLayer: PlanLayerModule = {
  name: 'plan-shape',
  sources: { 'plan-shape': emptyGeoJsonSource() },
  layers: [
    { id: 'plan-shape-fill', type: 'fill', source: 'plan-shape', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': SHAPE_COLOR, 'fill-opacity': 0.12 } },
    {
      id: 'plan-shape-line',
      type: 'line',
      source: 'plan-shape',
      filter: ['!=', ['geometry-type'], 'Point'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': SHAPE_COLOR, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
    {
      id: PLAN_MIDPOINT_LAYER,
      type: 'circle',
      source: 'plan-shape',
      filter: ['==', ['get', 'role'], 'mid'],
      paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-opacity': 0.85, 'circle-stroke-color': SHAPE_COLOR, 'circle-stroke-width': 1.5 },
    },
    {
      id: PLAN_VERTEX_LAYER,
      type: 'circle',
      source: 'plan-shape',
      filter: ['==', ['get', 'role'], 'vertex'],
      paint: { 'circle-radius': 6, 'circle-color': ['case', ['==', ['get', 'index'], 0], '#ffd43b', '#ffffff'], 'circle-stroke-color': SHAPE_COLOR, 'circle-stroke-width': 2.5 },
    },
  ],
  dependsOn: [],
  draw({ shape, drawing }) {
    const features: Feature<Geometry>[] = [];
    if (shape && shape.points.length > 0) {
      const ring = shape.points.map(at);
      const closed = shape.kind === 'area' && !drawing && ring.length >= 3;
      if (closed) {
        const holes = (shape.holes ?? []).map((h) => [...h.map(at), at(h[0])]);
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]], ...holes] }, properties: { role: 'outline' } });
      } else if (shape.kind !== 'point' && ring.length >= 2) {
        features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: ring }, properties: { role: 'outline' } });
      }
      if (!drawing && shape.kind !== 'point') {
        // A handle halfway along each side inserts a vertex there.
        const sides = closed ? ring.length : ring.length - 1;
        for (let i = 0; i < sides; i++) {
          const a = ring[i], b = ring[(i + 1) % ring.length];
          features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] }, properties: { role: 'mid', index: i } });
        }
      }
      ring.forEach((p, index) => features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { role: 'vertex', index } }));
    }
    return { 'plan-shape': { type: 'FeatureCollection', features } };
  },
};
