import { describe, expect, it } from 'vitest';
import { graticule, graticuleSpacing } from '../../../../web/map/graticule.js';

describe('graticule', () => {
  it('spacing narrows as the map zooms in', () => {
    const spacings = [0, 3, 6, 9, 12, 15, 18].map(graticuleSpacing);
    for (let i = 1; i < spacings.length; i++) expect(spacings[i]).toBeLessThan(spacings[i - 1]);
    expect(graticuleSpacing(0)).toBe(90);
  });

  it('keeps lines at least ~100 px apart at every zoom', () => {
    for (let zoom = 0; zoom <= 20; zoom += 0.5) {
      const pixelsPerDegree = (512 * 2 ** zoom) / 360;
      const spacing = graticuleSpacing(zoom);
      if (spacing < 90) expect(spacing * pixelsPerDegree).toBeGreaterThanOrEqual(100);
    }
  });

  it('draws meridians and parallels at multiples of the spacing across the view', () => {
    const fc = graticule({ west: 113.9, south: 22.5, east: 114.0, north: 22.56 }, 12);
    const spacing = graticuleSpacing(12);
    expect(spacing).toBe(0.02);
    const meridians = fc.features.filter((f) => f.properties.kind === 'meridian').map((f) => f.properties.value);
    const parallels = fc.features.filter((f) => f.properties.kind === 'parallel').map((f) => f.properties.value);
    expect(meridians).toEqual([113.9, 113.92, 113.94, 113.96, 113.98, 114]);
    expect(parallels).toEqual([22.5, 22.52, 22.54, 22.56]);
    const m = fc.features.find((f) => f.properties.kind === 'meridian')!;
    expect(m.geometry.coordinates).toEqual([
      [113.9, 22.5],
      [113.9, 22.56],
    ]);
  });

  it('marks every fifth line, and the equator and prime meridian, as major', () => {
    const fc = graticule({ west: -12, south: -12, east: 12, north: 12 }, 4);
    expect(graticuleSpacing(4)).toBe(5);
    const major = fc.features.filter((f) => f.properties.major).map((f) => `${f.properties.kind}:${f.properties.value}`);
    expect(major.sort()).toEqual(['meridian:0', 'parallel:0']);
    expect(fc.features.filter((f) => f.properties.kind === 'meridian').map((f) => f.properties.value)).toEqual([-10, -5, 0, 5, 10]);
  });

  it('stops parallels short of the poles, where Mercator ends', () => {
    const fc = graticule({ west: -180, south: -90, east: 180, north: 90 }, 0);
    for (const f of fc.features) for (const [, lat] of f.geometry.coordinates) expect(Math.abs(lat)).toBeLessThanOrEqual(85);
  });

  it('returns no lines for an empty or inverted box', () => {
    expect(graticule({ west: 10, south: 5, east: 10, north: 6 }, 10).features).toEqual([]);
    expect(graticule({ west: 10, south: 6, east: 11, north: 5 }, 10).features).toEqual([]);
  });

  it('caps the line count for absurdly large boxes', () => {
    const fc = graticule({ west: -1e6, south: -80, east: 1e6, north: 80 }, 20);
    expect(fc.features.length).toBeLessThanOrEqual(800);
  });
});
