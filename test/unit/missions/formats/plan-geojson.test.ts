import { distance } from '@turf/distance';
import type { Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, footprintM } from '../../../../missions/camera.js';
import { exportPlanGeoJson } from '../../../../missions/formats/plan-geojson.js';
import type { Plan } from '../../../../missions/plan.js';

const plan: Plan = {
  pattern: 'corridor',
  home: { lat: 26.5875, lon: 106.6505, altMsl: 1095.5 },
  steps: [
    { kind: 'takeoff', altitude: 60 },
    { kind: 'speed', speed: 8 },
    { kind: 'waypoint', at: { lat: 26.58725, lon: 106.65105 }, altitude: 60 },
    { kind: 'roi', at: { lat: 26.5829, lon: 106.6547 }, altitude: 20 },
    { kind: 'camera-distance', distanceM: 18.5 },
    { kind: 'waypoint', at: { lat: 26.58305, lon: 106.65455 }, altitude: 70 },
    { kind: 'loiter-turns', at: { lat: 26.5829, lon: 106.6547 }, altitude: 40, turns: 1, radiusM: 25 },
    { kind: 'camera-distance', distanceM: 0 },
    { kind: 'rtl' },
  ],
  photos: [
    { lat: 26.5872, lon: 106.6511, altitude: 60, heading: 135 },
    { lat: 26.5860, lon: 106.6521, altitude: 60, heading: 135 },
  ],
};

describe('GeoJSON export of a plan', () => {
  it('draws the path from home through every positioned step and back home for RTL, with altitudes above take-off', () => {
    const fc = exportPlanGeoJson(plan);
    const path = fc.features[0];
    expect(path.properties).toEqual({ kind: 'path', pattern: 'corridor', altitudesM: [0, 60, 70, 40, 0] });
    expect(path.geometry).toEqual({
      type: 'LineString',
      coordinates: [[106.6505, 26.5875], [106.65105, 26.58725], [106.65455, 26.58305], [106.6547, 26.5829], [106.6505, 26.5875]],
    });
  });

  it('adds home and one point per photo with its altitude and heading, and no footprints without a camera', () => {
    const fc = exportPlanGeoJson(plan);
    expect(fc.features.map((f) => f.properties?.kind)).toEqual(['path', 'home', 'photo', 'photo']);
    expect(fc.features[1]).toEqual({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.6505, 26.5875] }, properties: { kind: 'home', altMsl: 1095.5 } });
    expect(fc.features[3]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.6521, 26.586] },
      properties: { kind: 'photo', index: 1, altitude: 60, heading: 135 },
    });
  });

  it('adds each photo\'s ground footprint, centred on it and as long as the camera sees, when given a camera', () => {
    const camera = CAMERA_PRESETS['visible-1in-20mp'];
    const fc = exportPlanGeoJson(plan, { camera });
    const footprints = fc.features.filter((f) => f.properties?.kind === 'footprint');
    expect(footprints.map((f) => f.properties?.index)).toEqual([0, 1]);
    const ring = (footprints[1].geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    const centre = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
    const photo = (fc.features[3].geometry as Point).coordinates;
    expect(distance(centre, photo, { units: 'meters' })).toBeLessThan(0.01);
    const { across, along } = footprintM(camera, 60);
    expect(distance(ring[0], ring[2], { units: 'meters' })).toBeCloseTo(Math.hypot(across, along), 0);
  });

  it('leaves out the path when the plan has no positioned step, and altMsl when home has none', () => {
    const fc = exportPlanGeoJson({ pattern: 'waypoints', home: { lat: 26.6, lon: 106.6 }, steps: [{ kind: 'takeoff', altitude: 30 }], photos: [] });
    expect(fc.features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.6, 26.6] }, properties: { kind: 'home' } }]);
  });
});
