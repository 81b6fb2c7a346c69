import { describe, expect, it } from 'vitest';
import { parseGeoJson } from '../../../../missions/formats/geojson-import.js';
import { fixture } from './support.js';

const geojson = (name: string) => fixture('geojson', name);

describe('GeoJSON import', () => {
  it('reads a forest compartment Feature: a polygon with a hole, named from its properties', () => {
    const r = parseGeoJson(geojson('forest-compartment.geojson'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines).toEqual([]);
    expect(r.value.points).toEqual([]);
    expect(r.value.polygons).toHaveLength(1);
    expect(r.value.polygons[0].name).toBe('Compartment 12-3');
    expect(r.value.polygons[0].polygon.coordinates.map((ring) => ring.length)).toEqual([6, 5]);
    expect(r.value.polygons[0].polygon.coordinates[1][0]).toEqual([106.642, 26.5995]);
  });

  it('splits multi-part geometries, drops altitudes and skips features without geometry', () => {
    const r = parseGeoJson(geojson('power-line.geojson'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines).toEqual([
      { name: '110 kV Huaxi–Qingyan', line: { type: 'LineString', coordinates: [[106.6512, 26.5871], [106.6547, 26.5829], [106.6583, 26.5788]] } },
      { name: '110 kV Huaxi–Qingyan', line: { type: 'LineString', coordinates: [[106.6583, 26.5788], [106.6619, 26.5746], [106.6655, 26.5705]] } },
    ]);
    expect(r.value.points).toEqual([
      { point: { lat: 26.5871, lon: 106.6512 } },
      { point: { lat: 26.5788, lon: 106.6583 } },
      { point: { lat: 26.5705, lon: 106.6655 } },
      { name: 'Substation gate', point: { lat: 26.588, lon: 106.6499 } },
    ]);
  });

  it('reads a bare geometry and a geometry collection', () => {
    const bare = parseGeoJson('{"type":"Point","coordinates":[106.6,26.6,1100]}');
    expect(bare).toEqual({ ok: true, value: { polygons: [], lines: [], points: [{ point: { lat: 26.6, lon: 106.6 } }] } });
    const collection = parseGeoJson({
      type: 'GeometryCollection',
      geometries: [
        { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]] },
        { type: 'LineString', coordinates: [[0, 0], [1, 1]] },
      ],
    });
    expect(collection.ok && [collection.value.polygons.length, collection.value.lines.length]).toEqual([2, 1]);
  });

  it.each([
    ['latitude-out-of-range.geojson', 'features[1].geometry.coordinates[2][1]', 'latitude 95.2 out of range'],
    ['unclosed-ring.geojson', 'geometry.coordinates[0]', 'polygon ring is not closed: its last position must repeat the first'],
    ['lat-lon-swapped-string.geojson', 'features[0].geometry.coordinates', 'expected a position [longitude, latitude], got ["26.5871","106.6512"]'],
    ['unknown-type.geojson', 'type', 'unknown GeoJSON type "Topology"'],
    ['one-point-line.geojson', 'features[0].geometry.coordinates[1]', 'a line needs at least 2 distinct positions, got 1'],
    ['truncated.geojson', '(root)', "not JSON: Expected ',' or ']' after array element (line 2, column 1)"],
    ['geometry-as-feature.geojson', 'features[0].type', "expected a Feature, got 'Point'"],
    ['empty-collection.geojson', '(root)', 'no polygons, lines or points in this file'],
  ])('refuses %s as a whole, saying %s: …', (file, where, message) => {
    expect(parseGeoJson(geojson(file))).toEqual({ ok: false, error: { where, message } });
  });

  it.each([
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'coordinates[0]', 'a polygon ring needs at least 4 positions (3 corners and the closing one), got 3'],
    ['a polygon without rings', { type: 'Polygon', coordinates: [] }, 'coordinates', 'a polygon needs at least one ring'],
    ['a longitude past 180', { type: 'MultiPoint', coordinates: [[0, 0], [181, 0]] }, 'coordinates[1][0]', 'longitude 181 out of range'],
    ['coordinates that are not an array', { type: 'LineString', coordinates: 'x' }, 'coordinates', 'expected an array of positions, got "x"'],
    ['an unknown geometry in a collection', { type: 'GeometryCollection', geometries: [{ type: 'Circle' }] }, 'geometries[0].type', "unknown geometry type 'Circle'"],
    ['a Feature without a geometry member', { type: 'Feature', properties: {} }, '(root)', 'a Feature needs a "geometry" member (null when it has none)'],
    ['a FeatureCollection without features', { type: 'FeatureCollection' }, 'features', 'a FeatureCollection needs a "features" array'],
    ['an array', [], '(root)', 'expected a GeoJSON object (FeatureCollection, Feature or geometry)'],
    ['an object without a type', {}, 'type', 'not GeoJSON: no "type" member'],
  ])('refuses %s', (_what, input, where, message) => {
    expect(parseGeoJson(input)).toEqual({ ok: false, error: { where, message } });
  });

  it('keeps nothing from a file whose last feature is bad', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'good' }, geometry: { type: 'Point', coordinates: [106.6, 26.6] } },
        { type: 'Feature', properties: { name: 'bad' }, geometry: { type: 'Point', coordinates: [106.6, -91] } },
      ],
    });
    expect(parseGeoJson(text)).toEqual({ ok: false, error: { where: 'features[1].geometry.coordinates[1]', message: 'latitude -91 out of range' } });
  });
});
