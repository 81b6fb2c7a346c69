import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../../../missions/formats/read-plan-file.js';
import { fixture } from './support.js';

describe('reading a plan file by its extension', () => {
  it('reads a .plan as a mission with fence and rally items', () => {
    const r = readPlanFile('corridor-scan.plan', fixture('plans', 'corridor-scan.plan'));
    if (!r.ok || r.value.kind !== 'mission') throw new Error(JSON.stringify(r));
    expect([r.value.items.length, r.value.fence.length, r.value.rally.length]).toEqual([9, 5, 2]);
  });

  it('reads .waypoints, and a .txt that starts with the QGC WPL header, as a mission without fence or rally', () => {
    const text = fixture('plans', 'corridor-mission.waypoints');
    for (const name of ['mission.waypoints', 'MISSION.TXT']) {
      const r = readPlanFile(name, text);
      expect(r.ok && r.value).toEqual({ kind: 'mission', items: expect.any(Array), fence: [], rally: [] });
      expect(r.ok && r.value.kind === 'mission' && r.value.items).toHaveLength(9);
    }
  });

  it('reads .kml text and .kmz bytes as shapes', () => {
    const kml = readPlanFile('C:\\plans\\Huaxi.KML', fixture('kml', 'power-line.kml'));
    expect(kml.ok && kml.value.kind === 'shapes' && kml.value.shapes.points).toHaveLength(5);
    const kmz = readPlanFile('compartment.kmz', zipSync({ 'doc.kml': strToU8(fixture('kml', 'forest-compartment.kml')) }));
    expect(kmz.ok && kmz.value.kind === 'shapes' && kmz.value.shapes.polygons).toHaveLength(1);
  });

  it('reads .geojson, and .json holding either GeoJSON or a QGroundControl plan', () => {
    const area = readPlanFile('area.geojson', fixture('geojson', 'forest-compartment.geojson'));
    expect(area.ok && area.value.kind).toBe('shapes');
    const json = readPlanFile('area.json', fixture('geojson', 'forest-compartment.geojson'));
    expect(json.ok && json.value.kind).toBe('shapes');
    const plan = readPlanFile('exported.json', fixture('plans', 'simple-mission.plan'));
    expect(plan.ok && plan.value.kind).toBe('mission');
  });

  it('decodes UTF-8 bytes, with or without a byte-order mark', () => {
    const bytes = strToU8(fixture('geojson', 'forest-compartment.geojson'));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    for (const content of [bytes, withBom]) {
      const r = readPlanFile('area.geojson', content);
      expect(r.ok && r.value.kind === 'shapes' && r.value.shapes.polygons[0].name).toBe('Compartment 12-3');
    }
  });

  it('passes on the error from inside the file, saying where in it', () => {
    expect(readPlanFile('m.waypoints', fixture('plans', 'wrong-field-count.waypoints'))).toEqual({
      ok: false,
      error: { where: 'line 7', message: 'expected 12 tab-separated fields, got 9' },
    });
    expect(readPlanFile('bad.json', '{"type": "Point", "coordinates": [1, 95]}')).toEqual({
      ok: false,
      error: { where: 'coordinates[1]', message: 'latitude 95 out of range' },
    });
  });

  it.each([
    ['track.gpx', '<gpx/>', 'track.gpx', "unsupported file type '.gpx': expected .plan, .waypoints, .txt, .kml, .kmz, .geojson, .json"],
    ['README', 'hello', 'README', 'unsupported file type (no extension): expected .plan, .waypoints, .txt, .kml, .kmz, .geojson, .json'],
    ['notes.txt', 'towers to check: T01, T02', 'notes.txt', 'a .txt file is read only as a waypoint list starting with "QGC WPL 110"'],
    ['area.kmz', 'PK...', 'area.kmz', 'a .kmz file is a zip archive: read it as bytes, not text'],
    ['area.kml', new Uint8Array([0x3c, 0x6b, 0xff, 0x3e]), 'area.kml', 'not UTF-8 text'],
    ['area.json', '{"type": ', '(root)', 'not JSON: Unexpected end of JSON input'],
  ])('refuses %s with a reason', (name, content, where, message) => {
    expect(readPlanFile(name, content)).toEqual({ ok: false, error: { where, message } });
  });
});
