import area from '@turf/area';
import { describe, expect, it } from 'vitest';
import { footprintM } from '../../../../missions/camera.js';
import { DEFAULT_CAMERA, footprintOf } from '../../../../server/imagery/footprint.js';
import { patrolFromName } from '../../../../server/imagery/patrol.js';

describe('patrol from a vehicle name', () => {
  it.each([
    ['Forest survey', 'forest'],
    ['林区巡查 3', 'forest'],
    ['Power line patrol', 'powerline'],
    ['输电线路 2', 'powerline'],
    ['River valley search', 'rescue'],
    ['Rescue 1', 'rescue'],
  ])('%s patrols %s', (name, patrol) => {
    expect(patrolFromName(name)).toBe(patrol);
  });

  it('a name that says nothing gives no patrol', () => {
    expect(patrolFromName('Copter 1 @ 10.0.0.7:14550')).toBeNull();
    expect(patrolFromName(null)).toBeNull();
  });
});

describe('photo footprint', () => {
  const at = { lat: 26.6, lon: 106.64, relAlt: 50, yaw: 0, pitch: -90, roll: 0 };

  it('straight down, the footprint is the camera model\'s ground size around the point below', () => {
    const fp = footprintOf(DEFAULT_CAMERA, at)!;
    const { across, along } = footprintM(DEFAULT_CAMERA, 50);
    expect(fp.coordinates[0]).toHaveLength(5);
    // Geodesic against planar area: within a few per mille at this size.
    expect(Math.abs(area({ type: 'Feature', properties: {}, geometry: fp }) / (across * along) - 1)).toBeLessThan(0.005);
    const lons = fp.coordinates[0].map((c) => c[0]);
    expect((Math.min(...lons) + Math.max(...lons)) / 2).toBeCloseTo(106.64, 6);
  });

  it('an unknown attitude is taken as straight down with the image top to the north', () => {
    expect(footprintOf(DEFAULT_CAMERA, { ...at, yaw: null, pitch: null, roll: null })).toEqual(footprintOf(DEFAULT_CAMERA, at));
  });

  it('on the ground, without a fix, or looking at the horizon there is none', () => {
    expect(footprintOf(DEFAULT_CAMERA, { ...at, relAlt: 0 })).toBeNull();
    expect(footprintOf(DEFAULT_CAMERA, { ...at, lat: 0, lon: 0 })).toBeNull();
    expect(footprintOf(DEFAULT_CAMERA, { ...at, pitch: 0 })).toBeNull();
  });
});
