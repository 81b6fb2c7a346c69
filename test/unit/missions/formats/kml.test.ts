import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseKml, parseKmz } from '../../../../missions/formats/kml.js';
import { fixture } from './support.js';

const kml = (name: string) => fixture('kml', name);

describe('KML import', () => {
  it('reads a forest compartment polygon with its hole, closed rings as [lon, lat]', () => {
    expect(parseKml(kml('forest-compartment.kml'))).toEqual({
      ok: true,
      value: {
        polygons: [{
          name: 'Compartment 12-3',
          polygon: {
            type: 'Polygon',
            coordinates: [
              [[106.638, 26.601], [106.644, 26.6012], [106.6452, 26.5968], [106.6418, 26.5951], [106.6376, 26.5962], [106.638, 26.601]],
              [[106.642, 26.5995], [106.643, 26.5995], [106.643, 26.5988], [106.642, 26.5988], [106.642, 26.5995]],
            ],
          },
        }],
        lines: [],
        points: [],
      },
    });
  });

  it('reads a power line and its towers, skipping a placemark without geometry', () => {
    const r = parseKml(kml('power-line.kml'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.polygons).toEqual([]);
    expect(r.value.lines).toEqual([{
      name: '110 kV Huaxi–Qingyan, section 1',
      line: { type: 'LineString', coordinates: [[106.6512, 26.5871], [106.6547, 26.5829], [106.6583, 26.5788], [106.6619, 26.5746], [106.6655, 26.5705]] },
    }]);
    expect(r.value.points.map((p) => p.name)).toEqual(['T01', 'T02', 'T03', 'T04', 'T05']);
    expect(r.value.points[2].point).toEqual({ lat: 26.5788, lon: 106.6583 });
  });

  it('splits a MultiGeometry into its parts, closes an unclosed ring and keeps each part\'s placemark name', () => {
    const text = `<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Site</name><MultiGeometry>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>106.60,26.60 106.61,26.60 106.61,26.61</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <LineString><coordinates>106.60,26.60 106.62,26.62</coordinates></LineString>
      <Point><coordinates>106.605,26.605,12</coordinates></Point>
    </MultiGeometry></Placemark></kml>`;
    const r = parseKml(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.polygons).toEqual([{ name: 'Site', polygon: { type: 'Polygon', coordinates: [[[106.6, 26.6], [106.61, 26.6], [106.61, 26.61], [106.6, 26.6]]] } }]);
    expect(r.value.lines).toEqual([{ name: 'Site', line: { type: 'LineString', coordinates: [[106.6, 26.6], [106.62, 26.62]] } }]);
    expect(r.value.points).toEqual([{ name: 'Site', point: { lat: 26.605, lon: 106.605 } }]);
  });

  it.each([
    ['malformed-tag.kml', 'line 10', 'malformed XML: Opening and ending tag mismatch: "Document" != "Documnt"'],
    ['truncated.kml', 'line 7', 'malformed XML: unclosed xml tag(s): kml, Document, Placemark, LineString, coordinates'],
    ['not-kml.kml', '(document)', 'not a KML document: the root element is <gpx>, expected <kml>'],
    ['bad-coordinate.kml', 'line 7', 'coordinate 2 "106.6547;26.5829" is not longitude,latitude[,altitude]'],
    ['latitude-out-of-range.kml', 'line 8', 'coordinate 2: latitude 126.6012 out of range'],
    ['one-point-line.kml', 'line 10', 'a <LineString> needs at least 2 distinct coordinates, got 1'],
    ['no-shapes.kml', '(document)', 'no polygons, lines or points in this KML (only Placemarks are read)'],
  ])('refuses %s as a whole, saying %s: …', (file, where, message) => {
    expect(parseKml(kml(file))).toEqual({ ok: false, error: { where, message } });
  });

  it.each([
    ['a Point with two coordinates', '<Point><coordinates>106.6,26.6 106.7,26.7</coordinates></Point>', 'a <Point> needs exactly one coordinate, got 2'],
    ['a geometry without coordinates', '<LineString></LineString>', '<LineString> has no <coordinates>'],
    ['a Polygon without an outer ring', '<Polygon><innerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></innerBoundaryIs></Polygon>', 'a <Polygon> needs one <LinearRing> in <outerBoundaryIs>'],
    ['a ring of two corners', '<Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon>', 'a <LinearRing> needs at least 3 distinct corners, got 2'],
  ])('refuses %s', (_what, geometry, message) => {
    const r = parseKml(`<kml>\n<Placemark>\n${geometry}\n</Placemark>\n</kml>`);
    expect(r).toEqual({ ok: false, error: { where: 'line 3', message } });
  });
});

describe('KMZ import', () => {
  const zip = (files: Record<string, string | Uint8Array>) =>
    zipSync(Object.fromEntries(Object.entries(files).map(([name, body]) => [name, typeof body === 'string' ? strToU8(body) : body])));

  it('reads doc.kml from the archive, ignoring images and other KML files', () => {
    const bytes = zip({ 'other.kml': kml('power-line.kml'), 'files/photo.jpg': new Uint8Array([0xff, 0xd8, 0xff]), 'doc.kml': kml('forest-compartment.kml') });
    const r = parseKmz(bytes);
    expect(r.ok && r.value.polygons.map((p) => p.name)).toEqual(['Compartment 12-3']);
  });

  it('reads the first .kml when there is no doc.kml', () => {
    const r = parseKmz(zip({ 'lines/huaxi.kml': kml('power-line.kml'), 'z.kml': kml('forest-compartment.kml') }));
    expect(r.ok && r.value.lines).toHaveLength(1);
  });

  it.each([
    ['bytes that are not a zip', strToU8('<kml></kml>'), '(archive)', 'not a KMZ: the file is not a zip archive (invalid zip data)'],
    ['a zip without KML', zip({ 'files/photo.jpg': new Uint8Array([1, 2, 3]) }), '(archive)', 'no .kml file inside this KMZ'],
    ['a zip whose KML is malformed', zip({ 'doc.kml': kml('latitude-out-of-range.kml') }), 'doc.kml line 8', 'coordinate 2: latitude 126.6012 out of range'],
    ['a zip whose KML has no shapes', zip({ 'doc.kml': kml('no-shapes.kml') }), 'doc.kml', 'no polygons, lines or points in this KML (only Placemarks are read)'],
    ['a zip whose KML is not UTF-8', zip({ 'doc.kml': new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]) }), 'doc.kml', 'not UTF-8 text'],
  ])('refuses %s', (_what, bytes, where, message) => {
    expect(parseKmz(bytes)).toEqual({ ok: false, error: { where, message } });
  });
});
