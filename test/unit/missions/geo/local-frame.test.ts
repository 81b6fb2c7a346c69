import { distance } from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { LocalFrame, metresPerDegree } from '../../../../missions/geo/local-frame.js';

describe('local frame', () => {
  it('uses the WGS84 metres per degree at the origin latitude', () => {
    expect(metresPerDegree(0).lat).toBeCloseTo(110_574, 0);
    expect(metresPerDegree(0).lon).toBeCloseTo(111_319.5, 0);
    expect(metresPerDegree(45).lat).toBeCloseTo(111_132, 0);
    expect(metresPerDegree(45).lon).toBeCloseTo(78_847, 0);
  });

  it('measures east and north in metres that agree with great-circle distance', () => {
    const frame = new LocalFrame({ lat: 26.61, lon: 106.65 });
    const p = { lat: 26.614, lon: 106.655 };
    const { x, y } = frame.toLocal(p);
    expect(x).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    const great = distance([106.65, 26.61], [p.lon, p.lat], { units: 'meters' });
    expect(Math.abs(Math.hypot(x, y) / great - 1)).toBeLessThan(0.005);
  });

  it('round-trips a point to metres and back', () => {
    const frame = new LocalFrame({ lat: -33.9, lon: 151.2 });
    const back = frame.toLatLon(1234.5, -678.9);
    const again = frame.toLocal(back);
    expect(again.x).toBeCloseTo(1234.5, 6);
    expect(again.y).toBeCloseTo(-678.9, 6);
  });

  it('takes the short way across the antimeridian', () => {
    const frame = new LocalFrame({ lat: 0, lon: 179.999 });
    expect(frame.toLocal({ lat: 0, lon: -179.999 }).x).toBeCloseTo(222.6, 0);
    expect(frame.toLatLon(222.6, 0).lon).toBeCloseTo(-179.999, 5);
  });

  it('refuses an origin at a pole', () => {
    expect(() => new LocalFrame({ lat: 90, lon: 0 })).toThrow(RangeError);
  });
});
