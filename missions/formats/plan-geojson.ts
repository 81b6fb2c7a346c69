/**
 * GeoJSON export of a plan for maps and GIS tools: the flight path, home, the expected photo points
 * and, given a camera, each photo's footprint on the ground.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { footprintPolygon, type Camera } from '../camera.js';
import type { LatLon, Plan } from '../plan.js';

/** What each exported feature is, in its `kind` property. */
export type PlanFeatureKind = 'path' | 'home' | 'photo' | 'footprint';

const at = (p: LatLon): Position => [p.lon, p.lat];

/**
 * The plan as a FeatureCollection, in this order:
 * - `path`: a LineString from home through every step with a position (waypoints, loiters, land),
 *   back to home where the plan returns to launch; `altitudesM` gives each vertex's altitude above
 *   take-off (coordinates stay 2D: GeoJSON altitudes would mean height above the ellipsoid).
 *   Left out when the plan has fewer than two positions.
 * - `home`: a Point, with `altMsl` when known.
 * - `photo`: a Point per expected photo with `index`, `altitude` (above take-off) and `heading`.
 * - `footprint`: with `opts.camera`, a Polygon per photo (`index` matches the photo), the ground a
 *   straight-down image covers. Throws a RangeError for a photo at or below 0 m, as the camera model does.
 */
export function exportPlanGeoJson(plan: Plan, opts: { camera?: Camera } = {}): FeatureCollection {
  const path: Position[] = [at(plan.home)];
  const altitudesM: number[] = [0];
  for (const step of plan.steps) {
    if (step.kind === 'waypoint' || step.kind === 'loiter-time' || step.kind === 'loiter-turns') {
      path.push(at(step.at));
      altitudesM.push(step.altitude);
    } else if (step.kind === 'land') {
      path.push(at(step.at));
      altitudesM.push(0);
    } else if (step.kind === 'rtl') {
      path.push(at(plan.home));
      altitudesM.push(0);
    }
  }
  const features: Feature<Geometry, Record<string, unknown>>[] = [];
  if (path.length >= 2) {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: path }, properties: { kind: 'path', pattern: plan.pattern, altitudesM } });
  }
  const home = plan.home.altMsl === undefined ? {} : { altMsl: plan.home.altMsl };
  features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at(plan.home) }, properties: { kind: 'home', ...home } });
  plan.photos.forEach((photo, index) => {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at(photo) },
      properties: { kind: 'photo', index, altitude: photo.altitude, heading: photo.heading },
    });
  });
  const camera = opts.camera;
  if (camera) {
    plan.photos.forEach((photo, index) => {
      const corners = footprintPolygon(photo, camera).map(at);
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...corners, corners[0]]] }, properties: { kind: 'footprint', index } });
    });
  }
  return { type: 'FeatureCollection', features };
}
