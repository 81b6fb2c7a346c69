import { describe, expect, it } from 'vitest';
import { FleetStore } from '../../../../web/fleet/store.js';
import type { MapRenderState } from '../../../../web/map/layer-module.js';
import { graticuleLayer } from '../../../../web/map/layers/graticule.js';
import { trailsLayer } from '../../../../web/map/layers/trails.js';
import { vehiclesLayer } from '../../../../web/map/layers/vehicles.js';
import { at, vehicle } from '../vehicle-fixture.js';

function state(store: FleetStore, selectedId: string | null = null): MapRenderState {
  return { fleet: store, selectedId, view: { bounds: { west: 113.8, south: 22.4, east: 114, north: 22.6 }, zoom: 12 } };
}

describe('vehicles layer', () => {
  it('draws one point per vehicle with a position, with status, heading and selection', () => {
    const store = new FleetStore();
    store.replaceAll(
      [
        vehicle({ id: 'armed', armed: true, heading: 270 }),
        vehicle({ id: 'idle', heading: null }),
        vehicle({ id: 'lost', armed: true, linkState: 'lost' }),
        vehicle({ id: 'nowhere', position: null }),
      ],
      0,
    );
    const { vehicles } = vehiclesLayer.update!(state(store, 'idle'));
    const byId = Object.fromEntries(vehicles.features.map((f) => [f.properties!.id, f.properties]));
    expect(Object.keys(byId).sort()).toEqual(['armed', 'idle', 'lost']);
    expect(byId.armed).toMatchObject({ status: 'armed', heading: 270, hasHeading: true, selected: false });
    expect(byId.idle).toMatchObject({ status: 'disarmed', hasHeading: false, selected: true });
    expect(byId.lost).toMatchObject({ status: 'lost' });
    expect(vehicles.features[0].geometry).toEqual({ type: 'Point', coordinates: [113.9, 22.5] });
  });

  it('rotates icons with the map and draws no text', () => {
    const icon = vehiclesLayer.layers.find((l) => l.id === 'vehicles-icon')!;
    expect(icon.type).toBe('symbol');
    const layout = (icon as { layout: Record<string, unknown> }).layout;
    expect(layout['icon-rotation-alignment']).toBe('map');
    expect(layout['icon-rotate']).toEqual(['get', 'heading']);
    expect(layout['text-field']).toBeUndefined();
  });
});

describe('trails layer', () => {
  it('draws a line for each vehicle with at least two trail points', () => {
    const store = new FleetStore();
    const a = vehicle({ id: 'a', armed: true });
    const b = vehicle({ id: 'b' });
    store.replaceAll([at(a, 1, 1), at(b, 5, 5)], 0);
    store.apply({ t: 0, src: 's', seq: 1, vehicles: [at(a, 1.001, 1)] }, 2_000);
    const { trails } = trailsLayer.update!(state(store, 'a'));
    expect(trails.features).toHaveLength(1);
    expect(trails.features[0].properties).toEqual({ id: 'a', status: 'armed', selected: true });
    expect(trails.features[0].geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 1],
        [1, 1.001],
      ],
    });
  });
});

describe('graticule layer', () => {
  it('covers a margin around the view so panning shows lines at once', () => {
    const { graticule } = graticuleLayer.update!(state(new FleetStore()));
    const meridians = graticule.features.filter((f) => f.properties!.kind === 'meridian').map((f) => f.properties!.value as number);
    expect(Math.min(...meridians)).toBeLessThan(113.8);
    expect(Math.max(...meridians)).toBeGreaterThan(114);
  });

  it('redraws only when the view changes', () => {
    expect(graticuleLayer.dependsOn).toEqual(['view']);
  });
});
