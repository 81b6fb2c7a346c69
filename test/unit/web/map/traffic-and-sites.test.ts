import { describe, expect, it } from 'vitest';
import type { SiteDTO } from '../../../../server/protocol-plans.js';
import type { AircraftDTO, TrafficUpdateDTO } from '../../../../server/protocol-traffic.js';
import { siteFeatures } from '../../../../web/map/layers/site-layers.js';
import { aircraftIcon, describeAircraft, mergePictures, trafficData } from '../../../../web/map/layers/traffic.js';

const aircraft = (over: Partial<AircraftDTO>): AircraftDTO => ({
  icao: '780A1B', callsign: 'B7201', lat: 26.61, lon: 106.65, altitude: 1150.4, altitudeType: 'geometric', heading: 20, speed: 60, verticalSpeed: 0,
  emitter: 'rotorcraft', squawk: null, simulated: true, seenAt: 0, heardBy: 'v1', ...over,
});

describe('traffic layer', () => {
  const update: TrafficUpdateDTO = {
    source: '',
    t: 0,
    aircraft: [aircraft({}), aircraft({ icao: '780A1C', callsign: null, heading: null, emitter: 'light', lat: 26.7 })],
    alerts: [{ vehicleId: 'v1', vehicleName: 'Copter 1', icao: '780A1B', callsign: 'B7201', distanceM: 640, verticalM: 150, time: 0 }],
  };

  it('draws each aircraft along its course, marking those in a warning, and rings the drones they threaten', () => {
    const data = trafficData(update, (id) => (id === 'v1' ? { lat: 26.6, lon: 106.64 } : null));
    expect(data.traffic.features.map((f) => f.properties)).toEqual([
      { icao: '780A1B', heading: 20, alert: true },
      { icao: '780A1C', heading: 0, alert: false },
    ]);
    expect(data['traffic-warnings'].features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.64, 26.6] }, properties: { vehicleId: 'v1' } }]);
    expect(trafficData(update, () => null)['traffic-warnings'].features).toEqual([]);
  });

  it('describes an aircraft by callsign (else ICAO), kind, altitude, speed and its warnings', () => {
    expect(describeAircraft(update.aircraft[0], update.alerts)).toEqual({
      title: 'B7201',
      lines: ['Helicopter · ICAO 780A1B', 'Altitude 1150 m', '216 km/h, course 20°'],
      warnings: ['Near Copter 1: 640 m across, +150 m vertical'],
    });
    expect(describeAircraft(update.aircraft[1], update.alerts)).toMatchObject({ title: '780A1C', warnings: [] });
  });

  it('merges the pictures of several server instances: each aircraft once, from its newest report', () => {
    const a = { source: 'a', t: 5, aircraft: [aircraft({ seenAt: 10, lat: 26.1 }), aircraft({ icao: 'AAAAAA' })], alerts: update.alerts };
    const b = { source: 'b', t: 7, aircraft: [aircraft({ seenAt: 12, lat: 26.2 })], alerts: [] };
    const merged = mergePictures([a, b]);
    expect(merged.t).toBe(7);
    expect(merged.aircraft.map((x) => [x.icao, x.lat])).toEqual([['780A1B', 26.2], ['AAAAAA', 26.61]]);
    expect(merged.alerts).toEqual(update.alerts);
  });

  it('has an aircraft icon drawn as a distance field (opaque inside, clear at the corners)', () => {
    const icon = aircraftIcon();
    const alpha = (x: number, y: number): number => icon.data[(y * icon.width + x) * 4 + 3];
    expect(alpha(32, 30)).toBeGreaterThan(191);
    expect(alpha(1, 1)).toBe(0);
  });
});

describe('site layers', () => {
  it('draws each site\'s area and geofences, and its imported layers tagged with site and layer', () => {
    const site = {
      id: 's1', name: 'Valley', altitudeLimitM: 120, createdAt: 0, updatedAt: 0,
      area: { type: 'Polygon', coordinates: [[[106.6, 26.5], [106.7, 26.5], [106.7, 26.6], [106.6, 26.5]]] },
      geofences: [{ type: 'Feature', properties: { kind: 'exclusion', name: 'Village' }, geometry: { type: 'Polygon', coordinates: [[[106.62, 26.52], [106.63, 26.52], [106.63, 26.53], [106.62, 26.52]]] } }],
    } as SiteDTO;
    const line = { type: 'Feature' as const, properties: { stroke: '#d9480f' }, geometry: { type: 'LineString' as const, coordinates: [[106.61, 26.51], [106.69, 26.58]] } };
    const data = siteFeatures([site], [{ siteId: 's1', layers: [{ name: 'power-lines', data: { type: 'FeatureCollection', features: [line, { type: 'Feature', properties: {}, geometry: null as never }] } }] }]);
    expect(data['site-areas'].features.map((f) => f.properties)).toEqual([
      { role: 'area', siteId: 's1', name: 'Valley' },
      { role: 'exclusion', siteId: 's1', name: 'Village' },
    ]);
    expect(data['site-imports'].features).toEqual([{ ...line, properties: { stroke: '#d9480f', siteId: 's1', layer: 'power-lines' } }]);
  });
});
