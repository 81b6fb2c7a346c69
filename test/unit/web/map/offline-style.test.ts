import { describe, expect, it } from 'vitest';
import type { MapLayerModule } from '../../../../web/map/layer-module.js';
import { graticuleLayer } from '../../../../web/map/layers/graticule.js';
import { trailsLayer } from '../../../../web/map/layers/trails.js';
import { vehiclesLayer } from '../../../../web/map/layers/vehicles.js';
import { buildStyle } from '../../../../web/map/offline-style.js';

const overlays = [graticuleLayer, trailsLayer, vehiclesLayer];

describe('map style', () => {
  it('the offline style needs no network: no glyphs, no sprite, only inline GeoJSON sources', () => {
    const style = buildStyle(overlays);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    for (const source of Object.values(style.sources)) expect(source.type).toBe('geojson');
    expect(style.layers[0]).toMatchObject({ id: 'background', type: 'background' });
  });

  it('stacks modules in order, vehicles on top', () => {
    const ids = buildStyle(overlays).layers.map((l) => l.id);
    expect(ids.indexOf('graticule-major')).toBeLessThan(ids.indexOf('trails-line'));
    expect(ids.indexOf('trails-line')).toBeLessThan(ids.indexOf('vehicles-icon'));
    expect(ids[ids.length - 1]).toBe('vehicles-icon');
  });

  it('rejects two modules claiming the same source or layer id', () => {
    const clash: MapLayerModule = { name: 'clash', sources: { vehicles: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }, layers: [], dependsOn: [] };
    expect(() => buildStyle([vehiclesLayer, clash])).toThrow(/source "vehicles"/);
    const layerClash: MapLayerModule = { name: 'layer-clash', sources: {}, layers: [{ id: 'trails-line', type: 'background' }], dependsOn: [] };
    expect(() => buildStyle([trailsLayer, layerClash])).toThrow(/layer "trails-line"/);
  });
});
